import { findPropertyRanges, FrontmatterRange, PropertyRange } from "../notes/frontmatter";
import { lineAt, ownString, type LineTable } from "../notes/lines";
import { decodeCanonicalEntryAt, decodeEntryLine, decodeOtherLine, isJsWhitespace, stateFromObject, type ChecksumStatus, type DecodedEntry } from "./state-codec";
import { brokenBlockEnd, damagedLineShape, guessEntryKey, isUnclosed, NOT_STATE_DATA, propertyAfterLine, STATE_BLOCK_BROKEN, STATE_LINE_CHANGED } from "./line-damage";
import type { CardState, Problem } from "../types";
import { parseFrontmatterYaml, type YamlResult } from "../notes/yaml";
import { parseSimpleProperties } from "../notes/simple-properties";
import { describeCharacter, findUnprintable, parseStrictFrontmatter, type StrictProperty } from "../notes/strict-yaml";

/**
 * The frontmatter of a note as the reader and the writer both need it: the user's own properties
 * (parsed as YAML, without the state property) and the state property (read line by line).
 */
export interface StateEntry {
  key: string;
  /** Line index in the note, or -1 when the property is not in one-line form. */
  line: number;
  /** Null when the entry can't be read; `problem` then says why. */
  state: CardState | null;
  problem?: string;
  /** One-line form only: whether the line's `h` matched (design.md §2). */
  checksum?: ChecksumStatus;
  /** Lines after `line` that hold the rest of this entry (a sync engine cut its line in two); absent when none. */
  extraLines?: number;
}

export interface FrontmatterState {
  /** The user's properties, or null when they are not valid YAML (then `yamlError` says why). */
  properties: Record<string, unknown> | null;
  yamlError: string | null;
  /** The state property's lines, or null when the note has none. */
  range: PropertyRange | null;
  /** True when every entry sits on its own line and can be edited in place. */
  oneLineForm: boolean;
  /** Entries in file order. */
  entries: StateEntry[];
  /** Reasons nothing may be written to this note's frontmatter; empty when it is writable. */
  blockers: Problem[];
  /** The blockers healing removes (healing.ts): an entry that appears twice, a state property a sync broke apart. */
  healable: Problem[];
  /** Problems that don't block writing (an unreadable entry blocks only its own card). */
  problems: Problem[];
  /** The comment on the state property's key line (`srs: {} # c` → ` c`), kept when the property is rewritten. */
  headerComment: string | null;
  /** The frontmatter's text outside the state property: a write leaves it byte-identical. */
  userSource: string;
}

/** Longer one-line entries may hold a key over YAML's 1,024-character limit: the strict parser decides. */
const MAX_ONE_LINE_LENGTH = 1024;
/**
 * A state line is about 150 characters; one this long can't be valid (its key would be over 1,024), and
 * is left to the strict parser, which says so. (The line decoder is linear on any line: this routes, it
 * does not protect.)
 */
const MAX_DECODED_LINE_LENGTH = 4096;

const CONFLICT_MARKER = /^(?:<{7}|={7}|>{7}|\|{7})(?:[ \t]|$)/;

/**
 * Decodings of state lines by their text. Decoding is a function of the line's text alone, so a reader
 * that reads the same note again and again (the writer: before each edit and after it, one line
 * changed each time) may keep them and decode only the lines it has not seen: it looks them up in
 * `previous` (the last read's), and this read's go into `next`, keyed by copies of the lines (a slice
 * would keep the whole note's text alive).
 */
export interface LineDecodings {
  previous: ReadonlyMap<string, KnownLine>;
  next: Map<string, KnownLine>;
}

/** A decoded line and its own copy of the line's text (the key it is kept under). */
export interface KnownLine {
  line: string;
  decoded: DecodedEntry;
}

export function readFrontmatterState(lines: LineTable, frontmatter: FrontmatterRange, stateProperty: string, decodings?: LineDecodings): FrontmatterState {
  const result: FrontmatterState = {
    properties: null,
    yamlError: null,
    range: null,
    oneLineForm: true,
    entries: [],
    blockers: [],
    healable: [],
    problems: [],
    headerComment: null,
    userSource: "",
  };
  const ranges = findPropertyRanges(lines, frontmatter, stateProperty);
  if (ranges.length > 1) {
    const where = ranges.map((r) => r.header + 1).join(", ");
    result.blockers.push({ line: ranges[1].header + 1, message: `the state property "${stateProperty}" appears ${ranges.length} times (lines ${where})` });
  }
  const range = ranges[0] ?? null;
  result.range = range;

  const conflict = findConflictMarker(lines, frontmatter);
  if (conflict !== null) {
    result.blockers.push({ line: conflict + 1, message: "the frontmatter holds merge conflict markers" });
  }

  const reading: OneLineReading = { inert: [], canonical: [], long: false };
  const oneLine = range !== null && range.inlineValue === "" && readOneLineEntries(lines, range, result, reading, decodings);
  // State lines in the writer's exact form hold only characters their decoder checked: the search
  // for unprintable characters skips them (most of a flashcard note's frontmatter).
  const unprintable = findUnprintableLine(lines, frontmatter, reading.canonical);
  if (unprintable !== null) {
    result.entries = [];
    result.problems = [];
    return invalidYaml(result, unprintable.line, `the unprintable character ${describeCharacter(lines.text, unprintable.offset)}`);
  }
  const source = frontmatterSource(lines, frontmatter);

  result.userSource = userPropertiesSource(lines, frontmatter, ranges);
  const simple = parseSimpleProperties(result.userSource);
  if (range !== null && !oneLine) {
    // The one-line attempt may have reported lines it misread (`  Bias:` of a nested block): drop them.
    result.oneLineForm = false;
    result.entries = [];
    result.problems = [];
  }
  // Simple properties and one-line state entries can't hide a line inside a multi-line value: the line
  // scan is then exactly what YAML reads. Anything else is checked by a strict parser (T3, design.md §2).
  if (simple === null || (range !== null && !oneLine) || reading.long) {
    const skeleton = oneLine ? blankLines(lines, frontmatter, source, reading.inert) : source;
    if (conflict === null && !placeByStrictYaml(lines, frontmatter, range, ranges, skeleton, stateProperty, result)) return result;
  }

  const parsed: YamlResult = simple !== null ? { ok: true, data: simple } : parseFrontmatterYaml(result.userSource);
  if (!parsed.ok) {
    result.yamlError = parsed.message;
    result.blockers.push({ line: frontmatter.open + 1, message: `invalid YAML in frontmatter: ${parsed.message}` });
  } else if (parsed.data === null || parsed.data === undefined) {
    result.properties = {};
  } else if (typeof parsed.data !== "object" || Array.isArray(parsed.data)) {
    result.yamlError = "the frontmatter is not a set of properties";
    result.blockers.push({ line: frontmatter.open + 1, message: result.yamlError });
  } else {
    result.properties = parsed.data as Record<string, unknown>;
    if (!isBlockStyle(lines, frontmatter, ranges)) {
      result.blockers.push({ line: frontmatter.open + 1, message: "the frontmatter is written in flow style ({...}); only one-property-per-line frontmatter can be updated" });
    }
  }
  flagDuplicateKeys(result);
  return result;
}

/** True when the property's last entry line opens a flow mapping it doesn't close (`… h: c8150ab`). */
function lastEntryUnclosed(lines: LineTable, property: PropertyRange): boolean {
  for (let index = property.end - 1; index > property.header; index--) {
    const trimmed = lineAt(lines, index).trim();
    if (trimmed !== "" && !trimmed.startsWith("#")) return isUnclosed(trimmed);
  }
  return false;
}

/** Invalid YAML is reported on the frontmatter's first line (where the user looks), naming the line at fault. */
function invalidYaml(result: FrontmatterState, line: number, message: string): FrontmatterState {
  result.yamlError = `${message} (line ${line + 1})`;
  result.blockers.push({ line: 1, message: `invalid YAML in frontmatter: ${result.yamlError}` });
  return result;
}

/**
 * Parses the frontmatter strictly and checks that the line scan's state property is where YAML says it
 * is; reads the entries of a property not in one-line form from YAML's nodes. False when the
 * frontmatter is invalid YAML (the result then says why and holds no properties).
 */
function placeByStrictYaml(lines: LineTable, frontmatter: FrontmatterRange, range: PropertyRange | null, ranges: PropertyRange[], source: string, stateProperty: string, result: FrontmatterState): boolean {
  const strict = parseStrictFrontmatter(source, stateProperty);
  const line = (range?.header ?? frontmatter.open) + 1;
  if (!strict.ok) {
    const errorLine = lineOfOffset(lines, frontmatter, strict.offset);
    // A splice may have broken lines out of the state property's block (line-damage.ts): they are still its.
    const property = range === null || range.inlineValue !== "" ? range : { ...range, end: brokenBlockEnd(lines, range, frontmatter.close) };
    const userSource = property === range ? result.userSource : userPropertiesSource(lines, frontmatter, ranges.map((each) => (each === range ? property! : each)));
    // Blame the state property only when the error is in its lines and the rest is valid without them.
    // An entry whose closing `}` a splice took makes YAML stumble only at a later line: still the entry's error.
    const past = property !== null && errorLine >= property.end && !lastEntryUnclosed(lines, property);
    if (property === null || errorLine < property.header || past || !parseStrictFrontmatter(userSource, stateProperty).ok) {
      invalidYaml(result, errorLine, strict.message);
      return false;
    }
    // The user's properties are fine; the state property alone is not YAML: a sync engine spliced lines
    // (design.md §2a). Read it line by line again, each line that can't be read being its own card's
    // problem, so the other cards keep their state.
    result.entries = [];
    result.problems = [];
    // Only when the frontmatter is valid YAML without the state lines: the error is theirs, not the
    // shape around them (`meta: {` / `srs:` / `}` stays refused).
    const stateLines: number[] = [];
    for (let index = property.header + 1; index < property.end; index++) stateLines.push(index);
    const withoutStateLines = blankLines(lines, frontmatter, frontmatterSource(lines, frontmatter), stateLines);
    if (property.inlineValue === "" && stateLines.length > 0 && parseStrictFrontmatter(withoutStateLines, stateProperty).ok && salvageEntries(lines, property, result)) {
      result.oneLineForm = true;
      if (property.end > range!.end) {
        // Lines broke out of the block: until healing puts them back, no other write may go near them.
        const broken = { line: range!.end + 1, message: STATE_BLOCK_BROKEN(stateProperty, range!.end + 1) };
        result.blockers.push(broken);
        result.healable.push(broken);
        result.range = property;
        result.userSource = userSource;
      }
      return true;
    }
    result.entries = [];
    result.problems = [];
    result.blockers.push({ line, message: `the state property "${stateProperty}" can't be read: ${strict.message}` });
    return true;
  }
  // Flow-style frontmatter is refused as such (below); where its keys are does not matter then.
  if (!isBlockStyle(lines, frontmatter, ranges)) return true;
  const state = strict.state;
  const misplaced = placementProblem(lines, frontmatter, range, strict.topLevelKeys, state);
  if (misplaced !== null) {
    result.blockers.push({ line, message: misplaced.replace("$", stateProperty) });
    result.entries = [];
    result.problems = [];
    return true;
  }
  if (state === null) return true;
  result.headerComment = state.comment;
  if (state.referenceProblem !== null) {
    result.blockers.push({ line, message: `the state property "${stateProperty}" can't be read: ${state.referenceProblem}` });
    result.entries = [];
    return true;
  }
  if (!result.oneLineForm) readNodeEntries(state.entries, stateProperty, line, result);
  return true;
}

/** Why the line scan's view of the state property differs from YAML's, or null when they agree. */
function placementProblem(lines: LineTable, frontmatter: FrontmatterRange, range: PropertyRange | null, topLevelKeys: number[], state: StrictProperty | null): string | null {
  if (range === null && state === null) return null;
  if (range === null || (state !== null && !state.simpleKey)) return `the state property "$" must be a top-level line of its own`;
  const misread = `line ${range.header + 1} looks like the state property "$", but YAML reads it as part of another value`;
  if (state === null || lineOfOffset(lines, frontmatter, state.keyStart) !== range.header) return misread;
  if (state.valueEnd > state.keyStart && lineOfOffset(lines, frontmatter, state.valueEnd - 1) >= range.end) return misread;
  for (const keyStart of topLevelKeys) {
    if (keyStart === state.keyStart || keyStart < 0) continue;
    const keyLine = lineOfOffset(lines, frontmatter, keyStart);
    if (keyLine >= range.header && keyLine < range.end) return misread;
  }
  return null;
}

function readNodeEntries(entries: StrictProperty["entries"], stateProperty: string, line: number, result: FrontmatterState): void {
  if (typeof entries === "string") {
    result.blockers.push({ line, message: `the state property "${stateProperty}" ${entries}` });
    return;
  }
  for (const { key, value } of entries) {
    const state = stateFromObject(value);
    if (typeof state === "string") {
      const message = `state of "${key}" can't be read: ${state}`;
      result.entries.push({ key, line: -1, state: null, problem: message });
      result.problems.push({ line, message });
    } else {
      result.entries.push({ key, line: -1, state });
    }
  }
}

/**
 * The frontmatter with the given lines turned into spaces (same length, so offsets still match): what
 * the strict parser reads. A one-line entry without active characters can't change how YAML reads any
 * other line, so the parser need not read hundreds of them; the lines around them are what it checks.
 */
function blankLines(lines: LineTable, frontmatter: FrontmatterRange, source: string, indices: number[]): string {
  if (indices.length === 0) return source;
  const base = lines.starts[frontmatter.open + 1];
  let output = "";
  let copied = 0;
  for (const index of indices) {
    const start = lines.starts[index] - base;
    const end = lines.ends[index] - base;
    output += source.slice(copied, start) + " ".repeat(end - start);
    copied = end;
  }
  return output + source.slice(copied);
}

/**
 * The first character of the frontmatter YAML may not hold (see findUnprintable), line by line and
 * skipping the lines in `printable` (ascending), or null.
 */
function findUnprintableLine(lines: LineTable, frontmatter: FrontmatterRange, printable: number[]): { line: number; offset: number } | null {
  let skip = 0;
  for (let index = frontmatter.open + 1; index < frontmatter.close; index++) {
    if (skip < printable.length && printable[skip] === index) {
      skip++;
      continue;
    }
    const at = findUnprintable(lines.text, lines.starts[index], lines.ends[index]);
    if (at !== -1) return { line: index, offset: at };
  }
  return null;
}

/** The text between the frontmatter's delimiters, line endings included. */
function frontmatterSource(lines: LineTable, frontmatter: FrontmatterRange): string {
  return frontmatter.close > frontmatter.open + 1 ? lines.text.slice(lines.starts[frontmatter.open + 1], lines.starts[frontmatter.close]) : "";
}

/** The line index of an offset into frontmatterSource. */
function lineOfOffset(lines: LineTable, frontmatter: FrontmatterRange, offset: number): number {
  const target = lines.starts[frontmatter.open + 1] + offset;
  let low = frontmatter.open + 1;
  let high = frontmatter.close - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lines.starts[mid] <= target) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The frontmatter's text without the state property's lines: what YAML has to parse. */
function userPropertiesSource(lines: LineTable, frontmatter: FrontmatterRange, skip: PropertyRange[]): string {
  const parts: string[] = [];
  let from = frontmatter.open + 1;
  for (const range of skip) {
    if (range.header > from) parts.push(sliceLines(lines, from, range.header));
    from = range.end;
  }
  if (frontmatter.close > from) parts.push(sliceLines(lines, from, frontmatter.close));
  return parts.join("\n");
}

/** Block-style properties start with `key:` in column 0; anything else could not take a new line safely. */
function isBlockStyle(lines: LineTable, frontmatter: FrontmatterRange, skip: PropertyRange[]): boolean {
  for (let index = frontmatter.open + 1; index < frontmatter.close; index++) {
    if (skip.some((range) => index >= range.header && index < range.end)) return true;
    const line = lineAt(lines, index);
    const trimmed = line.trimStart();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    return trimmed === line && !/^[{[?&*!|>%@`-]/.test(line);
  }
  return true;
}

/** Text of lines [from, to) with their own line endings, minus the last one. */
export function sliceLines(lines: LineTable, from: number, to: number): string {
  return lines.text.slice(lines.starts[from], lines.ends[to - 1]);
}

function findConflictMarker(lines: LineTable, frontmatter: FrontmatterRange): number | null {
  for (let index = frontmatter.open + 1; index < frontmatter.close; index++) {
    const first = lines.text.charCodeAt(lines.starts[index]);
    if ((first === 60 || first === 61 || first === 62 || first === 124) && CONFLICT_MARKER.test(lineAt(lines, index))) return index;
  }
  return null;
}

interface OneLineReading {
  /** Entry lines that can't change how YAML reads any other line (no quote, escape, comment, anchor…). */
  inert: number[];
  /** Entry lines in the writer's exact form, in order: they hold printable characters only. */
  canonical: number[];
  /** True when a line is long enough to hold a key over YAML's 1,024-character limit. */
  long: boolean;
}

/**
 * Reads entries one per line; false when the property is not in that form (nested block, say). Lines
 * are read where they stand in the note's text, without slicing each one out first.
 */
function readOneLineEntries(lines: LineTable, range: PropertyRange, result: FrontmatterState, reading: OneLineReading, known?: LineDecodings): boolean {
  const text = lines.text;
  // The first entry line's indentation ([indentFrom, indentFrom + indentLength) of the text): every other must match it.
  let indentFrom = -1;
  let indentLength = 0;
  for (let index = range.header + 1; index < range.end; index++) {
    const start = lines.starts[index];
    const end = lines.ends[index];
    // Indentation as trimStart() sees it: any whitespace, NBSP included.
    let contentStart = start;
    while (contentStart < end && isJsWhitespace(text.charCodeAt(contentStart))) contentStart++;
    if (contentStart === end || text.charCodeAt(contentStart) === 35) continue;
    if (contentStart === start) return false; // a `- item` sequence: not a mapping of entries
    // Tabs as indentation are invalid YAML (T3): the strict parser reports them.
    for (let at = start; at < contentStart; at++) if (text.charCodeAt(at) === 9) return false;
    const length = end - start;
    // A line far longer than any state line is read by the strict parser instead of the line decoder:
    // it may hold a key over YAML's 1,024-character limit, which only that parser reports as such.
    if (length > MAX_DECODED_LINE_LENGTH) return false;
    if (length > MAX_ONE_LINE_LENGTH) reading.long = true;
    if (indentFrom === -1) {
      indentFrom = start;
      indentLength = contentStart - start;
    } else if (contentStart - start !== indentLength || !sameCharacters(text, start, indentFrom, indentLength)) {
      return false;
    }
    let decoded: DecodedEntry | undefined;
    let canonical: (DecodedEntry & { ok: true }) | null = null;
    const line = known === undefined ? "" : text.slice(start, end);
    if (known !== undefined) {
      const seen = known.previous.get(line) ?? known.next.get(line);
      if (seen !== undefined) {
        decoded = seen.decoded;
        if (decoded.ok && decoded.canonical === true) canonical = decoded;
        known.next.set(seen.line, seen);
      }
    }
    if (decoded === undefined) {
      canonical = decodeCanonicalEntryAt(text, start, end, true);
      decoded = canonical ?? decodeOtherLine(known !== undefined ? line : text.slice(start, end));
      if (known !== undefined) {
        const own = ownString(line);
        known.next.set(own, { line: own, decoded });
      }
    }
    if (canonical !== null) reading.canonical.push(index);
    if (decoded.ok) {
      // `id` and `h` came together (state line v2): an id without `h` is a line a splice cut short.
      const checksum = decoded.checksum === "absent" && decoded.state.id !== undefined ? "invalid" : decoded.checksum;
      result.entries.push({ key: decoded.key, line: index, state: decoded.state, checksum });
      // Read, but never trusted silently (design.md §2a): healing.ts restores it or makes it due now.
      if (checksum === "invalid") result.problems.push({ line: index + 1, message: STATE_LINE_CHANGED(decoded.key) });
      // A line in the writer's form has YAML indicators only in its key.
      const inert = canonical !== null ? canonical.activeKey !== true : !hasActiveCharacter(text, start, end);
      if (length <= MAX_ONE_LINE_LENGTH && inert) reading.inert.push(index);
    } else {
      // A line no longer YAML (a sync engine spliced two lines) is that card's problem, not the note's.
      if (decoded.key === null) return false;
      result.entries.push({ key: decoded.key, line: index, state: null, problem: decoded.message });
      result.problems.push({ line: index + 1, message: decoded.message });
    }
  }
  return true;
}

/** Whether the `length` characters at `a` and at `b` of `text` are the same. */
function sameCharacters(text: string, a: number, b: number, length: number): boolean {
  for (let offset = 0; offset < length; offset++) if (text.charCodeAt(a + offset) !== text.charCodeAt(b + offset)) return false;
  return true;
}

/**
 * Reads a state property that is not YAML (design.md §2a) entry by entry, each entry that can't be
 * read being its own card's damage. An entry is a line, or a line a splice cut in two joined with its
 * rest again; a line the splice moved to column 0 is read as if indented. A line that is not state
 * data (line-damage.ts) is no entry, and blocks every write: healing would remove it. False (nothing
 * salvaged) for a line indented with tabs, which YAML never reads.
 */
function salvageEntries(lines: LineTable, range: PropertyRange, result: FrontmatterState): boolean {
  let indent: string | null = null;
  let current: { line: number; text: string; extra: number } | null = null;
  const groups: { line: number; text: string; extra: number }[] = [];
  const foreign: Problem[] = [];
  for (let index = range.header + 1; index < range.end; index++) {
    const line = lineAt(lines, index);
    const trimmed = line.trimStart();
    if (trimmed === "" || trimmed.startsWith("#")) {
      current = null;
      continue;
    }
    const lineIndent = line.slice(0, line.length - trimmed.length);
    // Tabs as indentation are invalid YAML whatever a sync did (T3); lines that long are no state lines.
    if (lineIndent.includes("\t") || line.length > MAX_DECODED_LINE_LENGTH) return false;
    const shape = damagedLineShape(line, current !== null && isUnclosed(current.text));
    if (shape === null) {
      // Not state data (a property's key and value merged into the state property, say): the other
      // lines are still read, but nothing is written until a person has looked, since healing would remove it.
      foreign.push({ line: index + 1, message: NOT_STATE_DATA(index + 1) });
      current = null;
      continue;
    }
    if (shape === "rest") {
      current!.text += trimmed;
      current!.extra++;
      continue;
    }
    if (indent === null && lineIndent !== "") indent = lineIndent;
    current = { line: index, text: line, extra: 0 };
    groups.push(current);
  }
  for (const group of groups) {
    let text = /^[ \t]/.test(group.text) ? group.text : (indent ?? "  ") + group.text;
    const tail = propertyAfterLine(text);
    if (tail !== null) {
      // `…}aliases:`: the state line is read; the property's key spliced onto it stays for a person to put back.
      foreign.push({ line: group.line + 1, message: NOT_STATE_DATA(group.line + 1) });
      text = text.slice(0, text.length - tail.length);
    }
    const decoded = decodeEntryLine(text);
    const extra = group.extra > 0 ? { extraLines: group.extra } : {};
    if (decoded.ok) {
      const checksum = decoded.checksum === "absent" && (decoded.state.id !== undefined || text !== group.text || group.extra > 0) ? "invalid" : decoded.checksum;
      result.entries.push({ key: decoded.key, line: group.line, state: decoded.state, checksum, ...extra });
      if (checksum === "invalid") result.problems.push({ line: group.line + 1, message: STATE_LINE_CHANGED(decoded.key) });
    } else {
      const key = decoded.key ?? guessEntryKey(text) ?? `(unreadable line ${group.line + 1})`;
      result.entries.push({ key, line: group.line, state: null, problem: decoded.message, ...extra });
      result.problems.push({ line: group.line + 1, message: decoded.message });
    }
  }
  for (const problem of foreign.sort((a, b) => a.line - b.line)) result.blockers.push(problem);
  return true;
}

/** Whether [from, to) holds a character that could end a multi-line string, start a comment, or name an anchor or alias: `"'\\#&*!|>%@\``. */
function hasActiveCharacter(text: string, from: number, to: number): boolean {
  for (let at = from; at < to; at++) {
    const code = text.charCodeAt(at);
    if (code < 128 && ACTIVE[code] === 1) return true;
  }
  return false;
}

const ACTIVE = new Uint8Array(128);
for (const char of "\"'\\#&*!|>%@`") ACTIVE[char.charCodeAt(0)] = 1;

function flagDuplicateKeys(result: FrontmatterState): void {
  const seen = new Set<string>();
  for (const entry of result.entries) {
    if (seen.has(entry.key)) {
      const twice = { line: entry.line + 1, message: `the state of "${entry.key}" appears twice` };
      result.blockers.push(twice);
      result.healable.push(twice);
    }
    seen.add(entry.key);
  }
}
