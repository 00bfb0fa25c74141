import { describe, expect, it } from "vitest";
import { mergeLogs } from "../../../src/core/log/record";
import { activityByDay, streaks } from "../../../src/core/stats/activity";
import { cardCounts } from "../../../src/core/stats/card-counts";
import { retentionByDeck } from "../../../src/core/stats/deck-retention";
import { distributions, retrievability } from "../../../src/core/stats/distributions";
import { futureDue } from "../../../src/core/stats/future-due";
import { answerButtons, hourly } from "../../../src/core/stats/hourly";
import { lastDays, periodDays } from "../../../src/core/stats/period";
import { StatsModel } from "../../../src/core/stats/report";
import { combined, retentionRate, trueRetention } from "../../../src/core/stats/retention";
import { reviewFacts } from "../../../src/core/stats/review-facts";
import { StudyDays } from "../../../src/core/stats/study-days";
import { statsSummary } from "../../../src/core/stats/summary";
import { todayFigures } from "../../../src/core/stats/today";
import { CARDS, NOW, RECORDS, reviewState } from "./known-log";

const records = mergeLogs([RECORDS]);
const days = new StudyDays(NOW, 4);
const facts = reviewFacts(records, days);

describe("statistics of a known log (numbers worked out by hand in known-log.ts)", () => {
  it("places each standing review on its study day and hour; the undone one is gone", () => {
    expect(facts.map((fact) => [fact.day, fact.hour, fact.kind])).toEqual([
      [-371, 12, "mature"],
      [-360, 12, "mature"],
      [-7, 12, "young"],
      [-6, 12, "mature"],
      [-1, 3, "young"],
      [0, 8, "mature"],
      [0, 9, "mature"], // device "laptop" sorts before "phone" at the same instant
      [0, 9, "young"],
      [0, 9, "relearning"],
      [0, 9, "learning"],
    ]);
  });

  it("1. today: 5 reviews of 4 cards in 1 minute, 1 Again, 80 % passed, 1 new card", () => {
    expect(todayFigures(facts)).toEqual({ reviews: 5, cards: 4, minutes: 1, again: 1, passRate: 0.8, newLearned: 1 });
  });

  it("2. future due over 7 days: 1 overdue, today's relearning card, B on day 2; suspended and new never due", () => {
    expect(futureDue(CARDS, days, 7)).toEqual({ overdue: 1, perDay: [1, 0, 1, 0, 0, 0, 0], dueToday: 2, dueTomorrow: 0, averagePerDay: 3 / 7 });
  });

  it("3. calendar streaks: today and yesterday (current 2), longest 2, 6 days studied", () => {
    expect(streaks(facts)).toEqual({ current: 2, longest: 2, daysStudied: 6 });
    // With nothing today yet, the streak still runs through yesterday.
    expect(streaks(facts.filter((fact) => fact.day !== 0))).toMatchObject({ current: 1 });
    expect(streaks(facts.filter((fact) => fact.day < -1))).toMatchObject({ current: 0, longest: 2 });
  });

  it("4. reviews per day by kind, counts and time", () => {
    const rows = activityByDay(facts, -2, 0);
    expect(rows.map((row) => [row.day, row.count, row.ms])).toEqual([
      [-2, 0, 0],
      [-1, 1, 10000],
      [0, 5, 60000],
    ]);
    expect(rows[2].counts).toEqual({ learning: 1, young: 1, mature: 2, relearning: 1 });
    expect(rows[2].msByKind).toEqual({ learning: 8000, young: 12000, mature: 36000, relearning: 4000 });
  });

  it("5. card counts: each card once, suspended before its phase", () => {
    expect(cardCounts(CARDS)).toEqual({ new: 1, learning: 1, young: 2, mature: 1, suspended: 1, buried: 0, total: 6 });
    expect(cardCounts([{ ...CARDS[0], buried: true }])).toMatchObject({ buried: 1, mature: 0, total: 1 });
  });

  it("6. distributions: intervals of the five reviewed cards, and the estimated total knowledge", () => {
    const { interval, difficulty } = distributions(CARDS, NOW);
    expect(interval.cards).toBe(5);
    expect(interval.bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(5);
    expect(interval.median).toBe(10); // 10 min (0.0069 d), 1.96, 10, 10, 24
    // Bins [1,2) … [9,10]: A, B, E and F have difficulty 5, C has 8.
    expect(difficulty.bins.map((bin) => [bin.x0, bin.count])).toEqual([[1, 0], [2, 0], [3, 0], [4, 0], [5, 4], [6, 0], [7, 0], [8, 1], [9, 0]]);
  });

  it("6. retrievability: 90 % after exactly S days (the FSRS definition of stability), 100 % right after a review", () => {
    expect(retrievability(10, Date.parse("2026-11-16T10:00:00Z"), NOW.getTime())).toBeCloseTo(0.9, 6);
    expect(retrievability(3, NOW.getTime(), NOW.getTime())).toBe(1);
    const cards = [
      { path: "x.md", key: "1", decks: ["/"], state: reviewState("2026-11-16T10:00:00Z", 10) },
      { path: "x.md", key: "2", decks: ["/"], state: reviewState("2026-11-23T10:00:00Z", 3) },
      { path: "x.md", key: "3", decks: ["/"], state: reviewState("2026-11-26T10:00:00Z", 5) },
      { path: "x.md", key: "4", decks: ["/"], state: null },
    ];
    const result = distributions(cards, NOW);
    expect(result.estimatedKnowledge).toBeCloseTo(2.8, 6);
    expect(result.retrievability.bins.at(-1)).toMatchObject({ x0: 0.95, x1: 1, count: 1 });
    expect(result.retrievability.bins.find((bin) => bin.x0 === 0.9)?.count).toBe(2);
  });

  it("7. hourly breakdown over the last month", () => {
    const rows = hourly(lastDays(facts, 30));
    const used = rows.filter((row) => row.reviews > 0).map((row) => [row.hour, row.reviews, row.passed]);
    expect(used).toEqual([
      [3, 1, 0],
      [8, 1, 1],
      [9, 4, 3],
      [12, 2, 2],
    ]);
  });

  it("8. answer buttons over the last month: relearning counts with learning", () => {
    expect(answerButtons(lastDays(facts, 30))).toEqual({
      learning: { again: 0, hard: 0, good: 2, easy: 0 },
      young: { again: 1, hard: 1, good: 1, easy: 0 },
      mature: { again: 1, hard: 0, good: 2, easy: 0 },
    });
  });

  it("9. true retention: review-state cards only, young/mature by the interval before the review", () => {
    const table = trueRetention(facts);
    expect(table).toEqual({
      today: { young: { passed: 1, failed: 0 }, mature: { passed: 1, failed: 1 } },
      yesterday: { young: { passed: 0, failed: 1 }, mature: { passed: 0, failed: 0 } },
      week: { young: { passed: 1, failed: 1 }, mature: { passed: 2, failed: 1 } },
      month: { young: { passed: 2, failed: 1 }, mature: { passed: 2, failed: 1 } },
      year: { young: { passed: 2, failed: 1 }, mature: { passed: 3, failed: 1 } },
    });
    expect(combined(table.year)).toEqual({ passed: 5, failed: 2 });
    expect(retentionRate(combined(table.year))).toBeCloseTo(5 / 7, 10);
    expect(retentionRate(table.yesterday.mature)).toBeNull();
  });

  it("periods: 30, 91, 365 days; all reaches back to the first review", () => {
    expect(periodDays("month", facts)).toBe(30);
    expect(periodDays("quarter", facts)).toBe(91);
    expect(periodDays("year", facts)).toBe(365);
    expect(periodDays("all", facts)).toBe(372);
    expect(periodDays("all", [])).toBe(30);
  });
});

describe("scopes", () => {
  const model = new StatsModel(records, CARDS, NOW, 4);

  it("a deck: its cards and their reviews, found by card id even under the note's old name", () => {
    const report = model.report({ kind: "deck", deck: "lang" }, "month");
    expect(report.cards.total).toBe(2);
    expect(report.today).toMatchObject({ reviews: 2, again: 0 });
    expect(report.retention.today).toEqual({ young: { passed: 1, failed: 0 }, mature: { passed: 1, failed: 0 } });
  });

  it("a note: a deleted card's reviews stay with the note they were logged in", () => {
    const report = model.report({ kind: "note", path: "b.md" }, "month");
    expect(report.cards).toMatchObject({ total: 4, new: 1, suspended: 1 });
    expect(report.today).toMatchObject({ reviews: 3, newLearned: 1 });
    expect(model.report({ kind: "note", path: "old name.md" }, "month").today.reviews).toBe(0);
  });

  it("the collection, per period: reviews and hourly rows follow the period, the calendar a year", () => {
    const month = model.report({ kind: "all" }, "month");
    const all = model.report({ kind: "all" }, "all");
    expect(month.reviews).toHaveLength(30);
    expect(all.reviews).toHaveLength(372);
    expect(all.reviews.reduce((sum, row) => sum + row.count, 0)).toBe(10);
    expect(month.reviews.reduce((sum, row) => sum + row.count, 0)).toBe(8);
    expect(month.calendar).toHaveLength(365);
    expect(month.calendar.reduce((sum, row) => sum + row.count, 0)).toBe(9);
  });
});

describe("the CLI summary", () => {
  it("has exactly the issue's shape and the hand-worked numbers", () => {
    const summary = statsSummary(records, CARDS, NOW, 4, 3);
    expect(summary).toEqual({
      now: "2026-11-26T10:00:00.000Z",
      cards: { new: 1, learning: 1, young: 2, mature: 1, suspended: 1, total: 6 },
      today: { reviews: 5, minutes: 1, again: 1, newLearned: 1 },
      trueRetention: trueRetention(facts),
      futureDue: [
        { day: "2026-11-26", count: 2 },
        { day: "2026-11-27", count: 0 },
        { day: "2026-11-28", count: 1 },
      ],
      reviewsPerDay: [
        { day: "2026-11-24", count: 0, seconds: 0 },
        { day: "2026-11-25", count: 1, seconds: 10 },
        { day: "2026-11-26", count: 5, seconds: 60 },
      ],
    });
  });
});

describe("the study pane's true retention per deck (last 30 days)", () => {
  it("counts each deck's review-state reviews, parents included, by where the card is now", () => {
    const table = retentionByDeck(records, CARDS, NOW, 4);
    expect(Object.fromEntries(table)).toEqual({
      // A (rec 1 and 9, mature, passed) and B (rec 2 and 10, young, passed)
      "lang/de": { passed: 4, failed: 0 },
      lang: { passed: 4, failed: 0 },
      // C failed today (mature), F failed yesterday (young); G's first review is not a review-state review
      "/": { passed: 0, failed: 2 },
    });
    // Seven days: rec 10 (day −7) drops out.
    expect(retentionByDeck(records, CARDS, NOW, 4, 7).get("lang")).toEqual({ passed: 3, failed: 0 });
  });
});

describe("standing reviews, matched over the records an undo can reach", () => {
  it("agrees with record.ts's standingReviews on logs with and without undos, legacy undos included", async () => {
    const { standingReviews } = await import("../../../src/core/log/record");
    const { standingOnly } = await import("../../../src/core/stats/review-facts");
    const fc = (await import("fast-check")).default;
    const event = fc.record({
      undo: fc.boolean(),
      legacy: fc.boolean(),
      minute: fc.integer({ min: 0, max: 20 }),
      device: fc.constantFrom("a", "b"),
      card: fc.constantFrom("x", "y"),
      target: fc.integer({ min: 0, max: 20 }),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        const at = (minute: number): string => new Date(Date.UTC(2026, 0, 1, 8, minute)).toISOString();
        const log = mergeLogs([
          events.map((e) =>
            e.undo
              ? { v: 1, type: "undo" as const, time: at(e.minute), device: e.device, card: e.legacy ? "" : e.card, note: "n.md", key: e.card, before: null, after: null, ...(e.legacy ? {} : { undoes: at(e.target) }) }
              : { v: 1, type: "review" as const, time: at(e.minute), device: e.device, card: e.card, note: "n.md", key: e.card, rating: "good" as const, before: null, after: null },
          ),
        ]);
        expect(standingOnly(log)).toEqual(standingReviews(log));
      }),
      { numRuns: 500 },
    );
  });
});
