import { standingReviews, type LogRecord } from "../log/record";
import { cardId } from "../study/card-index";
import { compileSearch, type SearchContext, type SearchRow } from "./evaluate";
import { parseSearch, type SearchError } from "./parse";

export type SearchResult = { ok: true; rows: SearchRow[] } | { ok: false; error: SearchError };

/** Parses and runs a query over rows; a bad query is an error value. */
export function runSearch(query: string, rows: readonly SearchRow[], context: SearchContext): SearchResult {
  const parsed = parseSearch(query);
  if (!parsed.ok) return parsed;
  const test = compileSearch(parsed.node, context);
  return { ok: true, rows: rows.filter((row) => test(row, -1)) };
}

/** `SearchContext.reviewedSince` over a review log: cards with a standing review at or after the instant. */
export function reviewedSinceFromLog(records: readonly LogRecord[]): (sinceMs: number) => ReadonlySet<string> {
  return (sinceMs) => {
    const seen = new Set<string>();
    for (const record of standingReviews(records)) {
      if (Date.parse(record.time) < sinceMs) continue;
      if (record.card !== "") seen.add(record.card);
      seen.add(cardId(record.note, record.key));
    }
    return seen;
  };
}
