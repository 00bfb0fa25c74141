import type { LogRecord } from "../log/record";
import { activityByDay } from "./activity";
import { cardCounts } from "./card-counts";
import { futureDue } from "./future-due";
import { RETENTION_WINDOWS, trueRetention, type RetentionRow, type RetentionWindow } from "./retention";
import { reviewFacts } from "./review-facts";
import type { StatsCard } from "./scope";
import { StudyDays } from "./study-days";
import { todayFigures } from "./today";

/** `flashcards stats --json`: the shape the issue fixes, field for field (a stable, tested surface). */
export interface StatsSummary {
  now: string;
  cards: { new: number; learning: number; young: number; mature: number; suspended: number; total: number };
  today: { reviews: number; minutes: number; again: number; newLearned: number };
  trueRetention: Record<RetentionWindow, RetentionRow>;
  futureDue: { day: string; count: number }[];
  reviewsPerDay: { day: string; count: number; seconds: number }[];
}

/** Rounds away floating-point noise (0.1 + 0.2) without hiding real fractions. */
function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/**
 * The collection's figures at `now`: `futureDue` from today (overdue cards count today) for `days`
 * days, `reviewsPerDay` back `days` days ending today, oldest first.
 */
export function statsSummary(records: readonly LogRecord[], cards: readonly StatsCard[], now: Date, dayStartHour: number, days: number): StatsSummary {
  const studyDays = new StudyDays(now, dayStartHour);
  const facts = reviewFacts(records, studyDays);
  const counts = cardCounts(cards);
  const today = todayFigures(facts);
  const due = futureDue(cards, studyDays, days);
  const retention = trueRetention(facts);
  return {
    now: now.toISOString(),
    cards: { new: counts.new, learning: counts.learning, young: counts.young, mature: counts.mature, suspended: counts.suspended, total: counts.total },
    today: { reviews: today.reviews, minutes: round(today.minutes, 2), again: today.again, newLearned: today.newLearned },
    trueRetention: Object.fromEntries(RETENTION_WINDOWS.map((window) => [window, retention[window]])) as Record<RetentionWindow, RetentionRow>,
    futureDue: due.perDay.map((count, day) => ({ day: studyDays.label(day), count: day === 0 ? count + due.overdue : count })),
    reviewsPerDay: activityByDay(facts, 1 - days, 0).map((row) => ({ day: studyDays.label(row.day), count: row.count, seconds: round(row.ms / 1000, 3) })),
  };
}
