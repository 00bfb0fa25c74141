import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CardIndex, cardId, countByDeck, deckAndAncestors, decksOf, inDeck } from "../../src/core/study/card-index";
import { DEFAULT_PARSE_OPTIONS, type CardState, type Phase } from "../../src/core/types";

// The test config pins TZ=UTC: the study day starts at 04:00Z.
const NOW = new Date("2026-05-10T12:00:00Z");
const SAMPLE = readFileSync(new URL("../../sample-vault/The future of DL+CV.md", import.meta.url), "utf8");

function state(phase: Phase, due: string): CardState {
  return { due, stability: 3, difficulty: 5, reps: 2, lapses: 0, state: phase, step: 0, last_review: "2026-05-01T08:00:00Z" };
}

/** A tagged note with one card per question. */
function note(tags: string[], ...questions: string[]): string {
  const body = questions.map((q) => `### ${q}\nanswer to ${q}\n`).join("\n");
  return `---\ntags: [${tags.join(", ")}]\n---\n${body}`;
}

function keys(index: CardIndex): string[] {
  return [...index.cards()].map((ref) => `${ref.note.path}#${ref.card.key}`).sort();
}

describe("decksOf (D1)", () => {
  it("uses every nested tag as a deck", () => {
    expect(decksOf("courses/x.md", { decks: ["lang/de", "lang/fr"] })).toEqual(["lang/de", "lang/fr"]);
  });
  it("falls back to the folder path relative to the vault, or / at the root", () => {
    expect(decksOf("courses/eecs498/x.md", { decks: [] })).toEqual(["courses/eecs498"]);
    expect(decksOf("x.md", { decks: [] })).toEqual(["/"]);
  });
});

describe("CardIndex", () => {
  it("indexes the sample note: 8 cards, in the root deck", () => {
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    const indexed = index.update("The future of DL+CV.md", SAMPLE);
    expect(indexed?.cards).toHaveLength(8);
    expect(indexed?.decks).toEqual(["/"]);
    expect(indexed?.writable).toBe(true);
    expect(index.noteCount).toBe(1);
    expect([...index.cards()]).toHaveLength(8);
  });

  it("takes decks from nested tags and from the folder", () => {
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    expect(index.update("a/b/n.md", note(["flashcards/lang/de", "flashcards/lang/fr"], "Q"))?.decks).toEqual(["lang/de", "lang/fr"]);
    expect(index.update("a/b/m.md", note(["flashcards"], "Q"))?.decks).toEqual(["a/b"]);
    expect(index.update("root.md", note(["flashcards"], "Q"))?.decks).toEqual(["/"]);
  });

  it("ignores untagged notes and re-parses a changed note alone", () => {
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    expect(index.update("plain.md", note(["other"], "Q"))).toBeNull();
    expect(index.has("plain.md")).toBe(false);
    index.update("a.md", note(["flashcards"], "One"));
    index.update("b.md", note(["flashcards"], "Two"));
    index.update("a.md", note(["flashcards"], "One", "Three"));
    expect(keys(index)).toEqual(["a.md#One", "a.md#Three", "b.md#Two"]);
  });

  it("drops a note that loses its tag", () => {
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    index.update("a.md", note(["flashcards"], "One"));
    expect(index.update("a.md", note(["someday"], "One"))).toBeNull();
    expect(index.has("a.md")).toBe(false);
    expect(keys(index)).toEqual([]);
  });

  it("removes a deleted note", () => {
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    index.update("a.md", note(["flashcards"], "One"));
    index.update("b.md", note(["flashcards"], "Two"));
    index.remove("a.md");
    expect(keys(index)).toEqual(["b.md#Two"]);
  });

  it("rename: folder decks follow the note, nested-tag decks don't change", () => {
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    index.update("old/a.md", note(["flashcards"], "One"));
    index.update("old/b.md", note(["flashcards/lang/de"], "Two"));
    index.rename("old/a.md", "new/deeper/a.md");
    index.rename("old/b.md", "elsewhere/b.md");
    expect(index.has("old/a.md")).toBe(false);
    expect(index.get("new/deeper/a.md")?.decks).toEqual(["new/deeper"]);
    expect(index.get("new/deeper/a.md")?.path).toBe("new/deeper/a.md");
    expect(index.get("elsewhere/b.md")?.decks).toEqual(["lang/de"]);
    index.rename("new/deeper/a.md", "top.md");
    expect(index.get("top.md")?.decks).toEqual(["/"]);
    expect(keys(index)).toEqual(["elsewhere/b.md#Two", "top.md#One"]);
  });

  it("rename: a nested-tag deck that happens to equal the folder stays the tag's deck", () => {
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    index.update("lang/a.md", note(["flashcards/lang"], "One"));
    index.rename("lang/a.md", "archive/a.md");
    expect(index.get("archive/a.md")?.decks).toEqual(["lang"]);
  });

  it("rename of an unknown note does nothing", () => {
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    const before = index.version;
    index.rename("nope.md", "other.md");
    expect(index.has("other.md")).toBe(false);
    expect(index.version).toBe(before);
  });

  it("bumps version on every change", () => {
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    let last = index.version;
    const bumped = (): boolean => {
      const changed = index.version > last;
      last = index.version;
      return changed;
    };
    index.update("a.md", note(["flashcards"], "One"));
    expect(bumped()).toBe(true);
    index.update("a.md", note(["flashcards"], "One", "Two"));
    expect(bumped()).toBe(true);
    index.setState("a.md", "One", state("review", "2026-05-10T08:00:00Z"));
    expect(bumped()).toBe(true);
    index.rename("a.md", "b.md");
    expect(bumped()).toBe(true);
    index.remove("b.md");
    expect(bumped()).toBe(true);
    index.remove("b.md");
    expect(bumped()).toBe(false);
    index.update("c.md", note(["flashcards"], "One"));
    index.setOptions({ tag: "cards", stateProperty: "srs" });
    expect(bumped()).toBe(true);
    expect(index.noteCount).toBe(0);
  });

  it("setState records a state for one card and ignores unknown cards", () => {
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    index.update("a.md", note(["flashcards"], "One", "Two"));
    const s = state("review", "2026-05-12T08:00:00Z");
    index.setState("a.md", "Two", s);
    expect(index.get("a.md")?.cards.map((c) => c.state)).toEqual([null, s]);
    const before = index.version;
    index.setState("a.md", "Missing", s);
    index.setState("missing.md", "One", s);
    expect(index.version).toBe(before);
    index.setState("a.md", "Two", null);
    expect(index.get("a.md")?.cards[1].state).toBeNull();
  });

  it("cardId tells notes and keys apart", () => {
    expect(cardId("a.md", "b")).not.toBe(cardId("a.mdb", ""));
  });
});

describe("countByDeck", () => {
  function build(): CardIndex {
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    // Two decks: two new cards, one due review, one learning now, one review due next week.
    index.update("x/both.md", note(["flashcards/lang/de", "flashcards/math"], "N1", "N2", "R", "L", "Later"));
    index.setState("x/both.md", "R", state("review", "2026-05-09T08:00:00Z"));
    index.setState("x/both.md", "L", state("learning", "2026-05-10T11:59:00Z"));
    index.setState("x/both.md", "Later", state("review", "2026-05-17T08:00:00Z"));
    index.update("x/fr.md", note(["flashcards/lang/fr"], "F"));
    index.update("root.md", note(["flashcards"], "Top"));
    return index;
  }

  it("counts a card in two decks in both, and once in the total", () => {
    const { total, decks } = countByDeck(build(), NOW, 4);
    expect(total).toEqual({ new: 4, learning: 1, due: 1, total: 7 });
    expect(decks.get("lang/de")).toEqual({ new: 2, learning: 1, due: 1, total: 5 });
    expect(decks.get("math")).toEqual({ new: 2, learning: 1, due: 1, total: 5 });
    expect(decks.get("lang/fr")).toEqual({ new: 1, learning: 0, due: 0, total: 1 });
    expect(decks.get("/")).toEqual({ new: 1, learning: 0, due: 0, total: 1 });
    expect(decks.has("lang")).toBe(false);
  });

  it("rollUp adds sub-deck counts to their parents", () => {
    const { total, decks } = countByDeck(build(), NOW, 4, true);
    expect(total.total).toBe(7);
    expect(decks.get("lang")).toEqual({ new: 3, learning: 1, due: 1, total: 6 });
    expect(decks.get("lang/de")?.total).toBe(5);
    expect(decks.get("/")?.total).toBe(1);
  });

  it("rollUp counts a note once in a parent it reaches through two sub-decks", () => {
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    index.update("n.md", note(["flashcards/lang/de", "flashcards/lang/fr"], "Q"));
    const { decks } = countByDeck(index, NOW, 4, true);
    expect(decks.get("lang")?.new).toBe(1);
  });

  it("a review due before tomorrow's 4:00 is due today; one at 4:00 is not", () => {
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    index.update("n.md", note(["flashcards"], "Tonight", "Tomorrow"));
    index.setState("n.md", "Tonight", state("review", "2026-05-11T03:59:59Z"));
    index.setState("n.md", "Tomorrow", state("review", "2026-05-11T04:00:00Z"));
    expect(countByDeck(index, NOW, 4).total).toEqual({ new: 0, learning: 0, due: 1, total: 2 });
  });
});

describe("deck helpers", () => {
  it("deckAndAncestors", () => {
    expect(deckAndAncestors("a/b/c")).toEqual(["a", "a/b", "a/b/c"]);
    expect(deckAndAncestors("/")).toEqual(["/"]);
  });

  it("inDeck matches the deck and its sub-decks, not name prefixes", () => {
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    const de = index.update("n.md", note(["flashcards/lang/de"], "Q"))!;
    const langs = index.update("m.md", note(["flashcards/languages"], "Q"))!;
    const root = index.update("r.md", note(["flashcards"], "Q"))!;
    expect(inDeck(de, "lang")).toBe(true);
    expect(inDeck(de, "lang/de")).toBe(true);
    expect(inDeck(langs, "lang")).toBe(false);
    expect(inDeck(de, "/")).toBe(false);
    expect(inDeck(root, "/")).toBe(true);
  });
});
