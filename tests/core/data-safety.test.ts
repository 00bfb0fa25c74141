// Issue 10, one test per class of failure an adversarial run found. Every case here failed before the
// fix (run against the parent commit: each `it` below was seen red). The generated versions of these
// classes are in data-safety-properties.test.ts.
import { load as loadJsYaml4 } from "js-yaml4";
import { describe, expect, it } from "vitest";
import { parse as parseStrictYaml } from "yaml";
import { locateFrontmatter } from "../../src/core/notes/frontmatter";
import { splitLines } from "../../src/core/notes/lines";
import { answerText, parseNote } from "../../src/core/notes/note";
import { pairRenamed } from "../../src/core/state/renames";
import { writeCardState } from "../../src/core/state/state-writer";
import type { CardState } from "../../src/core/types";

const S: CardState = { due: "2026-11-29T08:00:00Z", stability: 2.3065, difficulty: 2.1181, reps: 1, lapses: 0, state: "review", step: 0, last_review: "2026-11-26T08:00:00Z" };
const LINE = "{due: 2026-11-29T08:00:00Z, stability: 2.3065, difficulty: 2.1181, reps: 1, lapses: 0, state: review, step: 0, last: 2026-11-26T08:00:00Z}";
const OPTIONS = { stateProperty: "srs" };

function frontmatterOf(text: string): string {
  const lines = splitLines(text);
  const range = locateFrontmatter(lines)!;
  return text.slice(lines.starts[range.open + 1], lines.starts[range.close]);
}

/** Both oracles read the frontmatter; returns what each reads. */
function oracles(text: string): { strict: Record<string, unknown>; jsYaml: Record<string, unknown> } {
  const source = frontmatterOf(text);
  return { strict: parseStrictYaml(source, { schema: "core", uniqueKeys: true }) as Record<string, unknown>, jsYaml: loadJsYaml4(source) as Record<string, unknown> };
}

function note(frontmatter: string[], body: string[]): string {
  return ["---", ...frontmatter, "---", ...body, ""].join("\n");
}

describe("3. keys are data: __proto__ and friends", () => {
  for (const key of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
    it(`a card named ${key} keeps its history in block form, and the next write keeps it`, () => {
      const text = note(["tags: [flashcards]", "srs:", `  ${key}:`, "    due: 2026-11-29T08:00:00Z", "    stability: 2.3065", "    difficulty: 2.1181", "    reps: 1", "    lapses: 0", "    state: review", "    last: 2026-11-26T08:00:00Z"], [`### ${key}`, "a", "### B", "b"]);
      const parsed = parseNote(text);
      expect(parsed.writable).toBe(true);
      expect(parsed.cards.find((card) => card.key === key)?.state).toMatchObject({ reps: 1, stability: 2.3065 });
      const written = writeCardState(text, "B", S, OPTIONS);
      expect(written.ok).toBe(true);
      if (!written.ok) return;
      const after = parseNote(written.text);
      expect(after.cards.find((card) => card.key === key)?.state).toMatchObject({ reps: 1, stability: 2.3065 });
      expect(Object.keys(oracles(written.text).strict.srs as object)).toContain(key);
    });
  }
});

describe("4. the state property is where YAML says it is", () => {
  it.each([
    ["a multi-line quoted title whose continuation is `srs:`", ["tags: [flashcards]", 'title: "hello', "srs:", 'world"']],
    ["a multi-line flow collection holding `srs:`", ["tags: [flashcards]", "meta: {", "srs:", "}"]],
    ["a single-quoted multi-line value", ["tags: [flashcards]", "title: 'hello", "srs:", "  x: 1'"]],
  ])("%s: nothing is written", (_name, frontmatter) => {
    const text = note(frontmatter, ["### Q", "a"]);
    expect(parseNote(text).writable).toBe(false);
    expect(writeCardState(text, "Q", S, OPTIONS).ok).toBe(false);
  });

  it("an indented `srs:` inside a valid multi-line string is left alone; the write adds the property", () => {
    const text = note(["tags: [flashcards]", 'title: "hello', "  srs:", '  world"'], ["### Q", "a"]);
    const before = oracles(text);
    const written = writeCardState(text, "Q", S, OPTIONS);
    expect(written.ok).toBe(true);
    if (!written.ok) return;
    const after = oracles(written.text);
    expect(after.strict.title).toBe(before.strict.title);
    expect(after.jsYaml.title).toBe(before.jsYaml.title);
    expect(Object.keys(after.strict.srs as object)).toEqual(["Q"]);
  });
});

describe("5. keys strict YAML can't hold raw", () => {
  it.each(["a\ufffeb", "a\uffffb", "x\ud800y", "\udc00lone"])("%j is written escaped; strict YAML and js-yaml 4 read it back", (key) => {
    const text = note(["tags: [flashcards]"], [`### ${key}`, "a"]);
    const written = writeCardState(text, key, S, OPTIONS);
    expect(written.ok).toBe(true);
    if (!written.ok) return;
    const { strict, jsYaml } = oracles(written.text);
    expect(Object.keys(strict.srs as object)).toEqual([key]);
    expect(Object.keys(jsYaml.srs as object)).toEqual([key]);
  });

  it("a raw U+FFFE key already in the note is invalid YAML: reported, never written", () => {
    const text = note(["tags: [flashcards]", "srs:", `  a\ufffeb: ${LINE}`], ["### B", "b"]);
    const parsed = parseNote(text);
    expect(parsed.writable).toBe(false);
    expect(parsed.problems.map((p) => p.message).join()).toMatch(/U\+FFFE/);
    expect(writeCardState(text, "B", S, OPTIONS).ok).toBe(false);
  });

  it("a key over 1,024 characters is refused with a reason", () => {
    const key = "k".repeat(1100);
    const text = note(["tags: [flashcards]"], [`### ${key}`, "a"]);
    const written = writeCardState(text, key, S, OPTIONS);
    expect(written.ok).toBe(false);
    if (!written.ok) expect(written.reason).toMatch(/1,?024/);
  });
});

describe("6. tabs as indentation are invalid YAML (T3)", () => {
  it.each([
    ["in the state property", ["tags: [flashcards]", "srs:", `\tA: ${LINE}`]],
    ["in another property", ["tags: [flashcards]", "tabbed:", "\t- x"]],
  ])("%s: reported, never written", (_name, frontmatter) => {
    const text = note(frontmatter, ["### A", "a", "### B", "b"]);
    const parsed = parseNote(text);
    expect(parsed.writable).toBe(false);
    expect(parsed.problems.some((p) => /invalid YAML|can't be read: Tabs/.test(p.message))).toBe(true);
    expect(parsed.cards.find((card) => card.key === "A")?.state ?? null).toBeNull();
    expect(writeCardState(text, "B", S, OPTIONS).ok).toBe(false);
  });
});

describe("7. aliases never reach the state property", () => {
  const laughs = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`)];
  it.each([
    ["a key spelled with an escape", ['"sr\\u0073": *i']],
    ["an explicit key", ["? srs", ": *i"]],
    ["a plain key", ["srs: *i"]],
  ])("%s: refused in bounded time", (_name, srs) => {
    const text = note(["tags: [flashcards]", ...laughs, ...srs], ["### Q", "a"]);
    const started = Date.now();
    const parsed = parseNote(text);
    expect(parsed.writable).toBe(false);
    expect(writeCardState(text, "Q", S, OPTIONS).ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe("8. hostile sizes are linear or bounded", () => {
  const within = (limitMs: number, action: () => void): void => {
    const started = Date.now();
    action();
    expect(Date.now() - started).toBeLessThan(limitMs);
  };
  it("a 100 KB state line of spaces", () => {
    const text = note(["tags: [flashcards]", "srs:", `  A: {due: 2026-11-29T08:00:00Z,${" ".repeat(100_000)}x`], ["### A", "a"]);
    within(5000, () => {
      parseNote(text);
      writeCardState(text, "A", S, OPTIONS);
    });
  }, 20_000);
  it("150 KB of `$a ` plus the tag on one line", () => {
    const text = `${"$a ".repeat(50_000)}#flashcards\n### Q\na\n`;
    within(5000, () => expect(parseNote(text).tagged).toBe(true));
  }, 20_000);
  it("150 KB of unmatched backticks on one line", () => {
    const text = `${"`a ``b ".repeat(20_000)}#flashcards\n### Q\na\n`;
    within(5000, () => expect(parseNote(text).tagged).toBe(true));
  }, 20_000);
  it("20,000 identical headings", () => {
    const text = `#flashcards\n${"### Same\nanswer\n".repeat(20_000)}`;
    within(5000, () => expect(parseNote(text).cards.at(-1)?.key).toBe("Same (20000)"));
  }, 20_000);
  it("rename pairing of 490 × 490 long keys", () => {
    const orphans = Array.from({ length: 490 }, (_, i) => `${"orphan question text ".repeat(30)}${i}`);
    const cards = Array.from({ length: 490 }, (_, i) => `${"card question words ".repeat(30)}${i}`);
    within(5000, () => pairRenamed(orphans, cards));
  }, 20_000);
  it("130,000 orphaned entries", () => {
    const entries = Array.from({ length: 130_000 }, (_, i) => `  orphan${i}: ${LINE}`);
    const text = note(["tags: [flashcards]", "srs:", ...entries], ["### Q", "a"]);
    within(30_000, () => {
      expect(parseNote(text).orphans.size).toBe(130_000);
      expect(writeCardState(text, "Q", S, OPTIONS).ok).toBe(true);
    });
  }, 60_000);
});

describe("10-12. cards are what CommonMark shows", () => {
  const questions = (body: string[]) => {
    const note = parseNote(`#flashcards\n\n${body.join("\n")}\n`);
    return note.cards.map((card) => [card.question, answerText(note.text, card), card.context.join(" › ")]);
  };

  it("setext headings end answers and give context (Q2, Q4)", () => {
    expect(questions(["### Q", "answer", "", "Part one", "===", "### R", "r", "", "Sub part", "---", "### S", "s"])).toEqual([
      ["Q", "answer", ""],
      ["R", "r", "Part one"],
      ["S", "s", "Part one › Sub part"],
    ]);
    // A paragraph of two lines over `---` is one level-2 heading: the answer above it ends before it.
    expect(questions(["### Q", "answer", "", "two", "lines", "---", "x"])).toEqual([["Q", "answer", ""]]);
    // "s" sits under "Sub part" (level 2) below "Part one" (level 1).
    expect(questions(["Part one", "===", "Sub part", "---", "### S", "s"])).toEqual([["S", "s", "Part one › Sub part"]]);
  });

  it("text directly over --- is a level-2 heading, not a rule; with a blank line between it is a rule", () => {
    expect(questions(["### Q", "answer", "---", "more"])).toEqual([]);
    expect(questions(["### Q", "answer", "", "---", "more"])).toEqual([["Q", "answer\n\n---\nmore", ""]]);
  });

  it("an HTML block hides its lines up to the blank line; <!-- in a heading or mid-line hides nothing (Q3)", () => {
    expect(questions(["<div>", "### Hidden", "x", "</div>", "", "### R", "r"])).toEqual([["R", "r", ""]]);
    expect(questions(["### Q <!-- note", "answer", "### R", "r"])).toEqual([
      ["Q <!-- note", "answer", ""],
      ["R", "r", ""],
    ]);
    expect(questions(["### Q", "text <!-- start", "### R", "r"])).toEqual([
      ["Q", "text <!-- start", ""],
      ["R", "r", ""],
    ]);
  });

  it("<!-- mid-paragraph closed on a later line of the paragraph is a comment: it hides the tags in it, and nothing else (Q3)", () => {
    const read = (...body: string[]) => parseNote(`#flashcards\n\n${body.join("\n")}\n`);
    // Closed within the paragraph: the tag inside is hidden, as markdown-it shows it (a comment).
    expect(read("text <!-- a", "more #flashcards/hidden -->", "", "### Q", "a").decks).toEqual([]);
    expect(read("text <!-- a", "b", "more #flashcards/hidden", "c --> d #flashcards/shown", "", "### Q", "a").decks).toEqual(["shown"]);
    // Not closed within it (a blank line, a heading or a list item ends the paragraph first): plain text.
    expect(read("text <!-- a", "", "more #flashcards/shown -->", "### Q", "a").decks).toEqual(["shown"]);
    expect(read("text <!-- a", "- more #flashcards/shown -->", "", "### Q", "a").decks).toEqual(["shown"]);
    const heading = read("text <!-- a", "### H #flashcards/shown", "-->", "### Q", "a");
    expect(heading.cards.map((card) => card.key)).toEqual(["H", "Q"]);
    // The paragraph goes on through the comment: a setext underline after it takes all of its lines.
    expect(questions(["a <!-- x", "b -->", "===", "### Q", "q"])).toEqual([["Q", "q", "a <!-- x b -->"]]);
  });

  it("`   ### X` continuing a list item is not a card (Q3)", () => {
    expect(questions(["### Q", "- item", "  ### X", "  more", "", "   ### Y", "", "### R", "r"]).map(([q]) => q)).toEqual(["Q", "R"]);
    expect(questions(["1. item", "   ### X", "x"]).map(([q]) => q)).toEqual([]);
  });
});

describe("14. smaller ones", () => {
  it("rewriting a property not in one-line form keeps its comment", () => {
    const text = note(["tags: [flashcards]", "srs: {} # review states"], ["### Q", "a"]);
    const written = writeCardState(text, "Q", S, OPTIONS);
    expect(written.ok).toBe(true);
    if (written.ok) expect(written.text).toContain("\nsrs: # review states\n  Q: {");
  });

  it("rewriting a block-form property adds no default fields to the entries it didn't change", () => {
    const block = ["srs:", "  A:", "    due: 2026-11-29T08:00:00Z", "    stability: 2.3", "    difficulty: 5", "    reps: 1", "    lapses: 0", "    state: review", "    last: 2026-11-26T08:00:00Z"];
    const written = writeCardState(note(["tags: [flashcards]", ...block], ["### A", "a", "### Q", "q"]), "Q", S, OPTIONS);
    expect(written.ok).toBe(true);
    const untouched = written.ok ? written.text.split("\n").find((line) => line.startsWith("  A: ")) : undefined;
    // Only the checksum joins the line it now is; `step`, `suspended`, `flag` and `id` stay out.
    expect(untouched).toMatch(/^ {2}A: \{due: 2026-11-29T08:00:00Z, stability: 2\.3, difficulty: 5, reps: 1, lapses: 0, state: review, last: 2026-11-26T08:00:00Z, h: [0-9a-f]{7}\}$/);
  });

  it("a question's no-break spaces and BOM are content, not trimmed", () => {
    const parsed = parseNote("#flashcards\n### \u00a0Q\u00a0\na\n### \ufeffR\nr\n");
    expect(parsed.cards.map((card) => card.question)).toEqual(["\u00a0Q\u00a0", "\ufeffR"]);
  });
});
