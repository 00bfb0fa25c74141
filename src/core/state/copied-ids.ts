import type { ReviewHistory } from "../log/history";
import { locateFrontmatter } from "../notes/frontmatter";
import { splitLines } from "../notes/lines";
import type { CardState } from "../types";
import { readFrontmatterState } from "./state-block";

/**
 * Two cards in two notes with one id (design.md §2): a copied note. One of them keeps the id, the other
 * is the copy and gets a new id (healing.ts, `idsElsewhere`), and until then it is reported. Which is
 * the copy: the note the review log last placed the id in keeps it; without such a record, the note
 * with the shorter path keeps it (Obsidian names a duplicate `Name 1.md`, other tools `Copy of Name.md`),
 * and of two paths as long, the one that sorts first.
 */
export interface CopiedId {
  /** The note holding the copy, and the copy's card. */
  path: string;
  key: string;
  /** The key its state line stands under (the old one of an edited question whose history carried over). */
  storedKey: string;
  id: string;
  /** The note that keeps the id. */
  original: string;
}

export interface NoteCards {
  path: string;
  cards: readonly { key: string; state: CardState | null; storedKey?: string }[];
}

/**
 * Every card that holds the id of a card in another note and is the copy, by path then key. With
 * `among`, only those ids are looked at (one note's, when that note changed).
 */
export function findCopiedIds(all: Iterable<NoteCards>, history: ReviewHistory, among?: ReadonlySet<string>): CopiedId[] {
  const notes = [...all];
  const holders = new Map<string, Set<string>>();
  for (const note of notes) {
    for (const card of note.cards) {
      const id = card.state?.id;
      if (id === undefined || (among !== undefined && !among.has(id))) continue;
      const paths = holders.get(id);
      if (paths === undefined) holders.set(id, new Set([note.path]));
      else paths.add(note.path);
    }
  }
  const originalOf = new Map<string, string>();
  for (const [id, paths] of holders) {
    if (paths.size < 2) continue;
    const logged = history.latestForId(id)?.note;
    originalOf.set(id, logged !== undefined && paths.has(logged) ? logged : [...paths].sort(byLengthThenName)[0]);
  }
  const copies: CopiedId[] = [];
  if (originalOf.size === 0) return copies;
  for (const note of notes) {
    for (const card of note.cards) {
      const id = card.state?.id;
      const original = id === undefined ? undefined : originalOf.get(id);
      if (original !== undefined && original !== note.path) copies.push({ path: note.path, key: card.key, storedKey: card.storedKey ?? card.key, id: id!, original });
    }
  }
  return copies.sort((a, b) => (a.path === b.path ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.path < b.path ? -1 : 1));
}

function byLengthThenName(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export function copiedIdMessage(copy: CopiedId): string {
  return `"${copy.key}" has the id ${copy.id} of a card in ${copy.original} (a copied note); this copy's card gets a new id`;
}

/** The 1-based line of a card's state entry (where its id stands), or 1 when it has no line of its own. */
export function stateLineOf(text: string, stateProperty: string, key: string): number {
  const lines = splitLines(text);
  const frontmatter = locateFrontmatter(lines);
  if (frontmatter === null) return 1;
  const entry = readFrontmatterState(lines, frontmatter, stateProperty).entries.find((candidate) => candidate.key === key);
  return entry === undefined || entry.line < 0 ? 1 : entry.line + 1;
}
