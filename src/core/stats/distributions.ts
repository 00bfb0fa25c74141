import { bin, mean, sum } from "d3-array";
import { default_w, forgetting_curve } from "ts-fsrs";
import { instantMs } from "../scheduling/day";
import { intervalDays } from "./review-facts";
import type { StatsCard } from "./scope";
import { DAY_MS } from "./study-days";

/** One bar of a histogram: values in [x0, x1) (the last bar includes x1). */
export interface Bin {
  x0: number;
  x1: number;
  count: number;
}

export interface Distribution {
  bins: Bin[];
  cards: number;
  mean: number | null;
  median: number | null;
}

/**
 * Panel 6: intervals (days), stability (days), difficulty (1–10) and retrievability now (0–1) over the
 * cards that have been reviewed, and the estimated total knowledge: the sum of retrievability over
 * those cards, the number of cards you would recall if asked all of them now (Anki's figure).
 */
export interface Distributions {
  interval: Distribution;
  stability: Distribution;
  difficulty: Distribution;
  retrievability: Distribution;
  estimatedKnowledge: number;
}

/** Retrievability of a reviewed card at `nowMs`, by the FSRS forgetting curve (default weights). */
export function retrievability(stability: number, lastReviewMs: number, nowMs: number, weights: readonly number[] = default_w): number {
  const elapsed = Math.max(0, (nowMs - lastReviewMs) / DAY_MS);
  return forgetting_curve(weights, elapsed, stability);
}

function distribution(values: number[], domain?: [number, number], thresholds?: number | number[]): Distribution {
  const binner = bin();
  if (domain !== undefined) binner.domain(domain);
  if (typeof thresholds === "number") binner.thresholds(thresholds);
  else if (thresholds !== undefined) binner.thresholds(thresholds);
  const bins = values.length === 0 ? [] : binner(values).map((b) => ({ x0: b.x0 ?? 0, x1: b.x1 ?? 0, count: b.length }));
  return { bins, cards: values.length, mean: mean(values) ?? null, median: medianOf(values) };
}

/**
 * d3's median (of the numbers, NaN left out): the two middle values found by a quickselect on a typed
 * copy, which on tens of thousands of cards is several times faster than d3's generic one.
 */
function medianOf(values: readonly number[]): number | null {
  const numbers = new Float64Array(values.length);
  let count = 0;
  for (const value of values) if (!Number.isNaN(value)) numbers[count++] = value;
  if (count === 0) return null;
  if (count === 1) return numbers[0];
  // d3's quantile(values, 0.5): the k-th smallest and the smallest above it, interpolated halfway.
  const position = (count - 1) * 0.5;
  const k = Math.floor(position);
  const low = select(numbers, k, count);
  let high = Infinity;
  for (let at = k + 1; at < count; at++) if (numbers[at] < high) high = numbers[at];
  return low + (high - low) * (position - k);
}

/** Reorders values[0, count) so that values[k] is the k-th smallest, none before it larger; returns it. */
function select(values: Float64Array, k: number, count: number): number {
  let left = 0;
  let right = count - 1;
  while (right > left) {
    // Hoare partition around the median of three.
    const mid = (left + right) >> 1;
    const a = values[left];
    const b = values[mid];
    const c = values[right];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const swap = values[i];
        values[i] = values[j];
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k];
}

const UNIT_STEPS = Array.from({ length: 19 }, (_, index) => (index + 1) / 20);
const DIFFICULTY_STEPS = [2, 3, 4, 5, 6, 7, 8, 9];

export function distributions(cards: readonly StatsCard[], now: Date, weights: readonly number[] = default_w): Distributions {
  const intervals: number[] = [];
  const stabilities: number[] = [];
  const difficulties: number[] = [];
  const recalls: number[] = [];
  const nowMs = now.getTime();
  for (const card of cards) {
    const state = card.state;
    if (state === null || state.state === "new" || state.last_review === null) continue;
    intervals.push(intervalDays(state));
    stabilities.push(state.stability);
    difficulties.push(state.difficulty);
    if (state.stability > 0) recalls.push(retrievability(state.stability, instantMs(state.last_review), nowMs, weights));
  }
  return distributionsOf(intervals, stabilities, difficulties, recalls);
}

/** The four distributions of values gathered in card order (as `distributions` gathers them). */
export function distributionsOf(intervals: number[], stabilities: number[], difficulties: number[], recalls: number[]): Distributions {
  return {
    interval: distribution(intervals, undefined, 20),
    stability: distribution(stabilities, undefined, 20),
    difficulty: distribution(difficulties, [1, 10], DIFFICULTY_STEPS),
    retrievability: distribution(recalls, [0, 1], UNIT_STEPS),
    estimatedKnowledge: sum(recalls),
  };
}
