// What a card shows besides its own lines: tags in its heading, footnotes of its note, a plain-text breadcrumb.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { footnoteDefinitions, withFootnotes } from "../../src/core/notes/footnotes";
import { splitHeadingTags } from "../../src/core/notes/heading-tags";
import { answerText, parseNote, shownAnswer } from "../../src/core/notes/note";
import { inlinePlainText } from "../../src/core/notes/plain-text";
import { CardIndex } from "../../src/core/study/card-index";
import { DEFAULT_PARSE_OPTIONS } from "../../src/core/types";

describe("tags in a question's heading (point 9)", () => {
  it("are split off the question and the key, kept in order", () => {
    expect(splitHeadingTags("Fourier series #exam")).toEqual({ text: "Fourier series", tags: ["exam"] });
    expect(splitHeadingTags("Fourier series #exam #math/analysis")).toEqual({ text: "Fourier series", tags: ["exam", "math/analysis"] });
    expect(splitHeadingTags("Is C# a language")).toEqual({ text: "Is C# a language", tags: [] });
    expect(splitHeadingTags("Issue #42")).toEqual({ text: "Issue #42", tags: [] }); // a number is not a tag
    expect(splitHeadingTags("What does #important mean here")).toEqual({ text: "What does #important mean here", tags: [] });
    expect(splitHeadingTags("#exam")).toEqual({ text: "#exam", tags: [] }); // only a tag: kept as the question
  });

  it("a parsed card has the question without tags, the key without tags, and the tags", () => {
    const note = parseNote("#flashcards\n### Fourier series #exam\nA sum of sines.\n### Fourier series\nduplicate\n");
    expect(note.cards[0]).toMatchObject({ key: "Fourier series", question: "Fourier series", tags: ["exam"] });
    expect(note.cards[1].key).toBe("Fourier series (2)");
    expect(note.cards[1].tags).toBeUndefined();
  });

  it("never lose question text that is not a trailing tag (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (heading) => {
        const { text, tags } = splitHeadingTags(heading);
        expect(heading.startsWith(text) || text === heading).toBe(true);
        for (const tag of tags) expect(heading).toContain(`#${tag}`);
        if (tags.length === 0) expect(text).toBe(heading);
      }),
    );
  });
});

describe("footnotes (design.md Q6)", () => {
  const NOTE = [
    "#flashcards",
    "### Fourier",
    "A sum of sines.[^sines]",
    "### Laplace",
    "Another transform.",
    "",
    "[^sines]: Sines and cosines,",
    "    at whole multiples of one frequency.",
    "",
    "```",
    "[^code]: not a definition",
    "```",
  ].join("\n");

  it("a card that references a footnote shows it; another card's answer never shows the definition", () => {
    const definitions = footnoteDefinitions(NOTE);
    expect([...definitions.keys()]).toEqual(["sines"]);
    const [fourier, laplace] = parseNote(NOTE).cards.map((card) => ({ question: card.question, answer: answerText(NOTE, card) }));
    expect(withFootnotes(fourier.question, fourier.answer, definitions)).toBe(
      "A sum of sines.[^sines]\n\n[^sines]: Sines and cosines,\n    at whole multiples of one frequency.",
    );
    expect(laplace.answer).toContain("[^sines]:"); // the note's bytes: the definition sits under Laplace
    expect(withFootnotes(laplace.question, laplace.answer, definitions)).not.toContain("[^sines]");
    expect(withFootnotes(laplace.question, laplace.answer, definitions)).toContain("```\n[^code]: not a definition\n```");
  });

  it("the review shows a card's answer with the note's definitions it references, made from the note's text", () => {
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    const [fourier] = index.update("n.md", NOTE)!.cards;
    expect(shownAnswer(NOTE, fourier)).toBe("A sum of sines.[^sines]\n\n[^sines]: Sines and cosines,\n    at whole multiples of one frequency.");
    const plain = "#flashcards\n### Q\nA  \n";
    expect(shownAnswer(plain, index.update("m.md", plain)!.cards[0])).toBe("A  ");
    expect(shownAnswer(plain, { key: "Gone", question: "Gone" })).toBeNull();
  });
});

describe("plain-text breadcrumb (point 7)", () => {
  it("reads links, code, math and emphasis as text", () => {
    expect(inlinePlainText("[[German basics]]")).toBe("German basics");
    expect(inlinePlainText("Chapter [[German basics|Basics]] and [[Note#Part]]")).toBe("Chapter Basics and Note > Part");
    expect(inlinePlainText("The `Array.map` method")).toBe("The Array.map method");
    expect(inlinePlainText("Determinant $\\det A$")).toBe("Determinant \\det A");
    expect(inlinePlainText("**Bold** and *it* and ==mark== [site](https://x.y)")).toBe("Bold and it and mark site");
  });
});
