/**
 * Study-day arithmetic and the card classification that queues and counts share.
 *
 * A study day starts at a local hour (default 4:00), like Anki's "next day starts at": reviewing at 1 a.m.
 * still belongs to the previous evening. All arithmetic uses the local-time Date setters, never "+24h",
 * so a day is 23 or 25 hours long across a DST change and still starts at H:00 on the wall clock.
 */
import type { CardState } from "./types";

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
 * - "later": anything else.
 */
export function classify(
  state: CardState | null,
  now: Date,
  dayStartHour: number = DEFAULT_DAY_START_HOUR,
): CardClass {
  if (state === null || state.state === "new") return "new";
  const due = Date.parse(state.due);
  if (state.state === "learning" || state.state === "relearning") {
    return due - now.getTime() <= LEARN_AHEAD_MS ? "learning" : "later";
  }
  return due < nextDayStart(now, dayStartHour).getTime() ? "due" : "later";
}
