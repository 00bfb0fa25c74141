import fc from "fast-check";
import { CORE_SCHEMA, load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { parseSimpleProperties } from "../../src/core/notes/simple-properties";

/** What js-yaml (the reference) makes of a frontmatter block: the data, or "error". */
function reference(source: string): unknown {
  try {
    return load(source, { schema: CORE_SCHEMA }) ?? {};
  } catch {
    return "error";
  }
}

describe("parseSimpleProperties", () => {
  const accepted: [string, Record<string, unknown>][] = [
    ["", {}],
    ["# only a comment", {}],
    ["tags: [flashcards, eecs498-dl4cv]\nsource:\nsummary:", { tags: ["flashcards", "eecs498-dl4cv"], source: null, summary: null }],
    ["tags: flashcards, other", { tags: "flashcards, other" }],
    ["tags:\n- a\n- b", { tags: ["a", "b"] }],
    ["tags:\n  - a\n  - b\ncreated: 2025-04-04", { tags: ["a", "b"], created: "2025-04-04" }],
    ["title: \"https://example.org/x\"\nalias: 'a b'", { title: "https://example.org/x", alias: "a b" }],
    ["done: true\nflag: FALSE\nnothing: ~", { done: true, flag: false, nothing: null }],
    ["tags: flashcards # the deck\r\nempty: []", { tags: "flashcards", empty: [] }],
    ["tags:\n-\n- x", { tags: [null, "x"] }],
  ];
  it.each(accepted)("reads %j exactly as js-yaml does", (source, expected) => {
    expect(parseSimpleProperties(source)).toEqual(expected);
    expect(reference(source)).toEqual(expected);
  });

  const declined = [
    "count: 5", // numbers go to js-yaml
    "when: 12:30",
    "url: https://example.org",
    "key: C#",
    "a: 1\na: 2", // duplicate keys are an error in js-yaml
    "text: |\n  block",
    "nested:\n  child: x",
    "anchor: &a x",
    'quoted: "with \\"escape\\""',
    "tags:\n  - a\n - b",
    "__proto__: x",
    "{tags: [flashcards]}",
    "key:value",
    "comment: x\n# \u0001",
  ];
  it.each(declined)("leaves %j to js-yaml", (source) => {
    expect(parseSimpleProperties(source)).toBeNull();
  });

  it("never disagrees with js-yaml on generated frontmatter", () => {
    const word = fc.stringMatching(/^[A-Za-z_/(üÄé日\u00a0\u3000\u2028\u0085][A-Za-z0-9 _\-/().,:#'"?!*&|>%@`~=+\\[\]{}üé\u00a0\u3000]{0,12}$/);
    const value = fc.oneof(
      word,
      fc.constantFrom("", "~", "null", "true", "False", "2025-04-04", "1.5", "-3", ".inf", "0x1F", "yes", "[]", "[a, b]", "[a,, b]", "[true, 3]", '"q"', "'s'", "'it''s'", '"a\\tb"', "- x", "x # c", "x#c"),
      fc.array(word, { maxLength: 3 }).map((items) => `[${items.join(", ")}]`),
    );
    const key = fc.oneof(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,6}$/), fc.constantFrom("tags", "tag", "Tags", "true", "a b", "1x", "-k", "__proto__"));
    const line = fc.oneof(
      fc.tuple(key, value).map(([k, v]) => `${k}: ${v}`),
      fc.tuple(key).map(([k]) => `${k}:`),
      fc.tuple(fc.constantFrom("- ", "  - ", "-", " - "), value).map(([dash, v]) => `${dash}${v}`),
      fc.constantFrom("", "# note", "  # indented", "  child: x", "\tkey: x"),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), fc.boolean(), (lines, crlf) => {
        const source = lines.join(crlf ? "\r\n" : "\n");
        const simple = parseSimpleProperties(source);
        if (simple === null) return true;
        expect(simple).toEqual(reference(source));
        return true;
      }),
      { numRuns: 3000 },
    );
  });
});
