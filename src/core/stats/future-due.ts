import { instantMs } from "../scheduling/day";
import type { StatsCard } from "./scope";
import type { StudyDays } from "./study-days";

/**
 * Panel 2: how many cards come due on each study day ahead. Cards already due before today started
 * are overdue and counted apart; new and suspended cards are never due.
 */
export interface FutureDue {
  /** Due before today's study day started. */
  overdue: number;
  /** perDay[i]: cards due on study day i (0 = today), overdue ones not included. */
  perDay: number[];
  /** Cards due today, overdue included, and on average per day over the horizon (overdue included). */
  dueToday: number;
  dueTomorrow: number;
  averagePerDay: number;
}

export function futureDue(cards: readonly StatsCard[], days: StudyDays, horizon: number): FutureDue {
  const perDay = new Array<number>(horizon).fill(0);
  const endMs = days.startOf(horizon);
  let overdue = 0;
  for (const card of cards) {
    const state = card.state;
    if (state === null || state.state === "new" || state.suspended === true) continue;
    const dueMs = instantMs(state.due);
    if (dueMs < days.todayStartMs) overdue++;
    else if (dueMs < endMs) perDay[days.dayOf(dueMs)]++;
  }
  const total = overdue + perDay.reduce((sum, count) => sum + count, 0);
  return {
    overdue,
    perDay,
    dueToday: overdue + (perDay[0] ?? 0),
    dueTomorrow: perDay[1] ?? 0,
    averagePerDay: horizon === 0 ? 0 : total / horizon,
  };
}
