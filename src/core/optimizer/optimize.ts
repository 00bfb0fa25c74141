/**
 * The whole optimisation as fsrs-rs runs it (fsrs-optimizer.md steps 1–5), the time-series split that
 * says whether the result helps, and a driver that runs either in slices with the UI getting its turn.
 */
import { DEFAULT_WEIGHTS, clipWeights, type FsrsItem } from "./model";
import { metricsOfSteps, predictAllSteps, type Metrics } from "./metrics";
import { averageRecall, MIN_ITEMS_TO_TRAIN, prepareTrainingDataSteps, pretrain, smoothAndFill } from "./pretrain";
import { mapProgress } from "./slices";
import { DEFAULT_TRAINING, train, type TrainingConfig } from "./train";

/** Fewer than this: the reference returns the default weights. */
export const MIN_ITEMS_TO_FIT = 8;

/**
 * Steps 1–5 on time-ordered items; returns 21 weights. Throws TooFewReviewsError where the reference
 * throws NotEnoughData.
 * Yields its progress (0–1), or undefined before training starts.
 */
export function* computeParameters(items: readonly FsrsItem[], config: Partial<TrainingConfig> = {}): Generator<number | undefined, number[]> {
  const settings = { ...DEFAULT_TRAINING, ...config };
  const { initialization, training } = yield* prepareTrainingDataSteps(items);
  if (training.length < MIN_ITEMS_TO_FIT) return DEFAULT_WEIGHTS.slice();
  const { initialStability, ratingCount } = pretrain(initialization, averageRecall(training));
  const start = [...initialStability, ...DEFAULT_WEIGHTS.slice(4)];
  if (training.length === initialization.length || training.length < MIN_ITEMS_TO_TRAIN) return start;
  const trained = yield* train(training, start, settings);
  const fitted = new Map(trained.slice(0, 4).map((value, index) => [index + 1, value]));
  return [...smoothAndFill(fitted, ratingCount), ...trained.slice(4)];
}

export interface SplitEvaluation {
  /** The optimised weights' metrics on the held-out folds (each fold predicted by weights fitted before it). */
  optimized: Metrics;
  /** The baseline weights' metrics (FSRS-6 defaults unless given) on the same held-out reviews. */
  default: Metrics;
}

const SPLITS = 5;

/** Time-series split: 6 segments; fold i trains on segments 0..i and tests on segment i+1; pooled. Yields progress like computeParameters. */
export function* evaluateWithTimeSeriesSplits(
  items: readonly FsrsItem[],
  config: Partial<TrainingConfig> = {},
  baseline: readonly number[] = DEFAULT_WEIGHTS,
): Generator<number | undefined, SplitEvaluation> {
  const segment = Math.floor(items.length / (SPLITS + 1));
  if (segment === 0) throw new Error("Too few reviews for a time-series split.");
  const tested: FsrsItem[] = [];
  const predictions: number[] = [];
  for (let fold = 0; fold < SPLITS; fold++) {
    const testStart = (fold + 1) * segment;
    const testEnd = fold === SPLITS - 1 ? items.length : (fold + 2) * segment;
    const fitted = yield* mapProgress(computeParameters(items.slice(0, testStart), config), (done) => (done === undefined ? undefined : (fold + done) / SPLITS));
    const weights = clipWeights(fitted.slice()) as number[];
    const test = items.slice(testStart, testEnd);
    tested.push(...test);
    predictions.push(...(yield* predictAllSteps(weights, test)));
  }
  const baselinePredictions = yield* predictAllSteps(baseline, tested);
  return {
    optimized: yield* metricsOfSteps(tested, predictions),
    default: yield* metricsOfSteps(tested, baselinePredictions),
  };
}

export { MIN_ITEMS_TO_TRAIN } from "./pretrain";
export { CancelledError, runInSlices, runToEnd, TooFewReviewsError, type Pause, type SliceOptions } from "./slices";
