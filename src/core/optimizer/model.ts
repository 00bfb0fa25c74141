/**
 * The FSRS-6 memory model as fsrs-rs trains it (fsrs-optimizer.md §6), with exact gradients.
 *
 * Gradients are carried forward along a card's history (forward-mode, derived by hand): difficulty
 * depends only on w4–w7, so each step updates a 21-number stability gradient and a 4-number
 * difficulty gradient. That is exact, like reverse mode, and needs no tape.
 */

export const WEIGHT_COUNT = 21;

/** FSRS-6 defaults (fsrs-rs 6.5.0, ts-fsrs 5). */
export const DEFAULT_WEIGHTS: readonly number[] = Object.freeze([
  0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729,
  0.5425, 0.0912, 0.0658, 0.1542,
]);

export const S_MIN = 0.001;
export const S_MAX = 36500;
const D_MIN = 1;
const D_MAX = 10;

/** Lower and upper bound of every weight (short-term scheduling on, one relearning step). */
export const WEIGHT_BOUNDS: readonly (readonly [number, number])[] = [
  [S_MIN, 100],
  [S_MIN, 100],
  [S_MIN, 100],
  [S_MIN, 100],
  [1, 10],
  [0.001, 4],
  [0.001, 4],
  [0.001, 0.75],
  [0, 4.5],
  [0, 0.8],
  [0.001, 3.5],
  [0.001, 5],
  [0.001, 0.25],
  [0.001, 0.9],
  [0, 4],
  [0, 1],
  [1, 6],
  [0, 2],
  [0, 2],
  [0.01, 0.8],
  [0.1, 0.8],
];

/** Every weight moved into its bounds, in place; returns the same array. */
export function clipWeights(weights: Float64Array | number[]): Float64Array | number[] {
  for (let i = 0; i < WEIGHT_COUNT; i++) {
    const [low, high] = WEIGHT_BOUNDS[i];
    weights[i] = Math.min(high, Math.max(low, weights[i]));
  }
  return weights;
}

/** One review of an item: rating 1–4 and whole days since the previous review (0 for the first). */
export interface FsrsReview {
  rating: number;
  deltaT: number;
}

/** A card's history up to one review (the last), which is the one predicted. */
export interface FsrsItem {
  reviews: FsrsReview[];
}

/** The factor of the power forgetting curve for a decay: R(S, S) = 0.9. */
export function curveFactor(decay: number): number {
  return Math.pow(0.9, -1 / decay) - 1;
}

/** Probability of recall after `days` at stability `stability`. */
export function retrievability(days: number, stability: number, decay: number): number {
  return Math.pow(1 + (curveFactor(decay) * days) / stability, -decay);
}

/** Days until retrievability falls to `retention`. */
export function intervalFor(stability: number, retention: number, decay: number): number {
  return (stability / curveFactor(decay)) * (Math.pow(retention, -1 / decay) - 1);
}

export interface MemoryState {
  stability: number;
  difficulty: number;
}

/** Stability and difficulty after every review of `reviews[0..count)`. */
export function replay(w: ArrayLike<number>, reviews: readonly FsrsReview[], count = reviews.length): MemoryState {
  if (count === 0) return { stability: 0, difficulty: 0 };
  const factor = curveFactor(w[20]);
  const easyStart = w[4] - Math.exp(3 * w[5]) + 1;
  const first = reviews[0].rating;
  let s = clamp(w[first - 1], S_MIN, S_MAX);
  let d = clamp(w[4] - Math.exp(w[5] * (first - 1)) + 1, D_MIN, D_MAX);
  for (let i = 1; i < count; i++) {
    const review = reviews[i];
    const next = nextStability(w, factor, s, d, review.deltaT, review.rating);
    d = nextDifficulty(w, easyStart, d, review.rating);
    s = next;
  }
  return { stability: s, difficulty: d };
}

/** Stability after a review `deltaT` days after the previous one; `factor` is curveFactor(w[20]). */
export function nextStability(w: ArrayLike<number>, factor: number, s: number, d: number, deltaT: number, rating: number): number {
  let next: number;
  if (deltaT === 0) {
    let sinc = Math.exp(w[17] * (rating - 3 + w[18])) * Math.pow(s, -w[19]);
    if (rating >= 2 && sinc < 1) sinc = 1;
    next = s * sinc;
  } else {
    const r = Math.pow(1 + (factor * deltaT) / s, -w[20]);
    if (rating === 1) {
      const forget = w[11] * Math.pow(d, -w[12]) * (Math.pow(s + 1, w[13]) - 1) * Math.exp((1 - r) * w[14]);
      next = Math.min(forget, s / Math.exp(w[17] * w[18]));
    } else {
      const bonus = rating === 2 ? w[15] : rating === 4 ? w[16] : 1;
      next = s * (1 + Math.exp(w[8]) * (11 - d) * Math.pow(s, -w[9]) * (Math.exp((1 - r) * w[10]) - 1) * bonus);
    }
  }
  return clamp(next, S_MIN, S_MAX);
}

/** Difficulty after a review; `easyStart` is the unclamped initial difficulty of Easy, w4 − e^(3·w5) + 1. */
export function nextDifficulty(w: ArrayLike<number>, easyStart: number, d: number, rating: number): number {
  const damped = d + ((10 - d) * -w[6] * (rating - 3)) / 9;
  return clamp(w[7] * (easyStart - damped) + damped, D_MIN, D_MAX);
}

function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}

const P_MIN = 1e-7;

/** Whether the item's last review, the one predicted, was a pass (any rating but Again). */
export function recalled(item: FsrsItem): boolean {
  return item.reviews[item.reviews.length - 1].rating > 1;
}

/** The log loss (binary cross-entropy) of predicting `p` for the item's last review, p kept within [1e-7, 1 − 1e-7]. */
export function logLoss(p: number, item: FsrsItem): number {
  const clamped = clamp(p, P_MIN, 1 - P_MIN);
  return -Math.log(recalled(item) ? clamped : 1 - clamped);
}

/** The predicted recall of an item's last review, after replaying the reviews before it. */
export function predict(w: ArrayLike<number>, item: FsrsItem): number {
  const reviews = item.reviews;
  const state = replay(w, reviews, reviews.length - 1);
  return retrievability(reviews[reviews.length - 1].deltaT, state.stability, w[20]);
}

const LN_09 = Math.log(0.9);
/** Scratch for one step's own partials (the gradient runs synchronously, one item at a time). */
const stepPartials = new Float64Array(WEIGHT_COUNT);

/**
 * Adds `weight × d(BCE)/dw` of one item to `grad` and returns `weight × BCE`.
 * `ds` (21) and `dd` (4, for w4–w7) are scratch arrays.
 */
export function itemLossAndGradient(w: ArrayLike<number>, reviews: readonly FsrsReview[], weight: number, grad: Float64Array, ds: Float64Array, dd: Float64Array): number {
  // What the weights imply for every step.
  const decay = w[20];
  const factor = curveFactor(decay);
  /** d(factor)/d(decay). */
  const dFactor = ((factor + 1) * LN_09) / (decay * decay);
  const expW8 = Math.exp(w[8]);
  const exp3W5 = Math.exp(3 * w[5]);
  const easyStart = w[4] - exp3W5 + 1;
  const lapseShrink = Math.exp(-w[17] * w[18]);
  ds.fill(0);
  dd.fill(0);
  const first = reviews[0].rating;
  let s = w[first - 1];
  if (s < S_MIN || s > S_MAX) s = clamp(s, S_MIN, S_MAX);
  else ds[first - 1] = 1;
  const e0 = Math.exp(w[5] * (first - 1));
  let d = w[4] - e0 + 1;
  if (d < D_MIN || d > D_MAX) d = clamp(d, D_MIN, D_MAX);
  else {
    dd[0] = 1;
    dd[1] = -(first - 1) * e0;
  }
  const last = reviews.length - 1;
  // Every review after the first; the last one is the review predicted.
  for (let i = Math.min(1, last); ; i++) {
    const { rating, deltaT } = reviews[i];
    // Recall after deltaT days, and its partials by s and by the decay (through the curve's factor).
    const u = 1 + (factor * deltaT) / s;
    const logU = Math.log(u);
    const r = Math.exp(-decay * logU);
    const drds = (decay * factor * deltaT * r) / (u * s * s);
    const drdc = r * (-logU - (decay * deltaT * dFactor) / (s * u));
    if (i === last) {
      const p = clamp(r, P_MIN, 1 - P_MIN);
      const y = rating > 1;
      // The loss's gradient through R (none where R is clamped).
      const dldp = r < P_MIN || r > 1 - P_MIN ? 0 : weight * (y ? -1 / r : 1 / (1 - r));
      if (dldp !== 0) {
        const dpds = dldp * drds;
        for (let j = 0; j < WEIGHT_COUNT; j++) grad[j] += dpds * ds[j];
        grad[20] += dldp * drdc;
      }
      return -weight * Math.log(y ? p : 1 - p);
    }
    // Stability: next = f(s, d, w); dnext = f_s·ds + f_d·dd(w4–w7) + the step's own partials.
    let next: number;
    let fs: number;
    let fd = 0;
    // The step's own partials d(next)/dw8…w20, in stepPartials[8..20].
    stepPartials.fill(0);
    if (deltaT === 0) {
      const sinc = Math.exp(w[17] * (rating - 3 + w[18])) * Math.pow(s, -w[19]);
      if (rating >= 2 && sinc < 1) {
        next = s;
        fs = 1;
      } else {
        next = s * sinc;
        fs = sinc * (1 - w[19]);
        stepPartials[17] = next * (rating - 3 + w[18]);
        stepPartials[18] = next * w[17];
        stepPartials[19] = -next * Math.log(s);
      }
    } else {
      if (rating === 1) {
        const dPow = Math.pow(d, -w[12]);
        const sPow = Math.pow(s + 1, w[13]);
        const eR = Math.exp((1 - r) * w[14]);
        const forget = w[11] * dPow * (sPow - 1) * eR;
        const floor = s * lapseShrink;
        if (floor < forget) {
          next = floor;
          fs = lapseShrink;
          stepPartials[17] = -w[18] * floor;
          stepPartials[18] = -w[17] * floor;
        } else {
          next = forget;
          const dnextdr = -w[14] * forget;
          fs = (w[11] * dPow * w[13] * sPow * eR) / (s + 1) + dnextdr * drds;
          fd = (-w[12] * forget) / d;
          stepPartials[11] = dPow * (sPow - 1) * eR;
          stepPartials[12] = -Math.log(d) * forget;
          stepPartials[13] = w[11] * dPow * sPow * Math.log(s + 1) * eR;
          stepPartials[14] = forget * (1 - r);
          stepPartials[20] = dnextdr * drdc;
        }
      } else {
        const bonus = rating === 2 ? w[15] : rating === 4 ? w[16] : 1;
        const sPow = Math.pow(s, -w[9]);
        const eR = Math.exp((1 - r) * w[10]);
        const core = expW8 * sPow * (eR - 1);
        const a = core * (11 - d) * bonus;
        next = s * (1 + a);
        const dadr = -expW8 * (11 - d) * sPow * eR * w[10] * bonus;
        fs = 1 + a * (1 - w[9]) + s * dadr * drds;
        fd = -s * core * bonus;
        stepPartials[8] = s * a;
        stepPartials[9] = -s * a * Math.log(s);
        stepPartials[10] = s * expW8 * (11 - d) * sPow * eR * (1 - r) * bonus;
        if (rating === 2) stepPartials[15] = s * core * (11 - d);
        else if (rating === 4) stepPartials[16] = s * core * (11 - d);
        stepPartials[20] = s * dadr * drdc;
      }
    }
    // Difficulty (from the old d): damped = d + (10 − d)·k, k = −w6(rating − 3)/9; then mean reversion.
    const k = (-w[6] * (rating - 3)) / 9;
    const damped = d + (10 - d) * k;
    let nextD = w[7] * (easyStart - damped) + damped;
    // ds first: it reads the old dd.
    if (next < S_MIN || next > S_MAX) {
      next = clamp(next, S_MIN, S_MAX);
      ds.fill(0);
    } else {
      for (let j = 0; j < WEIGHT_COUNT; j++) ds[j] *= fs;
      if (fd !== 0) {
        ds[4] += fd * dd[0];
        ds[5] += fd * dd[1];
        ds[6] += fd * dd[2];
        ds[7] += fd * dd[3];
      }
      for (let j = 8; j < WEIGHT_COUNT; j++) ds[j] += stepPartials[j];
    }
    if (nextD < D_MIN || nextD > D_MAX) {
      nextD = clamp(nextD, D_MIN, D_MAX);
      dd.fill(0);
    } else {
      const keep = (1 - w[7]) * (1 - k);
      dd[0] = keep * dd[0] + w[7];
      dd[1] = keep * dd[1] - w[7] * 3 * exp3W5;
      dd[2] = keep * dd[2] + ((1 - w[7]) * (10 - d) * -(rating - 3)) / 9;
      dd[3] = keep * dd[3] + easyStart - damped;
    }
    s = next;
    d = nextD;
  }
}
