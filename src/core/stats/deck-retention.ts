import { bisector } from "d3-array";
import type { LogRecord } from "../log/record";
import { deckAndAncestors } from "../study/card-index";
import { type PassFail } from "./retention";
import { passed, reviewFacts } from "./review-facts";
import { ScopeFilter, type StatsCard } from "./scope";
import { StudyDays } from "./study-days";

/** The study pane's figure: each deck's true retention over the last 30 study days. */
export const DECK_RETENTION_DAYS = 30;

const timeOrder = bisector((record: LogRecord) => Date.parse(record.time));

/**
 * Passed and failed reviews of review-state cards (Anki's true retention) per deck over the last
 * `days` study days, today included; a deck also counts its sub-decks' reviews, as the deck tree's
 * counts do. Only the records of that window are read (the merged log is in time order).
 */
export function retentionByDeck(records: readonly LogRecord[], cards: readonly StatsCard[], now: Date, dayStartHour: number, days = DECK_RETENTION_DAYS): Map<string, PassFail> {
  const studyDays = new StudyDays(now, dayStartHour);
  const from = studyDays.startOf(1 - days);
  const recent = records.slice(timeOrder.left(records, from));
  const filter = new ScopeFilter(cards);
  const table = new Map<string, PassFail>();
  for (const fact of reviewFacts(recent, studyDays)) {
    if ((fact.kind !== "young" && fact.kind !== "mature") || fact.day > 0) continue;
    const decks = new Set(filter.decksOf(filter.pathOf(fact)).flatMap(deckAndAncestors));
    for (const deck of decks) {
      let cell = table.get(deck);
      if (cell === undefined) table.set(deck, (cell = { passed: 0, failed: 0 }));
      if (passed(fact.rating)) cell.passed++;
      else cell.failed++;
    }
  }
  return table;
}
