import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CardIndex, cardId, type CardRef } from "../../src/core/study/card-index";
import { LEARN_AHEAD_MS } from "../../src/core/scheduling/day";
import { DueQueue, type QueueOptions } from "../../src/core/study/queue";
import { DEFAULT_PARSE_OPTIONS, type CardState, type Phase } from "../../src/core/types";

// The test config pins TZ=UTC: the study day starts at 04:00Z, so "today" runs to 2026-05-11T04:00Z.
const NOW = new Date("2026-05-10T12:00:00Z");
const MIN = 60_000;

function at(offsetMs: number): string {
  return new Date(NOW.getTime() + offsetMs).toISOString().replace(".000Z", "Z");
}

function state(phase: Phase, due: string): CardState {
  return { due, stability: 3, difficulty: 5, reps: 2, lapses: 0, state: phase, step: 0, last_review: "2026-05-01T08:00:00Z" };
}

function note(tags: string[], questions: string[]): string {
  return `---\ntags: [${tags.join(", ")}]\n---\n` + questions.map((q) => `### ${q}\nanswer\n`).join("\n");
}

/** One note per entry; each card is `key` → state (null: new). */
function indexOf(notes: Record<string, Record<string, CardState | null>>): CardIndex {
  const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
  for (const [path, cards] of Object.entries(notes)) {
    index.update(path, note(["flashcards"], Object.keys(cards)));
    for (const [key, s] of Object.entries(cards)) index.setState(path, key, s);
  }
  return index;
}

const open: QueueOptions = { dayStartHour: 4, newLeft: 9999, reviewsLeft: 9999, excluded: new Set() };

/** Shows and removes every card available at `now`, as a session that grades without relearning would. */
function drain(queue: DueQueue, now: Date = NOW): string[] {
  const order: string[] = [];
  for (let ref = queue.peek(now); ref !== null; ref = queue.peek(now)) {
    order.push(ref.card.key);
    queue.remove(ref);
  }
  return order;
}

describe("DueQueue order", () => {
  it("learning cards whose time has come first (soonest first), then reviews most overdue first", () => {
    const index = indexOf({
      "a.md": { R1: state("review", at(-1 * 60 * MIN)), L2: state("learning", at(-1 * MIN)), R3: state("review", at(-48 * 60 * MIN)) },
      "b.md": { L1: state("relearning", at(-5 * MIN)), R2: state("review", at(-5 * 60 * MIN)), R4: state("review", at(10 * 60 * MIN)) },
    });
    const queue = DueQueue.build(index, NOW, open);
    expect(drain(queue)).toEqual(["L1", "L2", "R3", "R2", "R1", "R4"]);
  });

  it("leaves out review cards due at or after tomorrow's 4:00, and not-yet-due later cards", () => {
    const index = indexOf({
      "a.md": {
        Tonight: state("review", "2026-05-11T03:59:59Z"),
        Tomorrow: state("review", "2026-05-11T04:00:00Z"),
        NextWeek: state("review", "2026-05-17T08:00:00Z"),
      },
    });
    expect(drain(DueQueue.build(index, NOW, open))).toEqual(["Tonight"]);
  });

  it("spreads new cards evenly among reviews: 10 reviews + 5 new → a new card every 3rd", () => {
    const cards: Record<string, CardState | null> = {};
    for (let i = 0; i < 5; i++) cards[`N${i}`] = null;
    for (let i = 0; i < 10; i++) cards[`R${i}`] = state("review", at(-(10 - i) * 60 * MIN));
    const order = drain(DueQueue.build(indexOf({ "a.md": cards }), NOW, open));
    expect(order).toHaveLength(15);
    const newPositions = order.flatMap((key, i) => (key.startsWith("N") ? [i + 1] : []));
    expect(newPositions).toEqual([2, 5, 8, 11, 14]);
    // Within each kind the order holds: reviews most overdue first, new cards in note order.
    expect(order.filter((k) => k.startsWith("R"))).toEqual(["R0", "R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9"]);
    expect(order.filter((k) => k.startsWith("N"))).toEqual(["N0", "N1", "N2", "N3", "N4"]);
  });

  it("shows new cards alone when there are no reviews, and reviews alone when there are no new cards", () => {
    expect(drain(DueQueue.build(indexOf({ "a.md": { A: null, B: null } }), NOW, open))).toEqual(["A", "B"]);
    const reviews = { A: state("review", at(-MIN)), B: state("review", at(-2 * MIN)) };
    expect(drain(DueQueue.build(indexOf({ "a.md": reviews }), NOW, open))).toEqual(["B", "A"]);
  });

  it("learning cards within the 20-minute learn-ahead come only when nothing else is left", () => {
    const index = indexOf({
      "a.md": {
        Soon: state("learning", at(5 * MIN)),
        Edge: state("learning", at(LEARN_AHEAD_MS)),
        Far: state("learning", at(LEARN_AHEAD_MS + 1000)),
        R: state("review", at(-MIN)),
        N: null,
      },
    });
    const queue = DueQueue.build(index, NOW, open);
    expect(drain(queue)).toEqual(["R", "N", "Soon", "Edge"]);
    // "Far" is still in the queue, just not yet available.
    expect(queue.learning.map((ref) => ref.card.key)).toEqual(["Far"]);
    expect(queue.peek(new Date(NOW.getTime() + 1000))?.card.key).toBe("Far");
  });

  it("a learning card that comes due jumps ahead of the remaining reviews", () => {
    const index = indexOf({
      "a.md": { L: state("learning", at(2 * MIN)), R1: state("review", at(-2 * MIN)), R2: state("review", at(-MIN)) },
    });
    const queue = DueQueue.build(index, NOW, open);
    expect(queue.peek(NOW)?.card.key).toBe("R1");
    expect(queue.peek(new Date(NOW.getTime() + 2 * MIN))?.card.key).toBe("L");
  });

  it("addLearning puts a card back in line by its due time", () => {
    const index = indexOf({ "a.md": { A: state("learning", at(-MIN)), B: state("learning", at(10 * MIN)), C: state("review", at(-MIN)) } });
    const queue = DueQueue.build(index, NOW, open);
    const a = queue.peek(NOW)!;
    expect(a.card.key).toBe("A");
    queue.remove(a);
    a.card.state = state("learning", at(5 * MIN));
    queue.addLearning(a);
    expect(queue.learning.map((ref: CardRef) => ref.card.key)).toEqual(["A", "B"]);
    expect(drain(queue)).toEqual(["C", "A", "B"]);
  });
});

describe("DueQueue limits and filters", () => {
  const mixed = (): CardIndex =>
    indexOf({
      "a.md": { N1: null, N2: null, N3: null, R1: state("review", at(-3 * MIN)), R2: state("review", at(-2 * MIN)), L: state("learning", at(-MIN)) },
    });

  it("caps new and review cards by what is left today; learning cards are never capped", () => {
    const queue = DueQueue.build(mixed(), NOW, { ...open, newLeft: 2, reviewsLeft: 1 });
    expect(queue.counts(NOW)).toEqual({ new: 2, learning: 1, due: 1 });
    expect(drain(queue).sort()).toEqual(["L", "N1", "N2", "R1"]);
  });

  it("a limit of 0, or below 0 (more done than the limit), admits none", () => {
    for (const left of [0, -3]) {
      const queue = DueQueue.build(mixed(), NOW, { ...open, newLeft: left, reviewsLeft: left });
      expect(queue.counts(NOW)).toEqual({ new: 0, learning: 1, due: 0 });
      expect(drain(queue)).toEqual(["L"]);
    }
  });

  it("leaves out excluded cards (skipped, buried)", () => {
    const excluded = new Set([cardId("a.md", "N1"), cardId("a.md", "R1"), cardId("a.md", "L")]);
    const queue = DueQueue.build(mixed(), NOW, { ...open, excluded });
    expect(drain(queue).sort()).toEqual(["N2", "N3", "R2"]);
  });

  it("excluded cards don't use up the limit", () => {
    const excluded = new Set([cardId("a.md", "N1")]);
    const queue = DueQueue.build(mixed(), NOW, { ...open, newLeft: 1, excluded });
    expect(queue.news.map((ref) => ref.card.key)).toEqual(["N2"]);
  });

  it("include limits the queue to some notes", () => {
    const index = indexOf({ "a.md": { A: null, RA: state("review", at(-MIN)) }, "b.md": { B: null, RB: state("review", at(-MIN)) } });
    const queue = DueQueue.build(index, NOW, { ...open, include: (n) => n.path === "b.md" });
    expect(drain(queue).sort()).toEqual(["B", "RB"]);
  });
});

describe("DueQueue counts and nextDueAfter", () => {
  it("counts new · learning within the learn-ahead · due, and follows removals", () => {
    const index = indexOf({
      "a.md": {
        N: null,
        Now: state("learning", at(-MIN)),
        Ahead: state("relearning", at(LEARN_AHEAD_MS)),
        Far: state("learning", at(LEARN_AHEAD_MS + 1000)),
        R: state("review", at(-MIN)),
        Tomorrow: state("review", "2026-05-11T05:00:00Z"),
      },
    });
    const queue = DueQueue.build(index, NOW, open);
    expect(queue.counts(NOW)).toEqual({ new: 1, learning: 2, due: 1 });
    expect(queue.counts(new Date(NOW.getTime() + 1000))).toEqual({ new: 1, learning: 3, due: 1 });
    queue.remove(queue.peek(NOW)!);
    expect(queue.counts(NOW)).toEqual({ new: 1, learning: 1, due: 1 });
  });

  it("nextDueAfter: 20 minutes before the first learning card, not before now; null with no learning card", () => {
    const index = indexOf({ "a.md": { L: state("learning", at(60 * MIN)), L2: state("learning", at(90 * MIN)), R: state("review", at(-MIN)) } });
    const queue = DueQueue.build(index, NOW, open);
    expect(queue.nextDueAfter(NOW)?.toISOString()).toBe(new Date(NOW.getTime() + 40 * MIN).toISOString());
    const late = new Date(NOW.getTime() + 50 * MIN);
    expect(queue.nextDueAfter(late)?.toISOString()).toBe(late.toISOString());
    expect(DueQueue.build(indexOf({ "a.md": { R: state("review", "2026-05-12T08:00:00Z") } }), NOW, open).nextDueAfter(NOW)).toBeNull();
  });

  it("an empty queue peeks null and counts zero", () => {
    const queue = DueQueue.build(new CardIndex(DEFAULT_PARSE_OPTIONS), NOW, open);
    expect(queue.peek(NOW)).toBeNull();
    expect(queue.counts(NOW)).toEqual({ new: 0, learning: 0, due: 0 });
  });
});

describe("DueQueue review limit", () => {
  it("keeps exactly the cards a full stable sort by due, cut to the limit, would keep (ties in note order)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 0, maxLength: 40 }),
        fc.integer({ min: 0, max: 45 }),
        (hoursAgo, limit) => {
          // Few distinct due times, so ties are common.
          const cards: Record<string, CardState> = {};
          hoursAgo.forEach((hours, i) => (cards[`C${i}`] = state("review", at(-Math.abs(hours) * 60 * MIN))));
          const queue = DueQueue.build(indexOf({ "a.md": cards }), NOW, { ...open, reviewsLeft: limit });
          const expected = Object.keys(cards)
            .map((key, order) => ({ key, order, due: Date.parse(cards[key].due) }))
            .sort((a, b) => a.due - b.due || a.order - b.order)
            .slice(0, limit)
            .map((card) => card.key);
          expect(queue.reviews.map((ref) => ref.card.key)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
