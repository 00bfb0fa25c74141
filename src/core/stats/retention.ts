import { passed, type ReviewFact } from "./review-facts";

/**
 * Panel 9: Anki's true retention. Only reviews of cards in the review state count (learning and
 * relearning steps don't); passed = Hard, Good or Easy; young and mature by the interval the card had
 * when it was reviewed.
 */
export interface PassFail {
  passed: number;
  failed: number;
}

export interface RetentionRow {
  young: PassFail;
  mature: PassFail;
}

export type RetentionWindow = "today" | "yesterday" | "week" | "month" | "year";
export const RETENTION_WINDOWS: readonly RetentionWindow[] = ["today", "yesterday", "week", "month", "year"];

/** Study days of each window, relative to today (0): [first, last]. */
const WINDOW_DAYS: Record<RetentionWindow, [number, number]> = {
  today: [0, 0],
  yesterday: [-1, -1],
  week: [-6, 0],
  month: [-29, 0],
  year: [-364, 0],
};

export function trueRetention(facts: readonly ReviewFact[]): Record<RetentionWindow, RetentionRow> {
  const table = {} as Record<RetentionWindow, RetentionRow>;
  for (const window of RETENTION_WINDOWS) table[window] = { young: { passed: 0, failed: 0 }, mature: { passed: 0, failed: 0 } };
  for (const fact of facts) {
    if (fact.kind !== "young" && fact.kind !== "mature") continue;
    for (const window of RETENTION_WINDOWS) {
      const [first, last] = WINDOW_DAYS[window];
      if (fact.day < first || fact.day > last) continue;
      const cell = table[window][fact.kind];
      if (passed(fact.rating)) cell.passed++;
      else cell.failed++;
    }
  }
  return table;
}

/** Young and mature together. */
export function combined(row: RetentionRow): PassFail {
  return { passed: row.young.passed + row.mature.passed, failed: row.young.failed + row.mature.failed };
}

/** passed / (passed + failed), or null without reviews. */
export function retentionRate(cell: PassFail): number | null {
  const total = cell.passed + cell.failed;
  return total === 0 ? null : cell.passed / total;
}
