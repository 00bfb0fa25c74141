// Hostile input through the CLI (issue 6): `check`, `due` and `cards` finish over a vault of hostile
// files and report them; `review` refuses every note with a blocking problem (exit 1, one line on
// stderr) and leaves its bytes identical, and handles the merely big ones by adding one line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../support/cli";
import { BINARY_NOTE_PROBLEM, INVALID_UTF8_PROBLEM } from "../../src/core/notes/note-text";

const NOW = "2026-03-10T12:00:00Z";
const TIMEOUT = 60_000;


const laughs = [
  "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
  ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`),
];

const paragraph = `${"lorem ipsum dolor sit amet ".repeat(4)}\n`;
const bigBody = paragraph.repeat(2000);
const BIG_CARDS = Math.ceil(50_000_000 / bigBody.length);

/** Files by name: text, or bytes. */
const FILES: Record<string, string | Uint8Array> = {
  "big.md": `---\ntags: [flashcards]\n---\n${Array.from({ length: BIG_CARDS }, (_, i) => `### Question ${i}\n${bigBody}\n`).join("")}`,
  "headings.md": `#flashcards\n${Array.from({ length: 100_000 }, (_, i) => `### Card ${i}\nAnswer ${i}.\n`).join("")}`,
  "binary.md": new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, ...Buffer.from("\n#flashcards\n### Q\nA\n")]),
  "latin1.md": new Uint8Array([...Buffer.from("---\ntags: [flashcards]\n---\n### Caf"), 0xe9, ...Buffer.from("\nA drink.\n")]),
  "bomb.md": ["---", "tags: [flashcards]", ...laughs, "srs: *j", "---", "### Q", "A", ""].join("\n"),
  "deep.md": ["---", "tags: [flashcards]", `deep: ${"[".repeat(10_000)}`, "---", "#flashcards", "### Q", "A", ""].join("\n"),
  "dashes.md": "---",
  "long-line.md": `---\ntags: [flashcards]\n---\n### Q\n${"x $a `b` #c ".repeat(500_000)}\n`,
};

let vault: string;
const bytes = (name: string) => readFileSync(path.join(vault, name));

beforeAll(() => {
  vault = mkdtempSync(path.join(tmpdir(), "flashcards-hostile-"));
  for (const [name, content] of Object.entries(FILES)) writeFileSync(path.join(vault, name), content);
}, TIMEOUT);
afterAll(() => rmSync(vault, { recursive: true, force: true }));

describe("reading commands finish and report", () => {
  it(
    "check lists the unreadable and blocked notes with a clear problem each",
    () => {
      const result = run("check", vault, "--json");
      expect(result.code).toBe(1);
      const problems = JSON.parse(result.stdout) as { path: string; line: number; message: string }[];
      const of = (name: string) => problems.filter((p) => p.path === name).map((p) => p.message);
      expect(of("binary.md")).toEqual([BINARY_NOTE_PROBLEM]);
      expect(of("latin1.md")).toEqual([INVALID_UTF8_PROBLEM]);
      expect(of("bomb.md")).toEqual(['the state property "srs" can\'t be read: it uses YAML anchors or aliases (& or *), which are not followed']);
      expect(of("deep.md")).toHaveLength(1);
      expect(of("deep.md")[0]).toMatch(/^invalid YAML in frontmatter: /);
      // Handled, not problems: big notes, many headings, a long line, a note that is only ---.
      for (const name of ["big.md", "headings.md", "long-line.md", "dashes.md"]) expect(of(name)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "due counts the readable notes' cards",
    () => {
      const result = run("due", vault, "--now", NOW, "--json");
      expect(result.code).toBe(0);
      const counts = JSON.parse(result.stdout) as { total: number };
      // big.md, headings.md, long-line.md, bomb.md (Q), deep.md (Q, through its body tag).
      expect(counts.total).toBe(BIG_CARDS + 100_000 + 1 + 1 + 1);
    },
    TIMEOUT,
  );

  it("cards reports a binary and a non-UTF-8 file as a problem, not a crash", () => {
    const result = run("cards", path.join(vault, "binary.md"), path.join(vault, "latin1.md"), path.join(vault, "dashes.md"));
    expect(result.code).toBe(0);
    const notes = JSON.parse(result.stdout) as { tagged: boolean; cards: unknown[]; problems: { message: string }[] }[];
    expect(notes.map((n) => [n.tagged, n.cards.length, n.problems.map((p) => p.message)])).toEqual([
      [false, 0, [BINARY_NOTE_PROBLEM]],
      [false, 0, [INVALID_UTF8_PROBLEM]],
      [false, 0, []],
    ]);
  });
});

describe("review refuses blocked notes and leaves their bytes identical", () => {
  it.each([
    ["binary.md", "Q", BINARY_NOTE_PROBLEM],
    ["latin1.md", "Café", INVALID_UTF8_PROBLEM],
    ["bomb.md", "Q", 'the state property "srs" can\'t be read'],
    ["deep.md", "Q", "invalid YAML in frontmatter"],
    ["dashes.md", "Q", "is not tagged #flashcards"],
  ])("%s", (name, question, reason) => {
    const before = bytes(name);
    const result = run("review", vault, "--note", name, "--question", question, "--rating", "good", "--now", NOW);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(reason);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(bytes(name).equals(before)).toBe(true);
  });
});

describe("review handles big notes by adding one line", () => {
  it.each([
    ["big.md", "Question 3"],
    ["headings.md", "Card 99999"],
    ["long-line.md", "Q"],
  ])(
    "%s",
    (name, question) => {
      const before = bytes(name).toString("utf8");
      const result = run("review", vault, "--note", name, "--question", question, "--rating", "good", "--now", NOW);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      const after = bytes(name).toString("utf8");
      // Only lines were added (1, or 2 with srs:, or 4 with a frontmatter block) and nothing else changed:
      // removing the added span from the new text gives back the old one.
      let prefix = 0;
      while (prefix < before.length && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
      prefix = before.lastIndexOf("\n", prefix - 1) + 1;
      const span = after.length - before.length;
      expect(after.slice(0, prefix) + after.slice(prefix + span)).toBe(before);
      const added = after.slice(prefix, prefix + span).split("\n").slice(0, -1);
      expect(added.length).toBeGreaterThanOrEqual(1);
      expect(added.length).toBeLessThanOrEqual(4);
      expect(added.some((line) => line.startsWith(`  ${question}: {due: `))).toBe(true);
    },
    TIMEOUT,
  );
});
