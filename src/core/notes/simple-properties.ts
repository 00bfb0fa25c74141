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
  if (hasUnprintable(source) || hasOtherWhitespace(source)) return null;
  const result: Record<string, unknown> = {};
  let listKey: string | null = null;
  let listIndent = -1;
  let position = 0;
  const length = source.length;
  // Each line is looked at by character codes where it can be (blank, comment, indentation, key): no
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
      const item = scalar(source.slice(contentStart + 1, end).trim());
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
    if (key === "__proto__" || Object.prototype.hasOwnProperty.call(result, key)) return null;
    // After the colon: the end of the line (before a CR line ending) or a space.
    const rawEnd = lineEnd > lineStart && source.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    if (colon + 1 < rawEnd && source.charCodeAt(colon + 1) !== 32) return null;
    const value = withoutComment(source.slice(colon + 1, end).trim());
    if (value === undefined) return null;
    if (value === "") {
      result[key] = [];
      listKey = key;
      continue;
    }
    const parsed = value.startsWith("[") ? flowSequence(value) : scalar(value);
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
const NULL_WORDS = new Set(["~", "null", "Null", "NULL"]);
const BOOLEANS = new Map([
  ["true", true],
  ["True", true],
  ["TRUE", true],
  ["false", false],
  ["False", false],
  ["FALSE", false],
]);
/** Strings the core schema would read as numbers (or could): `.inf`, `1_000`, `0x1F`, `+1`… */
const NUMBER_LIKE = /^[-+.]?[0-9]|^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `value # comment` → `value`; undefined when a `#` could be part of the value. */
function withoutComment(value: string): string | undefined {
  if (value.startsWith("#")) return "";
  const hash = value.indexOf(" #");
  if (hash === -1) return value.includes("#") && !isQuoted(value) ? undefined : value;
  if (isQuoted(value) || value.startsWith("[")) return undefined;
  return value.slice(0, hash).trimEnd();
}

function isQuoted(value: string): boolean {
  return value.startsWith('"') || value.startsWith("'");
}

/** A scalar as the core schema reads it, or undefined when it is not one of the simple forms. */
function scalar(raw: string): unknown {
  if (raw === "") return null;
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    const inner = raw.slice(1, -1);
    return /["\\]/.test(inner) ? undefined : inner;
  }
  if (raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'")) {
    const inner = raw.slice(1, -1);
    return inner.includes("'") ? undefined : inner;
  }
  if (NULL_WORDS.has(raw)) return null;
  const bool = BOOLEANS.get(raw);
  if (bool !== undefined) return bool;
  if (ISO_DATE.test(raw)) return raw; // CORE_SCHEMA has no timestamp type: a date stays a string
  if (NUMBER_LIKE.test(raw)) return undefined;
  if (!ORDINARY_PLAIN.test(raw) || raw.endsWith(" ")) return undefined;
  return raw;
}

/** `[a, b, c]` on one line, items as `scalar` reads them (quoted items excluded). */
function flowSequence(raw: string): unknown[] | undefined {
  if (!raw.endsWith("]")) return undefined;
  const inner = raw.slice(1, -1).trim();
  if (inner === "") return [];
  const items: unknown[] = [];
  for (const part of inner.split(",")) {
    const item = part.trim();
    if (item === "" || isQuoted(item)) return undefined;
    const value = scalar(item);
    if (value === undefined) return undefined;
    items.push(value);
  }
  return items;
}

/**
 * Whitespace other than space, tab and line breaks (`\v`, `\f`, no-break and other Unicode spaces):
 * `trim()` removes it, YAML keeps it as text, so such a block is left to the YAML parser.
 */
function hasOtherWhitespace(value: string): boolean {
  for (let at = 0; at < value.length; at++) {
    const code = value.charCodeAt(at);
    if (code === 11 || code === 12 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000) return true;
  }
  return false;
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
