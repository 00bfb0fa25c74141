import { passed, type ReviewFact } from "./review-facts";
import type { Rating } from "../types";

/** Panel 7: reviews and pass rate by local hour of day. */
export interface HourRow {
  hour: number;
  reviews: number;
  passed: number;
}

export function hourly(facts: readonly ReviewFact[]): HourRow[] {
  const rows: HourRow[] = Array.from({ length: 24 }, (_, hour) => ({ hour, reviews: 0, passed: 0 }));
  for (const fact of facts) {
    const row = rows[fact.hour];
    row.reviews++;
    if (passed(fact.rating)) row.passed++;
  }
  return rows;
}

/**
 * Panel 8: how often each answer button was used, for learning cards (new, learning and relearning,
 * as Anki's buttons chart groups them), young and mature cards.
 */
export type ButtonGroup = "learning" | "young" | "mature";
export const BUTTON_GROUPS: readonly ButtonGroup[] = ["learning", "young", "mature"];

export function answerButtons(facts: readonly ReviewFact[]): Record<ButtonGroup, Record<Rating, number>> {
  const table = {} as Record<ButtonGroup, Record<Rating, number>>;
  for (const group of BUTTON_GROUPS) table[group] = { again: 0, hard: 0, good: 0, easy: 0 };
  for (const fact of facts) {
    const group: ButtonGroup = fact.kind === "relearning" ? "learning" : fact.kind;
    table[group][fact.rating]++;
  }
  return table;
}
