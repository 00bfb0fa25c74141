import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeEntryLine, encodeEntry, encodeKey, isPlainSafeKey, sameState, stateFromObject } from "../../src/core/state/state-codec";
import type { CardState } from "../../src/core/types";
import { parseYamlSnippet } from "../../src/core/notes/yaml";
import { state } from "../support/builders";

/** What a general YAML reader makes of the line: the reference the fast path must agree with. */
function decodeByYaml(line: string): { key: string; state: CardState | string } {
  const parsed = parseYamlSnippet(line.trim());
  if (!parsed.ok) throw new Error(parsed.message);
  const data = parsed.data as Record<string, unknown>;
  const [key] = Object.keys(data);
  return { key, state: stateFromObject(data[key]) };
}

describe("encodeEntry", () => {
  it("writes one flow line, fields in a fixed order, state as a word", () => {
    expect(encodeEntry("Bias", state())).toBe(
      "Bias: {due: 2026-11-29T08:00:00Z, stability: 2.3065, difficulty: 2.1181, reps: 1, lapses: 0, state: review, last: 2026-11-26T08:00:00Z, h: f9b214b}",
    );
  });

  it("omits `last` for a card never reviewed", () => {
    expect(encodeEntry("Q", state({ state: "new", reps: 0, stability: 0, difficulty: 0, last_review: null }))).toBe(
      "Q: {due: 2026-11-29T08:00:00Z, stability: 0, difficulty: 0, reps: 0, lapses: 0, state: new, h: cd5cba9}",
    );
  });

  it("is deterministic", () => {
    expect(encodeEntry("a: b", state())).toBe(encodeEntry("a: b", { ...state() }));
  });
});

describe("encodeKey", () => {
  const cases: { name: string; input: string; expected: string }[] = [
    { name: "plain words", input: "Bias", expected: "Bias" },
    { name: "spaces inside", input: "Need new theory", expected: "Need new theory" },
    { name: "apostrophe inside", input: "doesn't", expected: "doesn't" },
    { name: "unicode letters", input: "Größe 日本語", expected: "Größe 日本語" },
    { name: "astral characters are quoted, not escaped", input: "party 🎉", expected: '"party 🎉"' },
    { name: "double quotes inside a plain key", input: 'say "hi"', expected: 'say "hi"' },
    { name: "colon-space", input: "a: b", expected: '"a: b"' },
    { name: "space-hash", input: "C #sharp", expected: '"C #sharp"' },
    { name: "leading #", input: "#tag", expected: '"#tag"' },
    { name: "wiki link", input: "[[Link]]", expected: '"[[Link]]"' },
    { name: "braces", input: "a {b}", expected: '"a {b}"' },
    { name: "comma", input: "a, b", expected: '"a, b"' },
    { name: "leading double quote: quoted and escaped", input: '"hi" said', expected: '"\\"hi\\" said"' },
    { name: "leading backslash: quoted and escaped", input: "\\n start", expected: '"\\\\n start"' },
    { name: "backslash inside a plain key", input: "a\\b", expected: "a\\b" },
    { name: "leading space", input: " lead", expected: '" lead"' },
    { name: "trailing space", input: "trail ", expected: '"trail "' },
    { name: "trailing colon", input: "Why:", expected: '"Why:"' },
    { name: "true", input: "true", expected: '"true"' },
    { name: "null", input: "null", expected: '"null"' },
    { name: "integer", input: "123", expected: '"123"' },
    { name: "float", input: "1.5", expected: '"1.5"' },
    { name: "dash", input: "- item", expected: '"- item"' },
    { name: "empty", input: "", expected: '""' },
    { name: "tab inside", input: "a\tb", expected: '"a\\u0009b"' },
    { name: "line separator", input: "a\u2028b", expected: '"a\\u2028b"' },
  ];
  it.each(cases)("$name", ({ input, expected }) => {
    expect(encodeKey(input)).toBe(expected);
  });

  const roundTrip = [
    ...cases.map((c) => c.input),
    "a:b", "a#b", "yes", "No", "~", "Y", "0x1F", "1e3", ".5", "-1", "2026-01-01", "<<", "=", "? q", "! bang", "& anchor", "* star",
    "| pipe", "> gt", "% pct", "@ at", "`tick`", "'single'", "it's: here", "Text (2)", "__proto__", "constructor", "a\\\\b", "\\u0041",
    "Q?", "100%", "a -> b", "x = y + z", "[x] done", "é\u0301", "\ud83c\udf89 party",
  ];
  it.each(roundTrip)("key %j reads back exactly through YAML and the line decoder", (key) => {
    expect(decodeEntryLine(`  ${encodeEntry(key, state())}`)).toEqual({ ok: true, key, state: state(), indent: "  ", checksum: "valid" });
    // js-yaml 3 turns a `__proto__` key into the object's prototype; only the line decoder is asked.
    if (key === "__proto__") return;
    const parsed = parseYamlSnippet(`${encodeKey(key)}: 1`);
    expect(parsed.ok).toBe(true);
    const data = parsed.ok ? (parsed.data as Record<string, unknown>) : {};
    expect(Object.getOwnPropertyNames(data)).toEqual([key]);
    expect(decodeEntryLine(`  ${encodeEntry(key, state())}`)).toEqual({ ok: true, key, state: state(), indent: "  ", checksum: "valid" });
  });

  it("plain-safe keys are really read as the same string by YAML (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 20 }), (key) => {
        const decoded = decodeEntryLine(`  ${encodeEntry(key, state())}`);
        expect(decoded).toEqual({ ok: true, key, state: state(), indent: "  ", checksum: "valid" });
        if (key !== "__proto__") expect(decodeByYaml(`  ${encodeEntry(key, state())}`).key).toBe(key);
        if (isPlainSafeKey(key)) expect(encodeKey(key)).toBe(key);
      }),
      { numRuns: 500 },
    );
  });

  it("any string key round-trips, control characters and lone surrogates included (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 12 }), (key) => {
        expect(decodeEntryLine(`  ${encodeEntry(key, state())}`)).toMatchObject({ ok: true, key });
      }),
      { numRuns: 500 },
    );
  });
});

describe("decodeEntryLine: fast path and YAML fallback agree", () => {
  const S = state();
  const NEW = state({ state: "new", reps: 0, stability: 0, difficulty: 0, last_review: null });
  const cases: { name: string; line: string; key: string; expected: CardState }[] = [
    { name: "our own line", line: `  ${encodeEntry("Bias", S)}`, key: "Bias", expected: S },
    { name: "our own line, quoted key", line: `  ${encodeEntry("a: b", S)}`, key: "a: b", expected: S },
    { name: "4-space indent", line: `    ${encodeEntry("Bias", S)}`, key: "Bias", expected: S },
    { name: "tab indent", line: `\t${encodeEntry("Bias", S)}`, key: "Bias", expected: S },
    { name: "trailing spaces", line: `  ${encodeEntry("Bias", S)}   `, key: "Bias", expected: S },
    {
      name: "extra spaces everywhere",
      line: "  Bias  :   {  due:  2026-11-29T08:00:00Z ,stability: 2.3065,difficulty : 2.1181, reps: 1, lapses: 0, state: review, step: 0, last: 2026-11-26T08:00:00Z  }",
      key: "Bias",
      expected: S,
    },
    {
      name: "single-quoted key",
      line: "  'a: b': {due: 2026-11-29T08:00:00Z, stability: 2.3065, difficulty: 2.1181, reps: 1, lapses: 0, state: review, step: 0, last: 2026-11-26T08:00:00Z}",
      key: "a: b",
      expected: S,
    },
    {
      name: "single-quoted key with doubled quote",
      line: "  'it''s': {due: 2026-11-29T08:00:00Z, stability: 2.3065, difficulty: 2.1181, reps: 1, lapses: 0, state: review, step: 0, last: 2026-11-26T08:00:00Z}",
      key: "it's",
      expected: S,
    },
    {
      name: "fields in another order",
      line: "  Bias: {state: review, last: 2026-11-26T08:00:00Z, step: 0, lapses: 0, reps: 1, difficulty: 2.1181, stability: 2.3065, due: 2026-11-29T08:00:00Z}",
      key: "Bias",
      expected: S,
    },
    { name: "`last` missing for a new card", line: "  Q: {due: 2026-11-29T08:00:00Z, stability: 0, difficulty: 0, reps: 0, lapses: 0, state: new, step: 0}", key: "Q", expected: NEW },
    { name: "`last: null` for a new card", line: "  Q: {due: 2026-11-29T08:00:00Z, stability: 0, difficulty: 0, reps: 0, lapses: 0, state: new, step: 0, last: null}", key: "Q", expected: NEW },
    { name: "`step` missing", line: "  Q: {due: 2026-11-29T08:00:00Z, stability: 2.3065, difficulty: 2.1181, reps: 1, lapses: 0, state: review, last: 2026-11-26T08:00:00Z}", key: "Q", expected: S },
    {
      name: "quoted timestamps and state",
      line: '  Q: {due: "2026-11-29T08:00:00Z", stability: 2.3065, difficulty: 2.1181, reps: 1, lapses: 0, state: "review", step: 0, last: \'2026-11-26T08:00:00Z\'}',
      key: "Q",
      expected: S,
    },
    {
      name: "milliseconds in timestamps",
      line: "  Q: {due: 2026-11-29T08:00:00.250Z, stability: 2.3065, difficulty: 2.1181, reps: 1, lapses: 0, state: review, step: 0, last: 2026-11-26T08:00:00Z}",
      key: "Q",
      expected: state({ due: "2026-11-29T08:00:00.250Z" }),
    },
    {
      name: "trailing comment",
      line: "  Q: {due: 2026-11-29T08:00:00Z, stability: 2.3065, difficulty: 2.1181, reps: 1, lapses: 0, state: review, step: 0, last: 2026-11-26T08:00:00Z} # mine",
      key: "Q",
      expected: S,
    },
    {
      name: "exponent float",
      line: "  Q: {due: 2026-11-29T08:00:00Z, stability: 1.5e2, difficulty: 2.1181, reps: 1, lapses: 0, state: review, step: 0, last: 2026-11-26T08:00:00Z}",
      key: "Q",
      expected: state({ stability: 150 }),
    },
    {
      name: "unknown extra field ignored (forward compatible)",
      line: "  Q: {due: 2026-11-29T08:00:00Z, stability: 2.3065, difficulty: 2.1181, reps: 1, lapses: 0, state: review, step: 0, last: 2026-11-26T08:00:00Z, colour: red}",
      key: "Q",
      expected: S,
    },
    {
      name: "YAML escape the fast path does not take",
      line: '  "\\x41b": {due: 2026-11-29T08:00:00Z, stability: 2.3065, difficulty: 2.1181, reps: 1, lapses: 0, state: review, step: 0, last: 2026-11-26T08:00:00Z}',
      key: "Ab",
      expected: S,
    },
  ];

  it.each(cases)("$name", ({ line, key, expected }) => {
    const decoded = decodeEntryLine(line);
    expect(decoded).toMatchObject({ ok: true, key, state: expected });
    expect(decodeByYaml(line)).toEqual({ key, state: expected });
  });

  it("keeps the line's indentation", () => {
    expect(decodeEntryLine(`    ${encodeEntry("Q", state())}`)).toMatchObject({ indent: "    " });
  });
});

describe("decodeEntryLine: validation messages", () => {
  const fields = (over: string) =>
    `  Q: {${Object.entries({
      due: "2026-11-29T08:00:00Z",
      stability: "2.3065",
      difficulty: "2.1181",
      reps: "1",
      lapses: "0",
      state: "review",
      step: "0",
      last: "2026-11-26T08:00:00Z",
      ...Object.fromEntries(over ? over.split("; ").map((pair) => pair.split("=")) : []),
    })
      .filter(([, value]) => value !== "DROP")
      .map(([name, value]) => `${name}: ${value}`)
      .join(", ")}}`;

  const cases: { name: string; line: string; message: RegExp }[] = [
    { name: "due not a time", line: fields("due=tomorrow"), message: /`due` must be an ISO-8601 UTC time/ },
    { name: "due a date only", line: fields("due=2026-11-29"), message: /`due`/ },
    { name: "due with an offset", line: fields("due=2026-11-29T08:00:00+01:00"), message: /`due`/ },
    { name: "due missing", line: fields("due=DROP"), message: /`due`/ },
    { name: "stability negative", line: fields("stability=-1"), message: /`stability` must be a number ≥ 0/ },
    { name: "stability text", line: fields("stability=high"), message: /`stability`/ },
    { name: "stability infinite", line: fields("stability=.inf"), message: /`stability`/ },
    { name: "difficulty missing", line: fields("difficulty=DROP"), message: /`difficulty` must be a number ≥ 0/ },
    { name: "reps fractional", line: fields("reps=1.5"), message: /`reps` must be a whole number ≥ 0/ },
    { name: "lapses negative", line: fields("lapses=-1"), message: /`lapses` must be a whole number ≥ 0/ },
    { name: "state a quoted digit", line: fields('state="2"'), message: /`state` must be new, learning, review or relearning/ },
    { name: "state a digit", line: fields("state=2"), message: /`state`/ },
    { name: "state unknown word", line: fields("state=suspended"), message: /`state`/ },
    { name: "step negative", line: fields("step=-1"), message: /`step` must be a whole number ≥ 0/ },
    { name: "last not a time", line: fields("last=yesterday"), message: /`last` must be an ISO-8601 UTC time/ },
    { name: "last missing for a reviewed card", line: fields("last=DROP"), message: /`last` is missing for a card that was reviewed/ },
    { name: "value not a mapping", line: "  Q: 5", message: /expected \{due/ },
    { name: "value empty", line: "  Q:", message: /expected \{due/ },
    { name: "value a list", line: "  Q: [1, 2]", message: /expected \{due/ },
  ];

  it.each(cases)("$name", ({ line, message }) => {
    const decoded = decodeEntryLine(line);
    expect(decoded.ok).toBe(false);
    if (decoded.ok) return;
    expect(decoded.key).toBe("Q");
    expect(decoded.message).toMatch(/^state of "Q" can't be read: /);
    expect(decoded.message).toMatch(message);
  });

  const unkeyed: { name: string; line: string; message: RegExp }[] = [
    { name: "broken YAML", line: "  Q: {due: [", message: /^state line can't be read: / },
    { name: "a list item", line: "  - Q", message: /not `key: \{fields\}`/ },
    { name: "a bare word", line: "  Q", message: /not `key: \{fields\}`/ },
    { name: "two keys", line: "  {a: 1, b: 2}", message: /not `key: \{fields\}`/ },
  ];
  it.each(unkeyed)("no key: $name", ({ line, message }) => {
    const decoded = decodeEntryLine(line);
    expect(decoded).toMatchObject({ ok: false, key: null });
    if (!decoded.ok) expect(decoded.message).toMatch(message);
  });
});

describe("sameState", () => {
  it("compares every field", () => {
    expect(sameState(state(), state())).toBe(true);
    expect(sameState(null, null)).toBe(true);
    expect(sameState(state(), null)).toBe(false);
    for (const change of [{ due: "2026-11-29T08:00:01Z" }, { stability: 2.3066 }, { difficulty: 2 }, { reps: 2 }, { lapses: 1 }, { state: "relearning" as const }, { step: 1 }, { last_review: null }]) {
      expect(sameState(state(), state(change))).toBe(false);
    }
  });
});
