import type { LogRecord } from "../log/record";
import { instantMs } from "../scheduling/day";
import { RATINGS, type Rating } from "../types";
import type { DayActivity, Streaks } from "./activity";
import { CARD_COUNT_KINDS, cardCountKind, type CardCountKind, type CardCounts } from "./card-counts";
import { distributionsOf, retrievability, type Distributions } from "./distributions";
import type { FutureDue } from "./future-due";
import { BUTTON_GROUPS, type ButtonGroup, type HourRow } from "./hourly";
import type { StatsPeriod } from "./period";
import { RETENTION_WINDOWS, type PassFail, type RetentionRow, type RetentionWindow } from "./retention";
import { REVIEW_KINDS, reviewKind, undoneReviews, type ReviewKind } from "./review-facts";
import { inDeckNamed, ScopeFilter, type StatsCard, type StatsScope } from "./scope";
import { DAY_MS, StudyDays, type DaySpan } from "./study-days";
import type { TodayFigures } from "./today";

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

const PERIOD_DAYS: Record<Exclude<StatsPeriod, "all">, number> = { month: 30, quarter: 91, year: 365 };

// One row of numbers per study day (Float64Array, STRIDE numbers a day): what every panel sums over a
// range of days, so a period switch adds up a few hundred rows instead of reading the log again.
const COUNT = 0;
const MS = 1;
const KIND_COUNT = 2; // + kind (REVIEW_KINDS order)
const KIND_MS = 6; // + kind
const HOUR_REVIEWS = 10; // + hour
const HOUR_PASSED = 34; // + hour
const BUTTONS = 58; // + group * 4 + rating (BUTTON_GROUPS × RATINGS order)
const RETENTION = 70; // + (mature ? 2 : 0) + (passed ? 0 : 1)
const STRIDE = 74;

const AGAIN = RATINGS.indexOf("again");
const LEARNING = REVIEW_KINDS.indexOf("learning");
const YOUNG = REVIEW_KINDS.indexOf("young");
const MATURE = REVIEW_KINDS.indexOf("mature");
const RELEARNING = REVIEW_KINDS.indexOf("relearning");
/** The answer-buttons group of each review kind: relearning counts with learning. */
const GROUP_OF_KIND = REVIEW_KINDS.map((kind) => BUTTON_GROUPS.indexOf(kind === "relearning" ? "learning" : kind));
/** Card due days: overdue (before today), never (new, suspended), or further ahead than PREPARED_DAYS. */
const OVERDUE = -1;
const NOT_DUE = -2;
const FAR = -3;
/** How far ahead cards' due days are worked out when the model is built (a longer period's horizon reads the rest). */
const PREPARED_DAYS = 2 * 366;
const RETENTION_DAYS: Record<RetentionWindow, [number, number]> = { today: [0, 0], yesterday: [-1, -1], week: [-6, 0], month: [-29, 0], year: [-364, 0] };

/** The standing reviews as columns, one entry per review, in log order. */
interface Facts {
  length: number;
  /** Study day (see StudyDays). */
  day: Int32Array;
  hour: Uint8Array;
  /** Index in RATINGS. */
  rating: Uint8Array;
  /** Index in REVIEW_KINDS. */
  kind: Uint8Array;
  tookMs: Float64Array;
  /** 1 for a new card's first review. */
  first: Uint8Array;
  /** Where the review belongs (see Places). */
  place: Int32Array;
  /** Today's reviews (by position) and their card's identity (state-line id, or note and key), for counting distinct cards. */
  todayAt: number[];
  todayCard: string[];
}

/** A scope's reviews added up per study day. */
interface PerDay {
  /** The earliest study day with a review (0 without any), for the period "all". */
  first: number;
  /** The study day of the first row of `perDay`. */
  base: number;
  perDay: Float64Array;
}

/** The scope-dependent work of one scope, done once and kept. */
interface ScopeWork extends PerDay {
  today: TodayFigures;
  calendar: DayActivity[];
  streaks: Streaks;
  retention: Record<RetentionWindow, RetentionRow>;
  cards: CardCounts;
  distributions: Distributions;
  overdue: number;
  /** Cards due on each study day from today on (overdue ones not included), as far ahead as the longest period. */
  dueByDay: number[];
}

/**
 * The log and the cards prepared once (each review's study day, hour and kind, into columns; each card's
 * phase, due day and memory figures), so a scope switch reads the columns once and a period switch only
 * adds up days. Build a new one when the log, the cards or the day change.
 */
export class StatsModel {
  readonly days: StudyDays;
  private readonly facts: Facts;
  private readonly filter: ScopeFilter;
  /** Where reviews and cards are: a note path per place. */
  private readonly places: string[] = [];
  private readonly placeOf = new Map<string, number>();
  /** The cards as columns (see prepareCards). */
  private readonly cardKind: Uint8Array;
  private readonly cardDueDay: Int32Array;
  private readonly cardDueMs: Float64Array;
  /** Each card's decks, as a slot in deckSets (cards of one note share one array: asked once a scope). */
  private readonly cardDecks: Int32Array;
  private readonly deckSets: (readonly string[])[] = [];
  /** Interval, stability, difficulty and retrievability now of each reviewed card; `reviewed`, `recalled` say which have them. */
  private readonly cardMemory: { reviewed: Uint8Array; recalled: Uint8Array; interval: Float64Array; stability: Float64Array; difficulty: Float64Array; recall: Float64Array };
  private readonly work = new Map<string, ScopeWork>();

  constructor(
    records: readonly LogRecord[],
    private readonly cards: readonly StatsCard[],
    now: Date,
    dayStartHour: number,
  ) {
    this.days = new StudyDays(now, dayStartHour);
    this.filter = new ScopeFilter(cards);
    this.facts = this.prepareFacts(records);
    const count = cards.length;
    this.cardKind = new Uint8Array(count);
    this.cardDueDay = new Int32Array(count);
    this.cardDueMs = new Float64Array(count);
    this.cardDecks = new Int32Array(count);
    this.cardMemory = {
      reviewed: new Uint8Array(count),
      recalled: new Uint8Array(count),
      interval: new Float64Array(count),
      stability: new Float64Array(count),
      difficulty: new Float64Array(count),
      recall: new Float64Array(count),
    };
    this.prepareCards(now.getTime());
  }

  /**
   * The figures of a scope and period. What depends on the scope only (today, the calendar, streaks,
   * card counts, distributions, true retention) is the same object for every period, so a view can tell
   * which panels a period switch leaves as they are.
   */
  report(scope: StatsScope, period: StatsPeriod): StatsReport {
    const key = scope.kind === "all" ? "all" : scope.kind === "deck" ? `deck:${scope.deck}` : `note:${scope.path}`;
    let work = this.work.get(key);
    if (work === undefined) {
      work = this.scopeWork(scope);
      this.work.set(key, work);
    }
    const span = period === "all" ? Math.max(PERIOD_DAYS.month, 1 - work.first) : PERIOD_DAYS[period];
    const sum = (field: number): number => sumDays(work, field, 1 - span, 0);
    const hourly: HourRow[] = Array.from({ length: 24 }, (_, hour) => ({ hour, reviews: sum(HOUR_REVIEWS + hour), passed: sum(HOUR_PASSED + hour) }));
    const buttons = {} as Record<ButtonGroup, Record<Rating, number>>;
    BUTTON_GROUPS.forEach((group, at) => {
      buttons[group] = { again: 0, hard: 0, good: 0, easy: 0 };
      RATINGS.forEach((rating, index) => (buttons[group][rating] = sum(BUTTONS + at * 4 + index)));
    });
    return {
      days: this.days,
      periodDays: span,
      today: work.today,
      futureDue: this.futureDue(work, span),
      calendar: work.calendar,
      streaks: work.streaks,
      reviews: this.activity(work, 1 - span),
      cards: work.cards,
      distributions: work.distributions,
      hourly,
      buttons,
      retention: work.retention,
    };
  }

  /** What review-facts.ts's reviewFacts works out for each standing review, straight into columns. */
  private prepareFacts(records: readonly LogRecord[]): Facts {
    const undone = undoneReviews(records);
    const length = records.length;
    const facts: Facts = {
      length: 0,
      day: new Int32Array(length),
      hour: new Uint8Array(length),
      rating: new Uint8Array(length),
      kind: new Uint8Array(length),
      tookMs: new Float64Array(length),
      first: new Uint8Array(length),
      place: new Int32Array(length),
      todayAt: [],
      todayCard: [],
    };
    // Where a review belongs: where its card is now (ScopeFilter.pathOf), by the card's id, else its note.
    const placeOfCard = new Map<string, number>();
    for (const card of this.cards) if (card.state?.id !== undefined) placeOfCard.set(card.state.id, this.place(card.path));
    // The merged log is in time order: the day of the previous review is most often this one's too.
    let span: DaySpan = { day: 0, start: Infinity, end: -Infinity, offsetMs: NaN };
    let at = 0;
    for (const record of records) {
      if (record.type !== "review" || record.rating === undefined || undone.has(record)) continue;
      const ms = instantMs(record.time);
      // An unreadable time lands on no day and so counts in no figure.
      if (Number.isNaN(ms)) continue;
      if (!(ms >= span.start && ms < span.end)) span = this.days.span(this.days.dayOf(ms));
      const before = record.before;
      facts.day[at] = span.day;
      facts.hour[at] = StudyDays.hourIn(span, ms);
      facts.rating[at] = RATINGS.indexOf(record.rating);
      facts.kind[at] = REVIEW_KINDS.indexOf(reviewKind(before));
      facts.tookMs[at] = record.tookMs ?? 0;
      facts.first[at] = before === null || before.state === "new" ? 1 : 0;
      facts.place[at] = (record.card !== "" ? placeOfCard.get(record.card) : undefined) ?? this.place(record.note);
      if (span.day === 0) {
        facts.todayAt.push(at);
        facts.todayCard.push(record.card !== "" ? record.card : `${record.note}\u0000${record.key}`);
      }
      at++;
    }
    facts.length = at;
    return facts;
  }

  /**
   * Each card's count kind, due day (NOT_DUE for new and suspended cards and unreadable times, FAR beyond
   * the days worked out ahead), decks and memory figures: what card-counts.ts, future-due.ts and
   * distributions.ts read from each card's state, with every instant parsed once.
   */
  private prepareCards(nowMs: number): void {
    const memory = this.cardMemory;
    const farMs = this.days.startOf(PREPARED_DAYS);
    const deckSlots = new Map<readonly string[], number>();
    this.cards.forEach((card, index) => {
      let decks = deckSlots.get(card.decks);
      if (decks === undefined) {
        deckSlots.set(card.decks, (decks = this.deckSets.length));
        this.deckSets.push(card.decks);
      }
      this.cardDecks[index] = decks;
      const state = card.state;
      const neverDue = state === null || state.state === "new" || state.suspended === true;
      const dueMs = state === null ? NaN : instantMs(state.due);
      this.cardDueMs[index] = dueMs;
      this.cardDueDay[index] = neverDue || Number.isNaN(dueMs) ? NOT_DUE : dueMs < this.days.todayStartMs ? OVERDUE : dueMs < farMs ? this.days.dayOf(dueMs) : FAR;
      const reviewed = state !== null && state.state !== "new" && state.last_review !== null;
      const lastMs = reviewed ? instantMs(state.last_review!) : NaN;
      const interval = reviewed ? (dueMs - lastMs) / DAY_MS : undefined;
      this.cardKind[index] = CARD_COUNT_KINDS.indexOf(cardCountKind(card, interval));
      if (!reviewed) return;
      memory.reviewed[index] = 1;
      memory.interval[index] = interval!;
      memory.stability[index] = state.stability;
      memory.difficulty[index] = state.difficulty;
      if (state.stability > 0) {
        memory.recalled[index] = 1;
        memory.recall[index] = retrievability(state.stability, lastMs, nowMs);
      }
    });
  }

  private place(path: string): number {
    let place = this.placeOf.get(path);
    if (place === undefined) {
      place = this.places.length;
      this.places.push(path);
      this.placeOf.set(path, place);
    }
    return place;
  }

  /** One pass over the reviews and one over the cards of a scope. */
  private scopeWork(scope: StatsScope): ScopeWork {
    const facts = this.facts;
    // Reviews are placed where their card is now (ScopeFilter.pathOf): decided once per place.
    const inScope = new Uint8Array(this.places.length);
    this.places.forEach((path, place) => {
      inScope[place] = scope.kind === "all" || (scope.kind === "note" ? path === scope.path : inDeckNamed(this.filter.decksOf(path), scope.deck)) ? 1 : 0;
    });
    let first = 0;
    for (let at = 0; at < facts.length; at++) if (inScope[facts.place[at]] === 1 && facts.day[at] < first) first = facts.day[at];
    const base = Math.min(first, 1 - CALENDAR_DAYS);
    const perDay = new Float64Array((1 - base) * STRIDE);
    for (let at = 0; at < facts.length; at++) {
      const day = facts.day[at];
      if (day > 0 || inScope[facts.place[at]] === 0) continue;
      const row = (day - base) * STRIDE;
      const kind = facts.kind[at];
      const rating = facts.rating[at];
      const took = facts.tookMs[at];
      const passed = rating !== AGAIN;
      perDay[row + COUNT]++;
      perDay[row + MS] += took;
      perDay[row + KIND_COUNT + kind]++;
      perDay[row + KIND_MS + kind] += took;
      perDay[row + HOUR_REVIEWS + facts.hour[at]]++;
      if (passed) perDay[row + HOUR_PASSED + facts.hour[at]]++;
      perDay[row + BUTTONS + GROUP_OF_KIND[kind] * 4 + rating]++;
      if (kind === YOUNG || kind === MATURE) perDay[row + RETENTION + (kind === MATURE ? 2 : 0) + (passed ? 0 : 1)]++;
    }
    // today.ts's todayFigures over today's reviews of the scope.
    const todayCards = new Set<string>();
    const learned = new Set<string>();
    let todayMs = 0;
    facts.todayAt.forEach((at, index) => {
      if (inScope[facts.place[at]] === 0) return;
      todayMs += facts.tookMs[at];
      todayCards.add(facts.todayCard[index]);
      if (facts.first[at] === 1) learned.add(facts.todayCard[index]);
    });
    const reviews = perDay[-base * STRIDE + COUNT];
    const again = reviews - sumRange(perDay, -base * STRIDE + HOUR_PASSED, 24);
    const today: TodayFigures = { reviews, cards: todayCards.size, minutes: todayMs / 60_000, again, passRate: reviews === 0 ? null : (reviews - again) / reviews, newLearned: learned.size };
    const days = { first, base, perDay };
    const retention = {} as Record<RetentionWindow, RetentionRow>;
    for (const window of RETENTION_WINDOWS) {
      const [from, to] = RETENTION_DAYS[window];
      const cell = (offset: number): PassFail => ({ passed: sumDays(days, RETENTION + offset, from, to), failed: sumDays(days, RETENTION + offset + 1, from, to) });
      retention[window] = { young: cell(0), mature: cell(2) };
    }
    return {
      ...days,
      today,
      calendar: this.activity(days, 1 - CALENDAR_DAYS),
      streaks: this.streaks(days),
      retention,
      // The longest period ("all") reaches back to the first review; future due looks as far ahead.
      ...this.cardWork(scope, Math.max(CALENDAR_DAYS, 1 - first)),
    };
  }

  private cardWork(scope: StatsScope, horizon: number): Pick<ScopeWork, "cards" | "distributions" | "overdue" | "dueByDay"> {
    const cards = this.cards;
    const inDecks = this.deckSets.map((decks) => (scope.kind === "deck" ? inDeckNamed(decks, scope.deck) : true));
    const kinds = new Array<number>(CARD_COUNT_KINDS.length).fill(0);
    const memory = this.cardMemory;
    const intervals: number[] = [];
    const stabilities: number[] = [];
    const difficulties: number[] = [];
    const recalls: number[] = [];
    const dueByDay = new Array<number>(horizon).fill(0);
    const endMs = this.days.startOf(horizon);
    let overdue = 0;
    for (let index = 0; index < cards.length; index++) {
      if (scope.kind === "note" ? cards[index].path !== scope.path : !inDecks[this.cardDecks[index]]) continue;
      kinds[this.cardKind[index]]++;
      // future-due.ts's futureDue over the longest horizon; a period's is its first days.
      const dueDay = this.cardDueDay[index];
      if (dueDay === OVERDUE) overdue++;
      else if (dueDay >= 0 && dueDay < horizon) dueByDay[dueDay]++;
      else if (dueDay === FAR && this.cardDueMs[index] < endMs) dueByDay[this.days.dayOf(this.cardDueMs[index])]++;
      if (memory.reviewed[index] === 0) continue;
      intervals.push(memory.interval[index]);
      stabilities.push(memory.stability[index]);
      difficulties.push(memory.difficulty[index]);
      if (memory.recalled[index] === 1) recalls.push(memory.recall[index]);
    }
    const count = (kind: CardCountKind): number => kinds[CARD_COUNT_KINDS.indexOf(kind)];
    const counts: CardCounts = { new: count("new"), learning: count("learning"), young: count("young"), mature: count("mature"), suspended: count("suspended"), buried: count("buried"), total: kinds.reduce((sum, n) => sum + n, 0) };
    return { cards: counts, distributions: distributionsOf(intervals, stabilities, difficulties, recalls), overdue, dueByDay };
  }

  private futureDue(work: ScopeWork, horizon: number): FutureDue {
    const perDay = Array.from({ length: horizon }, (_, day) => work.dueByDay[day] ?? 0);
    const total = work.overdue + perDay.reduce((sum, count) => sum + count, 0);
    return {
      overdue: work.overdue,
      perDay,
      dueToday: work.overdue + (perDay[0] ?? 0),
      dueTomorrow: perDay[1] ?? 0,
      averagePerDay: horizon === 0 ? 0 : total / horizon,
    };
  }

  /** One row per study day from `from` to today, oldest first (activity.ts's activityByDay). */
  private activity(work: PerDay, from: number): DayActivity[] {
    const { perDay, base } = work;
    const rows: DayActivity[] = [];
    for (let day = from; day <= 0; day++) {
      const row = (day - base) * STRIDE;
      const byKind = (offset: number): Record<ReviewKind, number> =>
        day < base ? { learning: 0, young: 0, mature: 0, relearning: 0 } : { learning: perDay[row + offset + LEARNING], young: perDay[row + offset + YOUNG], mature: perDay[row + offset + MATURE], relearning: perDay[row + offset + RELEARNING] };
      rows.push({ day, count: day < base ? 0 : perDay[row + COUNT], ms: day < base ? 0 : perDay[row + MS], counts: byKind(KIND_COUNT), msByKind: byKind(KIND_MS) });
    }
    return rows;
  }

  /** activity.ts's streaks, from the days with reviews. */
  private streaks(work: PerDay): Streaks {
    const { perDay, base } = work;
    const studied = (day: number): boolean => day >= base && day <= 0 && perDay[(day - base) * STRIDE + COUNT] > 0;
    let longest = 0;
    let run = 0;
    let daysStudied = 0;
    for (let day = base; day <= 0; day++) {
      run = studied(day) ? run + 1 : 0;
      if (run > 0) daysStudied++;
      longest = Math.max(longest, run);
    }
    let current = 0;
    for (let day = studied(0) ? 0 : -1; studied(day); day--) current++;
    return { current, longest, daysStudied };
  }
}

/** Adds up one number of the days from `from` to `to`. */
function sumDays(work: PerDay, field: number, from: number, to: number): number {
  let total = 0;
  for (let day = Math.max(from, work.base); day <= to; day++) total += work.perDay[(day - work.base) * STRIDE + field];
  return total;
}

function sumRange(values: Float64Array, from: number, count: number): number {
  let total = 0;
  for (let at = from; at < from + count; at++) total += values[at];
  return total;
}
