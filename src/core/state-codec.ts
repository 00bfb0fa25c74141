import type { CardState, Phase } from "./types";
import { parseYamlSnippet } from "./yaml";

/**
 * One card's state as one YAML line:
 *   `  Bias: {due: 2026-11-29T08:00:00Z, stability: 2.3065, difficulty: 2.1181, reps: 1, lapses: 0, state: review, step: 0, last: 2026-11-26T08:00:00Z}`
 * Encoding is deterministic, so the same state always gives the same bytes. Decoding takes a fast path
 * for lines in exactly this shape and falls back to a real YAML parse for anything a person or another
 * tool may have written.
 */

const PHASES: readonly Phase[] = ["new", "learning", "review", "relearning"];
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

export function encodeEntry(key: string, state: CardState): string {
  const fields = [
    `due: ${state.due}`,
    `stability: ${state.stability}`,
    `difficulty: ${state.difficulty}`,
    `reps: ${state.reps}`,
    `lapses: ${state.lapses}`,
    `state: ${state.state}`,
    `step: ${state.step}`,
  ];
  if (state.last_review !== null) fields.push(`last: ${state.last_review}`);
  return `${encodeKey(key)}: {${fields.join(", ")}}`;
}

// ---- keys ------------------------------------------------------------------------------------------

const PLAIN_KEY = /^[^\s\-?:,[\]{}#&*!|>'"%@`<=~+.0-9\\][^\t\n\r]*$/;
const RESERVED_PLAIN = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N)$/;

/** True when the key can stand unquoted and every YAML reader sees exactly this string. */
export function isPlainSafeKey(key: string): boolean {
  return (
    PLAIN_KEY.test(key) &&
    !RESERVED_PLAIN.test(key) &&
    key.trimEnd() === key &&
    !key.includes(": ") &&
    !key.includes(" #") &&
    !/[,[\]{}]/.test(key) &&
    !key.endsWith(":") &&
    !hasUnprintable(key)
  );
}

function hasUnprintable(value: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
  return /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]/.test(value);
}

export function encodeKey(key: string): string {
  if (isPlainSafeKey(key)) return key;
  let quoted = '"';
  for (const char of key) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"' || char === "\\") quoted += `\\${char}`;
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || code === 0xfeff || (code >= 0xd800 && code <= 0xdfff)) {
      quoted += `\\u${code.toString(16).padStart(4, "0")}`;
    } else quoted += char;
  }
  return `${quoted}"`;
}

// ---- decoding --------------------------------------------------------------------------------------

export type DecodedEntry =
  | { ok: true; key: string; state: CardState; indent: string }
  | { ok: false; key: string | null; message: string };

const FAST_LINE = /^([ \t]+)("(?:[^"\\]|\\["\\/bfnrtu])*"|[^"'\s][^\t]*?)[ \t]*:[ \t]+\{([^{}[\]"'#]*)\}[ \t]*$/;

/** Decodes one indented line of the state property. */
export function decodeEntryLine(line: string): DecodedEntry {
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
  const state = stateFromObject(data[key]);
  return typeof state === "string" ? { ok: false, key, message: `state of "${key}" can't be read: ${state}` } : { ok: true, key, state, indent };
}

function decodeFast(line: string): DecodedEntry | null {
  const match = canonicalLine(line) ?? FAST_LINE.exec(line);
  if (!match) return null;
  const [, indent, rawKey, body] = match;
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
  const fields: Record<string, unknown> = {};
  for (const part of body.split(",")) {
    const field = fastField(part.trim());
    if (!field) return null;
    const value = fastScalar(field[1]);
    if (value === undefined) return null;
    fields[field[0]] = value;
  }
  const state = stateFromObject(fields);
  return typeof state === "string" ? { ok: false, key, message: `state of "${key}" can't be read: ${state}` } : { ok: true, key, state, indent };
}

/**
 * The plain scalars our own lines contain, read exactly as YAML's core schema reads them; `undefined`
 * for anything else (`1e5`, `0x10`, `true`, ...), which then takes the YAML path.
 */
function fastScalar(raw: string): unknown {
  if (isDecimal(raw)) return Number(raw);
  if (ISO_INSTANT.test(raw)) return raw;
  if (raw === "null") return null;
  if (/^[a-z]+$/.test(raw) && !/^(?:true|false|yes|no|on|off|y|n)$/.test(raw)) return raw;
  return undefined;
}

// The fast path runs once per state line of every note read, so it avoids regular expressions where
// a few character tests say the same thing. Each helper states the expression it stands for; the test
// suite checks them against those expressions.

/**
 * The line exactly as `encodeEntry` writes it (indent, plain key, `: {`, fields, `}` ending the line),
 * split the way FAST_LINE would split it; null for anything else, which then goes through FAST_LINE.
 * Equivalent on the lines it accepts: a plain-safe key has no `{`, no `: ` and no trailing blank, so the
 * first `: {` ends the key, and the body may not hold `{`, so FAST_LINE's lazy key match ends there too.
 */
function canonicalLine(line: string): [string, string, string, string] | null {
  let indentEnd = 0;
  while (indentEnd < line.length && (line.charCodeAt(indentEnd) === 32 || line.charCodeAt(indentEnd) === 9)) indentEnd++;
  if (indentEnd === 0 || line.charCodeAt(indentEnd) === 34 || line.charCodeAt(line.length - 1) !== 125) return null;
  const colon = line.indexOf(": {", indentEnd);
  if (colon <= indentEnd) return null;
  const rawKey = line.slice(indentEnd, colon);
  if (!isPlainSafeKey(rawKey)) return null;
  const bodyEnd = line.length - 1;
  for (let at = colon + 3; at < bodyEnd; at++) {
    const code = line.charCodeAt(at);
    // [^{}[\]"'#]
    if (code === 123 || code === 125 || code === 91 || code === 93 || code === 34 || code === 39 || code === 35) return null;
  }
  return [line, line.slice(0, indentEnd), rawKey, line.slice(colon + 3, bodyEnd)];
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

/** The characters `\s` matches in a JavaScript regular expression. */
function isJsWhitespace(code: number): boolean {
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
  return {
    due,
    stability,
    difficulty,
    reps,
    lapses,
    state: state as Phase,
    step: (step) ?? 0,
    last_review: (last) ?? null,
  };
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
    a.last_review === b.last_review
  );
}
