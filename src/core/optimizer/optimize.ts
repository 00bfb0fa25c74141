/**
 * The whole optimisation as fsrs-rs runs it (fsrs-optimizer.md steps 1–5), the time-series split that
 * says whether the result helps, and a driver that runs either in slices with the UI getting its turn.
 */
import { DEFAULT_WEIGHTS, clipWeights, type FsrsItem } from "./model";
import { metricsOf, predictAll, type Metrics } from "./metrics";
import { averageRecall, prepareTrainingData, pretrain, smoothAndFill } from "./pretrain";
import { DEFAULT_TRAINING, train, type TrainingConfig, type TrainingProgress } from "./train";

/** Fewer training items than this: the reference fits only w0–w3 (pre-training). */
export const MIN_ITEMS_TO_TRAIN = 64;
/** Fewer than this: the reference returns the default weights. */
export const MIN_ITEMS_TO_FIT = 8;

export interface Progress {
  /** 0–1 over the whole run. */
  fraction: number;
  stage: string;
}

/** Steps 1–5 on time-ordered items; returns 21 weights. Throws NotEnoughDataError like the reference. */
export function* computeParameters(items: readonly FsrsItem[], config: Partial<TrainingConfig> = {}): Generator<TrainingProgress, number[]> {
  const settings = { ...DEFAULT_TRAINING, ...config };
  const { initialization, training } = prepareTrainingData(items);
  const recall = averageRecall(training);
  if (training.length < MIN_ITEMS_TO_FIT) return DEFAULT_WEIGHTS.slice();
  const { initialStability, ratingCount } = pretrain(initialization, recall);
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
  /** Held-out items. */
  tested: number;
}

const SPLITS = 5;

/** Time-series split: 6 segments; fold i trains on segments 0..i and tests on segment i+1; pooled. */
export function* evaluateWithTimeSeriesSplits(
  items: readonly FsrsItem[],
  config: Partial<TrainingConfig> = {},
  baseline: readonly number[] = DEFAULT_WEIGHTS,
): Generator<TrainingProgress & { fold: number }, SplitEvaluation> {
  const segment = Math.floor(items.length / (SPLITS + 1));
  if (segment === 0) throw new Error("Too few reviews for a time-series split.");
  const tested: FsrsItem[] = [];
  const predictions: number[] = [];
  for (let fold = 0; fold < SPLITS; fold++) {
    const testStart = (fold + 1) * segment;
    const testEnd = fold === SPLITS - 1 ? items.length : (fold + 2) * segment;
    const trainer = computeParameters(items.slice(0, testStart), config);
    let next = trainer.next();
    while (next.done !== true) {
      yield { ...next.value, fold };
      next = trainer.next();
    }
    const weights = clipWeights(next.value.slice()) as number[];
    const test = items.slice(testStart, testEnd);
    tested.push(...test);
    predictions.push(...predictAll(weights, test));
  }
  return {
    optimized: metricsOf(tested, predictions),
    default: metricsOf(tested, predictAll(baseline, tested)),
    tested: tested.length,
  };
}

/** How a sliced run gives the UI its turn (a macrotask: a timer, so input and painting run). */
export type Pause = () => Promise<void>;

export interface SliceOptions<P> {
  /** Longest slice of work between pauses, in ms. */
  sliceMs?: number;
  pause: Pause;
  onProgress?: (progress: P) => void;
  /** Checked between slices; when it returns true the run stops with a CancelledError. */
  cancelled?: () => boolean;
  /** Records the longest slice seen (for the benchmark). */
  stats?: { longestSliceMs: number; slices: number };
}

export class CancelledError extends Error {
  constructor() {
    super("Cancelled.");
    this.name = "CancelledError";
  }
}

/** Runs a generator to completion, pausing whenever `sliceMs` of work has been done. */
export async function runInSlices<P, R>(work: Generator<P, R>, options: SliceOptions<P>): Promise<R> {
  const sliceMs = options.sliceMs ?? 20;
  const pause = options.pause;
  let sliceStart = performance.now();
  for (;;) {
    const next = work.next();
    if (next.done === true) {
      record(options, performance.now() - sliceStart);
      return next.value;
    }
    const now = performance.now();
    if (now - sliceStart >= sliceMs) {
      record(options, now - sliceStart);
      options.onProgress?.(next.value);
      await pause();
      if (options.cancelled?.() === true) throw new CancelledError();
      sliceStart = performance.now();
    }
  }
}

function record(options: { stats?: { longestSliceMs: number; slices: number } }, ms: number): void {
  if (options.stats === undefined) return;
  options.stats.slices++;
  options.stats.longestSliceMs = Math.max(options.stats.longestSliceMs, ms);
}

/** Runs a generator synchronously (CLI, tests). */
export function runToEnd<R>(work: Generator<unknown, R>): R {
  for (;;) {
    const next = work.next();
    if (next.done === true) return next.value;
  }
}
