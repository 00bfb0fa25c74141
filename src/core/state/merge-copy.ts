import { parseNote } from "../notes/note";
import type { CardState, ParseOptions } from "../types";
import { writeCardState } from "./state-writer";

/**
 * Merges a conflict copy's card states into the original note (design.md §2a): per card, the later
 * review wins. Cards only the copy has are left to the user (the copy is not deleted then); the
 * original's text changes only in the merged cards' state lines.
 */
export type CopyMerge =
  | { ok: true; text: string; merged: string[]; onlyInCopy: string[] }
  | { ok: false; reason: string };

export function mergeConflictCopy(originalText: string, copyText: string, options: ParseOptions): CopyMerge {
  const original = parseNote(originalText, options);
  const copy = parseNote(copyText, options);
  if (!original.writable) return { ok: false, reason: `the original can't be written: ${original.problems[0]?.message ?? "unknown"}` };
  const order = original.cards.map((card) => card.key);
  let text = originalText;
  const merged: string[] = [];
  const onlyInCopy: string[] = [];
  for (const copied of copy.cards) {
    if (copied.state === null) continue;
    const target = original.cards.find((card) => card.key === copied.key) ?? original.cards.find((card) => card.state?.id !== undefined && card.state.id === copied.state?.id);
    if (target === undefined) {
      onlyInCopy.push(copied.key);
      continue;
    }
    if (!isLater(copied.state, target.state)) continue;
    // The later review's state as it is, id included (a new card graded on both devices got two ids).
    const result = writeCardState(text, target.key, copied.state, { stateProperty: options.stateProperty, order });
    if (!result.ok) return { ok: false, reason: result.reason };
    text = result.text;
    merged.push(target.key);
  }
  return { ok: true, text, merged, onlyInCopy };
}

function isLater(candidate: CardState, current: CardState | null): boolean {
  if (current === null || current.last_review === null) return candidate.last_review !== null;
  return candidate.last_review !== null && Date.parse(candidate.last_review) > Date.parse(current.last_review);
}
