import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cardId, CardIndex, countByDeck, deckAndAncestors, emptyCounts, type Counts } from "../../src/core/study/card-index";
import { classify, instantMs, nextDayStart } from "../../src/core/scheduling/day";
import { DueQueue, inScopeCounts } from "../../src/core/study/queue";
import { ScheduleTable } from "../../src/core/study/schedule-table";
import { DEFAULT_PARSE_OPTIONS, type CardState, type Phase } from "../../src/core/types";

// The index keeps every card's kind and due time in a table, updated as notes are read, graded, moved
// and removed. Whatever the edits, every pass that reads the table must count and queue exactly what a
// full recount over the cards' states (with `classify`, as before the table) gives.

const NOW = new Date("2026-05-10T12:00:00Z");
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

function noteText(keys: string[], deck: string | null): string {
  return `---\ntags: [flashcards${deck === null ? "" : `/${deck}`}]\n---\n` + keys.map((key) => `### ${key}\nanswer\n`).join("\n");
}

const PATHS = ["a.md", "b.md", "lang/c.md", "lang/de/d.md", "e.md"];
const DECKS = [null, "lang", "lang/de", "math"];

/** Due times around now: minutes (learning steps), days (reviews), and odd forms only `classify` reads. */
const dueArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -90, max: 90 }).map((minutes) => iso(NOW.getTime() + minutes * MIN)) },
  { weight: 4, arbitrary: fc.integer({ min: -5, max: 5 }).map((days) => iso(NOW.getTime() + days * DAY + 7 * 60 * MIN)) },
  // The day's edges: 04:00 tomorrow starts the next study day; 20 minutes ahead ends the learn-ahead.
  { weight: 2, arbitrary: fc.constantFrom(iso(nextDayStart(NOW, 4).getTime()), iso(nextDayStart(NOW, 4).getTime() - 1000), iso(NOW.getTime() + 20 * MIN), iso(NOW.getTime() + 20 * MIN + 1000)) },
  { weight: 1, arbitrary: fc.constantFrom("2026-05-10T11:00:00.500Z", "2026-05-11T03:59:59.999Z", "2026-05-12T00:00:00.000Z", "2026-05-10T24:00:00Z") },
);

const stateArb: fc.Arbitrary<CardState | null> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  {
    weight: 4,
    arbitrary: fc.record({ phase: fc.constantFrom<Phase>("new", "learning", "relearning", "review"), due: dueArb, suspended: fc.boolean() }).map(({ phase, due, suspended }) => {
      const state: CardState = { due, stability: 3, difficulty: 5, reps: 2, lapses: 0, state: phase, step: 0, last_review: "2026-05-01T08:00:00Z" };
      if (suspended && phase !== "review") state.suspended = true;
      return state;
    }),
  },
);

type Op =
  | { kind: "update"; path: string; cards: number; deck: string | null; states: (CardState | null)[] }
  | { kind: "grade"; path: string; card: number; state: CardState | null }
  | { kind: "remove"; path: string }
  | { kind: "untag"; path: string }
  | { kind: "rename"; from: string; to: string }
  | { kind: "clear" };

const pathArb = fc.constantFrom(...PATHS);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("update" as const), path: pathArb, cards: fc.integer({ min: 0, max: 8 }), deck: fc.constantFrom(...DECKS), states: fc.array(stateArb, { minLength: 8, maxLength: 8 }) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("grade" as const), path: pathArb, card: fc.nat(8), state: stateArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("remove" as const), path: pathArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("untag" as const), path: pathArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("rename" as const), from: pathArb, to: pathArb }) },
  { weight: 1, arbitrary: fc.constant({ kind: "clear" as const }) },
);

function apply(index: CardIndex, op: Op): void {
  switch (op.kind) {
    case "update": {
      const keys = Array.from({ length: op.cards }, (_, at) => `Q${at}`);
      index.update(op.path, keys.length === 0 ? "no cards here\n" : noteText(keys, op.deck));
      keys.forEach((key, at) => index.setState(op.path, key, op.states[at]));
      return;
    }
    case "grade":
      index.setState(op.path, `Q${op.card}`, op.state);
      return;
    case "remove":
      index.remove(op.path);
      return;
    case "untag":
      index.update(op.path, "# no tag\n### Q0\nanswer\n");
      return;
    case "rename":
      if (op.from !== op.to) index.rename(op.from, op.to);
      return;
    case "clear":
      index.clear();
  }
}

/** countByDeck as it was before the table: `classify` on every card's state. */
function recountByDeck(index: CardIndex, excluded: ReadonlySet<string>): { total: Counts; decks: Map<string, Counts> } {
  const total = emptyCounts();
  const decks = new Map<string, Counts>();
  for (const note of index.allNotes()) {
    const names = new Set(note.decks.flatMap(deckAndAncestors));
    for (const card of note.cards) {
      const kind = excluded.has(cardId(note.path, card.key)) ? "later" : classify(card.state, NOW, 4);
      for (const counts of [total, ...[...names].map((name) => decks.get(name) ?? decks.set(name, emptyCounts()).get(name)!)]) {
        counts.total++;
        if (kind === "new") counts.new++;
        else if (kind === "learning") counts.learning++;
        else if (kind === "due") counts.due++;
      }
    }
  }
  return { total, decks };
}

/** DueQueue.build as it was before the table, written plainly: every card's state read and sorted. */
function requeue(index: CardIndex, excluded: ReadonlySet<string>, newLeft: number, reviewsLeft: number) {
  const dayEnd = nextDayStart(NOW, 4).getTime();
  const inScope = { new: 0, due: 0 };
  const news: string[] = [];
  const learning: { id: string; due: number; order: number }[] = [];
  const reviews: { id: string; due: number; order: number }[] = [];
  let order = 0;
  for (const note of index.allNotes()) {
    for (const card of note.cards) {
      const id = `${note.path}|${card.key}`;
      const state = card.state;
      if (excluded.has(cardId(note.path, card.key)) || state?.suspended === true) continue;
      const fresh = state === null || state.state === "new";
      if (fresh) inScope.new++;
      else if (classify(state, NOW, 4) === "due") inScope.due++;
      if (fresh) {
        if (news.length < newLeft) news.push(id);
        continue;
      }
      const due = instantMs(state.due);
      if (state.state === "learning" || state.state === "relearning") learning.push({ id, due, order: order++ });
      else if (due < dayEnd) reviews.push({ id, due, order: order++ });
    }
  }
  const byDue = (a: { due: number; order: number }, b: { due: number; order: number }): number => a.due - b.due || a.order - b.order;
  return { inScope, news, learning: learning.sort(byDue).map((c) => c.id), reviews: reviews.sort(byDue).slice(0, reviewsLeft).map((c) => c.id) };
}

describe("the index's schedule table", () => {
  it("after any reads, grades, moves and removals, counts and queues equal a full recount over the cards' states", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), fc.array(fc.tuple(pathArb, fc.nat(8)), { maxLength: 4 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }), (ops, skips, newLeft, reviewsLeft) => {
        const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
        for (const op of ops) apply(index, op);
        const excluded = new Set(skips.map(([path, card]) => cardId(path, `Q${card}`)));

        // Each note's entries are what reading its cards afresh gives.
        for (const note of index.allNotes()) {
          const fresh = new ScheduleTable();
          const at = fresh.add(note.cards);
          const offset = index.schedule.offsetOf(note.cards);
          expect(Array.from(index.schedule.kinds.subarray(offset, offset + note.cards.length))).toEqual(Array.from(fresh.kinds.subarray(at, at + note.cards.length)));
          expect(Array.from(index.schedule.dues.subarray(offset, offset + note.cards.length))).toEqual(Array.from(fresh.dues.subarray(at, at + note.cards.length)));
        }

        const counted = countByDeck(index, NOW, 4, true, excluded);
        const recounted = recountByDeck(index, excluded);
        expect(counted.total).toEqual(recounted.total);
        expect(new Map([...counted.decks].filter(([, counts]) => counts.total > 0))).toEqual(recounted.decks);

        const queue = DueQueue.build(index, NOW, { dayStartHour: 4, newLeft, reviewsLeft, excluded });
        const expected = requeue(index, excluded, newLeft, reviewsLeft);
        const ids = (refs: { note: { path: string }; card: { key: string } }[]): string[] => refs.map((ref) => `${ref.note.path}|${ref.card.key}`);
        expect(queue.inScope).toEqual(expected.inScope);
        expect(ids(queue.news)).toEqual(expected.news);
        expect(ids(queue.learning)).toEqual(expected.learning);
        expect(ids(queue.reviews)).toEqual(expected.reviews);
        expect(inScopeCounts(index, NOW, { dayStartHour: 4, excluded })).toEqual(expected.inScope);
      }),
      { numRuns: 300 },
    );
  });

  it("reuses the room of notes read again instead of growing without end", () => {
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    const keys = Array.from({ length: 50 }, (_, at) => `Q${at}`);
    for (let edit = 0; edit < 200; edit++) index.update(`n${edit % 3}.md`, noteText(keys, null));
    // Three notes of 50 cards are live; the table holds them with at most half as much again spare.
    expect(index.schedule.kinds.length).toBeLessThanOrEqual(Math.ceil(3 * 50 * 1.5) + 50);
    expect(countByDeck(index, NOW, 4).total).toEqual({ new: 150, learning: 0, due: 0, total: 150 });
  });

  it("a note moved onto another's path replaces it in the counts", () => {
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    index.update("a.md", noteText(["A1", "A2"], null));
    index.update("b.md", noteText(["B1"], null));
    index.setState("b.md", "B1", { due: iso(NOW.getTime() - DAY), stability: 3, difficulty: 5, reps: 2, lapses: 0, state: "review", step: 0, last_review: "2026-05-01T08:00:00Z" });
    index.rename("a.md", "b.md");
    expect(countByDeck(index, NOW, 4).total).toEqual({ new: 2, learning: 0, due: 0, total: 2 });
  });
});
