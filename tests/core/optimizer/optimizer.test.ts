import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LogRecord } from "../../../src/core/log/record";
import { readReviewCsv } from "../../../src/core/optimizer/csv";
import { buildItems, reviewEventsFromLog, type ReviewEvent } from "../../../src/core/optimizer/items";
import { DEFAULT_WEIGHTS, itemLossAndGradient, WEIGHT_BOUNDS, type FsrsReview } from "../../../src/core/optimizer/model";
import { CancelledError, computeParameters, runInSlices, runToEnd } from "../../../src/core/optimizer/optimize";
import { parseWeights } from "../../../src/core/optimizer/weights";
import { KNOWN_WEIGHTS, simulateHistory } from "./simulated-history";

const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function lossOf(weights: readonly number[], reviews: FsrsReview[]): number {
  const grad = new Float64Array(21);
  return itemLossAndGradient(weights, reviews, 1, grad, new Float64Array(21), new Float64Array(4));
}

describe("exact gradients", () => {
  const review = fc.record({ rating: fc.integer({ min: 1, max: 4 }), deltaT: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200 })) });
  const history = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.array(review, { maxLength: 12 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 300 }));

  it("equal central differences of the loss for every weight, on any history", () => {
    fc.assert(
      fc.property(history, fc.constantFrom(DEFAULT_WEIGHTS, KNOWN_WEIGHTS), ([first, middle, lastRating, lastDelta], weights) => {
        const reviews = [{ rating: first, deltaT: 0 }, ...middle, { rating: lastRating, deltaT: lastDelta }];
        const grad = new Float64Array(21);
        itemLossAndGradient(weights, reviews, 1, grad, new Float64Array(21), new Float64Array(4));
        for (let j = 0; j < 21; j++) {
          const h = 1e-6 * Math.max(1, Math.abs(weights[j]));
          const up = [...weights];
          const down = [...weights];
          up[j] += h;
          down[j] -= h;
          const numeric = (lossOf(up, reviews) - lossOf(down, reviews)) / (2 * h);
          // Clamps (S, D, the short-term floor) make the loss kinked; a kink inside ±h is skipped.
          if (Math.abs(numeric - grad[j]) > 1e-4 * Math.max(1, Math.abs(numeric))) {
            const left = (lossOf(weights, reviews) - lossOf(down, reviews)) / h;
            const right = (lossOf(up, reviews) - lossOf(weights, reviews)) / h;
            expect(Math.abs(left - right)).toBeGreaterThan(1e-3 * Math.max(1, Math.abs(left)));
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("training", () => {
  const items = buildItems(simulateHistory({ cards: 400, newPerDay: 8, days: 200, seed: 3 }), 4).items;
  it("has several batches to shuffle", () => expect(items.length).toBeGreaterThan(1500));

  it("is deterministic for a seed, and the seed matters", () => {
    const a = runToEnd(computeParameters(items, { seed: 11 }));
    expect(runToEnd(computeParameters(items, { seed: 11 }))).toEqual(a);
    expect(runToEnd(computeParameters(items, { seed: 12 }))).not.toEqual(a);
    a.forEach((value, index) => {
      expect(value).toBeGreaterThanOrEqual(WEIGHT_BOUNDS[index][0]);
      expect(value).toBeLessThanOrEqual(WEIGHT_BOUNDS[index][1]);
    });
  });

  it("runs in slices that yield, gives the same weights as a plain run, and stops when cancelled", async () => {
    let pauses = 0;
    const counted = (): Promise<void> => (pauses++, pause());
    const sliced = await runInSlices(computeParameters(items, { seed: 11 }), { pause: counted, sliceMs: 5 });
    expect(sliced).toEqual(runToEnd(computeParameters(items, { seed: 11 })));
    expect(pauses).toBeGreaterThan(1);
    let polls = 0;
    await expect(runInSlices(computeParameters(items), { pause, sliceMs: 1, cancelled: () => ++polls >= 2 })).rejects.toBeInstanceOf(CancelledError);
  });
});

describe("items from review logs", () => {
  const state = (phase: "new" | "learning" | "review") => ({ due: "2026-01-01T00:00:00Z", stability: 1, difficulty: 5, reps: 1, lapses: 0, state: phase, step: 0, last_review: null });
  function review(time: string, rating: LogRecord["rating"], phase: "new" | "learning" | "review" | null, card = "k1"): LogRecord {
    return { v: 1, type: "review", time, device: "d", card, note: "n.md", key: "Q", rating, before: phase === null ? null : state(phase), after: null };
  }

  it("counts days from the day-start hour in local time, drops undone reviews, restarts at a reset", () => {
    const records: LogRecord[] = [
      review("2026-01-01T10:00:00Z", "good", null),
      review("2026-01-02T03:00:00Z", "good", "review"), // before 04:00: still January 1st's study day
      review("2026-01-02T05:00:00Z", "again", "review"),
      { ...review("2026-01-02T05:00:05Z", "again", "review"), type: "undo", undoes: "2026-01-02T05:00:00Z" },
      review("2026-01-04T12:00:00Z", "good", "review"),
    ];
    const { items } = buildItems(reviewEventsFromLog(records), 4);
    expect(items.map((item) => item.reviews)).toEqual([
      [
        { rating: 3, deltaT: 0 },
        { rating: 3, deltaT: 0 },
        { rating: 3, deltaT: 3 },
      ],
    ]);
    const hourZero = buildItems(reviewEventsFromLog(records), 0).items;
    expect(hourZero[0].reviews[1]).toEqual({ rating: 3, deltaT: 1 });
    // A reset card starts a new history: reviews before its last learning block are dropped.
    const reset = [...records, review("2026-01-05T12:00:00Z", "good", "new"), review("2026-01-07T12:00:00Z", "hard", "review")];
    expect(buildItems(reviewEventsFromLog(reset), 4).items.at(-1)?.reviews).toEqual([
      { rating: 3, deltaT: 0 },
      { rating: 2, deltaT: 2 },
    ]);
  });
});

describe("the FSRS review CSV", () => {
  it("finds columns by name, reads ISO-8601 with offsets and epoch ms, quoted fields, a BOM and review_state", () => {
    const text = '\uFEFFreview_time,review_state,card_id,review_rating,review_duration\r\n2024-03-29T20:32:32.250000+02:00,0,"a,1",3,100\r\n1711744352250,2,"a,1",1,5\r\n';
    const events: ReviewEvent[] = readReviewCsv(text);
    expect(events).toEqual([
      { card: "a,1", time: Date.parse("2024-03-29T18:32:32.250Z"), rating: 3, learning: true },
      { card: "a,1", time: 1711744352250, rating: 1, learning: false },
    ]);
  });

  it("refuses times without an offset and ratings out of range, naming the line", () => {
    expect(() => readReviewCsv("card_id,review_rating,review_time\n1,3,2024-03-29T20:32:32\n")).toThrow("Line 2: review_time");
    expect(() => readReviewCsv("card_id,review_rating,review_time\n1,9,1711744352250\n")).toThrow("Line 2: review_rating");
  });
});

describe("weights from settings or flags", () => {
  it("accept 21 numbers within bounds and say what is wrong otherwise", () => {
    expect(parseWeights(DEFAULT_WEIGHTS.join(","))).toEqual({ weights: [...DEFAULT_WEIGHTS] });
    expect(parseWeights([...DEFAULT_WEIGHTS])).toEqual({ weights: [...DEFAULT_WEIGHTS] });
    expect(parseWeights("1,2")).toEqual({ error: "expected 21 numbers, got 2" });
    expect(parseWeights([...DEFAULT_WEIGHTS.slice(0, 20), "x"])).toEqual({ error: 'w20 is not a number: "x"' });
    expect("error" in parseWeights([...DEFAULT_WEIGHTS.slice(0, 4), 11, ...DEFAULT_WEIGHTS.slice(5)])).toBe(true);
  });
});
