/**
 * "Help me decide" (as Anki's desired-retention helper): for each desired retention, the next year
 * simulated with the user's weights and cards — how many reviews a day it costs and how many cards are
 * remembered at its end. Recall is drawn from the model's own prediction; deterministic per seed.
 */
import { curveFactor, DEFAULT_WEIGHTS, intervalFor, nextDifficulty, nextStability, replay, retrievability } from "./model";
import { mulberry32 } from "./train";

/** A card as the simulation starts it: reviewed (stability, difficulty, days since its last review, days until due) or new. */
export type SimulatedCard = [stability: number, difficulty: number, elapsedDays: number, dueInDays: number] | null;

export interface SimulationSettings {
  weights?: readonly number[];
  days?: number;
  newPerDay: number;
  maximumInterval: number;
  seed?: number;
}

export interface RetentionPoint {
  retention: number;
  reviewsPerDay: number;
  /** Expected number of cards recalled at the end of the simulated period. */
  remembered: number;
}

export const RETENTIONS: readonly number[] = Array.from({ length: 28 }, (_, i) => Math.round((0.7 + i * 0.01) * 100) / 100);

export function* simulateRetentions(cards: readonly SimulatedCard[], settings: SimulationSettings, retentions: readonly number[] = RETENTIONS): Generator<number, RetentionPoint[]> {
  const points: RetentionPoint[] = [];
  for (let i = 0; i < retentions.length; i++) {
    points.push(yield* simulateOne(cards, settings, retentions[i]));
    yield (i + 1) / retentions.length;
  }
  return points;
}

/** Reviews simulated between yields. */
const REVIEWS_PER_YIELD = 5000;

function* simulateOne(cards: readonly SimulatedCard[], settings: SimulationSettings, retention: number): Generator<number, RetentionPoint> {
  const { weights: w = DEFAULT_WEIGHTS, days = 365, seed = 42, newPerDay, maximumInterval } = settings;
  const random = mulberry32(seed);
  const factor = curveFactor(w[20]);
  const easyStart = w[4] - Math.exp(3 * w[5]) + 1;
  // A new card's first review (Good): the same memory for every card.
  const first = replay(w, [{ rating: 3, deltaT: 0 }]);
  const count = cards.length;
  const s = new Float64Array(count);
  const d = new Float64Array(count);
  const last = new Float64Array(count);
  const started = new Uint8Array(count);
  const dueLists: number[][] = Array.from({ length: days }, () => []);
  const newQueue: number[] = [];
  cards.forEach((card, index) => {
    if (card === null) {
      newQueue.push(index);
      return;
    }
    const [stability, difficulty, elapsedDays, dueInDays] = card;
    s[index] = stability;
    d[index] = difficulty;
    last[index] = -elapsedDays;
    started[index] = 1;
    const due = Math.max(0, Math.round(dueInDays));
    if (due < days) dueLists[due].push(index);
  });
  const schedule = (index: number, today: number): void => {
    const interval = Math.min(maximumInterval, Math.max(1, Math.round(intervalFor(s[index], retention, w[20]))));
    last[index] = today;
    if (today + interval < days) dueLists[today + interval].push(index);
  };
  let reviews = 0;
  let nextNew = 0;
  let sinceYield = 0;
  for (let today = 0; today < days; today++) {
    if (reviews - sinceYield >= REVIEWS_PER_YIELD) {
      sinceYield = reviews;
      yield today / days;
    }
    for (const index of dueLists[today]) {
      const recalled = random() < retrievability(today - last[index], s[index], w[20]);
      const rating = recalled ? 3 : 1;
      s[index] = nextStability(w, factor, s[index], d[index], today - last[index], rating);
      d[index] = nextDifficulty(w, easyStart, d[index], rating);
      reviews++;
      schedule(index, today);
    }
    for (let n = 0; n < newPerDay && nextNew < newQueue.length; n++) {
      const index = newQueue[nextNew++];
      s[index] = first.stability;
      d[index] = first.difficulty;
      started[index] = 1;
      reviews++;
      schedule(index, today);
    }
  }
  let remembered = 0;
  for (let index = 0; index < count; index++) if (started[index] === 1) remembered += retrievability(days - last[index], s[index], w[20]);
  return { retention, reviewsPerDay: reviews / days, remembered };
}
