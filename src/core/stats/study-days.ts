import { timeDay } from "d3-time";
import { dayStart, DEFAULT_DAY_START_HOUR } from "../scheduling/day";

/**
 * Study days numbered from today (0 today, −1 yesterday, 1 tomorrow). A study day starts at a local
 * hour (default 4:00, day.ts), so it lasts 23 or 25 hours across a DST change. Day starts are worked out
 * with d3-time's local calendar arithmetic once per day and kept, so numbering 100,000 instants costs a
 * guess, two map look-ups and two comparisons each.
 */
export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** One study day: [start, end) and the UTC offset through it (NaN on a day the offset changes). */
export interface DaySpan {
  day: number;
  start: number;
  end: number;
  offsetMs: number;
}

export class StudyDays {
  readonly todayStartMs: number;
  private readonly todayStart: Date;
  private readonly starts = new Map<number, number>();
  private readonly spans = new Map<number, DaySpan>();

  constructor(
    readonly now: Date,
    readonly dayStartHour: number = DEFAULT_DAY_START_HOUR,
  ) {
    this.todayStart = dayStart(now, dayStartHour);
    this.todayStartMs = this.todayStart.getTime();
    this.starts.set(0, this.todayStartMs);
  }

  /** The instant study day `day` starts. */
  startOf(day: number): number {
    let start = this.starts.get(day);
    if (start === undefined) {
      const date = timeDay.offset(this.todayStart, day);
      // Moving the date across a DST change can move the wall-clock hour; the day starts at H:00.
      date.setHours(this.dayStartHour, 0, 0, 0);
      start = date.getTime();
      this.starts.set(day, start);
    }
    return start;
  }

  /** The study day an instant falls in. */
  dayOf(ms: number): number {
    let day = Math.floor((ms - this.todayStartMs) / DAY_MS);
    // Days are 23–25 hours long: the guess is off by at most one per DST change in between.
    while (ms < this.startOf(day)) day--;
    while (ms >= this.startOf(day + 1)) day++;
    return day;
  }

  /**
   * Study day `day` as an interval [start, end) with the local clock's offset from UTC through it (ms to
   * add to an instant for its wall-clock time), or NaN when the offset changes within it (a DST day), so
   * a run of instants of one day is numbered, and its hours read, without a Date each.
   */
  span(day: number): DaySpan {
    let span = this.spans.get(day);
    if (span === undefined) {
      const start = this.startOf(day);
      const end = this.startOf(day + 1);
      const first = -new Date(start).getTimezoneOffset() * 60_000;
      const last = -new Date(end - 1).getTimezoneOffset() * 60_000;
      span = { day, start, end, offsetMs: first === last && Number.isInteger(first / 60_000) ? first : NaN };
      this.spans.set(day, span);
    }
    return span;
  }

  /** Local hour of day (0–23) of an instant within `span` (see span). */
  static hourIn(span: DaySpan, ms: number): number {
    if (Number.isNaN(span.offsetMs)) return new Date(ms).getHours();
    const hour = Math.floor((ms + span.offsetMs) / HOUR_MS) % 24;
    return hour < 0 ? hour + 24 : hour;
  }

  /** "YYYY-MM-DD": the local calendar date the study day starts on. */
  label(day: number): string {
    const date = new Date(this.startOf(day));
    return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
  }
}
