import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseNote } from "../../src/core/notes/note";

// The scanner drops an ATX heading's closing `#`s with character tests; this is the CommonMark rule
// it stands for, as a regular expression.
const CLOSING_HASHES = /(?:^|[ \t]+)#+[ \t]*$/;
// Then trailing tags (`### Fourier series #exam`) leave the question (issue 12), unless nothing else is left.
const TRAILING_TAG = /(?:^|[ \t])#[a-z]+[ \t]*$/;

function withoutTrailingTags(text: string): string {
  let rest = text;
  while (TRAILING_TAG.test(rest)) rest = rest.replace(TRAILING_TAG, "").trimEnd();
  return rest === "" ? text : rest;
}

describe("heading text", () => {
  it("drops the closing sequence exactly as the CommonMark expression does", () => {
    const content = fc.stringMatching(/^[a-z# \t\\]{0,12}$/);
    fc.assert(
      fc.property(content, (text) => {
        const note = parseNote(`#flashcards\n### ${text}\nanswer\n`);
        const expected = withoutTrailingTags(text.replace(CLOSING_HASHES, "").trim());
        if (expected === "") expect(note.cards).toEqual([]);
        else expect(note.cards[0]?.question).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
