/**
 * Training of all 21 weights (fsrs-optimizer.md step 4): recency-weighted items sorted by length, batches
 * shuffled per epoch, weighted log loss plus an L2 pull toward the pre-trained start, Adam with cosine
 * annealing, clipping after every step, and the epoch with the lowest whole-set loss kept.
 *
 * A generator: it yields after every batch (and every chunk of the end-of-epoch loss), so a driver can
 * give the UI its turn between slices. What it yields is its progress, 0–1.
 */
import { clipWeights, itemLossAndGradient, logLoss, predict, WEIGHT_COUNT, type FsrsItem } from "./model";
import { recencyWeights } from "./metrics";

export interface TrainingConfig {
  epochs: number;
  batchSize: number;
  learningRate: number;
  maxSeqLen: number;
  gamma: number;
  seed: number;
}

export const DEFAULT_TRAINING: Readonly<TrainingConfig> = {
  epochs: 5,
  batchSize: 512,
  learningRate: 0.04,
  maxSeqLen: 256,
  gamma: 1,
  seed: 2023,
};

/** Spread of each weight across srs-benchmark users: the scale of the L2 pull. */
const WEIGHT_SPREAD = [6.43, 9.66, 17.58, 27.85, 0.57, 0.28, 0.6, 0.12, 0.39, 0.18, 0.33, 0.3, 0.09, 0.16, 0.57, 0.25, 1.03, 0.31, 0.32, 0.14, 0.27];

/** Items counted as one unit of work between yields in whole-set passes. */
const CHUNK = 256;
/** Reviews replayed between yields inside a batch. */
const WORK_PER_YIELD = 1024;

export function* train(items: readonly FsrsItem[], start: readonly number[], { epochs, batchSize, learningRate, maxSeqLen, gamma, seed }: TrainingConfig): Generator<number, number[]> {
  const weights = recencyWeights(items.length);
  // The items trained on, as indices into `items`.
  const data: number[] = [];
  for (let i = 0; i < items.length; i++) if (items[i].reviews.length <= maxSeqLen) data.push(i);
  yield 0;
  // Sorted by length (a stable sort, as every engine's is since ES2019): batches of similar length, as
  // the reference's batcher pads them.
  data.sort((a, b) => items[a].reviews.length - items[b].reviews.length);
  yield 0;
  const n = data.length;
  /** Progress over the whole run: `done` items of epoch `epoch` (1-based). */
  const progress = (epoch: number, done: number): number => (epoch - 1 + (n === 0 ? 1 : done / n)) / epochs;
  const batchCount = Math.ceil(n / batchSize);
  const totalSteps = (Math.floor(n / batchSize) + 1) * epochs;
  const w = Float64Array.from(start);
  const initial = Float64Array.from(start);
  const m = new Float64Array(WEIGHT_COUNT);
  const v = new Float64Array(WEIGHT_COUNT);
  const grad = new Float64Array(WEIGHT_COUNT);
  const ds = new Float64Array(WEIGHT_COUNT);
  const dd = new Float64Array(4);
  const random = mulberry32(seed);
  const order = Array.from({ length: batchCount }, (_, i) => i);
  let best: number[] = Array.from(w);
  let bestLoss = Infinity;
  let stepCount = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    shuffle(order, random);
    let done = 0;
    for (const batch of order) {
      const from = batch * batchSize;
      const to = Math.min(n, from + batchSize);
      grad.fill(0);
      let work = 0;
      for (let i = from; i < to; i++) {
        const { reviews } = items[data[i]];
        itemLossAndGradient(w, reviews, weights[data[i]], grad, ds, dd);
        // Long histories make a batch slow: let the driver pause inside it too.
        work += reviews.length;
        if (work >= WORK_PER_YIELD) {
          work = 0;
          yield progress(epoch, done + (i - from));
        }
      }
      const share = (gamma * (to - from)) / n;
      for (let j = 0; j < WEIGHT_COUNT; j++) grad[j] += (2 * share * (w[j] - initial[j])) / WEIGHT_SPREAD[j] ** 2;
      const rate = (learningRate * (1 + Math.cos((Math.PI * stepCount) / totalSteps))) / 2;
      stepCount++;
      adamStep(w, grad, m, v, stepCount, rate);
      clipWeights(w);
      done += to - from;
      yield progress(epoch, done);
    }
    // The whole set's loss, in chunks; each chunk yields this epoch's end.
    let loss = 0;
    let weightSum = 0;
    for (let from = 0; from < n; from += CHUNK) {
      for (let i = from; i < Math.min(n, from + CHUNK); i++) {
        const item = items[data[i]];
        const weight = weights[data[i]];
        loss += weight * logLoss(predict(w, item), item);
        weightSum += weight;
      }
      yield progress(epoch, n);
    }
    if (loss / weightSum < bestLoss) {
      bestLoss = loss / weightSum;
      best = Array.from(w);
    }
  }
  return best;
}

function adamStep(w: Float64Array, grad: Float64Array, m: Float64Array, v: Float64Array, t: number, rate: number): void {
  const beta1 = 0.9;
  const beta2 = 0.999;
  const epsilon = 1e-8;
  const correction1 = 1 - beta1 ** t;
  const correction2 = 1 - beta2 ** t;
  for (let j = 0; j < WEIGHT_COUNT; j++) {
    m[j] = beta1 * m[j] + (1 - beta1) * grad[j];
    v[j] = beta2 * v[j] + (1 - beta2) * grad[j] * grad[j];
    w[j] -= (rate * (m[j] / correction1)) / (Math.sqrt(v[j] / correction2) + epsilon);
  }
}

/** A small seeded generator (mulberry32): the same seed gives the same batch order everywhere. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(values: number[], random: () => number): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [values[i], values[j]] = [values[j], values[i]];
  }
}
