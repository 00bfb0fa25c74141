// The strict frontmatter check (src/core/notes/strict-yaml.ts) runs on js-yaml 4's loader. Its oracle is
// the `yaml` package in strict mode (tests/support/strict-yaml-oracle.ts: the check as it was on that
// package). Where the two parsers disagree, the contract (design.md §2, T3) decides: refusing is always
// safe, calling valid what a strict parser rejects never is. One table row per disagreement found.
import fc from "fast-check";
import { load as loadJsYaml4, CORE_SCHEMA } from "js-yaml4";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { parseStrictFrontmatter, type StrictFrontmatter } from "../../src/core/notes/strict-yaml";
import { parseWithYamlPackage } from "../support/strict-yaml-oracle";

const yamlAccepts = (source: string): boolean => parseDocument(source, { schema: "core", uniqueKeys: true, prettyErrors: false, strict: true }).errors.length === 0;
const jsYaml4Accepts = (source: string): boolean => {
  try {
    loadJsYaml4(source, { schema: CORE_SCHEMA });
    return true;
  } catch {
    return false;
  }
};

describe("js-yaml 4 accepts, strict YAML (the `yaml` package) rejects: refused by the added checks", () => {
  const k = (length: number): string => "k".repeat(length);
  it.each([
    ["an implicit key over 1,024 characters", `${k(1025)}: v\n`, /1,024/],
    ["… with a space before the colon", `${k(1024)} : v\n`, /1,024/],
    ["… quoted", `"${k(1023)}": v\n`, /1,024/],
    ["… counting its anchor", `a: 1\n&x ${k(1022)}: v\n`, /1,024/],
    ["… nested", `a:\n  ${k(1025)}: v\n`, /1,024/],
    ["… as a pair in a flow sequence", `a: [${k(1025)}: v]\n`, /1,024/],
    ["… after an entry with an empty value, counted from its `:` (as the `yaml` package does)", `srs:\n  a:\n  ${k(1022)}: v\n`, /1,024/],
    ["a flow mapping's lines not indented past its key (issue 10, class 4)", "tags: [flashcards]\nmeta: {\nsrs:\n}\n", /indented/],
    ["a flow sequence's line at column 0", "a: [\nb]\n", /indented/],
    ["a flow collection's line indented by a tab", "a: [b,\n\tc]\n", /indented/],
    ["a nested flow collection's closing bracket at column 0", "a: [[\n]]\n", /indented/],
    ["a flow collection in an entry, closed at its key's column", "a: {b: [c\n]}\n", /indented/],
    ["a double-quoted value continued at column 0", 'a: "x\ny"\n', /indented/],
    ["a double-quoted value continued after a tab", 'a: "x\n\ty"\n', /indented/],
    ["a single-quoted value continued after a tab", "a: 'x\n\ty'\n", /indented/],
    ["a quoted item continued at its sequence's column", 'a:\n  - "b\n  c"\n', /indented/],
    ["a quoted value in a flow collection continued with `#` at column 0", 'a: ["x\n# y"]\n', /indented/],
    ["`#` right after a quoted value", 'a: "x"#c\n', /separated/],
    ["`#` right after a flow collection", "a: [b]#c\n", /separated/],
    ["`#` right after a comma", "a: [b,#c\n  d]\n", /separated/],
    ["a tab before a top-level scalar", "\tx\n", /Tabs/],
    ["a tab after a space before an anchored top-level scalar", " \t&x c:'\n", /Tabs/],
  ])("%s", (_name, source, message) => {
    expect(jsYaml4Accepts(source)).toBe(true);
    expect(yamlAccepts(source)).toBe(false);
    const result = parseStrictFrontmatter(source, "srs");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it.each([
    ["a 1,024-character key", `${k(1024)}: v\n`],
    ["a 1,023-character quoted key", `"${k(1022)}": v\n`],
    ["a 1,024-character key after an entry with a value", `srs:\n  a: {}\n  ${k(1024)}: v\n`],
    ["a key after an empty value and blank lines (a state property a sync engine emptied)", `srs:\n${" ".repeat(1100)}\n\naliases:\n  - cv\n`],
    ["a long key in a flow mapping (not an implicit key in YAML's sense)", `a: {${k(1025)}: v}\n`],
    ["a flow collection's closing bracket at its key's column", "a: [b,\n  c\n]\n"],
    ["a comment line at column 0 in a flow collection", "a: [x,\n# c\n y]\n"],
    ["a quoted value continued with an indent", 'a: "x\n y"\n'],
    ["a top-level quoted scalar continued at column 0", '"x\ny"\n'],
    ["`#` inside quotes and plain scalars", "a: \"x#y\"\nb: c#d\nc: 'e'  # f#g\n"],
  ])("both accept %s", (_name, source) => {
    expect(yamlAccepts(source)).toBe(true);
    expect(parseStrictFrontmatter(source, "srs").ok).toBe(true);
  });
});

describe("js-yaml 4 rejects what strict YAML accepts: refused (safe), listed here so a change is seen", () => {
  it.each([
    ["an unknown tag", "a: !foo x\n"],
    ["a type outside the core schema", "a: !!binary x\n"],
    ["an alias to an anchor that is not there", "a: *b\n"],
    ["an anchor on the first top-level key", "&a a: b\n"],
    ["an empty key (`: x`)", "a: 1\n: x\n"],
    ["keys that are the same string as text and as a number", '1: a\n"1": b\n'],
    ["an anchor on an empty value, then an anchored key", "a: &x\n&x c: 1\n"],
    ["a value that does not fit its explicit tag", "a: !!int 1.5\n"],
  ])("%s", (_name, source) => {
    expect(yamlAccepts(source)).toBe(true);
    expect(jsYaml4Accepts(source)).toBe(false);
    expect(parseStrictFrontmatter(source, "srs").ok).toBe(false);
  });

  it("a tab before a top-level scalar or flow collection is refused wherever it is (strict YAML refuses it in some places)", () => {
    for (const source of [" \tx\n", "\t{a: 1}\n"]) {
      expect(yamlAccepts(source)).toBe(true);
      expect(parseStrictFrontmatter(source, "srs").ok).toBe(false);
    }
  });

  it("a flow collection as an implicit key is refused: valid YAML, but the `yaml` package rejects it after a blank line", () => {
    expect(yamlAccepts("a: x\n\n[b]: 1\n")).toBe(false);
    expect(yamlAccepts("[a]: 1\n")).toBe(true);
    for (const source of ["a: x\n\n[b]: 1\n", "[a]: 1\n", "{b: 1}: 2\n"]) {
      expect(jsYaml4Accepts(source)).toBe(true);
      const result = parseStrictFrontmatter(source, "srs");
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/flow collection as a key/);
    }
    // As an explicit key it is read as before.
    expect(parseStrictFrontmatter("? [a]\n: 1\n", "srs").ok).toBe(true);
  });
});

describe("where the state property is", () => {
  const LINE = "{due: 2026-11-29T08:00:00Z, stability: 2.3, reps: 1}";
  const at = (source: string, text: string, from = 0): number => source.indexOf(text, from);
  const state = (result: StrictFrontmatter) => (result.ok ? result.state : undefined);

  it("block form: key, the end of its last entry (not a trailing comment line), its entries in file order", () => {
    const source = `a: 1\nsrs: # states\n  B: ${LINE}\n  "10": ${LINE}\n  __proto__:\n    due: x\n  # trailing\nb: &x 2\n`;
    const result = parseStrictFrontmatter(source, "srs");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.topLevelKeys).toEqual([0, at(source, "srs:"), at(source, "b: &x")]);
    const property = result.state!;
    expect(property).toMatchObject({ keyStart: at(source, "srs:"), valueEnd: at(source, "due: x") + "due: x".length, simpleKey: true, referenceProblem: null, comment: " states" });
    expect(property.entries).toEqual([
      { key: "B", value: { due: "2026-11-29T08:00:00Z", stability: 2.3, reps: 1 } },
      { key: "10", value: { due: "2026-11-29T08:00:00Z", stability: 2.3, reps: 1 } },
      { key: "__proto__", value: { due: "x" } },
    ]);
    expect(Object.getPrototypeOf(property.entries[2])).toBe(Object.prototype);
  });

  it.each([
    ["srs: {} # c", " c", 11 - 4],
    ["srs: ~   # none yet", " none yet", 6],
    ["srs:   # empty", " empty", 4],
    ["srs: {A: 1} #c\n", "c", 11],
    ["srs:\n# not its comment", null, 4],
  ])("%j: comment %j, value ending at %d", (source, comment, valueEnd) => {
    const property = state(parseStrictFrontmatter(source, "srs"))!;
    expect(property.comment).toBe(comment);
    expect(property.valueEnd).toBe(valueEnd);
  });

  it.each([
    ["? srs\n: {}\n", false, null],
    ["a: 1\n&k srs: {}\n", false, /anchors or aliases/],
    ['"srs": {}\n', true, null],
    ["'srs': {}\n", true, null],
    ["a: &x srs\n*x : {}\n", false, /anchors or aliases/],
    ["srs: *x\n", null, null],
    ["x: &x {}\nsrs: *x\n", true, /anchors or aliases/],
    ["srs:\n  A: &y {due: 1}\n  B: *y\n", true, /anchors or aliases/],
  ])("%j: simple key %s, reference problem %s", (source, simpleKey, problem) => {
    const result = parseStrictFrontmatter(source, "srs");
    if (simpleKey === null) {
      expect(result.ok).toBe(false); // an alias to nothing
      return;
    }
    const property = state(result)!;
    expect(property.simpleKey).toBe(simpleKey);
    if (problem === null) expect(property.referenceProblem).toBeNull();
    else expect(property.referenceProblem).toMatch(problem);
    if (problem !== null) expect(property.entries).toEqual([]);
  });

  it("an `srs:` line inside a multi-line string or flow collection is not the property", () => {
    for (const source of ['title: "hello\n  srs:\n  world"\n', "meta: {\n  srs: 1\n  }\n", "text: |\n  srs:\n"]) {
      const result = parseStrictFrontmatter(source, "srs");
      expect(result.ok && result.state).toBeNull();
    }
  });

  it("a value on the lines below its key, and keys YAML 1.2 reads as text", () => {
    const source = "srs:\n  {A: {due: 1}}\n1_0: a\n0b11: b\n";
    const result = parseStrictFrontmatter(source, "srs");
    expect(state(result)?.entries).toEqual([{ key: "A", value: { due: 1 } }]);
    expect(parseStrictFrontmatter(source, "1_0").ok && state(parseStrictFrontmatter(source, "1_0"))?.keyStart).toBe(at(source, "1_0"));
    expect(state(parseStrictFrontmatter(source, "0b11"))?.keyStart).toBe(at(source, "0b11"));
  });

  it("a state property nested 10,000 deep is an error blamed on its own line, not a crash", () => {
    const source = `tags: [a]\nsrs: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`;
    const result = parseStrictFrontmatter(source, "srs");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.offset).toBeGreaterThan(at(source, "srs:"));
  });
});

// ---- generated: the same answers as the oracle, or a refusal ---------------------------------------------

const INDENT = fc.constantFrom("", "", "", " ", "  ", "    ", "\t", " \t");
const KEY = fc.constantFrom("srs", "a", "b", '"srs"', "'q r'", "? srs", "&x c", "*x", "[a]", "1_0", "- x", "-", "", "? ", "A", "B", "__proto__", "#c", "k".repeat(1023), "k".repeat(1025));
const VALUE = fc.constantFrom(
  "", " ~", " 1", " x", " {}", " {A: {due: 1}}", " {A: {due: 1}, B: {due: 2}}", " [a, b]", " [a,", " {a:", " }", "]", ' "x', ' "x y"', " 'x", "'", '"',
  " |", " >-", " &x", " *x", " &x 1", " # c", "#c", ' "a"#c', " [b]#c", " x # c", "\tx", " !!str", " {A: 1, B: 2} # kept", ": x", " a: b",
  "\n  A: {due: 1}\n  B: {due: 2}", "\n  A:\n    due: 1\n  # c\n  B: {due: 2}", "\n  - x", "\n- x", "\n  A: {due: 1,\n  s: 2}", "\n  A: {due: 1,\ns: 2}",
  ' "x\n  y"', ' "x\ny"', " [a,\n  b]", " [a,\n]", " [a,\n  b\n ]", " 'x\n\ty'", " |\n  text\n  # not\n",
);
const LINE = fc.oneof(
  { weight: 7, arbitrary: fc.tuple(INDENT, KEY, VALUE).map(([indent, key, value]) => `${indent}${key}:${value}\n`) },
  { weight: 1, arbitrary: fc.tuple(INDENT, VALUE).map(([indent, value]) => `${indent}${value.trimStart()}\n`) },
  { weight: 1, arbitrary: INDENT.map((indent) => `${indent}# c\n`) },
  { weight: 1, arbitrary: fc.constant("\n") },
);
const FRONTMATTER = fc.array(LINE, { minLength: 1, maxLength: 6 }).map((lines) => lines.join(""));

/** Offsets as line numbers (the check's callers only ever ask which line an offset is on). */
function lineOf(source: string, offset: number): number {
  return offset < 0 ? offset : source.slice(0, offset).split("\n").length;
}

function placement(source: string, result: StrictFrontmatter): unknown {
  if (!result.ok) return null;
  const property = result.state;
  return {
    keys: result.topLevelKeys.map((offset) => lineOf(source, offset)),
    state: property && { ...property, keyStart: lineOf(source, property.keyStart), valueEnd: lineOf(source, property.valueEnd), comment: null },
  };
}

describe("generated frontmatter, against the `yaml` package", () => {
  it("valid only when strict YAML agrees; then the same keys, property, entries and flags", () => {
    fc.assert(
      fc.property(FRONTMATTER, (source) => {
        const ours = parseStrictFrontmatter(source, "srs");
        const oracle = parseWithYamlPackage(source, "srs");
        if (!ours.ok) return; // refusing is always safe (the rows above list where js-yaml 4 is stricter)
        expect(oracle.ok).toBe(true);
        expect(placement(source, ours)).toEqual(placement(source, oracle));
        // The comment is the one on the key line: where the oracle finds one there, so does this.
        const property = ours.ok ? ours.state : null;
        const oracleComment = oracle.ok ? oracle.state?.comment : null;
        if (property !== null && oracleComment != null && source.slice(property.keyStart).split("\n")[0].includes(`#${oracleComment}`)) {
          expect(property.comment).toBe(oracleComment);
        }
      }),
      { numRuns: Number(process.env.STRICT_RUNS ?? 3000) },
    );
  });
});
