import { findPropertyRanges, type FrontmatterRange, type PropertyRange } from "../notes/frontmatter";
import { lineAt, type LineTable } from "../notes/lines";
import type { CardState } from "../types";
import { isCardId, stateFromObject } from "./state-codec";

/**
 * What can still be read from a state line that is no longer what the plugin wrote: a sync engine that
 * merged two devices' versions of one line character by character (design.md §2a) leaves a line whose
 * values may be wrong or no longer YAML, while its key and id are usually intact.
 */

export const STATE_LINE_CHANGED = (key: string): string =>
  `the state line of "${key}" was changed outside Heading Flashcards (its checksum doesn't match); it is restored from the review log, or made due now`;

const KEYED_LINE = /^[ \t]+("(?:[^"\\]|\\.)*"|[^"'\s{}[\],#][^{}]*?):[ \t]+\{/;

const STATE_FIELD = /(?:due|stability|difficulty|reps|lapses|state|step|last|id|h):[ \t]/g;

/** The key of a line shaped `  key: {…`, whatever follows; null when the line has no such start. */
export function guessEntryKey(line: string): string | null {
  const match = KEYED_LINE.exec(line);
  if (match === null) {
    // The splice ate the `{`: a line with state fields is still a (damaged) state line; its label is what precedes them.
    if (!/^[ \t]+\S/.test(line) || (line.match(STATE_FIELD) ?? []).length < 2) return null;
    const label = /^[ \t]+([^:{]*)/.exec(line)?.[1].trim() ?? "";
    return label === "" ? "(unreadable)" : label;
  }
  const raw = match[1];
  // A key the splice reached into is still a label for the damaged line (healing finds its card by id).
  if (!raw.startsWith('"') || !raw.endsWith('"')) return raw;
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw;
  }
}

/** The card id in a damaged line (`id: k3f9q2`), when exactly one readable id is there. */
export function guessEntryId(line: string): string | null {
  const ids = [...line.matchAll(/[{,][ \t]*id:[ \t]*([a-z0-9]+)[ \t]*[,}]/g)].map((match) => match[1]).filter(isCardId);
  return ids.length === 1 ? ids[0] : null;
}


export const STATE_BLOCK_BROKEN = (stateProperty: string, line: number): string =>
  `the state property "${stateProperty}" was broken apart at line ${line} (a sync engine merged two devices' lines character by character); it is healed one line per card`;

/** `, reps: ` and the like: a field of a state line where it stands in one (after `{` or a comma). */
const SEPARATED_FIELD = /[{,][ \t]*(?:due|stability|difficulty|reps|lapses|state|step|last|id|h):/g;

function separatedFields(line: string): number {
  return (line.match(SEPARATED_FIELD) ?? []).length;
}

/** True when the line opens a flow mapping it doesn't close: a splice cut it in two (or ate its end). */
export function isUnclosed(line: string): boolean {
  const open = line.lastIndexOf("{");
  return open !== -1 && line.indexOf("}", open) === -1;
}

/** A property's key (`aliases:`, `title: x`): what a splice may have put after a state line's closing brace. */
const PROPERTY_KEY = /^[ \t]*[^\s#,{}[\]][^,{}]*:(?:[ \t]|$)/;

export const NOT_STATE_DATA = (line: number): string =>
  `line ${line} of the state property is not a state line (a sync engine may have merged another property into it); nothing is written to this note until it is put right by hand`;

/** The text after a state line's closing brace when it is a property's key (`…}aliases:`), else null. */
export function propertyAfterLine(line: string): string | null {
  const closing = line.lastIndexOf("}");
  return closing !== -1 && PROPERTY_KEY.test(line.slice(closing + 1)) ? line.slice(closing + 1) : null;
}

/**
 * How a line of a state property that is no longer YAML reads: the start of an entry (its key or its
 * `{` maybe lost), the rest of the line before it when a splice cut that one in two (`cafc}`), or
 * neither: then it may be someone else's data (a sequence item, also one spliced into the line, or a
 * plain `key: value`), which healing must never remove. In column 0 only a line with three or more of a state line's fields is one (it has
 * seven or more; a property of the user's has not).
 */
export function damagedLineShape(line: string, afterUnclosed: boolean): "entry" | "rest" | null {
  const trimmed = line.trimStart();
  // A sequence item spliced into a state line (`…last: 2026-03-01T0  - cv`): a state line's fields hold none.
  if (/[ \t]-[ \t]/.test(line.slice(line.indexOf("{") + 1))) return null;
  const closing = line.lastIndexOf("}");
  const fields = separatedFields(line);
  const columnZero = trimmed === line;
  if (afterUnclosed && !KEYED_LINE.test(columnZero ? `  ${line}` : line) && (closing !== -1 || fields >= 3)) return "rest";
  if (columnZero) return fields >= 3 && propertyAfterLine(line) === null ? "entry" : null;
  // `- x` is a sequence item; `-12T10:21:26Z, …}` is the tail of a date a splice cut off: state data.
  return /^-(?:[ \t]|$)/.test(trimmed) || !/[{},]/.test(trimmed) ? null : "entry";
}

/**
 * A splice can break state lines out of the property's block: `0  Batch norm: {…}` or `ariance: {…}`
 * in column 0 (the indentation went to a neighbouring line), or the rest of a line cut in two
 * (`cafc}`). Then YAML reads the whole frontmatter as invalid. Such lines, and the indented state lines
 * after them, still belong to the state property: this is where it really ends (`range.end` when
 * nothing was broken out of it). Only lines that look like state data are taken; the caller salvages
 * the property only when the frontmatter is valid YAML without it.
 */
export function brokenBlockEnd(lines: LineTable, range: PropertyRange, close: number): number {
  let unclosed = false;
  for (let index = range.header + 1; index < range.end; index++) {
    const trimmed = lineAt(lines, index).trim();
    if (trimmed !== "" && !trimmed.startsWith("#")) unclosed = isUnclosed(trimmed);
  }
  let end = range.end;
  for (let index = range.end; index < close; index++) {
    const line = lineAt(lines, index);
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const shape = damagedLineShape(line, unclosed);
    if (shape === null) {
      // An indented line that is not state data after a broken-out line would be that line's value in YAML's eyes: no salvage.
      if (line.trimStart() !== line && end > range.end) return range.end;
      break;
    }
    unclosed = shape === "rest" ? !trimmed.endsWith("}") : isUnclosed(trimmed);
    end = index + 1;
  }
  return end;
}

/** Fields of a state line and how each is read. */
const FIELD_VALUE = /(?:^|[{,\s])(due|stability|difficulty|reps|lapses|state|step|last|suspended|flag|leech|id):[ \t]*([^\s,{}]+)/g;

/**
 * The values still readable in a line that is no longer YAML (`reps: 33 lapses: 0`: a comma lost,
 * two lines' digits run together): every field that appears once, or always with one value. Null when
 * what a card needs to be scheduled (stability, difficulty, reps, lapses, state, the last review) can't
 * all be read. `due` becomes `dueNow`: a card healed this way is due now (one review re-anchors it).
 */
export function readableState(text: string, dueNow: string): CardState | null {
  const values = new Map<string, string | null>();
  for (const [, name, raw] of text.matchAll(FIELD_VALUE)) {
    const seen = values.get(name);
    values.set(name, seen === undefined || seen === raw ? raw : null);
  }
  const fields: Record<string, unknown> = {};
  for (const [name, raw] of values) if (raw !== null) fields[name] = scalar(raw);
  if (fields.id !== undefined && (typeof fields.id !== "string" || !isCardId(fields.id))) delete fields.id;
  const state = stateFromObject({ ...fields, due: dueNow });
  if (typeof state !== "string") return state;
  // A management field or the learning step that can't be read is left at its default rather than losing the rest.
  const { step: _step, suspended: _suspended, flag: _flag, leech: _leech, ...required } = fields;
  const fallback = stateFromObject({ ...required, due: dueNow });
  return typeof fallback === "string" ? null : fallback;
}

function scalar(raw: string): unknown {
  if (/^-?(?:0|[1-9]\d*)(?:\.\d+)?$/.test(raw)) return Number(raw);
  if (raw === "true" || raw === "false") return raw === "true";
  return raw;
}

/**
 * A splice can eat the indentation of a state line (`  Batch norm: {…}` + `  Bias: {…}` merged into
 * `  B  Bias: {…}` and `atch norm: {…}`): the unindented rest then reads as a property of its own and
 * the frontmatter is no longer YAML. Lines right after the state property that look like state lines
 * are indented back into it; the checksum then marks them as damaged. Null when there are none.
 */
export function reindentStrayStateLines(lines: LineTable, frontmatter: FrontmatterRange, stateProperty: string): string | null {
  const range = findPropertyRanges(lines, frontmatter, stateProperty)[0];
  if (range === undefined || range.inlineValue !== "") return null;
  const firstEntry = range.end > range.header + 1 ? lineAt(lines, range.header + 1) : "  ";
  const indent = /^[ \t]+/.exec(firstEntry)?.[0] ?? "  ";
  const text = lines.text;
  let output = "";
  let copiedUpTo = 0;
  for (let index = range.end; index < frontmatter.close; index++) {
    const line = lineAt(lines, index);
    if (/^[ \t]+\S/.test(line) && guessEntryKey(line) !== null) continue; // an entry that belongs to the property
    if (damagedLineShape(line, false) !== "entry") break;
    output += text.slice(copiedUpTo, lines.starts[index]) + indent;
    copiedUpTo = lines.starts[index];
  }
  return copiedUpTo === 0 ? null : output + text.slice(copiedUpTo);
}
