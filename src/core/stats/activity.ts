import type { ReviewFact, ReviewKind } from "./review-facts";

/** Panels 3 and 4: reviews per study day, split by kind, as counts and as time. */
export interface DayActivity {
  day: number;
  count: number;
  ms: number;
  counts: Record<ReviewKind, number>;
  msByKind: Record<ReviewKind, number>;
}

function emptyByKind(): Record<ReviewKind, number> {
  return { learning: 0, young: 0, mature: 0, relearning: 0 };
}

/** One row per study day from `first` to `last` (inclusive), oldest first, days without reviews included. */
export function activityByDay(facts: readonly ReviewFact[], first: number, last: number): DayActivity[] {
  const rows: DayActivity[] = [];
  for (let day = first; day <= last; day++) rows.push({ day, count: 0, ms: 0, counts: emptyByKind(), msByKind: emptyByKind() });
  for (const fact of facts) {
    if (fact.day < first || fact.day > last) continue;
    const row = rows[fact.day - first];
    row.count++;
    row.ms += fact.tookMs;
    row.counts[fact.kind]++;
    row.msByKind[fact.kind] += fact.tookMs;
  }
  return rows;
}

export interface Streaks {
  /** Days in a row with at least one review, ending today — or yesterday while today has none yet. */
  current: number;
  longest: number;
  /** Days with at least one review, of all. */
  daysStudied: number;
}

export function streaks(facts: readonly ReviewFact[]): Streaks {
  const studied = new Set<number>();
  for (const fact of facts) if (fact.day <= 0) studied.add(fact.day);
  const sorted = [...studied].sort((a, b) => a - b);
  let longest = 0;
  let run = 0;
  for (let index = 0; index < sorted.length; index++) {
    run = index > 0 && sorted[index] === sorted[index - 1] + 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
  }
  let current = 0;
  for (let day = studied.has(0) ? 0 : -1; studied.has(day); day--) current++;
  return { current, longest, daysStudied: studied.size };
}
