import { resolveStateConflicts } from "./conflicts";
import { nextLineStart, readFrontmatterLines, type FrontmatterRange } from "../notes/frontmatter";
import { dominantLineEnding, lineAt, type LineTable } from "../notes/lines";
import { decodeEntryLine, encodeEntry, encodeKey, sameState } from "./state-codec";
import { FrontmatterState, readFrontmatterState, type LineDecodings } from "./state-block";
import type { CardState } from "../types";

/**
 * The surgical writer (design.md §2): one card's state changes that card's single line, or adds one
 * line (plus `srs:`, plus a frontmatter block, when missing). Every other byte of the note stays as
 * it was. It checks its own output by reading it back and refuses rather than guess.
 */
export interface WriteOptions {
  stateProperty: string;
  /** Card keys in note order, so a new line lands next to its neighbours' (fewer merge conflicts). */
  order?: readonly string[];
  /** Stored keys to rename in the same write (old → new): edited questions whose history carried over. */
  renames?: ReadonlyMap<string, string>;
}

/** What a write changed, so it can be undone to the exact bytes. */
export interface WriteReceipt {
  key: string;
  /** The entry's line before the write (as written, indentation included), or null if there was none. */
  previousLine: string | null;
  /** The line the write left, or null when it removed the entry. */
  writtenLine: string | null;
  createdProperty: boolean;
  createdFrontmatter: boolean;
  /** For a removal: the line index the entry stood on, so undo puts it back in the same place. */
  removedAt?: number;
}

export type WriteResult = { ok: true; text: string; receipt: WriteReceipt } | { ok: false; reason: string };

const DEFAULT_INDENT = "  ";

/** YAML 1.2 allows an implicit key of at most 1,024 characters; a longer one would make the frontmatter invalid. */
const MAX_KEY_LENGTH = 1024;

/**
 * A note as every step of a write needs it, read once and passed along: its frontmatter's lines (the
 * body is never split into lines: a write touches the frontmatter only), where the frontmatter is,
 * and what its state property holds.
 */
interface NoteRead {
  text: string;
  lines: LineTable;
  frontmatter: FrontmatterRange | null;
  /** Null when the note has no frontmatter. */
  info: FrontmatterState | null;
}

function readNote(text: string, stateProperty: string): NoteRead {
  const { lines, frontmatter } = readFrontmatterLines(text);
  if (frontmatter === null) return { text, lines, frontmatter, info: null };
  const decodings: LineDecodings = { previous: lastDecodings, next: new Map() };
  const info = readFrontmatterState(lines, frontmatter, stateProperty, decodings);
  lastDecodings = decodings.next;
  return { text, lines, frontmatter, info };
}

/**
 * The state lines of the note the writer read last, decoded, by their text: a write reads the note
 * before the edit and after it, and the next review of the same note reads it again, each time with one
 * line changed. Only the last read's lines are kept.
 */
let lastDecodings: LineDecodings["previous"] = new Map();

/**
 * Sets (or, with `state` null, removes) the state of card `key`: merge conflicts in the state property
 * resolved, stored keys renamed, the line replaced, and the result read back — the note read once
 * before the edit (again after renames, which change lines) and once after it.
 */
export function writeCardState(text: string, key: string, state: CardState | null, options: WriteOptions): WriteResult {
  if (state !== null && encodeKey(key).length > MAX_KEY_LENGTH) {
    return { ok: false, reason: `refused to write "${key.slice(0, 40)}…": the question is too long to be a YAML key (${encodeKey(key).length} characters as written, at most ${MAX_KEY_LENGTH}); shorten the heading` };
  }
  const resolution = resolveStateConflicts(text, options.stateProperty);
  if (resolution.status === "unresolvable") return { ok: false, reason: `line ${resolution.line}: ${resolution.reason}` };
  let note = readNote(resolution.status === "resolved" ? resolution.text : text, options.stateProperty);
  let originalLines: Map<string, string> | null = null;
  if (options.renames && options.renames.size > 0) {
    const renamed = renameEntries(note, options.renames);
    if (renamed.text !== note.text) note = readNote(renamed.text, options.stateProperty);
    originalLines = renamed.originalLines;
  }
  const entry = state === null ? null : encodeEntry(key, state);
  const result = replaceEntry(note, key, entry === null ? null : { content: entry, exact: false }, options);
  if (!result.ok) return result;
  // Undo restores the line as it was before this write, under its old key.
  const original = originalLines?.get(key);
  if (original !== undefined) result.receipt.previousLine = original;
  const check = verify(readNote(result.text, options.stateProperty), key, state);
  return check === null ? result : { ok: false, reason: `refused to write "${key}": ${check}` };
}

/**
 * Undoes a write: puts the previous line back byte for byte (or removes the line the write added, and
 * the property or frontmatter it created when nothing else is left in them).
 */
export function undoWrite(text: string, receipt: WriteReceipt, options: WriteOptions): WriteResult {
  const note = readNote(text, options.stateProperty);
  const { lines, info } = note;
  if (info === null) return { ok: false, reason: "the note no longer has frontmatter" };
  const current = info.entries.find((entry) => entry.key === receipt.key);
  const currentLine = current && current.line >= 0 ? lineAt(lines, current.line) : null;
  if (currentLine !== receipt.writtenLine && !rewrittenUnchanged(info, current, receipt)) {
    const rewritten = !info.oneLineForm && current !== undefined;
    return {
      ok: false,
      reason: rewritten
        ? `the state property was rewritten since that review (Obsidian's Properties view or another plugin writes it in block style), and "${receipt.key}" no longer holds what the review wrote`
        : `the state of "${receipt.key}" changed since that review`,
    };
  }
  if (receipt.previousLine !== null && receipt.writtenLine === null && receipt.removedAt !== undefined) {
    const restored = reinsertRemoved(lines, info, receipt.previousLine, receipt.removedAt);
    if (restored !== null) return { ok: true, text: restored, receipt: { ...receipt, previousLine: null, writtenLine: receipt.previousLine, removedAt: undefined } };
  }
  if (receipt.previousLine !== null) {
    return replaceEntry(note, receipt.key, { content: receipt.previousLine, exact: true }, options);
  }
  const removed = replaceEntry(note, receipt.key, null, options);
  if (!removed.ok) return removed;
  return { ok: true, text: dropEmptyCreations(removed.text, receipt, options), receipt: removed.receipt };
}

/**
 * True when the property was rewritten in another form (Obsidian's Properties view writes block style)
 * but the entry still holds exactly the state the write left: undo may go ahead (in one-line form).
 */
function rewrittenUnchanged(info: FrontmatterState, current: { state: CardState | null } | undefined, receipt: WriteReceipt): boolean {
  if (info.oneLineForm || current === undefined || current.state === null || receipt.writtenLine === null) return false;
  const written = decodeEntryLine(receipt.writtenLine);
  return written.ok && written.key === receipt.key && sameState(current.state, written.state);
}

/** Puts a removed entry's line back on the line it stood on, when that line is still inside the one-line state property. */
function reinsertRemoved(lines: LineTable, info: FrontmatterState, line: string, at: number): string | null {
  const range = info.range;
  if (info.blockers.length > 0 || !info.oneLineForm || range === null || at <= range.header || at > range.end || at >= lines.count) return null;
  const eol = dominantLineEnding(lines.text);
  return lines.text.slice(0, lines.starts[at]) + line + eol + lines.text.slice(lines.starts[at]);
}

/**
 * Renames stored keys in place, one line each (one-line form only; other forms are rewritten, and
 * renamed, by a later write). A rename whose new key already has an entry is left alone.
 */
function renameEntries(note: NoteRead, renames: ReadonlyMap<string, string>): { text: string; originalLines: Map<string, string> } {
  const originalLines = new Map<string, string>();
  const { text, lines, info } = note;
  if (info === null || info.blockers.length > 0 || !info.oneLineForm) return { text, originalLines };
  const present = new Set(info.entries.map((entry) => entry.key));
  let output = "";
  let copiedUpTo = 0;
  for (const entry of info.entries) {
    const newKey = renames.get(entry.key);
    if (newKey === undefined || entry.state === null || present.has(newKey) || encodeKey(newKey).length > MAX_KEY_LENGTH) continue;
    const line = lineAt(lines, entry.line);
    const indent = /^[ \t]*/.exec(line)?.[0] ?? DEFAULT_INDENT;
    output += text.slice(copiedUpTo, lines.starts[entry.line]) + indent + encodeEntry(newKey, entry.state);
    copiedUpTo = lines.ends[entry.line];
    originalLines.set(newKey, line);
  }
  return { text: output + text.slice(copiedUpTo), originalLines };
}

// ---- the edit --------------------------------------------------------------------------------------

interface NewLine {
  content: string;
  /** True when `content` is a whole line to restore as is (indentation included). */
  exact: boolean;
}

function replaceEntry(note: NoteRead, key: string, newLine: NewLine | null, options: WriteOptions): WriteResult {
  const { text, lines, frontmatter } = note;
  const eol = dominantLineEnding(text);
  const receipt: WriteReceipt = { key, previousLine: null, writtenLine: null, createdProperty: false, createdFrontmatter: false };

  if (frontmatter === null || note.info === null) {
    if (newLine === null) return { ok: true, text, receipt };
    const bom = text.charCodeAt(0) === 0xfeff ? "\ufeff" : "";
    const line = newLine.exact ? newLine.content : DEFAULT_INDENT + newLine.content;
    const block = `---${eol}${options.stateProperty}:${eol}${line}${eol}---${eol}`;
    receipt.writtenLine = line;
    receipt.createdProperty = receipt.createdFrontmatter = true;
    return { ok: true, text: bom + block + text.slice(bom.length), receipt };
  }

  const info = note.info;
  if (info.blockers.length > 0) return { ok: false, reason: info.blockers[0].message };
  const range = info.range;

  if (range === null) {
    if (newLine === null) return { ok: true, text, receipt };
    const line = newLine.exact ? newLine.content : DEFAULT_INDENT + newLine.content;
    receipt.writtenLine = line;
    receipt.createdProperty = true;
    const at = lines.starts[frontmatter.close];
    return { ok: true, text: text.slice(0, at) + `${options.stateProperty}:${eol}${line}${eol}` + text.slice(at), receipt };
  }

  if (!info.oneLineForm) return rewriteProperty(lines, info, key, newLine, options, eol, receipt);

  const existing = info.entries.find((entry) => entry.key === key);
  if (existing !== undefined) {
    if (existing.state === null && !newLine?.exact) {
      return { ok: false, reason: `the state line of "${key}" can't be read (${existing.problem ?? "unknown"}); fix or delete it first` };
    }
    receipt.previousLine = lineAt(lines, existing.line);
    if (newLine === null) {
      receipt.removedAt = existing.line;
      // Remove the whole line with its line ending.
      const next = nextLineStart(lines, existing.line);
      return { ok: true, text: text.slice(0, lines.starts[existing.line]) + text.slice(next), receipt };
    }
    const indent = /^[ \t]*/.exec(receipt.previousLine)?.[0] ?? DEFAULT_INDENT;
    const line = newLine.exact ? newLine.content : indent + newLine.content;
    receipt.writtenLine = line;
    return { ok: true, text: text.slice(0, lines.starts[existing.line]) + line + text.slice(lines.ends[existing.line]), receipt };
  }

  if (newLine === null) return { ok: true, text, receipt };
  const anchorLine = insertionLine(info, key, options.order, range.header);
  const indent = info.entries.length > 0 ? (/^[ \t]*/.exec(lineAt(lines, info.entries[0].line))?.[0] ?? DEFAULT_INDENT) : DEFAULT_INDENT;
  const line = newLine.exact ? newLine.content : indent + newLine.content;
  receipt.writtenLine = line;
  // The frontmatter always has a closing line, so the anchor line always has a line after it.
  const at = anchorLine.before ? lines.starts[anchorLine.line] : lines.starts[anchorLine.line + 1];
  return { ok: true, text: text.slice(0, at) + line + eol + text.slice(at), receipt };
}

/** Where a new entry goes: after the entry of the nearest card above it, else before the nearest below. */
function insertionLine(info: FrontmatterState, key: string, order: readonly string[] | undefined, header: number): { line: number; before: boolean } {
  const lineOf = new Map(info.entries.map((entry) => [entry.key, entry.line]));
  const position = order ? order.indexOf(key) : -1;
  if (position !== -1) {
    for (let index = position - 1; index >= 0; index--) {
      const line = lineOf.get(order![index]);
      if (line !== undefined) return { line, before: false };
    }
    for (let index = position + 1; index < order!.length; index++) {
      const line = lineOf.get(order![index]);
      if (line !== undefined) return { line, before: true };
    }
  }
  let last = header;
  for (const entry of info.entries) if (entry.line > last) last = entry.line; // no spread: 100,000 entries would overflow the stack
  return { line: last, before: false };
}

/** A state property not in one-line form (`srs: {}`, nested blocks): its lines, and only those, are rewritten. */
function rewriteProperty(lines: LineTable, info: FrontmatterState, key: string, newLine: NewLine | null, options: WriteOptions, eol: string, receipt: WriteReceipt): WriteResult {
  const range = info.range!;
  const unreadable = info.entries.find((entry) => entry.state === null);
  if (unreadable) return { ok: false, reason: `the state of "${unreadable.key}" can't be read (${unreadable.problem ?? "unknown"}); fix or delete it first` };
  // The property's own comment (`srs: {} # c`) stays on its key line.
  const comment = info.headerComment === null ? "" : ` #${info.headerComment}`;
  const output: string[] = [`${options.stateProperty}:${comment}`];
  let placed = false;
  const entries = info.entries.map((entry) => ({ key: entry.key, line: DEFAULT_INDENT + encodeEntry(entry.key, entry.state!) }));
  // The old form spanned other lines; undo puts the same state back in one-line form.
  receipt.previousLine = entries.find((entry) => entry.key === key)?.line ?? null;
  for (const entry of entries) {
    if (entry.key === key) {
      placed = true;
      if (newLine !== null) output.push(newLine.exact ? newLine.content : DEFAULT_INDENT + newLine.content);
    } else {
      output.push(entry.line);
    }
  }
  if (!placed && newLine !== null) output.push(newLine.exact ? newLine.content : DEFAULT_INDENT + newLine.content);
  receipt.writtenLine = newLine === null ? null : newLine.exact ? newLine.content : DEFAULT_INDENT + newLine.content;
  const text = lines.text;
  const start = lines.starts[range.header];
  const end = lines.ends[range.end - 1];
  return { ok: true, text: text.slice(0, start) + output.join(eol) + text.slice(end), receipt };
}

/** After undoing an added line: drop the property, then the frontmatter, if this write created them and they are empty. */
function dropEmptyCreations(text: string, receipt: WriteReceipt, options: WriteOptions): string {
  if (!receipt.createdProperty) return text;
  const { lines, info } = readNote(text, options.stateProperty);
  if (info === null || info.range === null || info.entries.length > 0 || info.range.end !== info.range.header + 1) return text;
  text = text.slice(0, lines.starts[info.range.header]) + text.slice(nextLineStart(lines, info.range.header));
  if (!receipt.createdFrontmatter) return text;
  const after = readFrontmatterLines(text);
  const frontmatter = after.frontmatter;
  if (frontmatter === null || frontmatter.close !== frontmatter.open + 1) return text;
  const bom = text.charCodeAt(0) === 0xfeff ? "\ufeff" : "";
  return bom + text.slice(nextLineStart(after.lines, frontmatter.close));
}

// ---- self-check ------------------------------------------------------------------------------------

/** Reads the written text back; returns why it is wrong, or null when it holds exactly `state`. */
function verify(written: NoteRead, key: string, state: CardState | null): string | null {
  const info = written.info;
  if (info === null) return state === null ? null : "the written note has no frontmatter";
  if (info.blockers.length > 0) return `the written note would not read back (${info.blockers[0].message})`;
  const entry = info.entries.find((candidate) => candidate.key === key);
  if (!sameState(entry?.state ?? null, state)) return "the written state would not read back as written";
  return null;
}
