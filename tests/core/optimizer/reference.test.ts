/**
 * The optimiser against the reference (fsrs-optimizer.md "What agreement to expect"), on the real log and
 * on histories simulated with ts-fsrs from known weights.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { readReviewCsv } from "../../../src/core/optimizer/csv";
import { buildItems, type ReviewEvent } from "../../../src/core/optimizer/items";
import { evaluate } from "../../../src/core/optimizer/metrics";
import { DEFAULT_WEIGHTS } from "../../../src/core/optimizer/model";
import { computeParameters, evaluateWithTimeSeriesSplits, runToEnd } from "../../../src/core/optimizer/optimize";
import { filteredItems, longTermCount } from "../../../src/core/optimizer/pretrain";
import { binding, referenceItems, toBinding, TRAINING } from "./oracle";
import { KNOWN_WEIGHTS, simulateHistory } from "./simulated-history";

const realEvents = readReviewCsv(readFileSync(new URL("./fixtures/py-fsrs-josh-2024.csv", import.meta.url), "utf8"));

const histories: [string, ReviewEvent[]][] = [
  ["the real log", realEvents],
  ["simulated, seed 1, 400 cards", simulateHistory({ cards: 400, newPerDay: 8, days: 200, seed: 1 })],
  ["simulated, seed 2, 150 cards", simulateHistory({ cards: 150, newPerDay: 5, days: 150, seed: 2 })],
];

function maxDifference(a: readonly number[], b: readonly number[]): number {
  expect(a).toHaveLength(b.length);
  return Math.max(...a.map((value, index) => Math.abs(value - b[index])));
}

describe.each(histories)("%s", (_name, events) => {
  const { items } = buildItems(events, 4);

  test("items equal the reference converter's (count, ratings, Δt, order)", () => {
    const reference = referenceItems(events, 4);
    expect(items.length).toBeGreaterThan(100);
    expect(items).toEqual(reference);
  });

  test("metrics of the same weights on the same items agree to 1e-5", () => {
    for (const weights of [DEFAULT_WEIGHTS, KNOWN_WEIGHTS]) {
      const ours = evaluate(weights, filteredItems(items));
      const theirs = new binding.FSRSBinding([...weights]).evaluate(toBinding(items));
      expect(Math.abs(ours.logLoss - theirs.logLoss)).toBeLessThanOrEqual(1e-5);
      expect(Math.abs(ours.rmseBins - theirs.rmseBins)).toBeLessThanOrEqual(1e-5);
    }
  });

  test("pre-training alone (only first long-term reviews) agrees to 1e-6", async () => {
    // When every training item is a pre-training item, the reference stops after pre-training.
    const few = items.filter((item) => longTermCount(item) === 1);
    const theirs = await binding.computeParameters(toBinding(few), { enableShortTerm: true });
    const ours = runToEnd(computeParameters(few));
    expect(maxDifference(ours, theirs)).toBeLessThanOrEqual(1e-6);
    expect(ours.slice(0, 4)).not.toEqual(DEFAULT_WEIGHTS.slice(0, 4));
  });

  test("one batch per epoch: weights agree to 1e-4", async () => {
    const some = items.slice(0, 1500);
    const theirs = await binding.computeParameters(toBinding(some), { enableShortTerm: true, trainingConfig: { ...TRAINING, batchSize: 100_000 } });
    const ours = runToEnd(computeParameters(some, { batchSize: 100_000 }));
    expect(maxDifference(ours, theirs)).toBeLessThanOrEqual(1e-4);
    expect(maxDifference(ours, DEFAULT_WEIGHTS)).toBeGreaterThan(0.01);
  });
});

describe("default settings: held-out metrics of the time-series split", () => {
  // The batch shuffle can't be reproduced, and one run's held-out log loss moves by ±0.003 with the shuffle
  // seed (for the reference as for us), so the means over three seeds are compared.
  const seeds = [1, 2, 3];
  test.each(histories)("%s", async (_name, events) => {
    const items = filteredItems(buildItems(events, 4).items);
    let oursLoss = 0;
    let oursRmse = 0;
    let theirsLoss = 0;
    let theirsRmse = 0;
    for (const seed of seeds) {
      const ours = runToEnd(evaluateWithTimeSeriesSplits(items, { seed }));
      const theirs = await binding.evaluateWithTimeSeriesSplits(toBinding(items), { enableShortTerm: true, trainingConfig: { ...TRAINING, seed } });
      oursLoss += ours.optimized.logLoss / seeds.length;
      oursRmse += ours.optimized.rmseBins / seeds.length;
      theirsLoss += theirs.logLoss / seeds.length;
      theirsRmse += theirs.rmseBins / seeds.length;
    }
    expect(Math.abs(oursLoss - theirsLoss)).toBeLessThanOrEqual(items.length >= 20_000 ? 0.001 : 0.005);
    expect(Math.abs(oursRmse - theirsRmse)).toBeLessThanOrEqual(0.01);
  }, 120_000);
});
