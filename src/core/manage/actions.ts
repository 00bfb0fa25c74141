import { canonicalInstant } from "../scheduling/scheduler";
import { dayStart } from "../scheduling/day";
import type { CardState, Flag } from "../types";

/**
 * Card management as pure state transforms (design.md §2): each takes the card's stored state (null for a
 * card never reviewed) and returns the state to write. Scheduling fields are untouched unless the action
 * is about scheduling (reset, reschedule); identity (`id`) always rides along.
 */

const DAY_MS = 86_400_000;

/** The state of a card never reviewed, due now: what a management field is written onto for a new card. */
export function newCardState(now: Date): CardState {
  return { due: canonicalInstant(now), stability: 0, difficulty: 0, reps: 0, lapses: 0, state: "new", step: 0, last_review: null };
}

export function suspendState(state: CardState | null, now: Date): CardState {
  return { ...(state ?? newCardState(now)), suspended: true };
}

export function unsuspendState(state: CardState | null, now: Date): CardState {
  const next = { ...(state ?? newCardState(now)) };
  delete next.suspended;
  return next;
}

/** Sets the flag, or clears it with null. */
export function flagState(state: CardState | null, flag: Flag | null, now: Date): CardState {
  const next = { ...(state ?? newCardState(now)) };
  if (flag === null) delete next.flag;
  else next.flag = flag;
  return next;
}

/** The flag the review's Ctrl+N gives: that flag, or none when the card already has it (Anki's toggle). */
export function toggledFlag(state: CardState | null, flag: Flag): Flag | null {
  return state?.flag === flag ? null : flag;
}

/**
 * Anki's "Forget": the card starts over as new, due now. Its id, flag and suspension stay (they are the
 * user's choices, not its memory); the leech mark goes with the lapses that made it.
 */
export function resetState(state: CardState | null, now: Date): CardState {
  const next = newCardState(now);
  if (state?.id !== undefined) next.id = state.id;
  if (state?.suspended === true) next.suspended = true;
  if (state?.flag !== undefined) next.flag = state.flag;
  return next;
}

/**
 * Anki's "Set due date": due at the start of the study day `days` from today (0 = today). A review card
 * keeps its memory state. A new or learning card becomes a review card reviewed now, with an interval —
 * and so a stability — of `days` (at least one), as Anki gives a new card the interval it is set to.
 */
export function rescheduleState(state: CardState | null, days: number, now: Date, dayStartHour: number): CardState {
  const whole = Math.max(0, Math.floor(days));
  const due = canonicalInstant(new Date(Math.max(now.getTime(), dayStart(now, dayStartHour).getTime() + whole * DAY_MS)));
  const base = state ?? newCardState(now);
  if (base.state === "review") return { ...base, due };
  return {
    ...base,
    due,
    state: "review",
    step: 0,
    stability: Math.max(1, whole),
    difficulty: base.difficulty > 0 ? base.difficulty : DEFAULT_DIFFICULTY,
    last_review: base.last_review ?? canonicalInstant(now),
  };
}

/** FSRS's difficulty scale runs 1–10; a card set due by hand without any grade gets its middle. */
const DEFAULT_DIFFICULTY = 5;

/** A due date in a range of days (Anki's "1-7"): each card draws its own day, spreading the load. */
export function randomDays(from: number, to: number, random: () => number = Math.random): number {
  const low = Math.min(from, to);
  const high = Math.max(from, to);
  return low + Math.floor(random() * (high - low + 1));
}

/**
 * A reschedule request as typed: "3" (in 3 days), "0" (today), "1-7" (a random day from 1 to 7 days).
 * An error message for anything else.
 */
export function parseDueDays(text: string): { from: number; to: number } | string {
  const match = /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5})\s*)?$/.exec(text);
  if (match === null) return `"${text}" is not a number of days or a range like 1-7`;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  return { from: Math.min(from, to), to: Math.max(from, to) };
}
