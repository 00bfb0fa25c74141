// Builders shared by the core tests: a note from its parts, and a card state.
import type { CardState } from "../../src/core/types";

export interface NoteSpec {
  /** Lines between the `---` delimiters; omitted: no frontmatter. */
  frontmatter?: string[];
  body?: string[];
  eol?: "\n" | "\r\n";
  bom?: boolean;
  /** End the file with a line ending (default true). */
  finalEol?: boolean;
}

export function note(spec: NoteSpec): string {
  const eol = spec.eol ?? "\n";
  const lines = [...(spec.frontmatter ? ["---", ...spec.frontmatter, "---"] : []), ...(spec.body ?? [])];
  const text = lines.join(eol) + (lines.length > 0 && spec.finalEol !== false ? eol : "");
  return (spec.bom ? "\ufeff" : "") + text;
}

/** A reviewed card's state (the one design.md shows for "Bias"), with overrides. */
export const state = (overrides: Partial<CardState> = {}): CardState => ({
  due: "2026-11-29T08:00:00Z",
  stability: 2.3065,
  difficulty: 2.1181,
  reps: 1,
  lapses: 0,
  state: "review",
  step: 0,
  last_review: "2026-11-26T08:00:00Z",
  ...overrides,
});
