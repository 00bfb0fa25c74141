import type { LogRecord } from "../log/record";
import { standingReviews } from "../log/record";
import { instantMs } from "../scheduling/day";
import type { CardState, Rating } from "../types";
import { DAY_MS, type StudyDays } from "./study-days";

/** Anki's line between young and mature cards: an interval of 21 days or more. */
export const MATURE_DAYS = 21;

/**
 * What a review was, by the card's state before it (Anki's revlog kinds): a new or learning card
 * ("learning"), a review card with an interval under 21 days ("young") or of 21 days and more
 * ("mature"), or a lapsed card being relearned ("relearning").
 */
export type ReviewKind = "learning" | "young" | "mature" | "relearning";
export const REVIEW_KINDS: readonly ReviewKind[] = ["learning", "young", "mature", "relearning"];

/** One standing review with everything the figures ask of it worked out once. */
export interface ReviewFact {
  ms: number;
  /** Study day, numbered from today (0) by the StudyDays it was prepared with. */
  day: number;
  /** Local hour of day, 0–23. */
  hour: number;
  rating: Rating;
  kind: ReviewKind;
  /** Milliseconds from showing the card to grading it (0 when the record has none). */
  tookMs: number;
  /** The card's identity: its state-line id, or note and key for records without one. */
  cardKey: string;
  /** The state-line id ("" for legacy records) and the note path at review time, for scoping. */
  card: string;
  note: string;
  /** The card had never been reviewed (no state, or phase new): a new card learned. */
  firstReview: boolean;
}

/** A state's interval in days: `due − last_review` (Anki's ivl), or 0 without a last review. */
export function intervalDays(state: CardState): number {
  if (state.last_review === null) return 0;
  return (instantMs(state.due) - instantMs(state.last_review)) / DAY_MS;
}

export function reviewKind(before: CardState | null): ReviewKind {
  if (before === null || before.state === "new" || before.state === "learning") return "learning";
  if (before.state === "relearning") return "relearning";
  return intervalDays(before) >= MATURE_DAYS ? "mature" : "young";
}

/**
 * The reviews that stand (record.ts's `standingReviews`), matched over only the records an undo can
 * reach: undos are rare, and indexing 100,000 reviews by device and time to find a handful of them
 * costs more than everything else the statistics do with the log.
 */
export function standingOnly(records: readonly LogRecord[]): LogRecord[] {
  const undone = undoneReviews(records);
  return records.filter((record) => record.type === "review" && !undone.has(record));
}

const NOTHING_UNDONE: ReadonlySet<LogRecord> = new Set();

/** The review records an undo takes back (see standingOnly). */
export function undoneReviews(records: readonly LogRecord[]): ReadonlySet<LogRecord> {
  const undos = records.filter((record) => record.type === "undo");
  if (undos.length === 0) return NOTHING_UNDONE;
  // Looked up by the review's own strings: no key is built per review.
  const undoneAt = new Map<string, Set<string>>();
  const undoneCards = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, outer: string, inner: string): void => {
    const set = map.get(outer);
    if (set === undefined) map.set(outer, new Set([inner]));
    else set.add(inner);
  };
  for (const undo of undos) {
    if (undo.undoes !== undefined) add(undoneAt, undo.undoes, undo.device);
    else add(undoneCards, undo.note, undo.key);
  }
  const reachable = records.filter((record) => record.type === "undo" || (record.type === "review" && (undoneAt.get(record.time)?.has(record.device) === true || undoneCards.get(record.note)?.has(record.key) === true)));
  const stand = new Set(standingReviews(reachable));
  return new Set(reachable.filter((record) => record.type === "review" && !stand.has(record)));
}

/** The standing reviews (undone ones dropped) of merged log records, in time order, as facts. */
export function reviewFacts(records: readonly LogRecord[], days: StudyDays): ReviewFact[] {
  const facts: ReviewFact[] = [];
  for (const record of standingOnly(records)) {
    if (record.rating === undefined) continue;
    const ms = instantMs(record.time);
    const before = record.before;
    facts.push({
      ms,
      day: days.dayOf(ms),
      hour: new Date(ms).getHours(),
      rating: record.rating,
      kind: reviewKind(before),
      tookMs: record.tookMs ?? 0,
      cardKey: record.card !== "" ? record.card : `${record.note}\u0000${record.key}`,
      card: record.card,
      note: record.note,
      firstReview: before === null || before.state === "new",
    });
  }
  return facts;
}

export function passed(rating: Rating): boolean {
  return rating !== "again";
}
