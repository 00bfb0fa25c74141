import { passed, type ReviewFact } from "./review-facts";

/** Panel 1: today's study. */
export interface TodayFigures {
  reviews: number;
  /** Distinct cards reviewed. */
  cards: number;
  minutes: number;
  again: number;
  /** Share of reviews not answered Again, 0–1; null without reviews. */
  passRate: number | null;
  /** New cards seen for the first time today. */
  newLearned: number;
}

export function todayFigures(facts: readonly ReviewFact[]): TodayFigures {
  const cards = new Set<string>();
  const learned = new Set<string>();
  let reviews = 0;
  let again = 0;
  let ms = 0;
  for (const fact of facts) {
    if (fact.day !== 0) continue;
    reviews++;
    ms += fact.tookMs;
    if (!passed(fact.rating)) again++;
    cards.add(fact.cardKey);
    if (fact.firstReview) learned.add(fact.cardKey);
  }
  return { reviews, cards: cards.size, minutes: ms / 60_000, again, passRate: reviews === 0 ? null : (reviews - again) / reviews, newLearned: learned.size };
}
