import { FLAGS, type CardState, type Flag, type Phase } from "../types";
import { parseYamlSnippet } from "../notes/yaml";

/**
 * One card's state as one YAML line (design.md §2):
 *   `  Bias: {due: 2026-11-29T08:00:00Z, stability: 2.3065, difficulty: 2.1181, reps: 1, lapses: 0, state: review, last: 2026-11-26T08:00:00Z, id: k3f9q2, h: e5c0c1a}`
 * Encoding is deterministic, so the same state always gives the same bytes. Decoding takes a fast path
 * for lines in exactly this shape and falls back to a real YAML parse for anything a person or another
 * tool may have written.
 */

const PHASES: readonly Phase[] = ["new", "learning", "review", "relearning"];
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

export function encodeEntry(key: string, state: CardState): string {
  const body = entryBody(key, state);
  return `${body}, h: ${checksum(body)}}`;
}

/**
 * The line without its checksum and closing brace: every field ts-fsrs needs, then the fields that are
 * not at their default, in a fixed order, so the same state always gives the same bytes.
 */
function entryBody(key: string, state: CardState): string {
  let body = `${encodeKey(key)}: {due: ${state.due}, stability: ${state.stability}, difficulty: ${state.difficulty}, reps: ${state.reps}, lapses: ${state.lapses}, state: ${state.state}`;
  if (state.step !== 0) body += `, step: ${state.step}`;
  if (state.last_review !== null) body += `, last: ${state.last_review}`;
  if (state.suspended === true) body += ", suspended: true";
  if (state.flag !== undefined) body += `, flag: ${state.flag}`;
  if (state.leech === true) body += ", leech: true";
  if (state.id !== undefined) body += `, id: ${state.id}`;
  return body;
}

// ---- checksum --------------------------------------------------------------------------------------

/**
 * `h` (design.md §2): FNV-1a over the canonical line without `h`, as one hex letter and six hex digits:
 * 24 bits plus the letter's 2.3. The letter is never a digit and never `e`, so that no YAML reader takes
 * the value for a number (the `yaml` package's 1.1 schema reads `e116029` as a float). It covers the
 * key and every value, so a hand edit or a sync engine's character-level merge of two versions of the
 * line is found, while a line that only differs in spacing still verifies.
 */
export function checksum(body: string): string {
  return checksumText(fnv1a(body, 0, body.length));
}

/** FNV-1a over `text` [from, to), as an unsigned 32-bit number. */
function fnv1a(text: string, from: number, to: number): number {
  return fnv1aFrom(0x811c9dc5 | 0, text, from, to);
}

/** FNV-1a continued from `hash` over `text` [from, to). */
function fnv1aFrom(hash: number, text: string, from: number, to: number): number {
  for (let at = from; at < to; at++) hash = Math.imul(hash ^ text.charCodeAt(at), 0x01000193);
  return hash >>> 0;
}

function checksumText(hash: number): string {
  const letter = "abcdf"[(hash >>> 24) % 5];
  return letter + (hash & 0xffffff).toString(16).padStart(6, "0");
}

/** True when the checksum text at `from` (seven valid characters, see isChecksumTextAt) is checksumText(hash), without building that text. */
function checksumIsAt(text: string, from: number, hash: number): boolean {
  if (text.charCodeAt(from) !== "abcdf".charCodeAt((hash >>> 24) % 5)) return false;
  let value = 0;
  for (let at = from + 1; at < from + 7; at++) {
    const code = text.charCodeAt(at);
    value = value * 16 + (code <= 57 ? code - 48 : code - 87);
  }
  return value === (hash & 0xffffff);
}

/** True when `h` is what the writer would write for this key and state. */
export function checksumMatches(key: string, state: CardState, h: string): boolean {
  return checksum(entryBody(key, state)) === h;
}

// ---- card ids --------------------------------------------------------------------------------------

const ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
const ID_FIRST = "abcdfghijklmnopqrstuvwxyz";

/**
 * A new card id: a letter other than `e`, then five base36 characters (25 × 36⁵ ≈ 2³⁰·⁵), so no YAML
 * reader takes it for a number (see checksum). `random` returns values in [0, 1); tests pass a seeded one.
 */
export function newCardId(random: () => number = Math.random): string {
  let id = ID_FIRST[Math.floor(random() * 25)];
  for (let i = 0; i < 5; i++) id += ID_ALPHABET[Math.floor(random() * 36)];
  return id;
}

/** The state with an id: its own, or a new one for a card written for the first time. */
export function withCardId(state: CardState, random: () => number = Math.random): CardState {
  return state.id === undefined ? { ...state, id: newCardId(random) } : state;
}

/**
 * Ids as read: what the writer makes (see newCardId) and what a person or a test may have written by hand
 * (letters, digits, `_`, `-`; up to 64). Only the ids this program makes are promised to stay text in every
 * YAML reader.
 */
export function isCardId(value: string): boolean {
  return isCardIdAt(value, 0, value.length);
}

function isCardIdAt(text: string, from: number, to: number): boolean {
  if (to - from < 1 || to - from > 64) return false;
  for (let at = from; at < to; at++) {
    const code = text.charCodeAt(at);
    if (!((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || isDigit(code) || code === 95 || code === 45)) return false;
  }
  return true;
}

/**
 * An id-like plain scalar that every YAML reader keeps as text: lowercase letters, digits, `_`, `-`, starting
 * with a letter other than `e` (see checksum) and not one of YAML 1.1's boolean words.
 */
function isPlainIdText(raw: string): boolean {
  const first = raw.charCodeAt(0);
  if (first < 97 || first > 122 || first === 101) return false;
  for (let at = 1; at < raw.length; at++) {
    const code = raw.charCodeAt(at);
    if (!((code >= 97 && code <= 122) || isDigit(code) || code === 95 || code === 45)) return false;
  }
  return !/^(?:true|false|yes|no|on|off|y|n|null)$/.test(raw);
}

/** `h`'s form: seven characters at `from` (the caller checks there are seven). */
function isChecksumTextAt(text: string, from: number): boolean {
  const first = text.charCodeAt(from);
  if (first < 97 || first > 102 || first === 101) return false;
  for (let at = from + 1; at < from + 7; at++) {
    const code = text.charCodeAt(at);
    if (!(isDigit(code) || (code >= 97 && code <= 102))) return false;
  }
  return true;
}

// ---- keys ------------------------------------------------------------------------------------------

// Plain keys are checked with character tests rather than regular expressions: this runs for every
// state line read. In expression form it is:
//   /^[^\s\-?:,[\]{}#&*!|>'"%@`<=~+.0-9\\]/ for the first character, no `,[]{}`, no `: `, no ` #`, no
//   trailing whitespace or `:`, no unprintable character, and none of YAML's null/boolean words.
const RESERVED_PLAIN = new Set(["null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"]);
const NOT_FIRST = new Uint8Array(128);
for (const char of "-?:,[]{}#&*!|>'\"%@`<=~+.0123456789\\") NOT_FIRST[char.charCodeAt(0)] = 1;

/** True when the key can stand unquoted and every YAML reader sees exactly this string. */
export function isPlainSafeKey(key: string): boolean {
  return isPlainSafeKeyAt(key, 0, key.length);
}

/** isPlainSafeKey for the key [from, to) of `text`, without slicing it out. */
function isPlainSafeKeyAt(text: string, from: number, to: number): boolean {
  const length = to - from;
  if (length === 0) return false;
  const first = text.charCodeAt(from);
  if ((first < 128 && NOT_FIRST[first] === 1) || isJsWhitespace(first)) return false;
  const last = text.charCodeAt(to - 1);
  if (last === 58 || isJsWhitespace(last)) return false;
  if (length <= 5 && RESERVED_PLAIN.has(text.slice(from, to))) return false;
  for (let at = from; at < to; at++) {
    const code = text.charCodeAt(at);
    if (isUnsafeCharacter(code)) return false;
    if (code === 44 || code === 91 || code === 93 || code === 123 || code === 125) return false;
    if (at + 1 < to && code === 58 && text.charCodeAt(at + 1) === 32) return false; // ": "
    if (at + 1 < to && code === 32 && text.charCodeAt(at + 1) === 35) return false; // " #"
  }
  return true;
}

export function encodeKey(key: string): string {
  if (isPlainSafeKey(key)) return key;
  let quoted = '"';
  for (const char of key) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"' || char === "\\") quoted += `\\${char}`;
    else if (code <= 0xffff && isUnsafeCharacter(code)) quoted += `\\u${code.toString(16).padStart(4, "0")}`;
    else quoted += char;
  }
  return `${quoted}"`;
}

/**
 * Characters a key must not hold as they are: controls, line and paragraph separators, the BOM, and
 * what YAML 1.2 calls unprintable (U+FFFE, U+FFFF, lone surrogates; strict parsers reject those).
 * In a double-quoted key each is written as a `\\uXXXX` escape, which every YAML reader accepts.
 */
function isUnsafeCharacter(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || code === 0xfeff || code === 0xfffe || code === 0xffff || (code >= 0xd800 && code <= 0xdfff);
}

// ---- decoding --------------------------------------------------------------------------------------

/**
 * `checksum`: `valid` when `h` matches, `absent` for lines without `h` (older versions, hand written;
 * accepted as they are), `invalid` when it doesn't match (design.md §2a: never trusted silently).
 */
export type ChecksumStatus = "valid" | "absent" | "invalid";

export type DecodedEntry =
  | {
      ok: true;
      key: string;
      state: CardState;
      indent: string;
      checksum: ChecksumStatus;
      /** Set (true) when the line is exactly as the writer writes it. */
      canonical?: true;
      /** Set (true) on such a line when its key holds a YAML indicator (see the state block's `inert` lines). */
      activeKey?: true;
    }
  | { ok: false; key: string | null; message: string };

/** Decodes one indented line of the state property. */
export function decodeEntryLine(line: string): DecodedEntry {
  return decodeEntryAt(line, 0, line.length);
}

/** Decodes the line [start, end) of `text` (a note, or one line): the reader need not slice each line out first. */
export function decodeEntryAt(text: string, start: number, end: number): DecodedEntry {
  return decodeCanonical(text, start, end) ?? decodeOtherLine(start === 0 && end === text.length ? text : text.slice(start, end));
}

/**
 * The line [start, end) of `text` when it is exactly as the writer writes it (the common case), else
 * null: decodeEntryAt then reads it. Such a line holds no YAML indicator outside its key. `mark` sets
 * the entry's `canonical` (the state block's reader remembers which lines were in this form).
 */
export function decodeCanonicalEntryAt(text: string, start: number, end: number, mark = false): (DecodedEntry & { ok: true }) | null {
  const entry = decodeCanonical(text, start, end);
  if (entry !== null && mark) {
    entry.canonical = true;
    if (readKeyActive) entry.activeKey = true;
  }
  return entry;
}

/** Any line not in the writer's exact form: a simpler shape without regular expressions, else YAML. */
export function decodeOtherLine(line: string): DecodedEntry {
  const fast = decodeFast(line);
  if (fast) return fast;
  const indent = /^[ \t]*/.exec(line)?.[0] ?? "";
  const parsed = parseYamlSnippet(line.trim());
  if (!parsed.ok) return { ok: false, key: null, message: `state line can't be read: ${parsed.message}` };
  const data = parsed.data;
  if (!isPlainObject(data) || Object.keys(data).length !== 1) {
    return { ok: false, key: null, message: "state line is not `key: {fields}`" };
  }
  const key = Object.keys(data)[0];
  return decodedFrom(key, data[key], indent);
}

function decodedFrom(key: string, fields: unknown, indent: string): DecodedEntry {
  const state = stateFromObject(fields);
  if (typeof state === "string") return { ok: false, key, message: `state of "${key}" can't be read: ${state}` };
  const h = isPlainObject(fields) ? fields.h : undefined;
  return { ok: true, key, state, indent, checksum: h === undefined ? "absent" : typeof h === "string" && checksumMatches(key, state, h) ? "valid" : "invalid" };
}

/**
 * The line exactly as `encodeEntry` writes it, read field by field without building anything in
 * between: the path taken for almost every line. Null for any other shape (or an invalid value), which
 * then goes through decodeFast and the YAML fallback, and gets its error message there.
 *
 * When every value is written as the writer writes it (see decimal), the line's own characters from
 * the key to `, h: ` are exactly the checksummed text, so `h` is checked on them without encoding the
 * state again: the checksum is taken as the line is read, one pass over its characters.
 */
function decodeCanonical(text: string, start: number, end: number): (DecodedEntry & { ok: true }) | null {
  let keyStart = start;
  while (keyStart < end && text.charCodeAt(keyStart) === 32) keyStart++;
  if (keyStart === start) return null;
  const keyEnd = plainKeyEnd(text, keyStart, end);
  if (keyEnd < 0) return null;
  readCanonical = true;
  let at = literal(text, keyEnd, end, ": {due: ");
  const dueAt = at;
  at = instant(text, at, end);
  at = literal(text, at, end, ", stability: ");
  at = decimal(text, at, end);
  const stability = readNumber;
  at = literal(text, at, end, ", difficulty: ");
  at = decimal(text, at, end);
  const difficulty = readNumber;
  at = literal(text, at, end, ", reps: ");
  at = count(text, at, end);
  const reps = readNumber;
  at = literal(text, at, end, ", lapses: ");
  at = count(text, at, end);
  const lapses = readNumber;
  at = literal(text, at, end, ", state: ");
  at = phaseWord(text, at, end);
  if (at < 0 || stability < 0 || difficulty < 0) return null;
  const phase = readWord as Phase;
  // The optional fields, each at most once and in the writer's order: step, last, suspended, flag,
  // leech, id (then h). Which one `, ` introduces is told by its name's first letters; one out of order,
  // or any other name, ends them, and the line is then not canonical unless `h` and `}` follow.
  let step = 0;
  let lastAt = -1;
  let suspended = false;
  let flag: Flag | undefined;
  let leech = false;
  let idAt = -1;
  let nextField = 0;
  while (at >= 0 && at + 3 < end && text.charCodeAt(at) === 44 && text.charCodeAt(at + 1) === 32) {
    const name = text.charCodeAt(at + 2);
    const second = text.charCodeAt(at + 3);
    const field = name === 115 ? (second === 116 ? 0 : 2) : name === 108 ? (second === 97 ? 1 : 4) : name === 102 ? 3 : name === 105 ? 5 : -1;
    if (field < nextField) break;
    nextField = field + 1;
    if (field === 0) {
      at = count(text, literal(text, at, end, ", step: "), end);
      step = readNumber;
      // The writer leaves out `step: 0`.
      if (step === 0) readCanonical = false;
    } else if (field === 1) {
      lastAt = at + 8;
      at = instant(text, literal(text, at, end, ", last: "), end);
    } else if (field === 2) {
      suspended = true;
      at = literal(text, at, end, ", suspended: true");
    } else if (field === 3) {
      at = oneOf(text, literal(text, at, end, ", flag: "), end, FLAGS);
      flag = readWord as Flag;
    } else if (field === 4) {
      leech = true;
      at = literal(text, at, end, ", leech: true");
    } else {
      idAt = at + 6;
      at = wordEnd(text, literal(text, at, end, ", id: "), end);
      if (at < 0 || !isCardIdAt(text, idAt, at)) return null;
    }
  }
  const bodyEnd = at;
  const hash = readHash >>> 0;
  let hAt = -1;
  if (fieldAt(text, at, end, ", h: ")) {
    hAt = at + 5;
    at = valueEnd(text, hAt, end);
    if (at - hAt !== 7 || !isChecksumTextAt(text, hAt)) return null;
  }
  if (at < 0 || at + 1 !== end || text.charCodeAt(at) !== 125) return null;
  if (lastAt === -1 && phase !== "new") return null;
  const state: CardState = {
    due: text.slice(dueAt, dueAt + 20),
    stability,
    difficulty,
    reps,
    lapses,
    state: phase,
    step,
    last_review: lastAt === -1 ? null : text.slice(lastAt, lastAt + 20),
  };
  if (suspended) state.suspended = true;
  if (flag !== undefined) state.flag = flag;
  if (leech) state.leech = true;
  if (idAt !== -1) state.id = text.slice(idAt, bodyEnd);
  const key = text.slice(keyStart, keyEnd);
  const indentLength = keyStart - start;
  const indent = indentLength < SPACES.length ? SPACES[indentLength] : text.slice(start, keyStart);
  let checksum: ChecksumStatus = "absent";
  if (hAt !== -1) {
    const matches = readCanonical ? checksumIsAt(text, hAt, hash) : checksumMatches(key, state, text.slice(hAt, hAt + 7));
    checksum = matches ? "valid" : "invalid";
  }
  return { ok: true, key, state, indent, checksum };
}

/** Indentations of 0–8 spaces, so a canonical line's indentation is not sliced out each time. */
const SPACES = Array.from({ length: 9 }, (_, count) => " ".repeat(count));

// The readers of a canonical line: each takes a position (-1 passes through: a failed read fails the
// rest) and returns the position after what it read, or -1; a number read is left in `readNumber`, a
// word in `readWord`. Every character read is added to `readHash` (FNV-1a, see checksum).
// `readCanonical` turns false when a value is not written as the writer writes it. Characters are
// compared by their codes: `startsWith` is a call V8 does not inline, and a line holds a dozen fields.
let readNumber = 0;
let readWord = "";
let readCanonical = true;
let readHash = 0;

/** Set by plainKeyEnd: whether the key holds a character of ACTIVE_IN_KEY. */
let readKeyActive = false;

// How plainKeyEnd treats each ASCII character of a key.
const KEY_PLAIN = 0;
/** `,[]{}` and control characters: not in a plain key. */
const KEY_REJECT = 1;
/** `:` ends the key when a space follows. */
const KEY_COLON = 2;
/** A space may not be followed by `#`. */
const KEY_SPACE = 3;
/** A YAML indicator (see the state block's `inert` lines): allowed, noted in `readKeyActive`. */
const KEY_ACTIVE = 4;
const KEY_CHAR = new Uint8Array(128);
for (let code = 0; code < 0x20; code++) KEY_CHAR[code] = KEY_REJECT;
KEY_CHAR[0x7f] = KEY_REJECT;
for (const char of ",[]{}") KEY_CHAR[char.charCodeAt(0)] = KEY_REJECT;
KEY_CHAR[58] = KEY_COLON;
KEY_CHAR[32] = KEY_SPACE;
for (const char of "\"'\\#&*!|>%@`") KEY_CHAR[char.charCodeAt(0)] = KEY_ACTIVE;

/**
 * Where a plain-safe key starting at `from` ends (its first `: `, searched within the line only), or -1
 * when the line has none or the key is not plain-safe (isPlainSafeKey, checked in the same pass); starts
 * `readHash` over the key and sets `readKeyActive`.
 */
function plainKeyEnd(text: string, from: number, end: number): number {
  const first = text.charCodeAt(from);
  if (from >= end || (first < 128 && NOT_FIRST[first] === 1) || isJsWhitespace(first)) return -1;
  let hash = 0x811c9dc5 | 0;
  let active = false;
  let at = from;
  for (; at < end; at++) {
    const code = text.charCodeAt(at);
    if (code < 128) {
      const kind = KEY_CHAR[code];
      if (kind !== KEY_PLAIN) {
        if (kind === KEY_COLON) {
          if (text.charCodeAt(at + 1) === 32) break;
        } else if (kind === KEY_SPACE) {
          if (text.charCodeAt(at + 1) === 35) return -1; // " #"
        } else if (kind === KEY_REJECT) {
          return -1;
        } else {
          active = true;
        }
      }
    } else if (isUnsafeCharacter(code)) {
      return -1;
    }
    hash = Math.imul(hash ^ code, 0x01000193);
  }
  if (at >= end) return -1;
  const last = text.charCodeAt(at - 1);
  if (last === 58 || isJsWhitespace(last)) return -1;
  if (at - from <= 5 && RESERVED_PLAIN.has(text.slice(from, at))) return -1;
  readHash = hash;
  readKeyActive = active;
  return at;
}

/** `expected` at `at` (within the line), its characters added to `readHash`. */
function literal(text: string, at: number, end: number, expected: string): number {
  const length = expected.length;
  if (at < 0 || at + length > end) return -1;
  let hash = readHash;
  for (let offset = 0; offset < length; offset++) {
    const code = text.charCodeAt(at + offset);
    if (code !== expected.charCodeAt(offset)) return -1;
    hash = Math.imul(hash ^ code, 0x01000193);
  }
  readHash = hash;
  return at + length;
}

/** Whether `expected` is at `at` (within the line): which optional field comes next. Hashes nothing. */
function fieldAt(text: string, at: number, end: number, expected: string): boolean {
  const length = expected.length;
  if (at < 0 || at + length > end) return false;
  for (let offset = 0; offset < length; offset++) if (text.charCodeAt(at + offset) !== expected.charCodeAt(offset)) return false;
  return true;
}

/** `YYYY-MM-DDTHH:MM:SSZ`, the writer's whole-second form. */
function instant(text: string, at: number, end: number): number {
  if (at < 0 || at + 20 > end) return -1;
  let hash = readHash;
  for (let offset = 0; offset < 20; offset++) {
    const code = text.charCodeAt(at + offset);
    const expected = INSTANT_SHAPE.charCodeAt(offset);
    if (expected === 100 /* d */ ? !isDigit(code) : code !== expected) return -1;
    hash = Math.imul(hash ^ code, 0x01000193);
  }
  readHash = hash;
  return at + 20;
}

/** `-?(0|[1-9]\d*)(\.\d+)?` followed by `,` or `}`, as a number. */
function decimal(text: string, at: number, end: number): number {
  if (at < 0) return -1;
  const start = at;
  let hash = readHash;
  let code = text.charCodeAt(at);
  const negative = code === 45;
  if (negative) {
    hash = Math.imul(hash ^ code, 0x01000193);
    at++;
  }
  const integerStart = at;
  let value = 0;
  while (at < end) {
    code = text.charCodeAt(at);
    if (!isDigit(code)) break;
    value = value * 10 + (code - 48);
    hash = Math.imul(hash ^ code, 0x01000193);
    at++;
  }
  const integerDigits = at - integerStart;
  // `0|[1-9]\d*`: no empty integer part, no leading zero.
  if (integerDigits === 0 || (integerDigits > 1 && text.charCodeAt(integerStart) === 48)) return -1;
  let digits = integerDigits;
  let scale = 1;
  if (at < end && text.charCodeAt(at) === 46) {
    hash = Math.imul(hash ^ 46, 0x01000193);
    const fractionStart = ++at;
    while (at < end) {
      code = text.charCodeAt(at);
      if (!isDigit(code)) break;
      value = value * 10 + (code - 48);
      scale *= 10;
      hash = Math.imul(hash ^ code, 0x01000193);
      at++;
    }
    if (at === fractionStart) return -1;
    digits += at - fractionStart;
    // `1.50` and `2.0` are written `1.5` and `2`.
    if (text.charCodeAt(at - 1) === 48) readCanonical = false;
  }
  const next = at < end ? text.charCodeAt(at) : NaN;
  if (next !== 44 && next !== 125) return -1;
  readHash = hash;
  // Up to 15 digits the integer is exact and so is 10^k; their quotient is then correctly rounded,
  // i.e. exactly what Number() makes of the text. Longer numbers go through Number() itself.
  if (digits > 15) {
    readCanonical = false;
    readNumber = Number(text.slice(start, at));
    return at;
  }
  const result = value / scale;
  // With at most 15 digits the text is the shortest form of its number, which is how JavaScript
  // writes it — except for `-0` (written `0`) and numbers below 1e-6 (written with an exponent).
  if ((negative && value === 0) || (result !== 0 && result < 1e-6)) readCanonical = false;
  readNumber = negative ? -result : result;
  return at;
}

/** A whole number ≥ 0 (`decimal` with no fraction's worth). */
function count(text: string, at: number, end: number): number {
  at = decimal(text, at, end);
  return at >= 0 && Number.isInteger(readNumber) && readNumber >= 0 ? at : -1;
}

/** One of `words`, followed by `,` or `}`; the word (the constant itself) is left in `readWord` and hashed. */
function oneOf(text: string, at: number, end: number, words: readonly string[]): number {
  if (at < 0) return -1;
  for (const word of words) {
    const wordEnd = at + word.length;
    if (wordEnd >= end || !fieldAt(text, at, end, word)) continue;
    const next = text.charCodeAt(wordEnd);
    if (next !== 44 && next !== 125) continue;
    readWord = word;
    return literal(text, at, end, word);
  }
  return -1;
}

/** The phase (oneOf PHASES), told apart by its first letter. */
function phaseWord(text: string, at: number, end: number): number {
  if (at < 0) return -1;
  const first = text.charCodeAt(at);
  const word = first === 114 ? (text.charCodeAt(at + 2) === 118 ? "review" : "relearning") : first === 110 ? "new" : first === 108 ? "learning" : "";
  if (word === "") return -1;
  const wordEnd = at + word.length;
  if (wordEnd >= end || !fieldAt(text, at, end, word)) return -1;
  const next = text.charCodeAt(wordEnd);
  if (next !== 44 && next !== 125) return -1;
  readWord = word;
  return literal(text, at, end, word);
}

/** Where the value starting at `at` ends: the next `,` or `}` (or the end of the line); its characters go into `readHash`. */
function wordEnd(text: string, at: number, end: number): number {
  if (at < 0) return -1;
  let hash = readHash;
  for (; at < end; at++) {
    const code = text.charCodeAt(at);
    if (code === 44 || code === 125) break;
    hash = Math.imul(hash ^ code, 0x01000193);
  }
  readHash = hash;
  return at;
}

/** wordEnd without hashing (the checksum's own value). */
function valueEnd(text: string, at: number, end: number): number {
  while (at < end && text.charCodeAt(at) !== 44 && text.charCodeAt(at) !== 125) at++;
  return at;
}

const INSTANT_SHAPE = "dddd-dd-ddTdd:dd:ddZ";

function decodeFast(line: string): DecodedEntry | null {
  const match = splitEntryLine(line);
  if (!match) return null;
  const [indent, rawKey, body] = match;
  let key: string;
  if (rawKey.startsWith('"')) {
    try {
      key = JSON.parse(rawKey) as string;
    } catch {
      return null;
    }
  } else {
    if (!isPlainSafeKey(rawKey)) return null;
    key = rawKey;
  }
  // Field names are data too: `__proto__: 1` must not reach an object's prototype slot.
  const fields: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const part of body.split(",")) {
    const field = fastField(part.trim());
    if (!field) return null;
    const value = fastScalar(field[1]);
    if (value === undefined) return null;
    fields[field[0]] = value;
  }
  return decodedFrom(key, fields, indent);
}

/**
 * The plain scalars our own lines contain, read exactly as YAML's core schema reads them; `undefined`
 * for anything else (`1e5`, `0x10`, `true`, ...), which then takes the YAML path.
 */
function fastScalar(raw: string): unknown {
  if (isDecimal(raw)) return Number(raw);
  if (ISO_INSTANT.test(raw)) return raw;
  if (raw === "null") return null;
  if (raw === "true") return true;
  if (raw === "false") return false;
  if (isPlainIdText(raw)) return raw;
  if (/^[a-z]+$/.test(raw) && !/^(?:true|false|yes|no|on|off|y|n)$/.test(raw)) return raw;
  return undefined;
}

// The fast path runs once per state line of every note read, so it avoids regular expressions where
// a few character tests say the same thing. Each helper states the expression it stands for; the test
// suite checks them against those expressions.

/**
 * `key: {fields}` split into [indent, raw key, fields] as this expression would split it, or null:
 *
 *   /^([ \t]+)("(?:[^"\\]|\\["\\/bfnrtu])*"|[^"'\s][^\t]*?)[ \t]*:[ \t]+\{([^{}[\]"'#]*)\}[ \t]*$/
 *
 * in time linear in the line, whatever it holds (the expression backtracks quadratically over a long
 * run of blanks). Its tail `[ \t]*:[ \t]+\{…\}[ \t]*$` holds no `{` after its own, so that `{` is the
 * line's last one; the colon and the blanks before it follow from there, and the lazy key is the
 * shortest one that leaves exactly that tail.
 */
export function splitEntryLine(line: string): [string, string, string] | null {
  const length = line.length;
  let keyStart = 0;
  while (keyStart < length && isSpaceOrTab(line.charCodeAt(keyStart))) keyStart++;
  if (keyStart === 0 || keyStart === length) return null;
  // `\{([^{}[\]"'#]*)\}[ \t]*$`: after the last `{`, a body free of those characters, `}`, then blanks.
  const open = line.lastIndexOf("{");
  if (open <= keyStart) return null;
  let close = open + 1;
  while (close < length && !isBodyStop(line.charCodeAt(close))) close++;
  if (close === length || line.charCodeAt(close) !== 125) return null;
  for (let at = close + 1; at < length; at++) if (!isSpaceOrTab(line.charCodeAt(at))) return null;
  // `[ \t]*:[ \t]+` before it.
  let colon = open - 1;
  while (colon > keyStart && isSpaceOrTab(line.charCodeAt(colon))) colon--;
  if (colon === open - 1 || line.charCodeAt(colon) !== 58) return null;
  let keyEnd = colon;
  while (keyEnd > keyStart && isSpaceOrTab(line.charCodeAt(keyEnd - 1))) keyEnd--;
  const first = line.charCodeAt(keyStart);
  if (first === 34) {
    // A double-quoted key ends at its first unescaped quote, and only blanks may follow it.
    let at = keyStart + 1;
    while (at < length) {
      const code = line.charCodeAt(at);
      if (code === 34) break;
      if (code === 92) {
        const escaped = line.charCodeAt(at + 1);
        // \" \\ \/ \b \f \n \r \t \u
        if (escaped !== 34 && escaped !== 92 && escaped !== 47 && escaped !== 98 && escaped !== 102 && escaped !== 110 && escaped !== 114 && escaped !== 116 && escaped !== 117) return null;
        at += 2;
      } else at++;
    }
    if (at >= length || at + 1 !== keyEnd) return null;
    return [line.slice(0, keyStart), line.slice(keyStart, keyEnd), line.slice(open + 1, close)];
  }
  // `[^"'\s][^\t]*?`: at least one character, the first no quote or blank, then no tab.
  if (first === 39 || isJsWhitespace(first)) return null;
  if (keyEnd === keyStart) keyEnd = keyStart + 1;
  if (keyEnd > colon) return null;
  const tab = line.indexOf("\t", keyStart + 1);
  if (tab !== -1 && tab < keyEnd) return null;
  return [line.slice(0, keyStart), line.slice(keyStart, keyEnd), line.slice(open + 1, close)];
}

/** `[{}[\]"'#]`: what may not stand in a one-line state's fields. */
function isBodyStop(code: number): boolean {
  return code === 123 || code === 125 || code === 91 || code === 93 || code === 34 || code === 39 || code === 35;
}

function isSpaceOrTab(code: number): boolean {
  return code === 32 || code === 9;
}

/** `/^([a-z_]+): ([^\s,]+)$/` → [name, value], or null. */
function fastField(part: string): [string, string] | null {
  let nameEnd = 0;
  for (; nameEnd < part.length; nameEnd++) {
    const code = part.charCodeAt(nameEnd);
    if (!((code >= 97 && code <= 122) || code === 95)) break;
  }
  if (nameEnd === 0 || part.charCodeAt(nameEnd) !== 58 || part.charCodeAt(nameEnd + 1) !== 32 || nameEnd + 2 >= part.length) return null;
  for (let at = nameEnd + 2; at < part.length; at++) {
    const code = part.charCodeAt(at);
    if (code === 44 || isJsWhitespace(code)) return null;
  }
  return [part.slice(0, nameEnd), part.slice(nameEnd + 2)];
}

/** The characters `\s` matches in a JavaScript regular expression (and `trim()` removes). */
export function isJsWhitespace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** `/^-?(?:0|[1-9]\d*)(?:\.\d+)?$/` */
function isDecimal(raw: string): boolean {
  let at = raw.charCodeAt(0) === 45 ? 1 : 0;
  const first = raw.charCodeAt(at);
  if (first === 48) at++;
  else if (first >= 49 && first <= 57) {
    at++;
    while (at < raw.length && isDigit(raw.charCodeAt(at))) at++;
  } else return false;
  if (at === raw.length) return true;
  if (raw.charCodeAt(at) !== 46) return false;
  const fractionStart = ++at;
  while (at < raw.length && isDigit(raw.charCodeAt(at))) at++;
  return at > fractionStart && at === raw.length;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Validates a decoded YAML value as a CardState; returns the reason as a string when it isn't one. */
export function stateFromObject(value: unknown): CardState | string {
  if (!isPlainObject(value)) return "expected {due, stability, difficulty, reps, lapses, state, step, last}";
  const { due, stability, difficulty, reps, lapses, state, step, last } = value;
  if (typeof due !== "string" || !ISO_INSTANT.test(due)) return "`due` must be an ISO-8601 UTC time";
  if (!isFiniteNumber(stability) || stability < 0) return "`stability` must be a number ≥ 0";
  if (!isFiniteNumber(difficulty) || difficulty < 0) return "`difficulty` must be a number ≥ 0";
  if (!isCount(reps)) return "`reps` must be a whole number ≥ 0";
  if (!isCount(lapses)) return "`lapses` must be a whole number ≥ 0";
  if (typeof state !== "string" || !PHASES.includes(state as Phase)) return "`state` must be new, learning, review or relearning";
  if (step !== undefined && !isCount(step)) return "`step` must be a whole number ≥ 0";
  if (last !== undefined && last !== null && (typeof last !== "string" || !ISO_INSTANT.test(last))) {
    return "`last` must be an ISO-8601 UTC time";
  }
  if (last == null && state !== "new") return "`last` is missing for a card that was reviewed";
  const { suspended, flag, leech, id } = value;
  if (suspended !== undefined && typeof suspended !== "boolean") return "`suspended` must be true or false";
  if (leech !== undefined && typeof leech !== "boolean") return "`leech` must be true or false";
  if (flag !== undefined && flag !== null && (typeof flag !== "string" || !(FLAGS as readonly string[]).includes(flag))) return `\`flag\` must be one of ${FLAGS.join(", ")}`;
  if (id !== undefined && (typeof id !== "string" || !isCardId(id))) return "`id` must be a short id of letters and digits";
  const result: CardState = {
    due,
    stability,
    difficulty,
    reps,
    lapses,
    state: state as Phase,
    step: (step) ?? 0,
    last_review: (last) ?? null,
  };
  if (suspended === true) result.suspended = true;
  if (typeof flag === "string") result.flag = flag as Flag;
  if (leech === true) result.leech = true;
  if (typeof id === "string") result.id = id;
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function isCount(value: unknown): value is number {
  return isFiniteNumber(value) && Number.isInteger(value) && value >= 0;
}

export function sameState(a: CardState | null, b: CardState | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.due === b.due &&
    a.stability === b.stability &&
    a.difficulty === b.difficulty &&
    a.reps === b.reps &&
    a.lapses === b.lapses &&
    a.state === b.state &&
    a.step === b.step &&
    a.last_review === b.last_review &&
    a.id === b.id &&
    (a.suspended === true) === (b.suspended === true) &&
    a.flag === b.flag &&
    (a.leech === true) === (b.leech === true)
  );
}
