import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checksumMatches, decodeEntryLine, encodeEntry, isPlainSafeKey, splitEntryLine, stateFromObject, type DecodedEntry } from "../../src/core/state/state-codec";
import { instantMs } from "../../src/core/scheduling/day";
import { FLAGS, type CardState, type Phase } from "../../src/core/types";
import { parseYamlSnippet } from "../../src/core/notes/yaml";

// The state-line decoder's fast path replaced regular expressions with character tests (it runs for every
// state line of every note read; see bench/). This is the decoder as it was, regexes and all: the new one
// must agree with it on every line, canonical or not.
const FAST_LINE = /^([ \t]+)("(?:[^"\\]|\\["\\/bfnrtu])*"|[^"'\s][^\t]*?)[ \t]*:[ \t]+\{([^{}[\]"'#]*)\}[ \t]*$/;
const FAST_FIELD = /^([a-z_]+): ([^\s,]+)$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

function referenceDecode(line: string): DecodedEntry {
  const fast = referenceFast(line);
  if (fast) return fast;
  const indent = /^[ \t]*/.exec(line)?.[0] ?? "";
  const parsed = parseYamlSnippet(line.trim());
  if (!parsed.ok) return { ok: false, key: null, message: `state line can't be read: ${parsed.message}` };
  const data = parsed.data;
  if (typeof data !== "object" || data === null || Array.isArray(data) || Object.keys(data).length !== 1) {
    return { ok: false, key: null, message: "state line is not `key: {fields}`" };
  }
  const key = Object.keys(data)[0];
  return referenceEntry(key, (data as Record<string, unknown>)[key], indent);
}

function referenceEntry(key: string, fields: unknown, indent: string): DecodedEntry {
  const state = stateFromObject(fields);
  if (typeof state === "string") return { ok: false, key, message: `state of "${key}" can't be read: ${state}` };
  const h = (fields as Record<string, unknown>).h;
  const checksum = h === undefined ? "absent" : typeof h === "string" && checksumMatches(key, state, h) ? "valid" : "invalid";
  return { ok: true, key, state, indent, checksum };
}

function referenceFast(line: string): DecodedEntry | null {
  const match = FAST_LINE.exec(line);
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
    const field = FAST_FIELD.exec(part.trim());
    if (!field) return null;
    const value = referenceScalar(field[2]);
    if (value === undefined) return null;
    fields[field[1]] = value;
  }
  return referenceEntry(key, fields, indent);
}

function referenceScalar(raw: string): unknown {
  if (/^-?(?:0|[1-9]\d*)(?:\.\d+)?$/.test(raw)) return Number(raw);
  if (ISO_INSTANT.test(raw)) return raw;
  if (raw === "null") return null;
  if (raw === "true") return true;
  if (raw === "false") return false;
  if (/^[a-df-z][a-z0-9_-]*$/.test(raw) && !/^(?:true|false|yes|no|on|off|y|n|null)$/.test(raw)) return raw;
  if (/^[a-z]+$/.test(raw) && !/^(?:true|false|yes|no|on|off|y|n)$/.test(raw)) return raw;
  return undefined;
}

const PHASES: Phase[] = ["new", "learning", "review", "relearning"];
const instant = fc.integer({ min: 0, max: 4_102_444_800 }).map((s) => new Date(s * 1000).toISOString().replace(".000Z", "Z"));
const decimal = fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 10_000);
const state: fc.Arbitrary<CardState> = fc.record({
  due: instant,
  stability: decimal,
  difficulty: decimal,
  reps: fc.nat(1000),
  lapses: fc.nat(1000),
  state: fc.constantFrom(...PHASES),
  step: fc.nat(5),
  last_review: fc.option(instant, { nil: null }),
  id: fc.option(fc.stringMatching(/^[a-df-z][a-z0-9]{5}$/), { nil: undefined }),
  suspended: fc.option(fc.constant(true), { nil: undefined }),
  flag: fc.option(fc.constantFrom(...FLAGS), { nil: undefined }),
  leech: fc.option(fc.constant(true), { nil: undefined }),
}, { requiredKeys: ["due", "stability", "difficulty", "reps", "lapses", "state", "step", "last_review"] });
// Characters that matter to either decoder, plus unicode blanks that `\s` matches.
const tricky = fc.constantFrom(..."{}[]\"'#,:; \t-.0123456789azZT_\\\u00a0\u2028\u3000\ufeffé?!&*|>%@`<=~+".split(""));
const key = fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.string({ unit: tricky, minLength: 1, maxLength: 12 }), fc.constantFrom("Bias", "What is 2+2?", "null", "Text (2)"));

function mutate(line: string, edits: [number, number, string][]): string {
  let out = line;
  for (const [at, remove, insert] of edits) {
    const position = at % (out.length + 1);
    out = out.slice(0, position) + insert + out.slice(position + remove);
  }
  return out;
}

describe("state line decoder: fast path agrees with the regex decoder it replaced", () => {
  it("on lines as the writer writes them", () => {
    fc.assert(
      fc.property(key, state, fc.constantFrom("  ", "    ", "\t", " \t"), (k, s, indent) => {
        const line = indent + encodeEntry(k, s);
        const decoded = decodeEntryLine(line);
        expect(decoded).toEqual(referenceDecode(line));
        expect(decoded.ok).toBe(s.state === "new" || s.last_review !== null);
      }),
      { numRuns: 3000 },
    );
  });

  it("on those lines edited at random", () => {
    const edit = fc.tuple(fc.nat(400), fc.nat(3), fc.string({ unit: tricky, maxLength: 3 }));
    fc.assert(
      fc.property(key, state, fc.array(edit, { minLength: 1, maxLength: 4 }), (k, s, edits) => {
        const line = mutate(`  ${encodeEntry(k, s)}`, edits);
        expect(decodeEntryLine(line)).toEqual(referenceDecode(line));
      }),
      { numRuns: 5000 },
    );
  });

  it("on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: tricky, maxLength: 60 }), (tail) => {
        const line = `  k${tail}`;
        expect(decodeEntryLine(line)).toEqual(referenceDecode(line));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("state line splitter: the expression it stands for, in linear time (issue 10, leftover b)", () => {
  const shapes = fc.constantFrom(..." \t:{}\"'\\#[],a".split(""));
  it("splits every line exactly as FAST_LINE does", () => {
    fc.assert(
      fc.property(fc.constantFrom(" ", "  ", "\t", ""), fc.string({ unit: fc.oneof(shapes, tricky), maxLength: 40 }), (indent, rest) => {
        const line = indent + rest;
        expect(splitEntryLine(line)).toEqual(FAST_LINE.exec(line)?.slice(1) ?? null);
      }),
      { numRuns: 20000 },
    );
  });

  it.each([
    ["keys with colons and braces", "  a: {b}: {c: 1}"],
    ["a quoted key with escapes", '  "a\\"b": {c: 1}'],
    ["blanks between key and colon", "  key \t : \t{c: 1} \t"],
    ["a tab inside a plain key", "  a\tb: {c: 1}"],
  ])("and on %s", (_name, line) => {
    expect(splitEntryLine(line)).toEqual(FAST_LINE.exec(line)?.slice(1) ?? null);
  });

  it.each([
    ["a long run of blanks inside the key", `  a${" ".repeat(200_000)}x: {due: 1}`],
    ["a long run of blanks and no colon", `  a${" ".repeat(200_000)}x`],
    ["a key of colons and blanks", `  a${": ".repeat(100_000)}{`],
    ["blanks after the brace", `  a: {${" ".repeat(200_000)}`],
    ["many opening braces", `  a${": {".repeat(70_000)}x}`],
    ["an unterminated quoted key of escapes", `  "${"\\\"".repeat(70_000)}`],
  ])("a 200 KB line of %s is split (and decoded) in well under a second", (_name, line) => {
    const started = performance.now();
    splitEntryLine(line);
    expect(performance.now() - started).toBeLessThan(1000);
    // The whole decoder, YAML fallback included, stays bounded too (generous: the machine is shared).
    const decodeStarted = performance.now();
    decodeEntryLine(line);
    expect(performance.now() - decodeStarted).toBeLessThan(5000);
  }, 30_000);
});

describe("instantMs: reads canonical instants as Date.parse does", () => {
  const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, "0"));
  it("on ISO-like strings, valid or not", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), two(14), two(33), two(25), two(61), two(61), fc.constantFrom("Z", "Z", ".5Z", "+01:00", ""), (y, mo, d, h, mi, s, end) => {
        const iso = `${String(y).padStart(4, "0")}-${mo}-${d}T${h}:${mi}:${s}${end}`;
        expect(Object.is(instantMs(iso), Date.parse(iso))).toBe(true);
      }),
      { numRuns: 20000 },
    );
  });
  it("on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 22 }), (text) => {
        expect(Object.is(instantMs(text), Date.parse(text))).toBe(true);
      }),
    );
  });
});
