/**
 * Study-day arithmetic and the card classification that queues and counts share.
 *
 * A study day starts at a local hour (default 4:00), like Anki's "next day starts at": reviewing at 1 a.m.
 * still belongs to the previous evening. All arithmetic uses the local-time Date setters, never "+24h",
 * so a day is 23 or 25 hours long across a DST change and still starts at H:00 on the wall clock.
 */
import type { CardState } from "../types";

export const DEFAULT_DAY_START_HOUR = 4;

/** Learning cards due within this much of now are shown already (Anki's "learn ahead limit"). */
export const LEARN_AHEAD_MS = 20 * 60 * 1000;

export type CardClass = "new" | "learning" | "due" | "later";

/** The most recent local `hour`:00 at or before `now`. */
export function dayStart(now: Date, hour: number = DEFAULT_DAY_START_HOUR): Date {
  const start = new Date(now.getTime());
  start.setHours(hour, 0, 0, 0);
  if (start.getTime() > now.getTime()) {
    start.setDate(start.getDate() - 1);
    // Set the hour again: moving the date across a DST change can shift the wall-clock hour.
    start.setHours(hour, 0, 0, 0);
  }
  return start;
}

/** The local `hour`:00 that ends the study day containing `now`. */
export function nextDayStart(now: Date, hour: number = DEFAULT_DAY_START_HOUR): Date {
  const next = dayStart(now, hour);
  next.setDate(next.getDate() + 1);
  next.setHours(hour, 0, 0, 0);
  return next;
}

/** "YYYY-MM-DD" (local calendar date) of the study day containing `now`; daily limits reset when it changes. */
export function dayKey(now: Date, hour: number = DEFAULT_DAY_START_HOUR): string {
  const start = dayStart(now, hour);
  const month = String(start.getMonth() + 1).padStart(2, "0");
  const day = String(start.getDate()).padStart(2, "0");
  return `${start.getFullYear()}-${month}-${day}`;
}

/**
 * Where a card stands right now:
 * - "new": never reviewed (no state, or a state still in phase new);
 * - "learning": a (re)learning card due within LEARN_AHEAD_MS of now (inclusive) — learning steps are
 *   minutes apart, so they go by exact time, not by day;
 * - "due": a review card due before the next study day starts (exclusive);
 * - "later": anything else, and every suspended card (design.md §2: it counts nowhere as due).
 */
export function classify(
  state: CardState | null,
  now: Date,
  dayStartHour: number = DEFAULT_DAY_START_HOUR,
): CardClass {
  return classifier(now, dayStartHour)(state);
}

/**
 * `classify` with `now` fixed: the study day's end is worked out once, not per card (local-time Date
 * arithmetic costs far more than the comparison). For classifying many cards at one instant.
 */
export function classifier(now: Date, dayStartHour: number = DEFAULT_DAY_START_HOUR): (state: CardState | null) => CardClass {
  const nowMs = now.getTime();
  const dayEndMs = nextDayStart(now, dayStartHour).getTime();
  // Canonical instants (`2026-11-29T08:00:00Z`, all 20 characters) sort as strings in time order, so
  // most cards are classified by comparing strings, without reading a date at all.
  const bounds = boundsOf(nowMs, dayEndMs);
  const horizonIso = canonicalIso(bounds.learningBy);
  const dayEndIso = canonicalIso(bounds.reviewsBefore);
  return (state) => {
    if (state === null) return "new";
    if (state.suspended === true) return "later";
    if (state.state === "new") return "new";
    const due = state.due;
    const learning = state.state === "learning" || state.state === "relearning";
    if (due.length === 20) {
      if (learning) return compareInstants(due, horizonIso) <= 0 ? "learning" : "later";
      return compareInstants(due, dayEndIso) < 0 ? "due" : "later";
    }
    const dueMs = instantMs(due);
    if (learning) return dueMs - nowMs <= LEARN_AHEAD_MS ? "learning" : "later";
    return dueMs < dayEndMs ? "due" : "later";
  };
}

/**
 * What `classifier` compares a canonical due time with (see canonicalInstantMs), as numbers: a learning
 * card due at or before `learningBy` is "learning", a review card due before `reviewsBefore` is "due".
 * Whole seconds, as the text it compares is.
 */
export function classifierBounds(now: Date, dayStartHour: number = DEFAULT_DAY_START_HOUR): { learningBy: number; reviewsBefore: number } {
  return boundsOf(now.getTime(), nextDayStart(now, dayStartHour).getTime());
}

function boundsOf(nowMs: number, dayEndMs: number): { learningBy: number; reviewsBefore: number } {
  return { learningBy: Math.floor((nowMs + LEARN_AHEAD_MS) / 1000) * 1000, reviewsBefore: Math.floor(dayEndMs / 1000) * 1000 };
}

/** `2026-11-29T08:00:00Z`: whole seconds (floored), as state lines hold them. */
function canonicalIso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/**
 * Two canonical instants (20 characters each) compared as `<` compares strings, by code units: negative,
 * zero or positive. Character by character, dates differ early; the engine's general string comparison
 * costs far more per card.
 */
function compareInstants(a: string, b: string): number {
  for (let at = 0; at < 20; at++) {
    const difference = a.charCodeAt(at) - b.charCodeAt(at);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * `Date.parse(iso)`, read directly for the canonical instants state lines hold (`2026-11-29T08:00:00Z`)
 * and the `toISOString()` form the review log holds (`2026-11-29T08:00:00.123Z`): queues and counts parse
 * every card's due time, statistics every logged review's time, and the general date parser is the slow
 * part of that. Anything else (a day the month doesn't have, a year below 100, an offset, …) goes to
 * Date.parse itself.
 */
export function instantMs(iso: string): number {
  const ms = readInstant(iso);
  return Number.isNaN(ms) ? Date.parse(iso) : ms;
}

/**
 * A canonical state-line instant (`2026-11-29T08:00:00Z`: 20 characters, a real date and time) in ms,
 * else NaN. For such instants comparing the text (as `classifier` does) and comparing the numbers agree,
 * so a due time read once with this can stand in for the text.
 */
export function canonicalInstantMs(iso: string): number {
  return iso.length === 20 ? readInstant(iso) : NaN;
}

/** The instant read directly from its digits (see instantMs), or NaN for anything Date.parse must judge. */
function readInstant(iso: string): number {
  const length = iso.length;
  if (
    (length !== 20 && length !== 24) ||
    iso.charCodeAt(4) !== 45 ||
    iso.charCodeAt(7) !== 45 ||
    iso.charCodeAt(10) !== 84 ||
    iso.charCodeAt(13) !== 58 ||
    iso.charCodeAt(16) !== 58 ||
    iso.charCodeAt(length - 1) !== 90
  ) {
    return NaN;
  }
  // Each digit read once, no loop: this runs for every due time and every logged review.
  const y0 = digit(iso, 0);
  const y1 = digit(iso, 1);
  const y2 = digit(iso, 2);
  const y3 = digit(iso, 3);
  const mo0 = digit(iso, 5);
  const mo1 = digit(iso, 6);
  const d0 = digit(iso, 8);
  const d1 = digit(iso, 9);
  const h0 = digit(iso, 11);
  const h1 = digit(iso, 12);
  const mi0 = digit(iso, 14);
  const mi1 = digit(iso, 15);
  const s0 = digit(iso, 17);
  const s1 = digit(iso, 18);
  if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || mo0 > 9 || mo1 > 9 || d0 > 9 || d1 > 9 || h0 > 9 || h1 > 9 || mi0 > 9 || mi1 > 9 || s0 > 9 || s1 > 9) return NaN;
  let millis = 0;
  if (length === 24) {
    const f0 = digit(iso, 20);
    const f1 = digit(iso, 21);
    const f2 = digit(iso, 22);
    if (iso.charCodeAt(19) !== 46 || f0 > 9 || f1 > 9 || f2 > 9) return NaN;
    millis = f0 * 100 + f1 * 10 + f2;
  }
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = mo0 * 10 + mo1;
  const day = d0 * 10 + d1;
  const hour = h0 * 10 + h1;
  const minute = mi0 * 10 + mi1;
  const second = s0 * 10 + s1;
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return NaN;
  }
  return daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
}

/** The digit at `at` (0–9), or a number above 9 for any other character. */
function digit(text: string, at: number): number {
  return (text.charCodeAt(at) - 48) >>> 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil), integers only. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

