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
  const dayEnd = nextDayStart(now, dayStartHour);
  const dayEndMs = dayEnd.getTime();
  // Canonical instants (`2026-11-29T08:00:00Z`, all 20 characters) sort as strings in time order, so
  // most cards are classified by comparing strings, without reading a date at all.
  const horizonIso = canonicalIso(nowMs + LEARN_AHEAD_MS);
  const dayEndIso = canonicalIso(dayEndMs);
  return (state) => {
    if (state === null) return "new";
    if (state.suspended === true) return "later";
    if (state.state === "new") return "new";
    const due = state.due;
    const learning = state.state === "learning" || state.state === "relearning";
    if (due.length === 20) {
      if (learning) return due <= horizonIso ? "learning" : "later";
      return due < dayEndIso ? "due" : "later";
    }
    const dueMs = instantMs(due);
    if (learning) return dueMs - nowMs <= LEARN_AHEAD_MS ? "learning" : "later";
    return dueMs < dayEndMs ? "due" : "later";
  };
}

/** `2026-11-29T08:00:00Z`: whole seconds (floored), as state lines hold them. */
function canonicalIso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/**
 * `Date.parse(iso)`, read directly for the canonical instants state lines hold (`2026-11-29T08:00:00Z`)
 * and the `toISOString()` form the review log holds (`2026-11-29T08:00:00.123Z`): queues and counts parse
 * every card's due time, statistics every logged review's time, and the general date parser is the slow
 * part of that. Anything else (a day the month doesn't have, a year below 100, an offset, …) goes to
 * Date.parse itself.
 */
export function instantMs(iso: string): number {
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
    return Date.parse(iso);
  }
  let millis = 0;
  if (length === 24) {
    millis = iso.charCodeAt(19) === 46 ? digitsAt(iso, 20, 3) : -1;
    if (millis < 0) return Date.parse(iso);
  }
  const year = digitsAt(iso, 0, 4);
  const month = digitsAt(iso, 5, 2);
  const day = digitsAt(iso, 8, 2);
  const hour = digitsAt(iso, 11, 2);
  const minute = digitsAt(iso, 14, 2);
  const second = digitsAt(iso, 17, 2);
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return Date.parse(iso);
  }
  return daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
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

/** The decimal number written at [from, from + length), or -1 when a character there is not a digit. */
function digitsAt(text: string, from: number, length: number): number {
  let value = 0;
  for (let at = from; at < from + length; at++) {
    const digit = text.charCodeAt(at) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
