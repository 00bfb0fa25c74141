import { findPropertyRanges, FrontmatterRange, PropertyRange } from "../notes/frontmatter";
import { lineAt, LineTable } from "../notes/lines";
import { decodeEntryLine, stateFromObject, type ChecksumStatus } from "./state-codec";
import { guessEntryKey, STATE_LINE_CHANGED } from "./line-damage";
import type { CardState, Problem } from "../types";
import { parseFrontmatterYaml, parseYamlSnippet } from "../notes/yaml";

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
  /** Problems that don't block writing (an unreadable entry blocks only its own card). */
  problems: Problem[];
}

const CONFLICT_MARKER = /^(?:<{7}|={7}|>{7}|\|{7})(?:[ \t]|$)/;

export function readFrontmatterState(lines: LineTable, frontmatter: FrontmatterRange, stateProperty: string): FrontmatterState {
  const result: FrontmatterState = {
    properties: null,
    yamlError: null,
    range: null,
    oneLineForm: true,
    entries: [],
    blockers: [],
    problems: [],
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

  const parsed = parseFrontmatterYaml(userPropertiesSource(lines, frontmatter, ranges));
  if (!parsed.ok) {
    result.yamlError = parsed.message;
    result.blockers.push({ line: frontmatter.open + 1, message: `invalid YAML in frontmatter: ${parsed.message}` });
  } else if (parsed.data === null || parsed.data === undefined) {
    result.properties = {};
  } else if (typeof parsed.data !== "object" || Array.isArray(parsed.data)) {
    result.yamlError = "the frontmatter is not a set of properties";
    result.blockers.push({ line: frontmatter.open + 1, message: result.yamlError });
  } else if (!isBlockStyle(lines, frontmatter, ranges)) {
    result.properties = parsed.data as Record<string, unknown>;
    result.blockers.push({ line: frontmatter.open + 1, message: "the frontmatter is written in flow style ({...}); only one-property-per-line frontmatter can be updated" });
  } else {
    result.properties = parsed.data as Record<string, unknown>;
    if (range === null && Object.prototype.hasOwnProperty.call(parsed.data, stateProperty)) {
      // Flow-style frontmatter: the property exists but has no line of its own to edit.
      result.blockers.push({ line: frontmatter.open + 1, message: `the state property "${stateProperty}" must be a top-level line of its own` });
      readWholeProperty(`${stateProperty}: ${JSON.stringify((parsed.data as Record<string, unknown>)[stateProperty])}`, stateProperty, frontmatter.open, result);
      result.oneLineForm = false;
    }
  }

  if (range !== null) readProperty(lines, range, stateProperty, result);
  flagDuplicateKeys(result);
  return result;
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

function readProperty(lines: LineTable, range: PropertyRange, stateProperty: string, result: FrontmatterState): void {
  const problemsBefore = result.problems.length;
  if (range.inlineValue === "" && readOneLineEntries(lines, range, result, false)) return;
  result.oneLineForm = false;
  // The one-line attempt may have reported lines it misread (`  Bias:` of a nested block): drop them.
  result.entries = [];
  result.problems.length = problemsBefore;
  const blockersBefore = result.blockers.length;
  const isYaml = readWholeProperty(sliceLines(lines, range.header, range.end), stateProperty, range.header, result);
  if (range.inlineValue !== "" || isYaml) return;
  // Not YAML as a whole: a sync engine spliced lines (design.md §2a). Read line by line again, each
  // line that can't be read being its own card's problem, so the other cards keep their state.
  const unreadable = result.blockers.splice(blockersBefore);
  result.oneLineForm = true;
  if (readOneLineEntries(lines, range, result, true)) return;
  result.oneLineForm = false;
  result.entries = [];
  result.problems.length = problemsBefore;
  result.blockers.push(...unreadable);
}

/**
 * Reads entries one per line; false when the property is not in that form (nested block, say). With
 * `salvage`, for a property that is not YAML: a line without a readable key is a damaged entry too.
 */
function readOneLineEntries(lines: LineTable, range: PropertyRange, result: FrontmatterState, salvage: boolean): boolean {
  let indent: string | null = null;
  for (let index = range.header + 1; index < range.end; index++) {
    const line = lineAt(lines, index);
    const trimmed = line.trimStart();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const lineIndent = line.slice(0, line.length - trimmed.length);
    if (lineIndent === "") return false; // a `- item` sequence: not a mapping of entries
    if (indent === null) indent = lineIndent;
    else if (lineIndent !== indent && !salvage) return false;
    const decoded = decodeEntryLine(line);
    if (decoded.ok) {
      // `id` and `h` came together (state line v2): an id without `h` is a line a splice cut short.
      const checksum = decoded.checksum === "absent" && decoded.state.id !== undefined ? "invalid" : decoded.checksum;
      result.entries.push({ key: decoded.key, line: index, state: decoded.state, checksum });
      // Read, but never trusted silently (design.md §2a): healing.ts restores it or makes it due now.
      if (checksum === "invalid") result.problems.push({ line: index + 1, message: STATE_LINE_CHANGED(decoded.key) });
    } else {
      // A line no longer YAML (a sync engine spliced two lines) is that card's problem, not the note's.
      const key = decoded.key ?? (salvage ? (guessEntryKey(line) ?? `(unreadable line ${index + 1})`) : null);
      if (key === null) return false;
      result.entries.push({ key, line: index, state: null, problem: decoded.message });
      result.problems.push({ line: index + 1, message: decoded.message });
    }
  }
  return true;
}

/** Reads the property as YAML; false when it is not YAML at all (then a blocker says why). */
function readWholeProperty(source: string, stateProperty: string, headerLine: number, result: FrontmatterState): boolean {
  const parsed = parseYamlSnippet(source);
  if (!parsed.ok) {
    result.blockers.push({ line: headerLine + 1, message: `the state property "${stateProperty}" can't be read: ${parsed.message}` });
    return false;
  }
  const value = (parsed.data as Record<string, unknown> | null)?.[stateProperty];
  if (value === null || value === undefined) return true;
  if (typeof value !== "object" || Array.isArray(value)) {
    result.blockers.push({ line: headerLine + 1, message: `the state property "${stateProperty}" must map card names to states` });
    return true;
  }
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    const state = stateFromObject(raw);
    if (typeof state === "string") {
      const message = `state of "${key}" can't be read: ${state}`;
      result.entries.push({ key, line: -1, state: null, problem: message });
      result.problems.push({ line: headerLine + 1, message });
    } else {
      result.entries.push({ key, line: -1, state });
    }
  }
  return true;
}

function flagDuplicateKeys(result: FrontmatterState): void {
  const seen = new Set<string>();
  for (const entry of result.entries) {
    if (seen.has(entry.key)) {
      result.blockers.push({ line: entry.line + 1, message: `the state of "${entry.key}" appears twice` });
    }
    seen.add(entry.key);
  }
}
