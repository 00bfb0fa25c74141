// Issue 10, generated: frontmatter shapes (multi-line scalars, flow collections spanning lines, block
// scalars, tab indentation, hostile keys, `srs:` look-alikes) against two independent YAML readers
// (the strict `yaml` package and js-yaml 4), and bodies (setext headings, HTML blocks, lists,
// blockquotes, fences, %% and $$ regions) against markdown-it (CommonMark). Concurrent writers and
// write faults are generated in tests/cli/data-safety.test.ts.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { load as loadJsYaml4 } from "js-yaml4";
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { parse as parseStrictYaml } from "yaml";
import { locateFrontmatter } from "../../src/core/notes/frontmatter";
import { splitLines } from "../../src/core/notes/lines";
import { scanBody } from "../../src/core/notes/markdown-scan";
import { parseNote } from "../../src/core/notes/note";
import { writeCardState } from "../../src/core/state/state-writer";
import type { CardState } from "../../src/core/types";

const S: CardState = { due: "2026-11-29T08:00:00Z", stability: 2.3065, difficulty: 2.1181, reps: 1, lapses: 0, state: "review", step: 0, last_review: "2026-11-26T08:00:00Z" };
const LINE = "{due: 2026-11-29T08:00:00Z, stability: 2.3065, difficulty: 2.1181, reps: 1, lapses: 0, state: review, step: 0, last: 2026-11-26T08:00:00Z}";

// ---- frontmatter -----------------------------------------------------------------------------------

/** Property shapes, each a list of lines; several are multi-line values holding an `srs:` look-alike. */
const PROPERTY = fc.constantFrom<string[]>(
  ["tags: [flashcards]"],
  ["tags:", "  - flashcards"],
  ['title: "hello', "srs:", 'world"'],
  ['title: "hello', "  srs:", '  world"'],
  ["title: 'it''s", "  srs: x'"],
  ["meta: {", "srs:", "}"],
  ["meta: {", "  srs: 1,", "  b: [x,", "    y]", "  }"],
  ["list: [", "  srs,", "  ]"],
  ["text: |", "  srs:", "  A: {due: x}"],
  ["folded: >-", "  srs: not", "  a key"],
  ["plain: first", "  srs: continued"],
  ["tabbed:", "\t- x"],
  ['"__proto__": {polluted: true}'],
  ["constructor: 1"],
  ["toString: [a]"],
  ["? complex", ": value"],
  ["anchor: &x [1, 2]", "alias: *x"],
  ["date: 2026-01-01 10:00"],
  ["# a comment"],
  [""],
);

/** The state property in several forms; `B` is never stored, so every write adds it. */
const STATE_PROPERTY = fc.constantFrom<string[]>(
  [],
  ["srs:", `  A: ${LINE}`],
  ["srs:", `\tA: ${LINE}`],
  ["srs: {} # kept"],
  ["srs:", "  A:", "    due: 2026-11-29T08:00:00Z", "    stability: 2.3065", "    difficulty: 2.1181", "    reps: 1", "    lapses: 0", "    state: review", "    last: 2026-11-26T08:00:00Z"],
  ["srs:", `  __proto__: ${LINE}`],
  ['"sr\\u0073": *x'],
);

const frontmatterCase = fc.tuple(fc.array(PROPERTY, { maxLength: 4 }), STATE_PROPERTY, fc.nat()).map(([properties, state, at]) => {
  const blocks = [...properties];
  blocks.splice(at % (blocks.length + 1), 0, state);
  return ["---", "tags: [flashcards]", ...blocks.flat(), "---", "### A", "a", "### B", "b", ""].join("\n");
});

function frontmatterSource(text: string): string | null {
  const lines = splitLines(text);
  const range = locateFrontmatter(lines);
  return range === null ? null : text.slice(lines.starts[range.open + 1], lines.starts[range.close]);
}

type Read = { ok: true; value: Record<string, unknown> } | { ok: false };

function read(reader: (source: string) => unknown, source: string): Read {
  try {
    const value = reader(source);
    return { ok: true, value: (value ?? {}) as Record<string, unknown> };
  } catch {
    return { ok: false };
  }
}

const strict = (source: string): unknown => parseStrictYaml(source, { schema: "core", uniqueKeys: true, maxAliasCount: 100 });
const jsYaml4 = (source: string): unknown => loadJsYaml4(source);

/** The value of every property but `srs`, as JSON (own keys only, so `__proto__` is compared as data). */
function others(value: Record<string, unknown>): string {
  return JSON.stringify(Object.entries(value).filter(([key]) => key !== "srs"));
}

describe("writes keep every other property's value, by two independent YAML readers", () => {
  it("a write to generated frontmatter is refused, or both readers read the same other values and the new card", () => {
    fc.assert(
      fc.property(frontmatterCase, (text) => {
        const before = frontmatterSource(text)!;
        const strictBefore = read(strict, before);
        const result = writeCardState(text, "B", S, { stateProperty: "srs" });
        if (!strictBefore.ok) {
          // T3: invalid for a strict reader means nothing is written.
          expect(result.ok).toBe(false);
          return;
        }
        if (!result.ok) return;
        expect(result.text.endsWith("### A\na\n### B\nb\n")).toBe(true);
        const after = frontmatterSource(result.text)!;
        for (const reader of [strict, jsYaml4]) {
          const was = read(reader, before);
          const now = read(reader, after);
          expect(now.ok).toBe(true);
          if (!now.ok) continue;
          if (was.ok) expect(others(now.value)).toBe(others(was.value));
          const srs = now.value.srs as Record<string, unknown>;
          expect(Object.prototype.hasOwnProperty.call(srs, "B")).toBe(true);
        }
        expect(parseNote(result.text).cards.find((card) => card.key === "B")?.state).toEqual(S);
      }),
      { numRuns: 300 },
    );
  });

  it("hostile keys are written in a form both readers read back exactly, or refused with a reason", () => {
    const hostile = fc.oneof(
      fc.constantFrom("__proto__", "constructor", "toString", "valueOf", "hasOwnProperty", "null", "~", "? x", "- y", "*a", "&b", "!t", "a: b", "a #b", "[x]", "{y}", "%z", "@w", "`v`"),
      fc.string({ unit: fc.constantFrom("a", " ", ":", "#", '"', "'", "\\", "\ufffe", "\uffff", "\ud800", "\udc00", "\u0085", "\u2028", "\u00a0", "é", "🧠", "-", "?", "|", ">"), minLength: 1, maxLength: 10 }),
      fc.integer({ min: 1000, max: 1100 }).map((length) => "k".repeat(length)),
    );
    fc.assert(
      fc.property(hostile, (question) => {
        const text = `---\ntags: [flashcards]\n---\n### ${question}\nanswer\n`;
        const card = parseNote(text).cards[0];
        if (card === undefined) return; // a question of spaces only is not a card
        const result = writeCardState(text, card.key, S, { stateProperty: "srs" });
        if (!result.ok) {
          expect(result.reason).toMatch(/too long to be a YAML key/);
          return;
        }
        const after = frontmatterSource(result.text)!;
        for (const reader of [strict, jsYaml4]) {
          const now = read(reader, after);
          expect(now.ok).toBe(true);
          if (now.ok) expect(Object.keys(now.value.srs as object)).toEqual([card.key]);
        }
      }),
      { numRuns: 300 },
    );
  });
});

// ---- bodies against markdown-it --------------------------------------------------------------------

const markdown = new MarkdownIt({ html: true });

/** Top-level headings of levels 1-3 as markdown-it reads them, with Obsidian's %% and $$ regions hidden. */
function commonMarkBoundaries(body: string): [number, number, string][] {
  const tokens = markdown.parse(hideObsidianRegions(body), {});
  const found: [number, number, string][] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token.type !== "heading_open" || token.level !== 0) continue;
    const level = Number(token.tag.slice(1));
    if (level > 3) continue;
    found.push([token.map![0], level, normalise(tokens[index + 1].content)]);
  }
  return found;
}

function ourBoundaries(body: string): [number, number, string][] {
  return scanBody(splitLines(body), 0)
    .headings.filter((heading) => heading.level <= 3)
    .map((heading) => [heading.line, heading.level, normalise(heading.text)]);
}

/** Blanks every line inside a %% or $$ region outside fenced code (the generator keeps them whole blocks). */
function hideObsidianRegions(body: string): string {
  const lines = body.split("\n");
  let fence: string | null = null;
  let region: string | null = null;
  return lines
    .map((line) => {
      if (region !== null) {
        if (line.includes(region)) region = null;
        return "";
      }
      const fenceMarker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence !== null) {
        if (fenceMarker !== undefined && fenceMarker[0] === fence[0] && fenceMarker.length >= fence.length && line.trim() === fenceMarker) fence = null;
        return line;
      }
      if (fenceMarker !== undefined) {
        fence = fenceMarker;
        return line;
      }
      const opener = /^(%%|\$\$)/.exec(line.trim())?.[1];
      if (opener !== undefined && !line.trim().slice(2).includes(opener)) {
        region = opener;
        return "";
      }
      return line;
    })
    .join("\n");
}

/**
 * Tags as markdown-it shows them: the text of its inline tokens, an inline HTML comment leaving a mark
 * that is no blank (HTML blocks show nothing), read by Obsidian's tag rule (`#` at a line start or after
 * a blank, then letters, digits, `_`, `-`, `/`; not a number).
 */
function commonMarkTags(body: string): string[] {
  let shown = "";
  for (const token of markdown.parse(body, {})) {
    // HTML blocks show nothing; every other block is a line of its own.
    if (token.type !== "inline" || token.children === null) {
      shown += "\n";
      continue;
    }
    for (const child of token.children) {
      if (child.type === "text") shown += child.content;
      else if (child.type === "softbreak" || child.type === "hardbreak") shown += "\n";
      else shown += child.type === "html_inline" && child.content.startsWith("<!--") ? "\u0001" : "\n";
    }
  }
  const tags: string[] = [];
  for (const match of shown.matchAll(/(?:^|[ \t\n])#([\p{L}\p{N}\p{M}_\-/]+)/gu)) if (!/^\d+$/.test(match[1])) tags.push(match[1]);
  return tags;
}

function normalise(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

const word = fc.constantFrom("alpha", "beta", "gamma", "Delta", "eps 2", "x*y", "a_b", "c `d`");
const inline = fc.array(word, { minLength: 1, maxLength: 3 }).map((words) => words.join(" "));
const block: fc.Arbitrary<readonly string[]> = fc.oneof(
  inline.map((text) => [`### ${text}`]),
  fc.tuple(fc.integer({ min: 1, max: 6 }), inline).map(([level, text]) => [`${"#".repeat(level)} ${text}`]),
  fc.array(inline, { minLength: 1, maxLength: 3 }),
  fc.tuple(fc.array(inline, { minLength: 1, maxLength: 2 }), fc.constantFrom("===", "---", "-----", "  ===  ")).map(([lines, underline]) => [...lines, underline]),
  fc.constantFrom(["---"], ["***"], ["- - -"]),
  fc.tuple(fc.constantFrom("<div>", "<details>", "<table>", "<p class=\"x\">", "<custom-tag>", "</span>"), inline).map(([tag, text]) => [tag, `### ${text}`, text]),
  inline.map((text) => ["<!--", `### ${text}`, "-->"]),
  inline.map((text) => [`<!-- ${text}`, `### ${text}`]),
  inline.map((text) => [`### ${text} <!-- open`]),
  inline.map((text) => [`text <!-- ${text}`, `### ${text}`]),
  // `<!--` mid-paragraph, closed on a later line of the paragraph (a comment), or after a line that
  // ends the paragraph first (plain text): the lines between decide.
  inline.map((text) => [`text <!-- ${text}`, `more ${text} -->`]),
  fc.tuple(inline, fc.constantFrom("### h", "## h", "# h", "===", "---", "- x", "* x", "1. x", "2. x", "> q", "<div>", "<span>", "    indented", "#### h", "", "plain")).map(([text, middle]) => [`a <!-- ${text}`, middle, "c --> d"]),
  inline.map((text) => [`a <!-- ${text}`, "b -->", "==="]),
  inline.map((text) => [`a <!-- ${text} --> <!-- b`, "c -->", "---"]),
  fc.tuple(fc.constantFrom("- ", "* ", "1. ", "10) "), inline, fc.constantFrom("  ", "   ", "    ", " ")).map(([marker, text, indent]) => [`${marker}${text}`, `${indent}### ${text}`]),
  inline.map((text) => [`> ${text}`, `### ${text}`]),
  inline.map((text) => [`> ### ${text}`]),
  fc.tuple(fc.constantFrom("```", "~~~", "````"), inline).map(([fence, text]) => [fence, `### ${text}`, fence]),
  // Regions stand between blank lines: how Obsidian's hiding interleaves with an unterminated HTML
  // block or paragraph around them is not something CommonMark can tell.
  inline.map((text) => ["", "%%", `### ${text}`, "%%", ""]),
  inline.map((text) => ["", "$$", `### ${text}`, "$$", ""]),
  fc.constant([""]),
);
const body = fc.array(block, { minLength: 1, maxLength: 12 }).map((blocks) => blocks.flat().join("\n") + "\n");

describe("questions and answer boundaries agree with markdown-it (CommonMark)", () => {
  it("on generated bodies", () => {
    fc.assert(
      fc.property(body, (text) => {
        expect(ourBoundaries(text)).toEqual(commonMarkBoundaries(text));
      }),
      { numRuns: 1000 },
    );
  });

  it("on bodies with comments, tags, lists and quotes: the same tags are hidden and shown", () => {
    // Tags are hidden by inline HTML comments, within a line or across the lines of one paragraph
    // (design.md Q3); code and math are left out here (their rules are Obsidian's, not CommonMark's).
    // Lines in lists and quotes start with a word: an HTML block inside a list item or quote is not
    // what this compares (the scanner recognises HTML blocks at the top level only).
    const word = fc.constantFrom("alpha", "beta", "#t1", "#t2/x", "#9", "a#b", "<!--", "-->", "<!-- c -->", "x-->y");
    const text = fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join(" "));
    const line = fc.oneof(
      text,
      text,
      text.map((t) => `### ${t}`),
      text.map((t) => `- alpha ${t}`),
      text.map((t) => `  alpha ${t}`),
      text.map((t) => `> alpha ${t}`),
      text.map((t) => `1. alpha ${t}`),
      fc.constantFrom("", "", "===", "---", "<div>", "<!--", "-->"),
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 10 }), (lines) => {
        const body = lines.join("\n") + "\n";
        expect(scanBody(splitLines(body), 0).tags).toEqual(commonMarkTags(body));
      }),
      { numRuns: 3000 },
    );
  });

  it("on every note of the sample vault", () => {
    const root = fileURLToPath(new URL("../../sample-vault", import.meta.url));
    const notes: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (name.endsWith(".md")) notes.push(full);
      }
    };
    walk(root);
    expect(notes.length).toBeGreaterThan(3);
    for (const file of notes) {
      const text = readFileSync(file, "utf8");
      const lines = splitLines(text);
      const range = locateFrontmatter(lines);
      // The body alone, with the frontmatter's lines blanked so line numbers stay the note's.
      const bodyText = range === null ? text : "\n".repeat(range.close + 1) + text.slice(range.close + 1 < lines.count ? lines.starts[range.close + 1] : text.length);
      expect(ourBoundaries(bodyText), file).toEqual(commonMarkBoundaries(bodyText));
    }
  });
});
