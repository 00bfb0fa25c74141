import { describe, expect, it } from "vitest";
import {
  canonicalInstant,
  DEFAULT_SCHEDULER_SETTINGS,
  formatInterval,
  Scheduler,
  validateSchedulerSettings,
} from "../../src/core/scheduling/scheduler";
import { RATINGS } from "../../src/core/types";
import type { CardState, Rating } from "../../src/core/types";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const CANONICAL_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

const start = new Date("2026-11-26T08:00:00Z");
const after = (state: CardState, ms: number) => new Date(Date.parse(state.due) + ms);
const interval = (state: CardState) => Date.parse(state.due) - Date.parse(state.last_review!);

/**
 * What the state codec does: one flow-style line with 4-decimal floats and ISO seconds, parsed back.
 * Deliberately written independently of the scheduler, so a non-canonical in-memory value would show up
 * as a difference after the trip through text.
 */
function throughText(state: CardState): CardState {
  const number = (n: number) => String(Number(n.toFixed(4)));
  const instant = (s: string) => new Date(s).toISOString().slice(0, 19) + "Z";
  const line =
    `{due: ${instant(state.due)}, stability: ${number(state.stability)}, difficulty: ${number(state.difficulty)}, ` +
    `reps: ${state.reps}, lapses: ${state.lapses}, state: ${state.state}, step: ${state.step}, ` +
    `last: ${state.last_review === null ? "null" : instant(state.last_review)}}`;
  const fields = new Map(
    line
      .slice(1, -1)
      .split(", ")
      .map((pair) => pair.split(": ") as [string, string]),
  );
  const text = (key: string) => fields.get(key)!;
  return {
    due: text("due"),
    stability: Number(text("stability")),
    difficulty: Number(text("difficulty")),
    reps: Number(text("reps")),
    lapses: Number(text("lapses")),
    state: text("state") as CardState["state"],
    step: Number(text("step")),
    last_review: text("last") === "null" ? null : text("last"),
  };
}

/** Small seeded PRNG (mulberry32), so the random sequences are the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Grades `count` random ratings, each review at a random moment around the due time (early, on time, late). */
function randomReviews(scheduler: Scheduler, seed: number, count: number) {
  const next = random(seed);
  const reviews: { state: CardState | null; rating: Rating; now: Date }[] = [];
  let state: CardState | null = null;
  let now = new Date(start.getTime() + 123); // milliseconds on purpose
  for (let i = 0; i < count; i++) {
    const rating = RATINGS[Math.floor(next() * 4)];
    reviews.push({ state, rating, now });
    state = scheduler.grade(state, rating, now);
    const lateness = (next() - 0.2) * 2 * interval(state); // from 40% early to 160% late
    now = new Date(Math.max(Date.parse(state.due) + lateness, now.getTime() + 1000) + Math.floor(next() * 1000));
  }
  return reviews;
}

describe("defaults", () => {
  it("are the documented ones", () => {
    expect(DEFAULT_SCHEDULER_SETTINGS).toEqual({
      desiredRetention: 0.9,
      maximumInterval: 36500,
      learningSteps: ["1m", "10m"],
      relearningSteps: ["10m"],
      fuzz: true,
    });
  });

  it("a new card: Again 1m, Hard 6m, Good 10m (next step), Easy graduates to days", () => {
    const preview = new Scheduler().preview(null, start);
    expect(preview.again.label).toBe("1m");
    expect(preview.hard.label).toBe("6m");
    expect(preview.good.label).toBe("10m");
    expect(preview.again.state).toMatchObject({ state: "learning", step: 0, reps: 1, due: "2026-11-26T08:01:00Z" });
    expect(preview.hard.state).toMatchObject({ state: "learning", step: 0, due: "2026-11-26T08:06:00Z" });
    expect(preview.good.state).toMatchObject({
      state: "learning",
      step: 1,
      due: "2026-11-26T08:10:00Z",
      stability: 2.3065,
      difficulty: 2.1181,
      last_review: "2026-11-26T08:00:00Z",
    });
    expect(preview.easy.state.state).toBe("review");
    expect(preview.easy.label).toMatch(/^\d+d$/);
    // FSRS-6 default weights: initial stability 8.2956 → 8 days, fuzzed within 6–10.
    expect(interval(preview.easy.state) / DAY).toBeGreaterThanOrEqual(6);
    expect(interval(preview.easy.state) / DAY).toBeLessThanOrEqual(10);
    expect(new Scheduler({ fuzz: false }).preview(null, start).easy.label).toBe("8d");
  });

  it("preview shows exactly what grading does", () => {
    const scheduler = new Scheduler();
    for (const { state, now } of randomReviews(scheduler, 7, 12)) {
      const preview = scheduler.preview(state, now);
      for (const rating of RATINGS) expect(preview[rating].state).toEqual(scheduler.grade(state, rating, now));
    }
  });

  it("fuzz is on by default and spreads intervals; off, they are exact", () => {
    const easyDays = (scheduler: Scheduler) => {
      const seconds = Array.from({ length: 20 }, (_, i) => new Date(start.getTime() + i * 1000));
      return new Set(seconds.map((now) => interval(scheduler.grade(null, "easy", now)) / DAY));
    };
    expect(easyDays(new Scheduler()).size).toBeGreaterThan(1);
    expect(easyDays(new Scheduler({ fuzz: false }))).toEqual(new Set([8]));
  });

  it("desired retention reaches ts-fsrs: higher retention, shorter intervals", () => {
    const graduated = new Scheduler({ fuzz: false }).grade(null, "easy", start);
    const at = after(graduated, 0);
    const strict = new Scheduler({ desiredRetention: 0.97, fuzz: false }).grade(graduated, "good", at);
    const relaxed = new Scheduler({ desiredRetention: 0.8, fuzz: false }).grade(graduated, "good", at);
    expect(interval(strict)).toBeLessThan(interval(relaxed));
  });
});

describe("formatInterval", () => {
  it.each([
    [0, "0m"],
    [-5 * MINUTE, "0m"],
    [MINUTE, "1m"],
    [10 * MINUTE, "10m"],
    [59 * MINUTE, "59m"],
    [59.4 * MINUTE, "59m"],
    [59.6 * MINUTE, "1h"],
    [HOUR, "1h"],
    [5 * HOUR, "5h"],
    [23 * HOUR, "23h"],
    [23.6 * HOUR, "1d"],
    [DAY, "1d"],
    [2 * DAY, "2d"],
    [2.4 * DAY, "2d"],
    [29 * DAY, "29d"],
    [29.6 * DAY, "1mo"],
    [30 * DAY, "1mo"],
    [2 * 30.44 * DAY, "2mo"],
    [3.4 * 30.44 * DAY, "3.4mo"],
    [11.9 * 30.44 * DAY, "11.9mo"],
    [11.97 * 30.44 * DAY, "1y"],
    [365.25 * DAY, "1y"],
    [1.2 * 365.25 * DAY, "1.2y"],
    [36500 * DAY, "99.9y"],
  ])("%d ms → %s", (ms, label) => {
    expect(formatInterval(ms)).toBe(label);
  });
});

describe("canonical states", () => {
  it("are deterministic with fuzz on, across instances", () => {
    const a = randomReviews(new Scheduler(), 42, 20);
    const b = randomReviews(new Scheduler(), 42, 20);
    expect(b).toEqual(a);
    const reviewed = a[a.length - 1];
    const first = new Scheduler().grade(reviewed.state, "good", reviewed.now);
    expect(new Scheduler().grade(reviewed.state, "good", reviewed.now)).toEqual(first);
  });

  it("truncate `now` to whole seconds: any millisecond within a second gives the same result", () => {
    const scheduler = new Scheduler();
    const graduated = scheduler.grade(null, "easy", start);
    const early = scheduler.grade(graduated, "good", after(graduated, 1));
    const late = scheduler.grade(graduated, "good", after(graduated, 999));
    expect(late).toEqual(early);
    expect(early.last_review).toBe(graduated.due);
  });

  it("round floats to 4 decimals and write timestamps as ISO seconds with Z", () => {
    const scheduler = new Scheduler();
    const states = randomReviews(scheduler, 3, 20).map((r) => r.state!).slice(1);
    for (const state of states) {
      expect(Number(state.stability.toFixed(4))).toBe(state.stability);
      expect(Number(state.difficulty.toFixed(4))).toBe(state.difficulty);
      expect(state.due).toMatch(CANONICAL_INSTANT);
      expect(state.last_review).toMatch(CANONICAL_INSTANT);
    }
    // Not trivially satisfied: ts-fsrs itself keeps 8 decimals.
    expect(states.some((s) => String(s.stability).split(".")[1]?.length === 4)).toBe(true);
    expect(canonicalInstant(new Date("2026-11-29T08:00:00.999Z"))).toBe("2026-11-29T08:00:00Z");
  });

  it("schedule identically after a trip through text, over 20 random ratings with advancing time", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const scheduler = new Scheduler();
      const rng = random(seed);
      let inMemory: CardState | null = null;
      let fromText: CardState | null = null;
      let now = new Date(start.getTime() + 456);
      for (let i = 0; i < 20; i++) {
        const rating = RATINGS[Math.floor(rng() * 4)];
        inMemory = scheduler.grade(inMemory, rating, now);
        fromText = throughText(scheduler.grade(fromText, rating, now));
        expect(fromText).toEqual(inMemory);
        now = new Date(Date.parse(inMemory.due) + rng() * 3 * DAY + 789);
      }
    }
  });
});

describe("learning and relearning", () => {
  it("the step index survives a trip through text: Good on the last step graduates", () => {
    const scheduler = new Scheduler();
    const firstGood = throughText(scheduler.grade(null, "good", start));
    expect(firstGood).toMatchObject({ state: "learning", step: 1 });

    const preview = scheduler.preview(firstGood, after(firstGood, 0));
    expect(preview.again.state).toMatchObject({ state: "learning", step: 0 });
    expect(preview.again.label).toBe("1m");
    expect(preview.hard.state).toMatchObject({ state: "learning", step: 1 });
    expect(preview.good.state.state).toBe("review");
    expect(preview.good.label).toMatch(/^\d+d$/);
    // Had the step been lost (0), Good would only move to the 10m step.
    expect(scheduler.grade({ ...firstGood, step: 0 }, "good", after(firstGood, 0))).toMatchObject({
      state: "learning",
      step: 1,
    });
  });

  it("a lapse goes to relearning for 10m, counts, and Good graduates again", () => {
    const scheduler = new Scheduler();
    const review = scheduler.grade(null, "easy", start);
    const lapsed = throughText(scheduler.grade(review, "again", after(review, 0)));
    expect(lapsed).toMatchObject({ state: "relearning", step: 0, lapses: 1, reps: 2 });
    expect(interval(lapsed)).toBe(10 * MINUTE);
    expect(lapsed.stability).toBeLessThan(review.stability);

    const preview = scheduler.preview(lapsed, after(lapsed, 0));
    expect(preview.again.label).toBe("10m");
    expect(preview.hard).toMatchObject({ label: "15m", state: { state: "relearning", step: 0 } });
    expect(preview.good.state).toMatchObject({ state: "review", lapses: 1, reps: 3 });
    expect(preview.good.label).toMatch(/^\d+d$/);
  });

  it("custom steps reach ts-fsrs", () => {
    const preview = new Scheduler({ learningSteps: ["5m", "1h", "1d"] }).preview(null, start);
    expect([preview.again.label, preview.good.label]).toEqual(["5m", "1h"]);
    expect(new Scheduler({ learningSteps: [] }).preview(null, start).good.state.state).toBe("review");
  });
});

describe("maximum interval", () => {
  it("caps every interval, also where ts-fsrs pushes Good/Easy a day past Hard", () => {
    const scheduler = new Scheduler({ maximumInterval: 10 });
    let state: CardState | null = null;
    let now = start;
    for (let i = 0; i < 15; i++) {
      const preview = scheduler.preview(state, now);
      for (const rating of RATINGS) expect(interval(preview[rating].state)).toBeLessThanOrEqual(10 * DAY);
      state = preview.easy.state;
      now = after(state, 0);
    }
    expect(interval(state!)).toBe(10 * DAY);
    expect(scheduler.preview(state, now).easy.label).toBe("10d");
  });
});

describe("robustness", () => {
  it("a review 'before' the last one (another device's clock ahead) counts at the last review", () => {
    const scheduler = new Scheduler();
    const review = scheduler.grade(null, "easy", start);
    const skewed = scheduler.grade(review, "good", new Date(start.getTime() - HOUR));
    expect(skewed).toEqual(scheduler.grade(review, "good", start));
    expect(skewed.last_review).toBe(review.last_review);
  });

  it("an unreadable timestamp is a clear error", () => {
    const review = new Scheduler().grade(null, "easy", start);
    expect(() => new Scheduler().grade({ ...review, last_review: "soon" }, "good", start)).toThrow(
      /Invalid last_review timestamp: "soon"/,
    );
  });
});

describe("validateSchedulerSettings", () => {
  it("fills defaults without complaint", () => {
    expect(validateSchedulerSettings({})).toEqual({ settings: { ...DEFAULT_SCHEDULER_SETTINGS }, errors: [] });
  });

  it("accepts valid values, steps as a list or as text", () => {
    const { settings, errors } = validateSchedulerSettings({
      desiredRetention: 0.7,
      maximumInterval: 1,
      learningSteps: "1m, 10m 1h",
      relearningSteps: ["2d"],
      fuzz: false,
    });
    expect(errors).toEqual([]);
    expect(settings).toEqual({
      desiredRetention: 0.7,
      maximumInterval: 1,
      learningSteps: ["1m", "10m", "1h"],
      relearningSteps: ["2d"],
      fuzz: false,
    });
    expect(validateSchedulerSettings({ desiredRetention: 0.99 }).errors).toEqual([]);
  });

  it("rejects each invalid value with a message, keeping the default", () => {
    const { settings, errors } = validateSchedulerSettings({
      desiredRetention: 0.995,
      maximumInterval: 0,
      learningSteps: ["1m", "5x"],
      relearningSteps: "0m",
      fuzz: "yes",
    });
    expect(settings).toEqual(DEFAULT_SCHEDULER_SETTINGS);
    expect(errors).toEqual([
      "Desired retention must be a number from 0.70 to 0.99, got 0.995.",
      "Maximum interval must be a whole number of days, at least 1, got 0.",
      'Learning steps: "5x" is not a step; write a whole number followed by m, h or d, like "1m", "10m", "1h", "2d".',
      'Relearning steps: "0m" is not a step; write a whole number followed by m, h or d, like "1m", "10m", "1h", "2d".',
      'Fuzz must be true or false, got "yes".',
    ]);
  });

  it.each([
    [{ desiredRetention: 0.69 }, /retention/],
    [{ desiredRetention: "0.9" }, /retention/],
    [{ desiredRetention: Number.NaN }, /retention/],
    [{ maximumInterval: 1.5 }, /Maximum interval/],
    [{ maximumInterval: "100" }, /Maximum interval/],
    [{ learningSteps: ["1s"] }, /Learning steps: "1s"/],
    [{ learningSteps: ["1.5m"] }, /Learning steps: "1.5m"/],
    [{ learningSteps: 10 }, /Learning steps: expected a list/],
  ])("rejects %j", (input, message) => {
    const { errors } = validateSchedulerSettings(input);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it("the Scheduler refuses invalid settings", () => {
    expect(() => new Scheduler({ desiredRetention: 1 })).toThrow(
      /Desired retention must be a number from 0.70 to 0.99/,
    );
  });
});
