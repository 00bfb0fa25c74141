/**
 * FSRS scheduling: a thin wrapper around ts-fsrs that speaks the plugin's CardState.
 *
 * Canonical values. Everything this module returns is already in the form that is written to the note:
 * stability and difficulty rounded to 4 decimals, timestamps ISO-8601 UTC with whole seconds and a `Z`.
 * The review instant `now` is truncated (floored) to whole seconds before ts-fsrs sees it, so every due
 * time (review instant + whole minutes or days) is whole seconds as well, and the fuzz seed — which
 * ts-fsrs derives from the review time in ms, reps and difficulty × stability — is the same for a card
 * held in memory and the same card read back from text. Hence: same inputs, same output, on every device.
 *
 * Trap: importing ts-fsrs patches Date.prototype (scheduler, diff, format, dueFormat). Nothing here uses
 * those methods; don't start to — they are deprecated and vanish in ts-fsrs 6.
 * ts-fsrs counts elapsed days as UTC calendar days between last review and now; `due` is an instant.
 */
import { createEmptyCard, fsrs, Rating as FsrsRating, State } from "ts-fsrs";
import type { Card as FsrsCard, FSRS, Grade, StepUnit } from "ts-fsrs";
import type { CardState, Phase, Rating } from "../types";
import { RATINGS } from "../types";
import { DEFAULT_WEIGHTS } from "../optimizer/model";
import { parseWeights } from "../optimizer/weights";

export interface SchedulerSettings {
  /** Probability of recall FSRS aims for when a card comes due, 0.70–0.99. */
  desiredRetention: number;
  /** Longest interval between reviews, in days. */
  maximumInterval: number;
  /** Steps of a new card before it graduates, e.g. ["1m", "10m"]. Empty: FSRS schedules in days at once. */
  learningSteps: readonly string[];
  /** Steps after a lapse, e.g. ["10m"]. */
  relearningSteps: readonly string[];
  /** Spread review intervals a little so cards learned together don't stay together. */
  fuzz: boolean;
  /** The 21 FSRS-6 weights fitted to the user's reviews by the optimiser; absent: FSRS-6's defaults. */
  weights?: readonly number[];
}

export const DEFAULT_SCHEDULER_SETTINGS: Readonly<SchedulerSettings> = Object.freeze({
  desiredRetention: 0.9,
  maximumInterval: 36500,
  learningSteps: Object.freeze(["1m", "10m"]),
  relearningSteps: Object.freeze(["10m"]),
  fuzz: true,
});

const MIN_RETENTION = 0.7;
const MAX_RETENTION = 0.99;
/** A whole positive number of minutes, hours or days — the step forms ts-fsrs understands. */
const STEP_PATTERN = /^[1-9]\d*[mhd]$/;

/**
 * Checks settings from an untrusted source (plugin data, the settings tab, CLI flags). Missing fields take
 * their default silently; invalid ones take their default and add a message. Steps may be given as an
 * array or as one string separated by spaces and/or commas ("1m 10m").
 */
export function validateSchedulerSettings(
  input: Partial<Record<keyof SchedulerSettings, unknown>> = {},
): { settings: SchedulerSettings; errors: string[] } {
  const errors: string[] = [];
  const defaults = DEFAULT_SCHEDULER_SETTINGS;
  const settings: SchedulerSettings = { ...defaults };

  const retention = input.desiredRetention;
  if (retention !== undefined) {
    if (typeof retention === "number" && retention >= MIN_RETENTION && retention <= MAX_RETENTION) {
      settings.desiredRetention = retention;
    } else {
      errors.push(`Desired retention must be a number from 0.70 to 0.99, got ${describe(retention)}.`);
    }
  }

  const maxInterval = input.maximumInterval;
  if (maxInterval !== undefined) {
    if (typeof maxInterval === "number" && Number.isInteger(maxInterval) && maxInterval >= 1) {
      settings.maximumInterval = maxInterval;
    } else {
      errors.push(`Maximum interval must be a whole number of days, at least 1, got ${describe(maxInterval)}.`);
    }
  }

  for (const [field, label] of [
    ["learningSteps", "Learning steps"],
    ["relearningSteps", "Relearning steps"],
  ] as const) {
    if (input[field] === undefined) continue;
    const steps = parseSteps(input[field]);
    if (typeof steps === "string") errors.push(`${label}: ${steps}`);
    else settings[field] = steps;
  }

  if (input.fuzz !== undefined) {
    if (typeof input.fuzz === "boolean") settings.fuzz = input.fuzz;
    else errors.push(`Fuzz must be true or false, got ${describe(input.fuzz)}.`);
  }

  if (input.weights !== undefined) {
    const parsed = parseWeights(input.weights);
    if ("error" in parsed) errors.push(`FSRS parameters: ${parsed.error}.`);
    else settings.weights = parsed.weights;
  }

  return { settings, errors };
}

/** The steps, or a message saying what is wrong with them. */
function parseSteps(value: unknown): string[] | string {
  let items: unknown[];
  if (typeof value === "string") items = value.split(/[\s,]+/).filter((s) => s !== "");
  else if (Array.isArray(value)) items = value;
  else return `expected a list of steps like "1m 10m", got ${describe(value)}.`;
  const steps: string[] = [];
  for (const item of items) {
    const step = typeof item === "string" ? item.trim() : item;
    if (typeof step !== "string" || !STEP_PATTERN.test(step)) {
      const examples = `"1m", "10m", "1h", "2d"`;
      return `${describe(item)} is not a step; write a whole number followed by m, h or d, like ${examples}.`;
    }
    steps.push(step);
  }
  return steps;
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/** What grading a card with one rating would lead to, and how long until it is due, as a button label. */
export interface GradeOutcome {
  state: CardState;
  label: string;
}

const GRADE_OF: Record<Rating, Grade> = {
  again: FsrsRating.Again,
  hard: FsrsRating.Hard,
  good: FsrsRating.Good,
  easy: FsrsRating.Easy,
};

const STATE_OF: Record<Phase, State> = {
  new: State.New,
  learning: State.Learning,
  review: State.Review,
  relearning: State.Relearning,
};

const PHASE_OF: Record<State, Phase> = {
  [State.New]: "new",
  [State.Learning]: "learning",
  [State.Review]: "review",
  [State.Relearning]: "relearning",
};

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const MONTH_MS = 30.44 * DAY_MS;
const YEAR_MS = 365.25 * DAY_MS;

export class Scheduler {
  readonly settings: SchedulerSettings;
  private readonly fsrs: FSRS;

  /** Throws when the settings are invalid; run them through validateSchedulerSettings first to report. */
  constructor(settings: Partial<SchedulerSettings> = {}) {
    const { settings: valid, errors } = validateSchedulerSettings(settings);
    if (errors.length > 0) throw new Error(`Invalid scheduler settings: ${errors.join(" ")}`);
    this.settings = valid;
    this.fsrs = fsrs({
      request_retention: valid.desiredRetention,
      maximum_interval: valid.maximumInterval,
      enable_fuzz: valid.fuzz,
      enable_short_term: true,
      learning_steps: valid.learningSteps as StepUnit[],
      relearning_steps: valid.relearningSteps as StepUnit[],
      w: [...(valid.weights ?? DEFAULT_WEIGHTS)],
    });
  }

  /** The outcome of each rating, for the answer buttons. `preview(s, now)[r].state` equals `grade(s, r, now)`. */
  preview(state: CardState | null, now: Date): Record<Rating, GradeOutcome> {
    const reviewTime = reviewInstant(state, now);
    const record = this.fsrs.repeat(toFsrsCard(state, reviewTime), reviewTime);
    const outcomes = {} as Record<Rating, GradeOutcome>;
    for (const rating of RATINGS) {
      const next = this.fromFsrsCard(record[GRADE_OF[rating]].card, reviewTime, state);
      outcomes[rating] = { state: next, label: formatInterval(Date.parse(next.due) - reviewTime.getTime()) };
    }
    return outcomes;
  }

  /** The card's state after being rated at `now`. `null` is a card never reviewed. */
  grade(state: CardState | null, rating: Rating, now: Date): CardState {
    const reviewTime = reviewInstant(state, now);
    const item = this.fsrs.next(toFsrsCard(state, reviewTime), reviewTime, GRADE_OF[rating]);
    return this.fromFsrsCard(item.card, reviewTime, state);
  }

  /** The scheduled state; the card's identity and management fields (id, suspended, flag, leech) carry over. */
  private fromFsrsCard(card: FsrsCard, reviewTime: Date, before: CardState | null): CardState {
    // ts-fsrs keeps Hard < Good < Easy by pushing Good and Easy a day past the one before, which can
    // overshoot the maximum interval; the user's maximum wins.
    const latestDue = reviewTime.getTime() + this.settings.maximumInterval * DAY_MS;
    return {
      due: canonicalInstant(new Date(Math.min(card.due.getTime(), latestDue))),
      stability: roundTo4(card.stability),
      difficulty: roundTo4(card.difficulty),
      reps: card.reps,
      lapses: card.lapses,
      state: PHASE_OF[card.state],
      step: card.learning_steps,
      last_review: card.last_review ? canonicalInstant(card.last_review) : null,
      ...managementFields(before),
    };
  }
}

/** The fields of a state that scheduling never changes: identity and card management. */
export function managementFields(state: CardState | null): Pick<CardState, "id" | "suspended" | "flag" | "leech"> {
  const fields: Pick<CardState, "id" | "suspended" | "flag" | "leech"> = {};
  if (state === null) return fields;
  if (state.id !== undefined) fields.id = state.id;
  if (state.suspended === true) fields.suspended = true;
  if (state.flag !== undefined) fields.flag = state.flag;
  if (state.leech === true) fields.leech = true;
  return fields;
}

/**
 * The instant a review counts as happening: `now` floored to whole seconds, and never before the card's
 * last review — another device's clock may run ahead, and ts-fsrs rejects a negative elapsed time.
 */
function reviewInstant(state: CardState | null, now: Date): Date {
  const floored = Math.floor(now.getTime() / SECOND_MS) * SECOND_MS;
  const last = state?.last_review ? parseInstant(state.last_review, "last_review") : -Infinity;
  return new Date(Math.max(floored, last));
}

/**
 * CardState → ts-fsrs Card. What ts-fsrs 5.4.2 reads from the card: `state` (which scheduler path),
 * `last_review` (elapsed UTC days), `stability` and `difficulty` (memory model and fuzz seed), `reps` (fuzz
 * seed, incremented), `learning_steps` (position in the steps), `lapses` (incremented on Again in review).
 * `due`, `elapsed_days` and `scheduled_days` only reach the review log, which we don't keep; they are still
 * set to what ts-fsrs itself would hold.
 */
function toFsrsCard(state: CardState | null, reviewTime: Date): FsrsCard {
  if (state === null) return createEmptyCard(reviewTime);
  const due = parseInstant(state.due, "due");
  const lastReview = state.last_review === null ? undefined : parseInstant(state.last_review, "last_review");
  return {
    // Starts from an empty card for the deprecated `elapsed_days` (days between the last two reviews, which
    // CardState doesn't keep): 0. ts-fsrs recomputes it from last_review on every review.
    ...createEmptyCard(due),
    stability: state.stability,
    difficulty: state.difficulty,
    // The interval that was scheduled: whole days from last review to due (0 while in minute steps).
    scheduled_days: lastReview === undefined ? 0 : Math.max(0, Math.floor((due - lastReview) / DAY_MS)),
    learning_steps: state.step,
    reps: state.reps,
    lapses: state.lapses,
    state: STATE_OF[state.state],
    last_review: lastReview === undefined ? undefined : new Date(lastReview),
  };
}

function parseInstant(text: string, field: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`Invalid ${field} timestamp: ${JSON.stringify(text)}`);
  return ms;
}

function roundTo4(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

/** ISO-8601 UTC, whole seconds (floored), `Z` suffix: `2026-11-29T08:00:00Z`. */
export function canonicalInstant(date: Date): string {
  const floored = new Date(Math.floor(date.getTime() / SECOND_MS) * SECOND_MS);
  return floored.toISOString().replace(".000Z", "Z");
}

/**
 * A duration as a short button label, like Anki: under an hour "10m", under a day "5h", under 30 days
 * "2d", under a year "3.4mo" (months of 30.44 days), then "1.2y". Each unit is rounded before the
 * threshold check, so 59.6 minutes reads "1h", not "60m"; a trailing ".0" is dropped ("2mo", "1y").
 */
export function formatInterval(ms: number): string {
  const duration = Math.max(0, ms);
  const minutes = Math.round(duration / MINUTE_MS);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.round(duration / HOUR_MS);
  if (hours < 24) return `${hours}h`;
  const days = Math.round(duration / DAY_MS);
  if (days < 30) return `${days}d`;
  const months = Math.round((duration / MONTH_MS) * 10) / 10;
  if (months < 12) return `${months}mo`;
  return `${Math.round((duration / YEAR_MS) * 10) / 10}y`;
}
