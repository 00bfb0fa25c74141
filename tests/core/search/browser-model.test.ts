// The card browser keeps answers between keystrokes (a text index, each term's answers per row, each
// row's numbers); whatever is typed, and whatever card changes in between, it must show exactly the
// rows the plain search (the CLI's, asking every row afresh) finds.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BrowserModel, COLUMN_IDS } from "../../../src/core/search/browser-model";
import type { SearchContext } from "../../../src/core/search/evaluate";
import { runSearch } from "../../../src/core/search/search";
import { CardIndex } from "../../../src/core/study/card-index";
import { DEFAULT_PARSE_OPTIONS, FLAGS, type CardState } from "../../../src/core/types";
import { state } from "../../support/builders";

const NOW = new Date("2026-11-30T12:00:00Z");
const DAY = 86_400_000;
const WORDS = ["neural", "net", "tensor", "ten", "Tense", "dog", "Hund", "ä", "an", "a-b"];
const DECKS = ["lang", "lang/de", "science", "science/physics"];

const stateArb: fc.Arbitrary<CardState | null> = fc.option(
  fc.record({
    phase: fc.constantFrom("new" as const, "learning" as const, "review" as const, "relearning" as const),
    last: fc.integer({ min: -60, max: 0 }),
    interval: fc.integer({ min: 0, max: 40 }),
    lapses: fc.integer({ min: 0, max: 5 }),
    stability: fc.integer({ min: 1, max: 50 }),
    flag: fc.option(fc.constantFrom(...FLAGS)),
    suspended: fc.boolean(),
  }),
  { freq: 4 },
).map((s) =>
  s === null
    ? null
    : state({
        state: s.phase,
        last_review: s.phase === "new" ? null : new Date(NOW.getTime() + s.last * DAY).toISOString().replace(".000Z", "Z"),
        due: new Date(NOW.getTime() + (s.last + s.interval) * DAY).toISOString().replace(".000Z", "Z"),
        lapses: s.lapses,
        stability: s.stability,
        ...(s.flag !== null ? { flag: s.flag } : {}),
        ...(s.suspended ? { suspended: true } : {}),
      }),
);

const noteArb = fc.record({
  deck: fc.constantFrom(...DECKS),
  cards: fc.array(fc.record({ question: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }), answer: fc.array(fc.constantFrom(...WORDS), { maxLength: 4 }), state: stateArb }), { minLength: 1, maxLength: 5 }),
});

const termArb = fc.oneof(
  fc.constantFrom(...WORDS, "te", "ne", "d", "-", "ten*", "n_t"),
  fc.constantFrom(...DECKS, "lan", "la*").map((deck) => `deck:${deck}`),
  fc.constantFrom("new", "learn", "review", "due", "suspended", "buried", "leech").map((what) => `is:${what}`),
  fc.integer({ min: 0, max: 7 }).map((flag) => `flag:${flag}`),
  fc.tuple(fc.constantFrom("ivl", "lapses", "reps", "s", "due", "r"), fc.constantFrom(">", "<=", "=", "!="), fc.constantFrom("0", "1", "10", "0.9")).map(([prop, op, value]) => `prop:${prop}${op}${value}`),
  fc.constantFrom("note:note 1", "note:n*"),
);
const queryArb = fc.array(fc.tuple(fc.constantFrom("", "-"), termArb, fc.constantFrom(" ", " OR ")), { minLength: 1, maxLength: 3 }).map((parts) => parts.map(([not, term, join]) => `${not}${term}${join}`).join("").trim());

describe("card browser search: answers kept between keystrokes", () => {
  it("shows what the plain search finds, for every prefix typed, while cards change and the sort too", () => {
    fc.assert(
      fc.property(
        fc.array(noteArb, { minLength: 1, maxLength: 6 }),
        fc.array(queryArb, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(fc.nat(), stateArb), { maxLength: 30 }),
        fc.integer({ min: 0, max: 3 }),
        fc.array(fc.option(fc.constantFrom(...COLUMN_IDS), { freq: 3 }), { maxLength: 30 }),
        (notes, queries, changes, warmSlices, sorts) => {
          const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
          notes.forEach((note, at) => {
            const body = note.cards.map((card, n) => `### ${card.question.join(" ")} ${n}\n${card.answer.join(" ")}\n`).join("\n");
            index.update(`note ${at}.md`, `---\ntags: [flashcards/${note.deck}]\n---\n${body}`);
            note.cards.forEach((card, n) => index.setState(`note ${at}.md`, `${card.question.join(" ")} ${n}`, card.state));
          });
          const context: SearchContext = { now: NOW, dayStartHour: 4, buried: new Set(), reviewedSince: () => new Set() };
          const model = new BrowserModel(() => context);
          model.load(index);
          for (let slice = 0; slice < warmSlices; slice++) model.warm(3);
          const cards = [...index.cards()];
          let step = 0;
          for (const query of queries) {
            for (let length = 1; length <= query.length; length++) {
              const change = changes[step++];
              if (change !== undefined && cards.length > 0) {
                const { note, card } = cards[change[0] % cards.length];
                index.setState(note.path, card.key, change[1]);
              }
              const sort = sorts[step];
              if (sort !== undefined && sort !== null) model.sortBy(sort);
              const typed = query.slice(0, length);
              model.search(typed);
              const expected = runSearch(typed, model.rows, context);
              expect(model.error === null).toBe(expected.ok);
              if (expected.ok) expect(model.shown).toEqual(expected.rows);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("asks a changed card afresh: a card suspended between two keystrokes shows under is:suspended", () => {
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    index.update("a.md", "---\ntags: [flashcards]\n---\n### one\nuno\n### two\ndos\n");
    const model = new BrowserModel(() => ({ now: NOW, dayStartHour: 4, buried: new Set(), reviewedSince: () => new Set() }));
    model.load(index);
    model.search("is:suspended");
    expect(model.shown).toEqual([]);
    model.search("prop:lapses>2");
    expect(model.shown).toEqual([]);
    index.setState("a.md", "two", state({ suspended: true, lapses: 3 }));
    model.search("is:suspended");
    expect(model.shown.map((row) => row.card.key)).toEqual(["two"]);
    model.search("prop:lapses>2");
    expect(model.shown.map((row) => row.card.key)).toEqual(["two"]);
  });
});
