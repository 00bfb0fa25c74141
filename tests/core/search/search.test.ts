import { describe, expect, it } from "vitest";
import { parseSearch } from "../../../src/core/search/parse";
import { searchRow, type SearchContext } from "../../../src/core/search/evaluate";
import { reviewedSinceFromLog, runSearch } from "../../../src/core/search/search";
import { CardIndex, cardId } from "../../../src/core/study/card-index";
import { answerText } from "../../../src/core/notes/note";
import type { LogRecord } from "../../../src/core/log/record";
import { DEFAULT_PARSE_OPTIONS, type CardState } from "../../../src/core/types";
import { state } from "../../support/builders";

// TZ=UTC: the study day of NOW runs from 2026-11-30T04:00Z to 2026-12-01T04:00Z.
const NOW = new Date("2026-11-30T12:00:00Z");

/** Cards, one note per path; every card `Q` has answer `A`. */
function rows(notes: Record<string, { decks: string; cards: Record<string, [string, CardState | null]> }>) {
  const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
  // The index keeps no answers: each row gets its card's answer from the note's text, as the browser does.
  const answers = new Map<string, string>();
  for (const [path, { decks, cards }] of Object.entries(notes)) {
    const body = Object.entries(cards).map(([q, [a]]) => `### ${q}\n${a}\n`).join("\n");
    const text = `---\ntags: [${decks}]\n---\n${body}`;
    for (const card of index.update(path, text)!.cards) answers.set(cardId(path, card.key), answerText(text, card));
    for (const [q, [, s]] of Object.entries(cards)) index.setState(path, q, s);
  }
  return [...index.cards()].map(({ note, card }) => searchRow(note, card, answers.get(cardId(note.path, card.key))));
}

const ROWS = rows({
  "lang/Spanish verbs.md": {
    decks: "flashcards/lang/es",
    cards: {
      Hablar: ["to speak", null],
      Comer: ["to eat", state({ id: "comer1", due: "2026-11-30T08:00:00Z", last_review: "2026-11-20T08:00:00Z", stability: 12, lapses: 3, reps: 9, flag: "red" })],
      Vivir: ["to live", state({ id: "vivir1", due: "2026-12-20T08:00:00Z", last_review: "2026-11-20T08:00:00Z", stability: 40, suspended: true, leech: true, lapses: 8 })],
    },
  },
  "lang/German.md": {
    decks: "flashcards/lang/de",
    cards: {
      Haus: ["house", state({ id: "haus01", state: "learning", step: 1, due: "2026-11-30T12:05:00Z", last_review: "2026-11-30T11:55:00Z", flag: "purple" })],
      "Big dog": ["der Hund", state({ id: "hund01", state: "relearning", due: "2026-12-02T08:00:00Z", last_review: "2026-11-29T08:00:00Z", lapses: 1 })],
    },
  },
  "physics.md": {
    decks: "flashcards/science",
    cards: { "What is (x)?": ['a "quoted" answer', state({ id: "phys01", due: "2026-12-05T04:00:00Z", last_review: "2026-11-25T04:00:00Z", stability: 2 })] },
  },
});

const LOG: LogRecord[] = [
  { v: 1, type: "review", time: "2026-11-30T11:55:00Z", device: "d", card: "haus01", note: "lang/German.md", key: "Haus", rating: "good", before: null, after: null },
  { v: 1, type: "review", time: "2026-11-25T04:00:00Z", device: "d", card: "phys01", note: "physics.md", key: "What is (x)?", rating: "good", before: null, after: null },
  { v: 1, type: "review", time: "2026-11-29T08:00:00Z", device: "d", card: "", note: "lang/German.md", key: "Big dog", rating: "again", before: null, after: null },
  // Reviewed, then undone: not rated.
  { v: 1, type: "review", time: "2026-11-30T09:00:00Z", device: "d", card: "vivir1", note: "lang/Spanish verbs.md", key: "Vivir", rating: "again", before: null, after: null },
  { v: 1, type: "undo", time: "2026-11-30T09:00:05Z", device: "d", card: "vivir1", note: "lang/Spanish verbs.md", key: "Vivir", rating: "again", before: null, after: null, undoes: "2026-11-30T09:00:00Z" },
];

const CONTEXT: SearchContext = {
  now: NOW,
  dayStartHour: 4,
  buried: new Set([cardId("lang/Spanish verbs.md", "Hablar")]),
  reviewedSince: reviewedSinceFromLog(LOG),
};

function keys(query: string): string[] {
  const result = runSearch(query, ROWS, CONTEXT);
  if (!result.ok) throw new Error(`${result.error.message} at ${result.error.position}`);
  return result.rows.map((row) => row.card.key).sort();
}

describe("search: what each rule finds", () => {
  it.each<[string, string[]]>([
    ["", ["Big dog", "Comer", "Haus", "Hablar", "Vivir", "What is (x)?"]],
    ["speak", ["Hablar"]],
    ["SPEAK", ["Hablar"]],
    ["german", ["Big dog", "Haus"]],
    ["to e*t", ["Comer"]],
    ["h_us", ["Haus"]],
    ['"big dog"', ["Big dog"]],
    ["big dog", ["Big dog"]],
    ['"(x)"', ["What is (x)?"]],
    ['quoted', ["What is (x)?"]],
    ["deck:lang", ["Big dog", "Comer", "Haus", "Hablar", "Vivir"]],
    ["deck:lang/de", ["Big dog", "Haus"]],
    ["deck:LANG/DE", ["Big dog", "Haus"]],
    ["deck:lang/d*", ["Big dog", "Haus"]],
    ["deck:lan", []],
    ["note:German", ["Big dog", "Haus"]],
    ["note:lang/German", ["Big dog", "Haus"]],
    ['"note:spanish verbs"', ["Comer", "Hablar", "Vivir"]],
    ["note:span*", ["Comer", "Hablar", "Vivir"]],
    ["is:new", ["Hablar"]],
    ["is:learn", ["Big dog", "Haus"]],
    ["is:review", ["Big dog", "Comer", "Vivir", "What is (x)?"]],
    ["is:due", ["Comer", "Haus"]],
    ["is:suspended", ["Vivir"]],
    ["is:buried", ["Hablar"]],
    ["is:leech", ["Vivir"]],
    ["flag:1", ["Comer"]],
    ["flag:7", ["Haus"]],
    ["flag:0", ["Big dog", "Hablar", "Vivir", "What is (x)?"]],
    ["prop:ivl>10", ["Vivir"]],
    ["prop:ivl<=10", ["Comer", "What is (x)?"]],
    ["prop:lapses>=3", ["Comer", "Vivir"]],
    ["prop:lapses=0", ["Haus", "Hablar", "What is (x)?"]],
    ["prop:reps!=1", ["Comer", "Hablar"]],
    ["prop:due<7", ["Big dog", "Comer", "Haus", "What is (x)?"]],
    ["prop:due=0", ["Comer", "Haus"]],
    ["prop:due>=5", ["Vivir", "What is (x)?"]],
    ["prop:s>20", ["Vivir"]],
    ["prop:r<0.9", ["What is (x)?"]],
    ["prop:r>0.95", ["Haus", "Vivir"]],
    ["rated:1", ["Haus"]],
    ["rated:2", ["Big dog", "Haus"]],
    ["rated:7", ["Big dog", "Haus", "What is (x)?"]],
    ["-is:new", ["Big dog", "Comer", "Haus", "Vivir", "What is (x)?"]],
    ["deck:lang -deck:lang/de", ["Comer", "Hablar", "Vivir"]],
    ["flag:1 OR flag:7", ["Comer", "Haus"]],
    ["flag:1 or is:new", ["Comer", "Hablar"]],
    ["deck:lang (flag:1 OR is:suspended)", ["Comer", "Vivir"]],
    ["-(deck:lang OR flag:1)", ["What is (x)?"]],
    ["deck:lang and is:learn", ["Big dog", "Haus"]],
    ["is:review is:due OR is:new", ["Comer", "Hablar"]],
    ['"OR"', []],
    ['"-speak"', []],
    ["to-eat", []],
  ])("%s", (query, expected) => {
    expect(keys(query)).toEqual([...expected].sort());
  });
});

describe("search: bad syntax is an error value with a position", () => {
  it.each<[string, RegExp, number]>([
    ["(deck:lang", /unclosed \(/, 0],
    ["is:new (", /unclosed \(/, 7],
    ["deck:lang)", /unmatched \)/, 9],
    ["()", /empty parentheses/, 0],
    ["OR flag:1", /before it/, 0],
    ["flag:1 OR", /after it/, 7],
    ['"unclosed', /unclosed quote/, 0],
    ["is:fresh", /is: takes/, 3],
    ["flag:8", /flag: takes/, 5],
    ["flag:red", /flag: takes/, 5],
    ["prop:ivl", /prop: needs/, 5],
    ["prop:foo>1", /prop: knows/, 5],
    ["rated:0", /rated: takes/, 6],
    ["deck:", /needs a name/, 5],
    ["tag:x", /unknown search field/, 0],
    ["a -is:bad", /is: takes/, 6],
  ])("%s", (query, message, position) => {
    const parsed = parseSearch(query);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.message).toMatch(message);
      expect(parsed.error.position).toBe(position);
    }
    const run = runSearch(query, ROWS, CONTEXT);
    expect(run.ok).toBe(false);
  });
});
