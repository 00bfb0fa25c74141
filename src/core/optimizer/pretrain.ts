/**
 * Data preparation and pre-training of w0–w3 (fsrs-optimizer.md steps 1 and 3): the outlier filter on
 * first long-term reviews, then the initial stability per first rating by ternary search, made monotone
 * and completed by interpolation.
 */
import { DEFAULT_WEIGHTS, recalled, retrievability, S_MIN, type FsrsItem, type FsrsReview } from "./model";
import { runToEnd, TooFewReviewsError } from "./slices";

const INIT_S_MAX = 100;
const DEFAULT_DECAY = DEFAULT_WEIGHTS[20];

/** The value under `key`, added by `make` when absent. */
export function mapEntry<K, V>(map: { get(key: K): V | undefined; set(key: K, value: V): unknown }, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

const longTermCounts = new WeakMap<FsrsItem, number>();

/** Reviews of the item on a later day than the one before (items never change, so it is cached). */
export function longTermCount(item: FsrsItem): number {
  return mapEntry(longTermCounts, item, () => item.reviews.filter((review) => review.deltaT > 0).length);
}

/** Items handled between yields in whole-set passes. */
export const ITEMS_PER_YIELD = 1000;

function firstLongTermDelta(item: FsrsItem): number {
  for (const review of item.reviews) if (review.deltaT > 0) return review.deltaT;
  return 0;
}

export interface PreparedData {
  /** Items with exactly one long-term review that survive the filter: the pre-training set. */
  initialization: FsrsItem[];
  /** Every item (including those) whose (first rating, first long-term Δt) group was kept. */
  training: FsrsItem[];
  /** Whether an item's group survived the filter. */
  kept: (item: FsrsItem) => boolean;
}

/** Step 1: the outlier filter. `items` in time order; the training set keeps that order. */
export function prepareTrainingData(items: readonly FsrsItem[]): PreparedData {
  return runToEnd(prepareTrainingDataSteps(items));
}

export function* prepareTrainingDataSteps(items: readonly FsrsItem[]): Generator<undefined, PreparedData> {
  const groups = new Map<number, Map<number, FsrsItem[]>>();
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (index % ITEMS_PER_YIELD === ITEMS_PER_YIELD - 1) yield undefined;
    if (longTermCount(item) !== 1) continue;
    mapEntry(mapEntry(groups, item.reviews[0].rating, () => new Map<number, FsrsItem[]>()), item.reviews[item.reviews.length - 1].deltaT, () => []).push(item);
  }
  const initialization: FsrsItem[] = [];
  // The groups dropped, as "first rating,Δt".
  const dropped = new Set<string>();
  for (const rating of [...groups.keys()].sort((a, b) => a - b)) {
    // Smallest groups first; equal sizes: smaller Δt first.
    const subGroups = [...(groups.get(rating) as Map<number, FsrsItem[]>)].sort((a, b) => a[1].length - b[1].length || a[0] - b[0]);
    const total = subGroups.reduce((sum, [, group]) => sum + group.length, 0);
    const drop = (delta: number): unknown => dropped.add(`${rating},${delta}`);
    let removedCount = 0;
    for (const [delta, group] of subGroups) {
      if (removedCount + group.length >= Math.max(20, Math.floor(total / 20))) {
        if (group.length >= 6 && delta <= (rating !== 4 ? 100 : 365)) initialization.push(...group);
        else drop(delta);
      } else {
        removedCount += group.length;
        drop(delta);
      }
    }
  }
  const kept = (item: FsrsItem): boolean => !dropped.has(`${item.reviews[0].rating},${firstLongTermDelta(item)}`);
  yield undefined;
  const training: FsrsItem[] = [];
  for (let index = 0; index < items.length; index++) {
    if (kept(items[index])) training.push(items[index]);
    if (index % ITEMS_PER_YIELD === ITEMS_PER_YIELD - 1) yield undefined;
  }
  return { initialization, training, kept };
}

/**
 * The items Anki (and the reference's Node binding) hand to evaluation and training: the outlier filter
 * applied, the pre-training items first (in filter order), then every item with more long-term reviews.
 */
export function filteredItems(items: readonly FsrsItem[]): FsrsItem[] {
  return runToEnd(filteredItemsSteps(items));
}

export function* filteredItemsSteps(items: readonly FsrsItem[]): Generator<undefined, FsrsItem[]> {
  const { initialization, kept } = yield* prepareTrainingDataSteps(items);
  yield undefined;
  return [...initialization, ...items.filter((item) => longTermCount(item) !== 1 && kept(item))];
}

/** The share of items recalled (NaN for none). */
export function averageRecall(items: readonly FsrsItem[]): number {
  let passed = 0;
  for (const item of items) if (recalled(item)) passed++;
  return passed / items.length;
}

export interface PretrainResult {
  /** w0–w3. */
  initialStability: number[];
  /** Pre-training items per first rating (ratings absent have none). */
  ratingCount: Map<number, number>;
}

/** Step 3. Throws TooFewReviewsError when no rating has pre-training data. */
export function pretrain(initialization: readonly FsrsItem[], recall: number): PretrainResult {
  // Per first rating, per Δt of the item's one long-term review: [items, items recalled].
  const byRating = new Map<number, Map<number, number[]>>();
  for (const item of initialization) {
    if (longTermCount(item) !== 1) continue;
    const longTerm = item.reviews.find((review) => review.deltaT > 0) as FsrsReview;
    const cell = mapEntry(mapEntry(byRating, item.reviews[0].rating, () => new Map<number, number[]>()), longTerm.deltaT, () => [0, 0]);
    cell[0]++;
    if (longTerm.rating > 1) cell[1]++;
  }
  const ratingCount = new Map<number, number>();
  const stability = new Map<number, number>();
  for (const [rating, byDelta] of byRating) {
    let count = 0;
    for (const [items] of byDelta.values()) count += items;
    ratingCount.set(rating, count);
    stability.set(rating, searchStability([...byDelta].sort((a, b) => a[0] - b[0]), recall, DEFAULT_WEIGHTS[rating - 1]));
  }
  return { initialStability: smoothAndFill(stability, ratingCount), ratingCount };
}

/** The initial stability minimising the cells' loss (cells by Δt: [items, items recalled]), by ternary search. */
function searchStability(cells: [number, number[]][], recall: number, defaultS0: number): number {
  const loss = (s: number): number => {
    let total = 0;
    for (const [delta, [count, passed]] of cells) {
      // Laplace smoothing: (r·n + mean recall) / (n + 1).
      const smoothed = (passed + recall) / (count + 1);
      const p = retrievability(delta, s, DEFAULT_DECAY);
      total -= (smoothed * Math.log(p) + (1 - smoothed) * Math.log(1 - p)) * count;
    }
    return total + Math.abs(s - defaultS0) / 16;
  };
  let low = S_MIN;
  let high = INIT_S_MAX;
  let best = defaultS0;
  for (let iteration = 0; high - low > Number.EPSILON && iteration < 1000; iteration++) {
    const mid1 = low + (high - low) / 3;
    const mid2 = high - (high - low) / 3;
    if (loss(mid1) < loss(mid2)) high = mid2;
    else low = mid1;
    best = (high + low) / 2;
  }
  return Math.fround(best);
}

/** Fewer training items than this: the reference fits only w0–w3 (pre-training). */
export const MIN_ITEMS_TO_TRAIN = 64;

/** Monotone in rating (the rating with more data wins), missing ratings interpolated; clamped to [0.001, 100]. */
export function smoothAndFill(input: Map<number, number>, ratingCount: Map<number, number>): number[] {
  const stability = new Map([...input].filter(([rating]) => ratingCount.has(rating)));
  for (const [small, big] of [
    [1, 2],
    [2, 3],
    [3, 4],
    [1, 3],
    [2, 4],
    [1, 4],
  ]) {
    const smallValue = stability.get(small);
    const bigValue = stability.get(big);
    if (smallValue !== undefined && bigValue !== undefined && smallValue > bigValue) {
      // Both ratings are in ratingCount: `stability` keeps only those.
      if ((ratingCount.get(small) as number) > (ratingCount.get(big) as number)) stability.set(big, smallValue);
      else stability.set(small, bigValue);
    }
  }
  // The reference's NotEnoughData: said as how many more reviews training wants.
  if (stability.size === 0) throw new TooFewReviewsError(MIN_ITEMS_TO_TRAIN);
  const s: number[] = [];
  for (const [rating, value] of stability) s[rating - 1] = value;
  let result = s;
  if (stability.size === 1) {
    const [rating, value] = [...stability][0];
    const factor = value / DEFAULT_WEIGHTS[rating - 1];
    result = DEFAULT_WEIGHTS.slice(0, 4).map((x) => x * factor).sort((a, b) => a - b);
  } else fillMissing(s);
  return result.map((x) => Math.min(INIT_S_MAX, Math.max(S_MIN, x)));
}

/**
 * The reference's interpolation of missing initial stabilities, in log space: with w1 = 0.41 and
 * w2 = 0.54, s2 = s1^w1 · s3^(1−w1) and s3 = s2^(1−w2) · s4^w2, each solved for the missing ones. Each
 * rule [target, a, e, b] sets s_target = s_a^e · s_b^(1−e) (ratings 1–4), its exponents the reference's
 * own expressions; which rules run, in order, depends on the ratings known, as in fsrs-rs.
 */
function fillMissing(s: number[]): void {
  const w1 = 0.41;
  const w2 = 0.54;
  const rules = [
    [1, 2, 1 / w1, 3],
    [2, 1, w1, 3],
    [3, 4, w2, 2],
    [4, 3, 1 / w2, 2],
    [2, 3, 1 / (1 - w2), 4],
    [3, 2, 1 / (1 - w1), 1],
    [2, 1, w1 / (w1 + w2 - w1 * w2), 4],
    [3, 4, w2 / (w1 + w2 - w1 * w2), 1],
  ];
  // Known ratings as bits (rating r is bit r−1) → the rules to apply: two known, or three.
  const plan: Record<number, number[]> = { 12: [4, 0], 10: [2, 0], 6: [3, 0], 9: [6, 7], 5: [1, 3], 3: [5, 3], 14: [0], 13: [1], 11: [2], 7: [3] };
  let mask = 0;
  for (let i = 0; i < 4; i++) if (s[i] !== undefined) mask |= 1 << i;
  for (const rule of plan[mask] ?? []) {
    const [target, a, e, b] = rules[rule];
    s[target - 1] = Math.pow(s[a - 1], e) * Math.pow(s[b - 1], 1 - e);
  }
}
