import type { ReviewFact } from "./review-facts";

/** How far back (and, for future due, ahead) the panels look. */
export type StatsPeriod = "month" | "quarter" | "year" | "all";
export const STATS_PERIODS: readonly StatsPeriod[] = ["month", "quarter", "year", "all"];

const PERIOD_DAYS: Record<Exclude<StatsPeriod, "all">, number> = { month: 30, quarter: 91, year: 365 };

/** Study days the period covers, today included; "all" reaches back to the first review (at least a month). */
export function periodDays(period: StatsPeriod, facts: readonly ReviewFact[]): number {
  if (period !== "all") return PERIOD_DAYS[period];
  let first = 0;
  for (const fact of facts) if (fact.day < first) first = fact.day;
  return Math.max(PERIOD_DAYS.month, 1 - first);
}

/** The facts of the last `days` study days, today included (nothing from the future). */
export function lastDays(facts: readonly ReviewFact[], days: number): ReviewFact[] {
  const from = 1 - days;
  return facts.filter((fact) => fact.day >= from && fact.day <= 0);
}
