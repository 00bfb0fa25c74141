// Keys are data (issue 10, leftover c): a question, a note path or a deck named like a property every
// JavaScript object has (`__proto__`, `constructor`, `toString`, …) is a card, a note or a deck like any
// other — through the parser, the index, counts, the queue and search.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerText } from "../../src/core/notes/note";
import { parseSearch } from "../../src/core/search/parse";
import { runSearch } from "../../src/core/search/search";
import { searchRow } from "../../src/core/search/evaluate";
import { encodeEntry } from "../../src/core/state/state-codec";
import { writeCardState } from "../../src/core/state/state-writer";
import { CardIndex, cardId, countByDeck } from "../../src/core/study/card-index";
import { DueQueue } from "../../src/core/study/queue";
import { DEFAULT_PARSE_OPTIONS } from "../../src/core/types";
import { state } from "../support/builders";

const SPECIAL = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype", "__defineGetter__", "isPrototypeOf", "toLocaleString", "length", "0"];
const NOW = new Date("2026-11-30T12:00:00Z");
const DUE = state({ due: "2026-11-29T08:00:00Z", id: "abc123" });

function noteText(questions: string[], options: { deck?: string; states?: Record<string, typeof DUE>; orphans?: string[] } = {}): string {
  const tag = options.deck === undefined ? "flashcards" : `flashcards/${options.deck}`;
  const entries = [...Object.entries(options.states ?? {}), ...(options.orphans ?? []).map((key) => [key, DUE] as const)].map(([key, value]) => `  ${encodeEntry(key, value)}`);
  const frontmatter = ["---", `tags: [${tag}]`, ...(entries.length > 0 ? ["srs:", ...entries] : []), "---"];
  return [...frontmatter, ...questions.flatMap((question) => [`### ${question}`, `answer of ${question}`, ""])].join("\n");
}

describe("special names through the index (table)", () => {
  it.each(SPECIAL)("a card, a note and a deck named %s", (name) => {
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    const path = `${name}/${name}.md`;
    const text = noteText([name, "plain"], { states: { [name]: DUE } });
    const note = index.update(path, text)!;
    // The folder is the deck (no nested tag): `__proto__/…` is deck `__proto__`.
    expect(note.decks).toEqual([name]);
    expect(index.get(path)).toBe(note);
    expect(index.has(path)).toBe(true);
    expect(note.cards.map((card) => card.key)).toEqual([name, "plain"]);
    expect(note.cards[0].state).toEqual(DUE);
    expect(answerText(text, note.cards[0])).toBe(`answer of ${name}`);

    const { total, decks } = countByDeck(index, NOW, 4, true);
    expect(total).toEqual({ new: 1, learning: 0, due: 1, total: 2 });
    expect([...decks.keys()]).toEqual([name]);
    expect(decks.get(name)).toEqual({ new: 1, learning: 0, due: 1, total: 2 });

    // A buried card is left out by its id, whatever its name.
    const queue = DueQueue.build(index, NOW, { dayStartHour: 4, newLeft: 10, reviewsLeft: 10, excluded: new Set([cardId(path, "plain")]) });
    expect(queue.reviews.map((ref) => ref.card.key)).toEqual([name]);
    expect(queue.news).toEqual([]);

    index.setState(path, name, null);
    expect(index.get(path)!.cards[0].state).toBeNull();
    index.rename(path, `${name}.md`);
    expect(index.get(`${name}.md`)?.decks).toEqual(["/"]);
    expect(index.has(path)).toBe(false);
  });

  it.each(SPECIAL.filter((name) => /^[a-z_]+$/i.test(name)))("a nested-tag deck %s and a search for it", (name) => {
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    const text = noteText(["Q"], { deck: name });
    index.update("n.md", text);
    const { decks } = countByDeck(index, NOW, 4, true);
    expect([...decks.keys()]).toEqual([name]);
    const rows = [...index.cards()].map(({ note, card }) => searchRow(note, card, answerText(text, card)));
    const context = { now: NOW, dayStartHour: 4, buried: new Set<string>(), reviewedSince: () => new Set<string>() };
    const found = runSearch(`deck:${name}`, rows, context);
    expect(found.ok && found.rows.map((row) => row.card.key)).toEqual(["Q"]);
    const other = runSearch(`deck:${name === "constructor" ? "toString" : "constructor"}`, rows, context);
    expect(other.ok && other.rows).toEqual([]);
  });

  it("orphaned state under special names is kept as data", () => {
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    const note = index.update("n.md", noteText(["Q"], { orphans: SPECIAL }))!;
    expect([...note.orphans.keys()]).toEqual(SPECIAL);
    for (const name of SPECIAL) expect(note.orphans.get(name)).toEqual(DUE);
  });

  it("a written state line under each special name reads back through the index", () => {
    for (const name of SPECIAL) {
      const text = noteText([name]);
      const written = writeCardState(text, name, DUE, { stateProperty: "srs" });
      expect(written.ok).toBe(true);
      if (!written.ok) continue;
      const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
      expect(index.update("n.md", written.text)!.cards[0]).toMatchObject({ key: name, state: DUE });
    }
  });

  it("`prop:` names only the card properties: `constructor` is no property", () => {
    const parsed = parseSearch("prop:constructor>1");
    expect(parsed.ok).toBe(false);
    expect(parseSearch("prop:ivl>1").ok).toBe(true);
  });
});

describe("special names through the index (property)", () => {
  const name = fc.oneof(fc.constantFrom(...SPECIAL), fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/));
  it("every card is found under its note and key, and counted once in its deck and the total", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.uniqueArray(name, { minLength: 1, maxLength: 4 }), fc.boolean()), { minLength: 1, maxLength: 6 }), (notes) => {
        const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
        const expected = new Map<string, string[]>();
        for (const [folder, questions, reviewed] of notes) {
          const path = `${folder}/${questions[0]}.md`;
          const states = reviewed ? Object.fromEntries(questions.map((question) => [question, DUE])) : {};
          index.update(path, noteText(questions, { states }));
          expected.set(path, questions);
        }
        expect(index.noteCount).toBe(expected.size);
        let cards = 0;
        const perDeck = new Map<string, number>();
        for (const [path, questions] of expected) {
          const note = index.get(path)!;
          expect(note.cards.map((card) => card.key)).toEqual(questions);
          cards += questions.length;
          const deck = path.slice(0, path.lastIndexOf("/"));
          perDeck.set(deck, (perDeck.get(deck) ?? 0) + questions.length);
        }
        const { total, decks } = countByDeck(index, NOW, 4);
        expect(total.total).toBe(cards);
        expect(new Map([...decks].map(([deck, counts]) => [deck, counts.total]))).toEqual(perDeck);
      }),
      { numRuns: 300 },
    );
  });
});
