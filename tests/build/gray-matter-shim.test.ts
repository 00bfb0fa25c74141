// main.js gets src/shims/gray-matter.ts instead of gray-matter (esbuild.config.mjs): it must read every
// input exactly as gray-matter does, for the options the plugin passes and for any text.
import fc from "fast-check";
import grayMatter from "gray-matter";
import { CORE_SCHEMA, load } from "js-yaml";
import { describe, expect, it } from "vitest";
import shim, { type MatterOptions } from "../../src/shims/gray-matter";

/** What a call gives back, or the error it throws. */
function outcome(call: () => { data: unknown; content: string; matter?: string; language?: string; isEmpty?: boolean }): unknown {
  try {
    const file = call();
    return { data: file.data, content: file.content, matter: file.matter, language: file.language, isEmpty: file.isEmpty };
  } catch (error) {
    return { error: error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error) };
  }
}

const same = (input: string, options: MatterOptions): void => {
  expect(outcome(() => shim(input, options))).toEqual(outcome(() => grayMatter(input, options as never)));
};

// The plugin's own options (src/core/notes/yaml.ts): js-yaml with Obsidian's schema.
const PLUGIN_OPTIONS: MatterOptions = {
  language: "yaml",
  engines: { yaml: { parse: (source: string) => load(source, { schema: CORE_SCHEMA, json: false }) as object, stringify: () => "" } },
};

const yamlLine = fc.constantFrom("tags: [flashcards]", "title: x", "- a", "  - b", "# comment", " # indented comment", "#", "---", "---x", "...", "a: 1", "b: ~", "~", "null", "'q'", "key: value # c", "srs:", "  Q: {due: 2026-01-01T00:00:00Z}", "", " ", "\t", "a: [", "é: ü", "excerpt_separator: x");
const source = fc.array(yamlLine, { maxLength: 8 }).map((lines) => lines.join(fc.sample(fc.constantFrom("\n", "\r\n"), 1)[0]));
const piece = fc.constantFrom("---", "---yaml", "---json", "--- yml ", "----", "\ufeff", "\n", "\r\n", "\r", "# c", "a: 1", "[1]", "{}", "x", " ", "...", "~", "js");

describe("gray-matter stand-in (main.js only)", () => {
  it("reads the plugin's frontmatter blocks exactly as gray-matter does", () => {
    fc.assert(
      fc.property(source, (text) => same(`---\n${text}\n---\n`, PLUGIN_OPTIONS)),
      { numRuns: 3000 },
    );
  });

  it("reads any text as gray-matter does: delimiters, BOM, language line, comments-only, CRLF", () => {
    const record = (name: string) => (text: string) => ({ engine: name, text });
    const engines = { yaml: record("yaml"), json: { parse: record("json") }, javascript: record("javascript"), coffee: record("coffee"), yml: { parse: record("yml") } };
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.constantFrom(undefined, "yaml", "YML", "json", "js"), (pieces, language) => {
        same(pieces.join(""), language === undefined ? { engines } : { language, engines });
      }),
      { numRuns: 5000 },
    );
  });

  it("refuses what it leaves out instead of guessing", () => {
    expect(() => shim("---\na: 1\n---\n", undefined as never)).toThrow("only { language, engines }");
    expect(() => shim("---\na: 1\n---\n", { engines: {}, excerpt: true } as never)).toThrow("only { language, engines }");
    expect(() => shim("---\na: 1\n---\n", { engines: {} })).toThrow('gray-matter engine "yaml" is not registered');
  });
});
