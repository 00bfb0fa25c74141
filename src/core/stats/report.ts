import type { LogRecord } from "../log/record";
import type { Rating } from "../types";
import { activityByDay, streaks, type DayActivity, type Streaks } from "./activity";
import { cardCounts, type CardCounts } from "./card-counts";
import { distributions, type Distributions } from "./distributions";
import { futureDue, type FutureDue } from "./future-due";
import { answerButtons, hourly, type ButtonGroup, type HourRow } from "./hourly";
import { lastDays, periodDays, type StatsPeriod } from "./period";
import { trueRetention, type RetentionRow, type RetentionWindow } from "./retention";
import { reviewFacts, type ReviewFact } from "./review-facts";
import { ScopeFilter, type StatsCard, type StatsScope } from "./scope";
import { StudyDays } from "./study-days";
import { todayFigures, type TodayFigures } from "./today";

/** Every figure of the statistics view (panels 1–9) for one scope and period. */
export interface StatsReport {
  days: StudyDays;
  periodDays: number;
  today: TodayFigures;
  futureDue: FutureDue;
  /** The calendar's year: the last 365 study days, oldest first. */
  calendar: DayActivity[];
  streaks: Streaks;
  reviews: DayActivity[];
  cards: CardCounts;
  distributions: Distributions;
  hourly: HourRow[];
  buttons: Record<ButtonGroup, Record<Rating, number>>;
  retention: Record<RetentionWindow, RetentionRow>;
}

export const CALENDAR_DAYS = 365;

/**
 * The log and the cards prepared once (each review's study day, hour and kind), so a scope or period
 * switch only filters and counts. Build a new one when the log, the cards or the day change.
 */
export class StatsModel {
  readonly days: StudyDays;
  readonly facts: ReviewFact[];
  private readonly filter: ScopeFilter;

  constructor(
    records: readonly LogRecord[],
    private readonly cards: readonly StatsCard[],
    now: Date,
    dayStartHour: number,
  ) {
    this.days = new StudyDays(now, dayStartHour);
    this.facts = reviewFacts(records, this.days);
    this.filter = new ScopeFilter(cards);
  }

  report(scope: StatsScope, period: StatsPeriod): StatsReport {
    const facts = this.filter.facts(this.facts, scope);
    const cards = this.filter.cards(this.cards, scope);
    const span = periodDays(period, facts);
    const inPeriod = lastDays(facts, span);
    return {
      days: this.days,
      periodDays: span,
      today: todayFigures(facts),
      futureDue: futureDue(cards, this.days, span),
      calendar: activityByDay(facts, 1 - CALENDAR_DAYS, 0),
      streaks: streaks(facts),
      reviews: activityByDay(inPeriod, 1 - span, 0),
      cards: cardCounts(cards),
      distributions: distributions(cards, this.days.now),
      hourly: hourly(inPeriod),
      buttons: answerButtons(inPeriod),
      retention: trueRetention(facts),
    };
  }
}
