/**
 * The optimiser's whole job for the CLI and the plugin: items from reviews, weights fitted, and the
 * held-out check that says whether they beat the defaults. Sliced, like everything it runs.
 */
import type { ReviewEvent } from "./items";
import { buildItemsSteps } from "./items";
import { DEFAULT_WEIGHTS, type FsrsItem } from "./model";
import { metricsOfSteps, predictAllSteps, recencyWeights, type Metrics } from "./metrics";
import { computeParameters, evaluateWithTimeSeriesSplits } from "./optimize";
import { filteredItemsSteps, MIN_ITEMS_TO_TRAIN, prepareTrainingDataSteps } from "./pretrain";
import { mapProgress, runToEnd, TooFewReviewsError } from "./slices";
import type { TrainingConfig } from "./train";

export { TooFewReviewsError } from "./slices";

export interface OptimizeReport {
  reviews: number;
  cards: number;
  items: number;
  weights: number[];
  default: Metrics;
  optimized: Metrics;
}

/** Held-out checks train on the first sixth of the items: that sixth needs enough to train on. */
const SPLIT_SEGMENTS = 6;

export interface OptimizeProgress {
  /** Fitting the weights (false), or checking them on held-out reviews (true). */
  checking: boolean;
  /** 0–1. */
  fraction: number;
}

/** `baseline`: the weights the result is compared with (reported as `default`); FSRS-6's defaults when undefined. */
export function* optimizeReviews(
  events: readonly ReviewEvent[],
  dayStartHour: number,
  config: Partial<TrainingConfig> = {},
  baseline: readonly number[] = DEFAULT_WEIGHTS,
): Generator<OptimizeProgress, OptimizeReport> {
  const built = yield* withFraction(buildItemsSteps(events, dayStartHour), 0, 0);
  const items = built.items;
  const trainable = (yield* withFraction(prepareTrainingDataSteps(items), 0, 0)).training.length;
  if (trainable < MIN_ITEMS_TO_TRAIN) throw new TooFewReviewsError(MIN_ITEMS_TO_TRAIN - trainable);
  const weights = yield* withFraction(computeParameters(items, config), 0, 0.3);
  let check;
  try {
    const evaluated = yield* withFraction(filteredItemsSteps(items), 0.3, 0.3);
    check = yield* withFraction(evaluateWithTimeSeriesSplits(evaluated, config, baseline), 0.3, 1);
  } catch (error) {
    // A fold without pre-training data: the first sixth of the items is too short.
    if (error instanceof TooFewReviewsError) throw new TooFewReviewsError(Math.max(1, MIN_ITEMS_TO_TRAIN * SPLIT_SEGMENTS - items.length));
    throw error;
  }
  return { reviews: built.reviews, cards: built.cardCount, items: items.length, weights, default: check.default, optimized: check.optimized };
}

/** fsrs-rs `evaluate` of `weights` (FSRS-6's defaults when undefined) on the items the reviews give, as Anki hands them over. */
export function evaluateReviews(events: readonly ReviewEvent[], dayStartHour: number, weights: readonly number[] = DEFAULT_WEIGHTS): { items: number } & Metrics {
  return runToEnd(evaluateReviewsSteps(events, dayStartHour, weights));
}

export function* evaluateReviewsSteps(events: readonly ReviewEvent[], dayStartHour: number, weights: readonly number[] = DEFAULT_WEIGHTS): Generator<undefined, { items: number } & Metrics> {
  const items: FsrsItem[] = (yield* buildItemsSteps(events, dayStartHour)).items;
  const evaluated = yield* filteredItemsSteps(items);
  if (evaluated.length === 0) throw new TooFewReviewsError(1);
  const predictions = yield* predictAllSteps(weights, evaluated);
  return { items: items.length, ...(yield* metricsOfSteps(evaluated, predictions, recencyWeights(evaluated.length))) };
}

/** Maps a step's progress (0–1) onto [from, to] of the whole run; steps without progress repeat the last. */
function withFraction<R>(work: Generator<number | undefined, R>, from: number, to: number): Generator<OptimizeProgress, R> {
  let fraction = from;
  // Fitting runs over [0, 0.3], the check over [0.3, 1].
  return mapProgress(work, (done) => ({ checking: from > 0, fraction: done === undefined ? fraction : (fraction = from + (to - from) * done) }));
}
