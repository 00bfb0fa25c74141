import { locateFrontmatter } from "../notes/frontmatter";
import { lineAt, splitLines, type LineTable } from "../notes/lines";
import { scanBody } from "../notes/markdown-scan";
import { decodeEntryLine } from "./state-codec";
import { readFrontmatterState } from "./state-block";
import type { CardState } from "../types";

/**
 * Self-healing merges. Two devices that reviewed adjacent cards (or both added a line at the same
 * place) leave git's or a sync tool's conflict markers inside the state property. Every line in such a
 * conflict is one card's state, so it can be resolved per card: the entry with the later review wins,
 * and an entry present on one side only is kept. Conflict markers anywhere else are the user's to
 * resolve; the note is then left alone. A conflict that starts inside fenced code in the body is the
 * note's content (a note about git), not a conflict: writes never touch the body, so it is left as is.
 */
export type ConflictResolution =
  | { status: "none" }
  | { status: "resolved"; text: string; conflicts: number }
  | { status: "unresolvable"; line: number; reason: string };

const START = /^<{7}(?:[ \t]|$)/;
const BASE = /^\|{7}(?:[ \t]|$)/;
const MIDDLE = /^={7}[ \t]*$/;
const END = /^>{7}(?:[ \t]|$)/;

/** Cheap test run on every parse: does the text hold a conflict start marker at all? */
export function mayHoldConflict(text: string): boolean {
  const at = text.indexOf("<<<<<<<");
  return at !== -1 && (at === 0 || text.charCodeAt(at - 1) === 10 || (at === 1 && text.charCodeAt(0) === 0xfeff));
}

interface Hunk {
  start: number;
  end: number; // line of `>>>>>>>`
  ours: number[];
  theirs: number[];
}

export function resolveStateConflicts(text: string, stateProperty: string): ConflictResolution {
  if (!mayHoldConflict(text)) return { status: "none" };
  const lines = splitLines(text);
  const frontmatter = locateFrontmatter(lines);
  const inCode = fencedCodeTest(lines, frontmatter === null ? 0 : frontmatter.close + 1);
  const hunks: Hunk[] = [];
  for (let index = 0; index < lines.count; index++) {
    if (!START.test(lineAt(lines, index)) || inCode(index)) continue;
    const hunk = readHunk(lines, index);
    if (typeof hunk === "string") return { status: "unresolvable", line: index + 1, reason: hunk };
    hunks.push(hunk);
    index = hunk.end;
  }
  if (hunks.length === 0) return { status: "none" };

  for (const hunk of hunks) {
    if (frontmatter === null || hunk.start < frontmatter.open || hunk.end > frontmatter.close) {
      return { status: "unresolvable", line: hunk.start + 1, reason: "merge conflict markers outside the state property; resolve them by hand" };
    }
    if (!followsStateProperty(lines, hunk.start, frontmatter.open, stateProperty, hunks)) {
      return { status: "unresolvable", line: hunk.start + 1, reason: "merge conflict markers outside the state property; resolve them by hand" };
    }
  }

  let output = "";
  let copiedUpTo = 0;
  for (const hunk of hunks) {
    const merged = mergeHunk(lines, hunk);
    if (typeof merged === "string") return { status: "unresolvable", line: hunk.start + 1, reason: merged };
    output += text.slice(copiedUpTo, lines.starts[hunk.start]);
    output += merged.map((line) => line + lineEnding(lines, hunk.end)).join("");
    copiedUpTo = hunk.end + 1 < lines.count ? lines.starts[hunk.end + 1] : text.length;
  }
  const resolved = dropDuplicateEntries(output + text.slice(copiedUpTo), stateProperty);
  return resolved.ok
    ? { status: "resolved", text: resolved.text, conflicts: hunks.length }
    : { status: "unresolvable", line: hunks[0].start + 1, reason: resolved.reason };
}

/** Whether a line lies inside fenced code in the body; the body is scanned only when asked about it. */
function fencedCodeTest(lines: LineTable, bodyStart: number): (index: number) => boolean {
  let fences: { from: number; to: number }[] | null = null;
  return (index) => {
    if (index < bodyStart) return false;
    fences ??= scanBody(lines, bodyStart).fences;
    return fences.some((fence) => index >= fence.from && index < fence.to);
  };
}

function readHunk(lines: LineTable, start: number): Hunk | string {
  const ours: number[] = [];
  const theirs: number[] = [];
  let section: "ours" | "base" | "theirs" = "ours";
  for (let index = start + 1; index < lines.count; index++) {
    const line = lineAt(lines, index);
    if (START.test(line)) return "nested merge conflict markers";
    if (section === "ours" && BASE.test(line)) section = "base";
    else if (section !== "theirs" && MIDDLE.test(line)) section = "theirs";
    else if (section === "theirs" && END.test(line)) return { start, end: index, ours, theirs };
    else if (section === "ours") ours.push(index);
    else if (section === "theirs") theirs.push(index);
  }
  return "a merge conflict that is never closed";
}

/** Walking up from the hunk over indented lines and other hunks, the first top-level line must be the state property's key. */
function followsStateProperty(lines: LineTable, start: number, open: number, stateProperty: string, hunks: Hunk[]): boolean {
  for (let index = start - 1; index > open; index--) {
    const line = lineAt(lines, index);
    const trimmed = line.trimStart();
    if (trimmed === "" || trimmed.startsWith("#") || trimmed !== line) continue;
    const inHunk = hunks.find((hunk) => index >= hunk.start && index <= hunk.end);
    if (inHunk) {
      index = inHunk.start;
      continue;
    }
    return new RegExp(`^(?:${escapeRegExp(stateProperty)}|"${escapeRegExp(stateProperty)}"|'${escapeRegExp(stateProperty)}')[ \\t]*:[ \\t]*(?:#.*)?$`).test(line);
  }
  return false;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Per card: the later review wins; one-sided entries stay. Lines are kept exactly as either side wrote them. */
function mergeHunk(lines: LineTable, hunk: Hunk): string[] | string {
  const merged = new Map<string, { line: string; state: CardState }>();
  for (const index of [...hunk.ours, ...hunk.theirs]) {
    const line = lineAt(lines, index);
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    if (line.trimStart() === line) return "a merge conflict holds something other than card states";
    // No state line is this long; the line decoder's patterns are not made for 100 KB lines.
    if (line.length > 4096) return "a merge conflict holds a line too long to be a card's state";
    const decoded = decodeEntryLine(line);
    if (!decoded.ok) return `a merge conflict holds a state line that can't be read (${decoded.message})`;
    const known = merged.get(decoded.key);
    if (known === undefined || isLater(decoded.state, known.state)) merged.set(decoded.key, { line, state: decoded.state });
  }
  return [...merged.values()].map((entry) => entry.line);
}

function isLater(candidate: CardState, known: CardState): boolean {
  const a = Date.parse(candidate.last_review ?? "") || 0;
  const b = Date.parse(known.last_review ?? "") || 0;
  return a !== b ? a > b : candidate.reps > known.reps;
}

function lineEnding(lines: LineTable, index: number): string {
  const end = lines.ends[index];
  return lines.text.charCodeAt(end) === 13 ? "\r\n" : "\n";
}

/** A card that appears inside and outside a hunk keeps its later entry only. */
function dropDuplicateEntries(text: string, stateProperty: string): { ok: true; text: string } | { ok: false; reason: string } {
  const lines = splitLines(text);
  const frontmatter = locateFrontmatter(lines);
  if (frontmatter === null) return { ok: false, reason: "the frontmatter could not be found after resolving the conflict" };
  const info = readFrontmatterState(lines, frontmatter, stateProperty);
  const keep = new Map<string, { line: number; state: CardState }>();
  const drop = new Set<number>();
  for (const entry of info.entries) {
    if (entry.state === null || entry.line < 0) continue;
    const known = keep.get(entry.key);
    if (known === undefined) keep.set(entry.key, { line: entry.line, state: entry.state });
    else if (isLater(entry.state, known.state)) {
      drop.add(known.line);
      keep.set(entry.key, { line: entry.line, state: entry.state });
    } else drop.add(entry.line);
  }
  let output = "";
  for (let index = 0; index < lines.count; index++) {
    if (drop.has(index)) continue;
    const next = index + 1 < lines.count ? lines.starts[index + 1] : text.length;
    output += text.slice(lines.starts[index], next);
  }
  const check = splitLines(output);
  const after = readFrontmatterState(check, locateFrontmatter(check) ?? frontmatter, stateProperty);
  return after.blockers.length > 0 ? { ok: false, reason: after.blockers[0].message } : { ok: true, text: output };
}
