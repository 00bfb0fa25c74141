// A small known log and card set whose figures are worked out by hand in stats.test.ts.
// Now: Thursday 2026-11-26 10:00 UTC (tests run with TZ=UTC), day start 4:00, so today is
// [2026-11-26 04:00, 2026-11-27 04:00) and 03:30 on the 26th still belongs to yesterday.
import type { LogRecord } from "../../../src/core/log/record";
import type { StatsCard } from "../../../src/core/stats/scope";
import type { CardState, Rating } from "../../../src/core/types";

export const NOW = new Date("2026-11-26T10:00:00Z");

/** A review-state card with interval `days` (due − last), last reviewed at `last`. */
export function reviewState(last: string, days: number, extra: Partial<CardState> = {}): CardState {
  const due = new Date(Date.parse(last) + days * 86_400_000).toISOString().replace(".000Z", "Z");
  return { due, stability: days, difficulty: 5, reps: 3, lapses: 0, state: "review", step: 0, last_review: last, ...extra };
}

const relearning: CardState = { due: "2026-11-26T09:10:00Z", stability: 0.5, difficulty: 8, reps: 4, lapses: 1, state: "relearning", step: 0, last_review: "2026-11-26T09:00:00Z", id: "kccc1" };

export const CARDS: StatsCard[] = [
  // A: interval 24 days → mature; due in 24 days.
  { path: "deck/a.md", key: "A", decks: ["lang/de"], state: reviewState("2026-11-26T08:00:00Z", 24, { id: "kaaa1", stability: 30 }) },
  // B: interval 47 hours → young; due on day 2.
  { path: "deck/a.md", key: "B", decks: ["lang/de"], state: { ...reviewState("2026-11-26T09:00:00Z", 2, { id: "kbbb1" }), due: "2026-11-28T08:00:00Z" } },
  // C: relearning, due in ten minutes (today).
  { path: "b.md", key: "C", decks: ["/"], state: relearning },
  // D: new.
  { path: "b.md", key: "D", decks: ["/"], state: null },
  // E: suspended (and overdue, which a suspended card never is).
  { path: "b.md", key: "E", decks: ["/"], state: reviewState("2026-11-10T08:00:00Z", 10, { id: "keee1", suspended: true }) },
  // F: interval 10 → young; due yesterday → overdue.
  { path: "b.md", key: "F", decks: ["/"], state: reviewState("2026-11-15T08:00:00Z", 10, { id: "kfff1" }) },
];

function review(time: string, card: string, note: string, key: string, rating: Rating, before: CardState | null, tookMs: number, device = "phone"): LogRecord {
  return { v: 1, type: "review", time, device, card, note, key, rating, before, after: null, tookMs };
}

export const RECORDS: LogRecord[] = [
  // 1. today 08:00, mature (interval exactly 21 days), Good, 6 s. Logged under the note's old name.
  review("2026-11-26T08:00:00Z", "kaaa1", "old name.md", "A", "good", reviewState("2026-11-05T08:00:00Z", 21), 6000),
  // 2. today 09:00, young (5 days), Hard, 12 s.
  review("2026-11-26T09:00:00Z", "kbbb1", "deck/a.md", "B", "hard", reviewState("2026-11-21T09:00:00Z", 5), 12000),
  // 3. today 09:00 on the other device, mature (30 days), Again, 30 s.
  review("2026-11-26T09:00:00Z", "kccc1", "b.md", "C", "again", reviewState("2026-10-27T09:00:00Z", 30), 30000, "laptop"),
  // 4. today 09:05, relearning step, Good, 4 s.
  review("2026-11-26T09:05:00Z", "kccc1", "b.md", "C", "good", { ...relearning, due: "2026-11-26T09:05:00Z" }, 4000, "laptop"),
  // 5. today 09:30, a new card's first review (a card since deleted from the index), Good, 8 s.
  review("2026-11-26T09:30:00Z", "kggg1", "b.md", "G", "good", null, 8000),
  // 6. 03:30 today by the clock, yesterday by the study day: young (8 days), Again, 10 s.
  review("2026-11-26T03:30:00Z", "kfff1", "b.md", "F", "again", reviewState("2026-11-18T03:30:00Z", 8), 10000),
  // 7. today 09:40, Easy — and taken back by the undo below: counts nowhere.
  review("2026-11-26T09:40:00Z", "kaaa1", "deck/a.md", "A", "easy", reviewState("2026-11-26T08:00:00Z", 24), 2000),
  { v: 1, type: "undo", time: "2026-11-26T09:41:00Z", device: "phone", card: "kaaa1", note: "deck/a.md", key: "A", rating: "easy", before: null, after: null, undoes: "2026-11-26T09:40:00Z" },
  // 9. day −6 (last week), mature (40 days), Good, 5 s.
  review("2026-11-20T12:00:00Z", "kaaa1", "deck/a.md", "A", "good", reviewState("2026-10-11T12:00:00Z", 40), 5000),
  // 10. day −7 (last month, not last week), young (3 days), Good, 7 s.
  review("2026-11-19T12:00:00Z", "kbbb1", "deck/a.md", "B", "good", reviewState("2026-11-16T12:00:00Z", 3), 7000),
  // 11. day −360 (last year), mature (100 days), Good, 3 s.
  review("2025-12-01T12:00:00Z", "kfff1", "b.md", "F", "good", reviewState("2025-08-23T12:00:00Z", 100), 3000),
  // 12. day −371 (more than a year ago), mature (50 days), Again, 2 s.
  review("2025-11-20T12:00:00Z", "kfff1", "b.md", "F", "again", reviewState("2025-10-01T12:00:00Z", 50), 2000),
];
