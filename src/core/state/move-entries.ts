import { locateFrontmatter } from "../notes/frontmatter";
import { lineAt, splitLines } from "../notes/lines";
import type { EntryMove } from "./duplicate-history";
import { encodeEntry, encodeKey, sameState } from "./state-codec";
import { readFrontmatterState, type StateEntry } from "./state-block";

export type MoveResult = { ok: true; text: string } | { ok: false; reason: string };

/** YAML 1.2 allows an implicit key of at most 1,024 characters. */
const MAX_KEY_LENGTH = 1024;

/**
 * Re-keys stored entries all at once (a swap is two moves), each on its own line, every other byte
 * as it was. Refused, with nothing changed, when an entry is no longer what the move expects (the note
 * changed meanwhile), when a target key holds an entry that stays, or when the state property is not
 * in one-line form or can't be written.
 */
export function moveEntries(text: string, moves: readonly EntryMove[], stateProperty: string): MoveResult {
  if (moves.length === 0) return { ok: true, text };
  const lines = splitLines(text);
  const frontmatter = locateFrontmatter(lines);
  if (frontmatter === null) return { ok: false, reason: "the note has no frontmatter" };
  const info = readFrontmatterState(lines, frontmatter, stateProperty);
  if (info.blockers.length > 0) return { ok: false, reason: info.blockers[0].message };
  if (!info.oneLineForm) return { ok: false, reason: "the state property is not in one-line form" };

  const entryOf = new Map(info.entries.map((entry) => [entry.key, entry]));
  const moving = new Set(moves.map((move) => move.from));
  const targets = new Set<string>();
  const replacements = new Map<number, string>();
  for (const move of moves) {
    const entry = entryOf.get(move.from);
    if (entry === undefined || entry.state === null || !sameState(entry.state, move.state)) return { ok: false, reason: `the entry of "${move.from}" changed meanwhile` };
    if ((entryOf.has(move.to) && !moving.has(move.to)) || targets.has(move.to)) return { ok: false, reason: `"${move.to}" already has an entry` };
    if (encodeKey(move.to).length > MAX_KEY_LENGTH) return { ok: false, reason: `"${move.to.slice(0, 40)}…" is too long to be a YAML key` };
    targets.add(move.to);
    const line = lineAt(lines, entry.line);
    const indent = /^[ \t]*/.exec(line)?.[0] ?? "  ";
    replacements.set(entry.line, indent + encodeEntry(move.to, entry.state));
  }

  let output = "";
  let copiedUpTo = 0;
  for (const [line, content] of [...replacements].sort((a, b) => a[0] - b[0])) {
    output += text.slice(copiedUpTo, lines.starts[line]) + content;
    copiedUpTo = lines.ends[line];
  }
  output += text.slice(copiedUpTo);
  return verifyMoves(output, info.entries, moves, stateProperty);
}

/** Reads the result back: every moved state under its new key, every other entry as it was. */
function verifyMoves(text: string, before: readonly StateEntry[], moves: readonly EntryMove[], stateProperty: string): MoveResult {
  const lines = splitLines(text);
  const frontmatter = locateFrontmatter(lines);
  const info = frontmatter === null ? null : readFrontmatterState(lines, frontmatter, stateProperty);
  if (info === null || info.blockers.length > 0 || info.entries.length !== before.length) return { ok: false, reason: "the re-keyed state property did not read back" };
  const after = new Map(info.entries.map((entry) => [entry.key, entry.state]));
  const moved = new Map(moves.map((move) => [move.from, move]));
  for (const entry of before) {
    const move = moved.get(entry.key);
    const key = move?.to ?? entry.key;
    const expected = move?.state ?? entry.state;
    if (!after.has(key) || (expected !== null && !sameState(after.get(key) ?? null, expected))) return { ok: false, reason: `"${key}" did not read back as written` };
  }
  return { ok: true, text };
}
