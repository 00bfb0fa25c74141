/**
 * A fast reader for the frontmatter most notes have — `key: value`, `key: [a, b]`, `key:` followed by
 * `- item` lines — that yields exactly what js-yaml (CORE_SCHEMA) yields for it, and gives up (null)
 * on anything else so the caller parses with gray-matter/js-yaml. Indexing a 10,000-note vault reads
 * every note's frontmatter; the general YAML parser dominated that cost.
 *
 * It accepts only forms whose YAML meaning is beyond doubt:
 * - keys of letters, digits, `_` and `-` (starting with a letter or `_`), each once;
 * - values that are plain scalars of "ordinary" characters (no YAML indicator first, no `: ` or ` #`,
 *   no flow or quote characters), read as null, a boolean or a string as the core schema does, and
 *   never anything that could be a number (those go to js-yaml);
 * - `"double"` or `'single'` quoted strings without escapes or inner quotes;
 * - one-line flow sequences `[a, b]` of such scalars, and block sequences of `- scalar` items;
 * - blank lines and whole-line comments.
 */
export function parseSimpleProperties(source: string): Record<string, unknown> | null {
  if (hasUnprintableOrOtherWhitespace(source)) return null;
  const result: Record<string, unknown> = {};
  // The keys read so far, for the duplicate check (a handful: compared, not looked up in `result`).
  const keys: string[] = [];
  let listKey: string | null = null;
  let listIndent = -1;
  let position = 0;
  const length = source.length;
  // Each line is read by character codes and positions, values sliced out only once accepted: no
  // other whitespace than spaces, tabs and line breaks is left, so trim() would strip exactly those.
  while (position <= length) {
    let lineEnd = source.indexOf("\n", position);
    if (lineEnd === -1) lineEnd = length;
    const lineStart = position;
    position = lineEnd + 1;
    let end = lineEnd;
    while (end > lineStart && isBlank(source.charCodeAt(end - 1))) end--;
    let contentStart = lineStart;
    while (contentStart < end && isBlank(source.charCodeAt(contentStart))) contentStart++;
    if (contentStart === end || source.charCodeAt(contentStart) === 35) continue;
    const indent = contentStart - lineStart;
    // A tab in the indentation (invalid YAML), or a CR that YAML reads as a line break: left to YAML.
    for (let at = lineStart; at < contentStart; at++) if (source.charCodeAt(at) !== 32) return null;

    const first = source.charCodeAt(contentStart);
    if (first === 45 && (contentStart + 1 === end || source.charCodeAt(contentStart + 1) === 32)) {
      // A block sequence item, under the last `key:` with no value.
      if (listKey === null) return null;
      if (listIndent === -1) listIndent = indent;
      else if (indent !== listIndent) return null;
      let itemStart = contentStart + 1;
      while (itemStart < end && isBlank(source.charCodeAt(itemStart))) itemStart++;
      const item = scalarAt(source, itemStart, end);
      if (item === undefined) return null;
      (result[listKey] as unknown[]).push(item);
      continue;
    }
    if (indent !== 0) return null;
    if (listKey !== null && (result[listKey] as unknown[]).length === 0) result[listKey] = null;
    listKey = null;
    listIndent = -1;

    // `^[A-Za-z_][A-Za-z0-9_-]*` up to the line's first colon.
    if (!isKeyStart(first)) return null;
    let colon = lineStart + 1;
    while (colon < end && isKeyCharacter(source.charCodeAt(colon))) colon++;
    if (colon === end || source.charCodeAt(colon) !== 58) return null;
    const key = source.slice(lineStart, colon);
    if (key === "__proto__" || keys.includes(key)) return null;
    keys.push(key);
    // After the colon: the end of the line (before a CR line ending) or a space.
    const rawEnd = lineEnd > lineStart && source.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    if (colon + 1 < rawEnd && source.charCodeAt(colon + 1) !== 32) return null;
    let valueStart = colon + 1;
    while (valueStart < end && isBlank(source.charCodeAt(valueStart))) valueStart++;
    const valueEnd = withoutCommentAt(source, valueStart, end);
    if (valueEnd === -1) return null;
    if (valueEnd === valueStart) {
      result[key] = [];
      listKey = key;
      continue;
    }
    const parsed = source.charCodeAt(valueStart) === 91 ? flowSequenceAt(source, valueStart, valueEnd) : scalarAt(source, valueStart, valueEnd);
    if (parsed === undefined) return null;
    result[key] = parsed;
  }
  if (listKey !== null && (result[listKey] as unknown[]).length === 0) result[listKey] = null;
  return result;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 13;
}

function isKeyStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isKeyCharacter(code: number): boolean {
  return isKeyStart(code) || (code >= 48 && code <= 57) || code === 45;
}

/** Plain scalars made only of these characters, starting with a letter (`über`, not only `a`–`z`) or `_`, `/`, `(`. */
const ORDINARY_PLAIN = /^[\p{L}_/(][^:#{}[\]"'`|>&*!%@\t]*$/u;
/** The characters ORDINARY_PLAIN excludes after the first one. */
const NOT_ORDINARY = new Uint8Array(128);
for (const char of ":#{}[]\"'`|>&*!%@\t") NOT_ORDINARY[char.charCodeAt(0)] = 1;
const NULL_WORDS = new Set(["~", "null", "Null", "NULL"]);
const BOOLEANS = new Map([
  ["true", true],
  ["True", true],
  ["TRUE", true],
  ["false", false],
  ["False", false],
  ["FALSE", false],
]);

/**
 * withoutComment on the value [from, to) (trimmed): the end of what is left of it once a ` # comment`
 * is dropped (spaces before it trimmed too; `from` when the value is only a comment), or -1 when a `#`
 * could be part of the value.
 */
function withoutCommentAt(source: string, from: number, to: number): number {
  if (from === to) return to;
  const first = source.charCodeAt(from);
  if (first === 35) return from;
  let hash = from;
  while (hash < to && source.charCodeAt(hash) !== 35) hash++;
  if (hash === to) return to;
  const quoted = first === 34 || first === 39;
  // The value holds a `#`: the first ` #` starts a comment; with none, only a quoted value may hold it.
  while (hash < to && !(source.charCodeAt(hash) === 35 && source.charCodeAt(hash - 1) === 32)) hash++;
  if (hash === to) return quoted ? to : -1;
  if (quoted || first === 91) return -1;
  let end = hash - 1;
  while (end > from && isBlank(source.charCodeAt(end - 1))) end--;
  return end;
}

/** A scalar [from, to) (trimmed) as the core schema reads it, or undefined when it is not one of the simple forms. */
function scalarAt(source: string, from: number, to: number): unknown {
  const length = to - from;
  if (length === 0) return null;
  const first = source.charCodeAt(from);
  const last = source.charCodeAt(to - 1);
  if (length >= 2 && first === 34 && last === 34) {
    for (let at = from + 1; at < to - 1; at++) {
      const code = source.charCodeAt(at);
      if (code === 34 || code === 92) return undefined;
    }
    return source.slice(from + 1, to - 1);
  }
  if (length >= 2 && first === 39 && last === 39) {
    for (let at = from + 1; at < to - 1; at++) if (source.charCodeAt(at) === 39) return undefined;
    return source.slice(from + 1, to - 1);
  }
  if (length <= 5) {
    const raw = source.slice(from, to);
    if (NULL_WORDS.has(raw)) return null;
    const bool = BOOLEANS.get(raw);
    if (bool !== undefined) return bool;
  }
  // CORE_SCHEMA has no timestamp type: a date stays a string.
  if (length === 10 && isIsoDateAt(source, from)) return source.slice(from, to);
  // What could be a number (`1_000`, `.inf`, `+1`…) starts with a digit or one of `-+.`, none of
  // which an ordinary plain scalar starts with: those go to js-yaml.
  if (first >= 128) {
    const raw = source.slice(from, to);
    return ORDINARY_PLAIN.test(raw) && last !== 32 ? raw : undefined;
  }
  if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122) || first === 95 || first === 47 || first === 40)) return undefined;
  for (let at = from + 1; at < to; at++) {
    const code = source.charCodeAt(at);
    if (code < 128 && NOT_ORDINARY[code] === 1) return undefined;
  }
  if (last === 32) return undefined;
  return source.slice(from, to);
}

/** `\d{4}-\d{2}-\d{2}` at `from`. */
function isIsoDateAt(source: string, from: number): boolean {
  for (let offset = 0; offset < 10; offset++) {
    const code = source.charCodeAt(from + offset);
    if (offset === 4 || offset === 7 ? code !== 45 : !(code >= 48 && code <= 57)) return false;
  }
  return true;
}

/** `[a, b, c]` on one line ([from, to), trimmed), items as `scalarAt` reads them (quoted items excluded). */
function flowSequenceAt(source: string, from: number, to: number): unknown[] | undefined {
  if (to - from < 2 || source.charCodeAt(to - 1) !== 93) return undefined;
  let innerStart = from + 1;
  let innerEnd = to - 1;
  while (innerStart < innerEnd && isBlank(source.charCodeAt(innerStart))) innerStart++;
  while (innerEnd > innerStart && isBlank(source.charCodeAt(innerEnd - 1))) innerEnd--;
  if (innerStart === innerEnd) return [];
  const items: unknown[] = [];
  let partStart = innerStart;
  while (partStart <= innerEnd) {
    let comma = partStart;
    while (comma < innerEnd && source.charCodeAt(comma) !== 44) comma++;
    let itemStart = partStart;
    let itemEnd = comma;
    while (itemStart < itemEnd && isBlank(source.charCodeAt(itemStart))) itemStart++;
    while (itemEnd > itemStart && isBlank(source.charCodeAt(itemEnd - 1))) itemEnd--;
    if (itemStart === itemEnd) return undefined;
    const first = source.charCodeAt(itemStart);
    if (first === 34 || first === 39) return undefined;
    const value = scalarAt(source, itemStart, itemEnd);
    if (value === undefined) return undefined;
    items.push(value);
    partStart = comma + 1;
  }
  return items;
}

/**
 * hasUnprintable or hasOtherWhitespace, in one pass: printable ASCII (most of any frontmatter) is
 * passed over with one comparison.
 */
function hasUnprintableOrOtherWhitespace(value: string): boolean {
  for (let at = 0; at < value.length; at++) {
    const code = value.charCodeAt(at);
    if (code >= 0x20 && code < 0x7f) continue;
    if (code < 0x20 ? code !== 9 && code !== 10 && code !== 13 : code <= 0x9f || code === 0xfeff || (code >= 0xd800 && code <= 0xdfff) || isOtherWhitespace(code)) return true;
  }
  return false;
}

/**
 * Whitespace other than space, tab and line breaks (`\v`, `\f`, no-break and other Unicode spaces):
 * `trim()` removes it, YAML keeps it as text, so such a block is left to the YAML parser.
 */
function isOtherWhitespace(code: number): boolean {
  return code === 11 || code === 12 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000;
}

/** `/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufeff\ud800-\udfff]/`, by character codes. */
export function hasUnprintable(value: string): boolean {
  for (let at = 0; at < value.length; at++) {
    const code = value.charCodeAt(at);
    if (code >= 0x20 && code < 0x7f) continue;
    if (code < 0x20 ? code !== 9 && code !== 10 && code !== 13 : code <= 0x9f || code === 0xfeff || (code >= 0xd800 && code <= 0xdfff)) return true;
  }
  return false;
}
