// Hostile input (issue 6), core side: every case is read in bounded time and either handled or reported
// as a problem; a note that reports a blocking problem is never written. Times are not asserted strictly
// (the machine is shared); each test has a generous timeout that a hang would blow.
import { describe, expect, it } from "vitest";
import { answerText, parseNote } from "../../src/core/notes/note";
import { BINARY_NOTE_PROBLEM, decodeNote, INVALID_UTF8_PROBLEM } from "../../src/core/notes/note-text";
import { encodeEntry } from "../../src/core/state/state-codec";
import { writeCardState, type WriteOptions } from "../../src/core/state/state-writer";
import type { CardState } from "../../src/core/types";

const S: CardState = { due: "2026-11-29T08:00:00Z", stability: 2.3065, difficulty: 2.1181, reps: 1, lapses: 0, state: "review", step: 0, last_review: "2026-11-26T08:00:00Z" };
const OPTIONS: WriteOptions = { stateProperty: "srs" };
const TIMEOUT = 30_000;

/** Only the state line differs between before and after (same length in lines, one line changed or added). */
function expectOneLineAdded(before: string, after: string): void {
  let prefix = 0;
  while (prefix < before.length && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  const added = after.length - before.length;
  expect(added).toBeGreaterThan(0);
  expect(after.slice(prefix + added)).toBe(before.slice(prefix));
  expect(after.slice(prefix, prefix + added)).toMatch(/^[^\n]*\n$|^\n[^\n]*$/);
}

describe("big notes", () => {
  it(
    "a 50 MB note: parsed, its cards found, a review adds exactly one line",
    () => {
      const paragraph = `${"lorem ipsum dolor sit amet, $x$ `code` #notatag ".repeat(2)}\n`;
      const block = `### Question\n${paragraph.repeat(1000)}\n`;
      const text = `---\ntags: [flashcards]\nsrs:\n  ${encodeEntry("Question", S)}\n---\n${block.repeat(Math.ceil(50_000_000 / block.length))}`;
      expect(text.length).toBeGreaterThanOrEqual(50_000_000);
      const note = parseNote(text);
      expect(note.writable).toBe(true);
      expect(note.cards.length).toBe(Math.ceil(50_000_000 / block.length));
      expect(note.cards[0].state).toEqual(S);
      expect(note.cards[1].key).toBe("Question (2)");
      const result = writeCardState(text, "Question (2)", S, { ...OPTIONS, order: note.cards.map((c) => c.key) });
      expect(result.ok).toBe(true);
      if (result.ok) expectOneLineAdded(text, result.text);
    },
    TIMEOUT,
  );

  it(
    "100,000 headings: 100,000 cards with unique keys; renames are not attempted across them",
    () => {
      const body = Array.from({ length: 100_000 }, (_, i) => `### Card ${i % 1000}\nAnswer ${i}.\n`).join("");
      // Orphans and stateless cards beyond the comparison limit: no pairing (a mass edit is no rename).
      const orphans = Array.from({ length: 10 }, (_, i) => `  ${encodeEntry(`Old card ${i}`, S)}`).join("\n");
      const text = `---\ntags: [flashcards]\nsrs:\n${orphans}\n---\n${body}`;
      const note = parseNote(text);
      expect(note.cards).toHaveLength(100_000);
      expect(new Set(note.cards.map((c) => c.key)).size).toBe(100_000);
      expect(note.orphans.size).toBe(10);
      expect(note.problems.filter((p) => p.message.includes("asked twice"))).toHaveLength(99_000);
      const result = writeCardState(text, "Card 7 (50)", S, { ...OPTIONS, order: note.cards.map((c) => c.key) });
      expect(result.ok).toBe(true);
      if (result.ok) expectOneLineAdded(text, result.text);
    },
    TIMEOUT,
  );

  it.each([
    ["a plain answer", "x"],
    ["inline math openers that never close", "$a "],
    ["backticks", "`a ``"],
    ["tags", "#a "],
    ["comment and math markers", "%<!$"],
  ])(
    "a single 5 MB line of %s",
    (_name, unit) => {
      const line = unit.repeat(Math.ceil(5_000_000 / unit.length));
      const text = `---\ntags: [flashcards]\n---\n### Q\n${line}\n### R\nshort\n`;
      const note = parseNote(text);
      expect(note.tagged).toBe(true);
      expect(note.cards.map((c) => c.key)).toEqual(["Q", "R"]);
      expect(answerText(text, note.cards[0])).toBe(line);
      expect(writeCardState(text, "R", S, OPTIONS).ok).toBe(true);
    },
    TIMEOUT,
  );

  it.each([
    ["closed at its end", "-->"],
    ["never closed", "end"],
    ["broken by a blank line at its end", "\n-->"],
  ])(
    "a paragraph of 100,000 lines each opening an inline comment, %s, reads in linear time",
    (_name, last) => {
      const paragraph = Array.from({ length: 100_000 }, (_, i) => `line ${i} <!-- #flashcards/hidden${i % 7}`).join("\n");
      const text = `---\ntags: [flashcards]\n---\n### Q\n${paragraph}\n${last}\n### R\nr\n`;
      const started = performance.now();
      const note = parseNote(text);
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(note.cards.map((c) => c.key)).toEqual(["Q", "R"]);
      // Closed within the paragraph, the comment hides every tag after its opening; otherwise they show.
      expect(note.decks.length).toBe(last === "-->" ? 0 : 7);
    },
    TIMEOUT,
  );

  it(
    "a 5 MB heading line is a card; its state is refused with a reason (YAML keys hold at most 1,024 characters)",
    () => {
      const question = "q".repeat(5_000_000);
      const text = `#flashcards\n### ${question}\nanswer\n`;
      const note = parseNote(text);
      expect(note.cards.map((c) => c.key.length)).toEqual([5_000_000]);
      const result = writeCardState(text, question, S, OPTIONS);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/too long to be a YAML key/);
    },
    TIMEOUT,
  );
});

describe("not text", () => {
  it("a binary file named .md is refused before parsing", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(decodeNote(png)).toEqual({ ok: false, problem: BINARY_NOTE_PROBLEM });
  });

  it.each([
    ["a lone continuation byte", [0x23, 0x20, 0x80]],
    ["a truncated sequence", [0x23, 0xe2, 0x82]],
    ["an overlong encoding", [0xc0, 0xaf]],
    ["a UTF-16 surrogate", [0xed, 0xa0, 0x80]],
    ["Latin-1 text", [...Buffer.from("---\ntags: [flashcards]\n---\n### Caf"), 0xe9, 0x0a, 0x61]],
  ])("invalid UTF-8 (%s) is refused, never decoded with replacement characters", (_name, bytes) => {
    expect(decodeNote(new Uint8Array(bytes))).toEqual({ ok: false, problem: INVALID_UTF8_PROBLEM });
  });

  it("valid UTF-8 with a BOM keeps the BOM in the text (so a write keeps it in the file)", () => {
    const decoded = decodeNote(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from("#flashcards\n### Q\nA\n")]));
    expect(decoded).toEqual({ ok: true, text: "\ufeff#flashcards\n### Q\nA\n" });
  });
});

describe("hostile YAML in frontmatter", () => {
  const laughs = [
    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
    ...Array.from({ length: 9 }, (_, i) => {
      const prev = String.fromCharCode(97 + i);
      const name = String.fromCharCode(98 + i);
      return `${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]`;
    }),
  ];

  it("an alias bomb (billion laughs) is read without expanding it; the note is handled", { timeout: TIMEOUT }, () => {
    const text = ["---", "tags: [flashcards]", ...laughs, "---", "### Q", "A", ""].join("\n");
    const note = parseNote(text);
    expect(note.tagged).toBe(true);
    expect(note.cards.map((c) => c.key)).toEqual(["Q"]);
    const result = writeCardState(text, "Q", S, OPTIONS);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.text).toBe(text.replace("---\n### Q", `srs:\n  ${encodeEntry("Q", S)}\n---\n### Q`));
  });

  it("an alias bomb in the tags is not expanded into tag names", { timeout: TIMEOUT }, () => {
    const text = ["---", ...laughs, "tags: *j", "---", "#flashcards", "### Q", "A", ""].join("\n");
    const note = parseNote(text);
    expect(note.tagged).toBe(true);
    expect(note.decks).toEqual([]);
  });

  it("an alias bomb as the state property is refused: a problem, nothing written", { timeout: TIMEOUT }, () => {
    const text = ["---", "tags: [flashcards]", ...laughs, "srs: *j", "---", "### Q", "A", ""].join("\n");
    const note = parseNote(text);
    expect(note.writable).toBe(false);
    expect(note.problems.length).toBeGreaterThan(0);
    expect(writeCardState(text, "Q", S, OPTIONS).ok).toBe(false);
  });

  it.each([
    ["10,000 nested [", `deep: ${"[".repeat(10_000)}${"]".repeat(10_000)}`],
    ["10,000 nested {", `deep: ${"{a: ".repeat(10_000)}1${"}".repeat(10_000)}`],
    ["10,000 unclosed [", `deep: ${"[".repeat(10_000)}`],
    ["10,000 nested block mappings", Array.from({ length: 10_000 }, (_, i) => `${" ".repeat(i)}k${i}:`).join("\n")],
  ])("%s: a clear problem or handled, never a crash", { timeout: TIMEOUT }, (_name, yaml) => {
    const text = ["---", "tags: [flashcards]", yaml, "---", "#flashcards", "### Q", "A", ""].join("\n");
    const note = parseNote(text);
    expect(note.tagged).toBe(true);
    expect(note.cards.map((c) => c.key)).toEqual(["Q"]);
    const result = writeCardState(text, "Q", S, OPTIONS);
    if (note.writable) expect(result.ok).toBe(true);
    else {
      expect(note.problems[0].message).toMatch(/^invalid YAML in frontmatter: /);
      expect(result.ok).toBe(false);
    }
  });

  it("a 10,000-deep state property is refused with a problem", { timeout: TIMEOUT }, () => {
    const text = ["---", "tags: [flashcards]", `srs: ${"[".repeat(10_000)}${"]".repeat(10_000)}`, "---", "### Q", "A", ""].join("\n");
    const note = parseNote(text);
    expect(note.writable).toBe(false);
    expect(note.problems[0].message).toMatch(/state property "srs"/);
    expect(writeCardState(text, "Q", S, OPTIONS).ok).toBe(false);
  });
});

describe("degenerate notes", () => {
  it.each([
    ["only ---", "---"],
    ["only --- and a newline", "---\n"],
    ["--- twice", "---\n---"],
    ["--- twice, CRLF", "---\r\n---\r\n"],
    ["... closing an empty frontmatter", "---\n...\n"],
    ["a BOM and ---", "\ufeff---"],
    ["empty", ""],
    ["only newlines", "\n\n\n"],
    ["only ###", "###"],
  ])("%s: read without cards or crash", (_name, text) => {
    const note = parseNote(text);
    expect(note.tagged).toBe(false);
    expect(note.cards).toEqual([]);
  });

  it("a note that is only --- lines holds no frontmatter to write into wrongly", () => {
    // Two lines of --- are an empty frontmatter: a write adds srs there and keeps every other byte.
    const result = writeCardState("---\n---\n", "Q", S, OPTIONS);
    expect(result.ok && result.text).toBe(`---\nsrs:\n  ${encodeEntry("Q", S)}\n---\n`);
  });
});
