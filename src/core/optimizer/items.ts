/**
 * Review history → FSRS training items (fsrs-optimizer.md "Data → items"), the way the reference's
 * converter builds them: per card in time order, only the last contiguous block of learning-state reviews
 * and what follows it, Δt in local study days, one item per review with Δt > 0, items in time order.
 */
import type { LogRecord } from "../log/record";
import { standingReviews } from "../log/record";
import { dayKey, DEFAULT_DAY_START_HOUR } from "../scheduling/day";
import { RATINGS } from "../types";
import type { FsrsItem } from "./model";
import { mapEntry } from "./pretrain";
import { runToEnd } from "./slices";

/** One review as the optimiser sees it. */
export interface ReviewEvent {
  card: string;
  /** Epoch milliseconds. */
  time: number;
  /** 1 Again … 4 Easy. */
  rating: number;
  /** The card was new or in learning when reviewed (a reset or a first review starts a history). */
  learning: boolean;
}

/** The standing reviews of a log as optimiser events: undone reviews dropped, cards by id (or note and key). */
export function reviewEventsFromLog(records: readonly LogRecord[]): ReviewEvent[] {
  const events: ReviewEvent[] = [];
  for (const record of standingReviews(records)) {
    if (record.rating === undefined) continue;
    const time = Date.parse(record.time);
    if (!Number.isFinite(time)) continue;
    const phase = record.before?.state ?? "new";
    events.push({
      card: record.card !== "" ? record.card : `${record.note}\u0000${record.key}`,
      time,
      rating: RATINGS.indexOf(record.rating) + 1,
      learning: phase === "new" || phase === "learning",
    });
  }
  return events;
}

export interface ItemsResult {
  items: FsrsItem[];
  /** Reviews read and cards they belong to. */
  reviews: number;
  cardCount: number;
}

/** Local study-day number (days since 1970-01-01 of the study day's local date). */
export function studyDay(ms: number, dayStartHour: number): number {
  // A date-only ISO text parses as UTC midnight.
  return Date.parse(dayKey(new Date(ms), dayStartHour)) / 86_400_000;
}

/**
 * `studyDay` memoised by quarter hour: every time zone's offset is a whole number of quarter hours, so a
 * local hour boundary never falls inside one, and reviews cluster in sessions.
 */
function studyDayCache(dayStartHour: number): (ms: number) => number {
  const cache = new Map<number, number>();
  return (ms) => mapEntry(cache, Math.floor(ms / 900_000), () => studyDay(ms, dayStartHour));
}

export function buildItems(events: readonly ReviewEvent[], dayStartHour = DEFAULT_DAY_START_HOUR): ItemsResult {
  return runToEnd(buildItemsSteps(events, dayStartHour));
}

/** Events handled between yields. */
const EVENTS_PER_YIELD = 2000;

export function* buildItemsSteps(events: readonly ReviewEvent[], dayStartHour = DEFAULT_DAY_START_HOUR): Generator<undefined, ItemsResult> {
  const dayOf = studyDayCache(dayStartHour);
  // The reference sorts by (card id as text, time), then sorts all items by time, stably.
  const byCard = new Map<string, ReviewEvent[]>();
  for (const event of events) mapEntry(byCard, event.card, () => []).push(event);
  yield undefined;
  // Sorted as text by UTF-16 code units (the default sort), as the reference sorts card ids.
  const cards = [...byCard.keys()].sort();
  const built: { item: FsrsItem; time: number }[] = [];
  let handled = 0;
  for (const card of cards) {
    const history = byCard.get(card) as ReviewEvent[];
    // Stable: equal times keep their order in the input.
    history.sort((a, b) => a.time - b.time);
    addCardItems(history, dayOf, built);
    handled += history.length;
    if (handled >= EVENTS_PER_YIELD) {
      handled = 0;
      yield undefined;
    }
  }
  // Stable, as every engine's sort is since ES2019: items of one time keep the cards' order.
  built.sort((a, b) => a.time - b.time);
  yield undefined;
  return { items: built.map((entry) => entry.item), reviews: events.length, cardCount: cards.length };
}

function addCardItems(history: ReviewEvent[], dayOf: (ms: number) => number, out: { item: FsrsItem; time: number }[]): void {
  let start = -1;
  for (let i = history.length - 1; i >= 0; i--) {
    if (history[i].learning) start = i;
    else if (start !== -1) break;
  }
  if (start === -1) return;
  const kept = history.slice(start);
  const reviews = [];
  let previousDay = dayOf(kept[0].time);
  for (let i = 0; i < kept.length; i++) {
    const day = i === 0 ? previousDay : dayOf(kept[i].time);
    reviews.push({ rating: kept[i].rating, deltaT: Math.max(0, Math.round(day - previousDay)) });
    previousDay = day;
    if (i > 0 && reviews[i].deltaT > 0) out.push({ item: { reviews: reviews.slice() }, time: kept[i].time });
  }
}
