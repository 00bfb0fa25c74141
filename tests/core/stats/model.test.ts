// The statistics view's StatsModel prepares the log into columns and adds up days; every figure it reports
// must be the one the panel functions (tested by hand in stats.test.ts) work out from the same log and
// cards, for any log, scope and period, in any time zone (DST days, half-hour offsets) and day start.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { mergeLogs, type LogRecord } from "../../../src/core/log/record";
import { activityByDay, streaks } from "../../../src/core/stats/activity";
import { cardCounts } from "../../../src/core/stats/card-counts";
import { median } from "d3-array";
import { distributions, distributionsOf } from "../../../src/core/stats/distributions";
import { futureDue } from "../../../src/core/stats/future-due";
import { answerButtons, hourly } from "../../../src/core/stats/hourly";
import { lastDays, periodDays, STATS_PERIODS, type StatsPeriod } from "../../../src/core/stats/period";
import { CALENDAR_DAYS, StatsModel } from "../../../src/core/stats/report";
import { trueRetention } from "../../../src/core/stats/retention";
import { reviewFacts } from "../../../src/core/stats/review-facts";
import { ScopeFilter, type StatsCard, type StatsScope } from "../../../src/core/stats/scope";
import { StudyDays } from "../../../src/core/stats/study-days";
import { todayFigures } from "../../../src/core/stats/today";
import { RATINGS, type CardState } from "../../../src/core/types";

const DAY = 86_400_000;
const NOW_MS = Date.parse("2026-03-30T10:00:00Z"); // the day after Europe's spring-forward
const PATHS = ["a.md", "lang/b.md", "lang/de/c.md", "courses/d.md"];
const DECKS: readonly (readonly string[])[] = [["/"], ["lang"], ["lang/de"], ["courses/x", "lang"]];
const IDS = ["k1", "k2", "k3", "k4", "k5", "k6", ""];

/** The report as the panel functions work it out, straight from the facts (the model's old way). */
function reference(records: readonly LogRecord[], cards: readonly StatsCard[], now: Date, dayStartHour: number, scope: StatsScope, period: StatsPeriod) {
  const days = new StudyDays(now, dayStartHour);
  const filter = new ScopeFilter(cards);
  const facts = filter.facts(reviewFacts(records, days), scope);
  const scoped = filter.cards(cards, scope);
  const span = periodDays(period, facts);
  const inPeriod = lastDays(facts, span);
  return {
    periodDays: span,
    today: todayFigures(facts),
    futureDue: futureDue(scoped, days, span),
    calendar: activityByDay(facts, 1 - CALENDAR_DAYS, 0),
    streaks: streaks(facts),
    reviews: activityByDay(inPeriod, 1 - span, 0),
    cards: cardCounts(scoped),
    distributions: distributions(scoped, now),
    hourly: hourly(inPeriod),
    buttons: answerButtons(inPeriod),
    retention: trueRetention(facts),
  };
}

const iso = (ms: number, withMillis: boolean): string => {
  const text = new Date(ms).toISOString();
  return withMillis ? text : text.replace(/\.\d{3}Z$/, "Z");
};

const stateArb: fc.Arbitrary<CardState | null> = fc.option(
  fc.record({
    phase: fc.constantFrom("new", "learning", "review", "relearning"),
    last: fc.integer({ min: -400 * DAY, max: DAY }),
    interval: fc.oneof(fc.integer({ min: 600_000, max: 3_600_000 }), fc.integer({ min: 1, max: 60 }).map((days) => days * DAY + 3_600_000)),
    stability: fc.oneof(fc.constant(0), fc.double({ min: 0.1, max: 400, noNaN: true })),
    difficulty: fc.double({ min: 1, max: 10, noNaN: true }),
    suspended: fc.boolean(),
    id: fc.constantFrom(...IDS),
    millis: fc.boolean(),
  }),
  { freq: 4 },
).map((s) =>
  s === null
    ? null
    : {
        due: iso(NOW_MS + s.last + s.interval, s.millis),
        stability: s.stability,
        difficulty: s.difficulty,
        reps: 3,
        lapses: 0,
        state: s.phase,
        step: 0,
        last_review: s.phase === "new" ? null : iso(NOW_MS + s.last, s.millis),
        ...(s.id !== "" ? { id: s.id } : {}),
        ...(s.suspended ? { suspended: true } : {}),
      },
);

const cardArb: fc.Arbitrary<StatsCard> = fc.record({ path: fc.constantFrom(...PATHS), key: fc.constantFrom("Q1", "Q2", "Q3"), decks: fc.constantFrom(...DECKS), state: stateArb, buried: fc.boolean() });

type ReviewSpec = typeof reviewArb extends fc.Arbitrary<infer T> ? T : never;

const reviewArb = fc.record({
  at: fc.integer({ min: -800 * DAY, max: 2 * DAY }),
  device: fc.constantFrom("phone", "laptop"),
  card: fc.constantFrom(...IDS, "gone"),
  note: fc.constantFrom(...PATHS, "old.md"),
  key: fc.constantFrom("Q1", "Q2", "Q3"),
  rating: fc.constantFrom(...RATINGS),
  before: stateArb,
  tookMs: fc.option(fc.integer({ min: 0, max: 60_000 })),
  millis: fc.boolean(),
  undo: fc.constantFrom("none", "none", "none", "undoes", "legacy"),
});

function logOf(reviews: ReviewSpec[]): LogRecord[] {
  const records: LogRecord[] = [];
  for (const r of reviews) {
    const time = iso(NOW_MS + r.at, r.millis);
    const record: LogRecord = { v: 1, type: "review", time, device: r.device, card: r.card === "gone" ? "k9" : r.card, note: r.note, key: r.key, rating: r.rating, before: r.before, after: null };
    if (r.tookMs !== null) record.tookMs = r.tookMs;
    records.push(record);
    if (r.undo !== "none") {
      const undo: LogRecord = { v: 1, type: "undo", time: iso(NOW_MS + r.at + 1000, r.millis), device: r.device, card: record.card, note: r.note, key: r.key, rating: r.rating, before: null, after: null };
      if (r.undo === "undoes") undo.undoes = time;
      records.push(undo);
    }
  }
  return mergeLogs([records]);
}

const scopeArb: fc.Arbitrary<StatsScope> = fc.oneof(
  fc.constant({ kind: "all" as const }),
  fc.constantFrom("/", "lang", "lang/de", "courses", "nothing").map((deck) => ({ kind: "deck" as const, deck })),
  fc.constantFrom(...PATHS, "old.md").map((path) => ({ kind: "note" as const, path })),
);

describe("StatsModel: the panel functions' figures, prepared once", () => {
  const zone = process.env.TZ;
  afterAll(() => {
    process.env.TZ = zone;
  });

  for (const tz of ["UTC", "Europe/Berlin", "Asia/Kolkata", "America/St_Johns"]) {
    it(`reports what the panel functions work out, for any log, scope and period (${tz})`, () => {
      process.env.TZ = tz;
      fc.assert(
        fc.property(
          fc.array(reviewArb, { maxLength: 60 }),
          fc.array(cardArb, { maxLength: 12 }),
          fc.constantFrom(0, 2, 3, 4, 23),
          fc.integer({ min: -2 * DAY, max: 2 * DAY }),
          fc.array(fc.tuple(scopeArb, fc.constantFrom(...STATS_PERIODS)), { minLength: 1, maxLength: 4 }),
          (reviews, cards, dayStartHour, nowShift, asks) => {
            const records = logOf(reviews);
            const now = new Date(NOW_MS + nowShift);
            const model = new StatsModel(records, cards, now, dayStartHour);
            for (const [scope, period] of asks) {
              const { days, ...report } = model.report(scope, period);
              expect(days.todayStartMs).toBe(new StudyDays(now, dayStartHour).todayStartMs);
              expect(report).toEqual(reference(records, cards, now, dayStartHour, scope, period));
            }
          },
        ),
        { numRuns: 150 },
      );
    });
  }

  it("keeps a scope's work: asking again, or for another period, answers from it", () => {
    const records = logOf([{ at: -DAY, device: "phone", card: "k1", note: "a.md", key: "Q1", rating: "good", before: null, tookMs: 5000, millis: true, undo: "none" }]);
    const cards: StatsCard[] = [{ path: "a.md", key: "Q1", decks: ["/"], state: null }];
    const model = new StatsModel(records, cards, new Date(NOW_MS), 4);
    const month = model.report({ kind: "all" }, "month");
    const year = model.report({ kind: "all" }, "year");
    for (const scopeOnly of ["today", "calendar", "streaks", "cards", "distributions", "retention"] as const) expect(year[scopeOnly]).toBe(month[scopeOnly]);
    expect(month.reviews).toHaveLength(30);
    expect(year.reviews).toHaveLength(365);
    expect(year.reviews.at(-2)).toMatchObject({ count: 1, ms: 5000 });
  });
});

describe("distributions: the median", () => {
  // (Values a card can have: d3's bins themselves fail on a range of a few denormals.)
  it("is d3's median of the numbers (NaN left out), whatever the values", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 1000), fc.integer({ min: -3, max: 3 }), fc.constant(Number.NaN)), { maxLength: 200 }), (values) => {
        const result = distributionsOf(values, [], [], []).interval.median;
        expect(Object.is(result, median(values) ?? null)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
