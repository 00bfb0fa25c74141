/**
 * The two numbers Anki and srs-benchmark report (fsrs-optimizer.md "Metrics"): log loss and RMSE(bins).
 */
import { logLoss, predict, recalled, type FsrsItem } from "./model";
import { ITEMS_PER_YIELD, longTermCount, mapEntry } from "./pretrain";
import { runToEnd } from "./slices";

export interface Metrics {
  logLoss: number;
  rmseBins: number;
}

/** fsrs-rs's bin of a count: round(scale · base^⌊log_base(value)⌋ · multiplier); 0 for 0. */
function bin(value: number, scale: number, base: number, multiplier = 1): number {
  return Math.round(scale * Math.pow(base, Math.floor(Math.log(value) / Math.log(base))) * multiplier);
}

/** The bin an item falls in: by Δt, by number of long-term reviews, by lapses (as fsrs-rs keys it). */
export function binKey(item: FsrsItem): string {
  const reviews = item.reviews;
  let lapses = 0;
  for (let i = 0; i < reviews.length - 1; i++) if (reviews[i].rating === 1 && reviews[i].deltaT > 0) lapses++;
  return `${bin(reviews[reviews.length - 1].deltaT, 2.48, 3.62, 100)},${bin(longTermCount(item) + 1, 1.99, 1.89)},${bin(lapses, 1.65, 1.73)}`;
}

/**
 * Metrics of predictions `p` for `items` with item weights `weights` (1 for held-out evaluation):
 * weighted log loss; RMSE over bins of plain means, each bin weighted by its summed item weight.
 */
export function metricsOf(items: readonly FsrsItem[], p: ArrayLike<number>, weights?: ArrayLike<number>): Metrics {
  return runToEnd(metricsOfSteps(items, p, weights));
}

export function* metricsOfSteps(items: readonly FsrsItem[], p: ArrayLike<number>, weights?: ArrayLike<number>): Generator<undefined, Metrics> {
  let loss = 0;
  let weightSum = 0;
  // Per bin: [predicted, actual, count, weight] summed.
  const bins = new Map<string, number[]>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const y = recalled(item) ? 1 : 0;
    const weight = weights === undefined ? 1 : weights[i];
    loss += weight * logLoss(p[i], item);
    weightSum += weight;
    const bin = mapEntry(bins, binKey(item), () => [0, 0, 0, 0]);
    bin[0] += p[i];
    bin[1] += y;
    bin[2]++;
    bin[3] += weight;
    if (i % ITEMS_PER_YIELD === ITEMS_PER_YIELD - 1) yield undefined;
  }
  let squared = 0;
  let binWeight = 0;
  for (const [predicted, actual, count, weight] of bins.values()) {
    squared += ((predicted - actual) / count) ** 2 * weight;
    binWeight += weight;
  }
  return { logLoss: loss / weightSum, rmseBins: Math.sqrt(squared / binWeight) };
}

/** Recency weight of the i-th of n time-ordered items: 0.25 + 0.75·(i/(n−1))³. */
export function recencyWeights(n: number): Float64Array {
  const weights = new Float64Array(n);
  const length = Math.max(1, n - 1);
  for (let i = 0; i < n; i++) weights[i] = 0.25 + 0.75 * (i / length) ** 3;
  return weights;
}

export function predictAll(weights: ArrayLike<number>, items: readonly FsrsItem[]): Float64Array {
  return runToEnd(predictAllSteps(weights, items));
}

export function* predictAllSteps(weights: ArrayLike<number>, items: readonly FsrsItem[]): Generator<undefined, Float64Array> {
  const p = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) {
    p[i] = predict(weights, items[i]);
    if (i % ITEMS_PER_YIELD === ITEMS_PER_YIELD - 1) yield undefined;
  }
  return p;
}

/** fsrs-rs `evaluate`: metrics of `weights` on time-ordered items, recency-weighted. */
export function evaluate(weights: ArrayLike<number>, items: readonly FsrsItem[]): Metrics {
  if (items.length === 0) throw new Error("No review items to evaluate.");
  return metricsOf(items, predictAll(weights, items), recencyWeights(items.length));
}
