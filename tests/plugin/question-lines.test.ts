import fc from "fast-check";
import { ChangeSet, Text } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { QuestionLines } from "../../src/ui/editor-badges/question-lines";

const doc = (text: string): Text => Text.of(text.split("\n"));
const texts = (lines: QuestionLines): { from: number; text: string }[] => lines.entries.map(({ from, text }) => ({ from, text }));

/** Applies an edit to `lines` and to the text; returns the new text and whether `apply` said the questions changed. */
function edit(lines: QuestionLines, before: Text, from: number, to: number, insert: string): { after: Text; changed: boolean } {
  const changes = ChangeSet.of([{ from, to, insert }], before.length);
  const after = changes.apply(before);
  return { after, changed: lines.apply(changes, before, after) };
}

describe("question lines in the editor", () => {
  it("follow edits, looking at the changed lines only, and always agree with a full scan", () => {
    const piece = fc.constantFrom("### ", "## ", "x", "Q", "\n", "\n\n", "```", "~~~", "%%", "$$", "<!--", "-->", "#", " ", "---\n");
    const start = fc.array(fc.constantFrom("### A", "### B", "text", "", "```", "## H", "### A", "%%", "---"), { maxLength: 12 }).map((ls) => ls.join("\n"));
    const edits = fc.array(fc.tuple(fc.nat(), fc.nat(6), fc.array(piece, { maxLength: 3 }).map((p) => p.join(""))), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(start, edits, (text, steps) => {
        let current = doc(text);
        const lines = QuestionLines.scan(current);
        for (const [at, length, insert] of steps) {
          const from = at % (current.length + 1);
          const to = Math.min(current.length, from + length);
          const before = texts(lines);
          const { after, changed } = edit(lines, current, from, to, insert);
          current = after;
          const fresh = texts(QuestionLines.scan(current));
          expect(texts(lines)).toEqual(fresh);
          // "Changed" is reported whenever the questions' texts changed.
          if (JSON.stringify(before.map((q) => q.text)) !== JSON.stringify(fresh.map((q) => q.text))) expect(changed).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("typing in an answer changes no question; typing in a question does, and keeps the card the line stood for", () => {
    const text = "#flashcards\n### Bias\nanswer\n### Other\nmore";
    let current = doc(text);
    const lines = QuestionLines.scan(current);
    lines.entries[0].key = "Bias";
    let result = edit(lines, current, text.indexOf("answer") + 6, text.indexOf("answer") + 6, " and more");
    expect(result.changed).toBe(false);
    current = result.after;
    result = edit(lines, current, current.line(2).to, current.line(2).to, " in data");
    expect(result.changed).toBe(true);
    expect(lines.entries[0]).toMatchObject({ text: "Bias in data", key: "Bias" });
  });

  it("a heading typed inside a code block is no question", () => {
    const text = "#flashcards\n```\n\n```\n### Real\nanswer";
    const current = doc(text);
    const lines = QuestionLines.scan(current);
    edit(lines, current, current.line(3).from, current.line(3).from, "### Not a question");
    expect(lines.entries.map((entry) => entry.text)).toEqual(["Real"]);
  });
});
