import { excludedByNote, type CardIndex, type CardRef, type IndexedNote } from "./card-index";
import { classifier, classifierBounds, instantMs, LEARN_AHEAD_MS, nextDayStart } from "../scheduling/day";
import { KIND_LEARNING, KIND_NEW, KIND_OTHER, KIND_REVIEW, KIND_SUSPENDED } from "./schedule-table";
import type { Card, CardState } from "../types";

/**
 * What is left to study today, in Anki's order: learning cards whose time has come, then review cards
 * due today with new cards spread evenly among them, then learning cards a little ahead of time.
 * Daily limits cap how many new and review cards enter.
 */
export interface QueueOptions {
  dayStartHour: number;
  /** New cards that may still be introduced today. */
  newLeft: number;
  /** Review cards that may still be shown today. */
  reviewsLeft: number;
  /** Cards left out: skipped in this session or buried until tomorrow. */
  excluded: ReadonlySet<string>;
  /** Limits the queue to some notes (a deck, the current note). */
  include?: (note: IndexedNote) => boolean;
  /** Review ahead (Anki's custom study): reviews due within this many days after today enter too. */
  aheadDays?: number;
  /** Limits the queue to some cards of the included notes (one card: "Review this card now"). */
  includeCard?: (note: IndexedNote, card: Card) => boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export class DueQueue {
  /** (Re)learning cards, soonest first, including those due later today. */
  learning: CardRef[] = [];
  reviews: CardRef[] = [];
  news: CardRef[] = [];
  /** Cards asked for by name ("Review this card now", "Review these now"): first, in this order, due or not. */
  chosen: CardRef[] = [];
  /**
   * New and due cards the options' notes hold (not excluded, not suspended; `includeCard` not applied),
   * before the daily limits cut them: what the limits hold back is these less what entered. Counted in
   * the same pass that builds the queue, as `classify` would count them today.
   */
  inScope = { new: 0, due: 0 };
  private reviewsTaken = 0;
  private newsTaken = 0;

  static build(index: CardIndex, now: Date, options: QueueOptions): DueQueue {
    const queue = new DueQueue();
    const dayEndMs = nextDayStart(now, options.dayStartHour).getTime() + (options.aheadDays ?? 0) * DAY_MS;
    // Overdue reviews are collected as parallel arrays and only the day's share becomes CardRefs:
    // a big vault has tens of thousands of them and a daily limit of a few hundred.
    const reviews: Candidates = { notes: [], cards: [], dues: [] };
    const learning: Candidates = { notes: [], cards: [], dues: [] };
    // Kinds and due times come from the index's schedule table; `classify` for the odd due time only.
    const classify = classifier(now, options.dayStartHour);
    const { reviewsBefore } = classifierBounds(now, options.dayStartHour);
    const excluded = excludedByNote(options.excluded);
    const { include, includeCard, newLeft } = options;
    const schedule = index.schedule;
    const inScope = queue.inScope;
    for (const note of index.allNotes()) {
      if (include && !include(note)) continue;
      const cards = note.cards;
      const skipped = excluded?.get(note.path);
      const offset = schedule.offsetOf(cards);
      const { kinds, dues } = schedule;
      for (let index = 0; index < cards.length; index++) {
        const kind = kinds[offset + index];
        // Suspended cards are never shown (design.md §2).
        if (kind === KIND_SUSPENDED) continue;
        if (skipped !== undefined && skipped.has(cards[index].key)) continue;
        if (kind === KIND_NEW) {
          inScope.new++;
          // New cards keep note order and are cut to today's limit: no need to collect more than that.
          if (queue.news.length < newLeft && (!includeCard || includeCard(note, cards[index]))) queue.news.push({ note, card: cards[index] });
          continue;
        }
        let due = dues[offset + index];
        let isLearning = kind === KIND_LEARNING;
        if (kind === KIND_OTHER) {
          const state = cards[index].state!;
          if (classify(state) === "due") inScope.due++;
          due = instantMs(state.due);
          isLearning = state.state === "learning" || state.state === "relearning";
        } else if (!isLearning && due < reviewsBefore) {
          inScope.due++;
        }
        if (includeCard && !includeCard(note, cards[index])) continue;
        if (isLearning) addCandidate(learning, note, index, due);
        else if (due < dayEndMs) addCandidate(reviews, note, index, due);
      }
    }
    queue.learning = earliest(learning, Infinity);
    // Most overdue first, as Anki does; ties keep note order.
    queue.reviews = earliest(reviews, Math.max(0, options.reviewsLeft));
    return queue;
  }

  /**
   * The card to show now, or null when nothing is left for now. `avoid` (the card just answered) is
   * passed over while any other card is available, so one card never shows twice in a row.
   */
  peek(now: Date, avoid: CardRef | null = null): CardRef | null {
    const chosen = avoid === null ? this.chosen[0] : this.chosen.find((ref) => !sameCard(ref, avoid));
    if (chosen !== undefined) return chosen;
    const nowMs = now.getTime();
    // The first learning card other than `avoid` (found without copying the list: it can be thousands long).
    const firstLearning = avoid === null ? this.learning[0] : this.learning.find((ref) => !sameCard(ref, avoid));
    if (firstLearning && dueMs(firstLearning) <= nowMs) return firstLearning;
    const next = this.nextReviewOrNew();
    if (next !== null) return next;
    if (firstLearning && dueMs(firstLearning) - nowMs <= LEARN_AHEAD_MS) return firstLearning;
    // Nothing else: the avoided card itself, if its time has come.
    const again = avoid === null ? undefined : this.learning.find((ref) => sameCard(ref, avoid));
    if (again && dueMs(again) - nowMs <= LEARN_AHEAD_MS) return again;
    return null;
  }

  /** The learning card that comes next once nothing is left for now (to study it early), or null. */
  nextLearning(): CardRef | null {
    return this.learning[0] ?? null;
  }

  /** Takes `ref` out of the queue (graded, skipped, buried, or gone from its note). */
  remove(ref: CardRef): void {
    const matches = (other: CardRef): boolean => sameCard(other, ref);
    for (const [list, counter] of [[this.reviews, "reviewsTaken"], [this.news, "newsTaken"]] as const) {
      const at = list.findIndex(matches);
      if (at !== -1) {
        list.splice(at, 1);
        this[counter]++;
      }
    }
    const at = this.learning.findIndex(matches);
    if (at !== -1) this.learning.splice(at, 1);
    const chosenAt = this.chosen.findIndex(matches);
    if (chosenAt !== -1) this.chosen.splice(chosenAt, 1);
  }

  /** Puts a card being learned back in line for its next step. */
  addLearning(ref: CardRef): void {
    const due = dueMs(ref);
    let at = this.learning.findIndex((other) => dueMs(other) > due);
    if (at === -1) at = this.learning.length;
    this.learning.splice(at, 0, ref);
  }

  /**
   * Remaining counts as Anki shows them: new · learning (due within the learn-ahead) · due. `inOrder`:
   * the learning cards' states are still those the queue put in order (nothing changed a state in the
   * index behind its back), so the learning cards within the learn-ahead are found by bisection.
   */
  counts(now: Date, inOrder = false): { new: number; learning: number; due: number } {
    const horizon = now.getTime() + LEARN_AHEAD_MS;
    let learning = 0;
    if (inOrder) {
      let high = this.learning.length;
      while (learning < high) {
        const middle = (learning + high) >>> 1;
        if (dueMs(this.learning[middle]) <= horizon) learning = middle + 1;
        else high = middle;
      }
    } else {
      for (const ref of this.learning) if (dueMs(ref) <= horizon) learning++;
    }
    let news = this.news.length;
    let due = this.reviews.length;
    // A chosen card counts as what it is, though it is shown whether due or not.
    for (const { card } of this.chosen) {
      const phase = card.state?.state ?? "new";
      if (phase === "new") news++;
      else if (phase === "review") due++;
      else learning++;
    }
    return { new: news, learning, due };
  }

  /** When the next card becomes available once nothing is left for now, or null. */
  nextDueAfter(now: Date): Date | null {
    const first = this.learning[0];
    return first ? new Date(Math.max(dueMs(first) - LEARN_AHEAD_MS, now.getTime())) : null;
  }

  /** New cards spread evenly among reviews: whichever list is further behind its share goes next. */
  private nextReviewOrNew(): CardRef | null {
    const review = this.reviews[0];
    const fresh = this.news[0];
    if (!review) return fresh ?? null;
    if (!fresh) return review;
    const reviewShare = this.reviewsTaken / (this.reviewsTaken + this.reviews.length);
    const newShare = this.newsTaken / (this.newsTaken + this.news.length);
    return newShare < reviewShare ? fresh : review;
  }
}

/**
 * New and due cards in scope (not excluded, not suspended), as DueQueue.build counts them in `inScope`
 * before the daily limits: for when the counts are wanted without a queue.
 */
export function inScopeCounts(index: CardIndex, now: Date, options: Pick<QueueOptions, "dayStartHour" | "excluded" | "include">): { new: number; due: number } {
  const classify = classifier(now, options.dayStartHour);
  const { reviewsBefore } = classifierBounds(now, options.dayStartHour);
  const excluded = excludedByNote(options.excluded);
  const schedule = index.schedule;
  let news = 0;
  let due = 0;
  for (const note of index.allNotes()) {
    if (options.include && !options.include(note)) continue;
    const cards = note.cards;
    const skipped = excluded?.get(note.path);
    const offset = schedule.offsetOf(cards);
    const { kinds, dues } = schedule;
    for (let index = 0; index < cards.length; index++) {
      const kind = kinds[offset + index];
      if (kind === KIND_SUSPENDED || (skipped !== undefined && skipped.has(cards[index].key))) continue;
      if (kind === KIND_NEW) news++;
      else if (kind === KIND_REVIEW) {
        if (dues[offset + index] < reviewsBefore) due++;
      } else if (kind === KIND_OTHER && classify(cards[index].state) === "due") due++;
    }
  }
  return { new: news, due };
}

export function sameCard(a: CardRef, b: CardRef): boolean {
  // Keys first: other cards' keys mostly differ in length, while paths in one folder differ near their end.
  return a.card.key === b.card.key && a.note.path === b.note.path;
}

/**
 * Due times read once per state: the header counts the learning cards due within the learn-ahead after
 * every step, and a big vault has thousands of them. States are replaced, never changed in place.
 */
const dueMsOfState = new WeakMap<CardState, number>();

function dueMs(ref: CardRef): number {
  const state = ref.card.state;
  if (state === null) return 0;
  let due = dueMsOfState.get(state);
  if (due === undefined) dueMsOfState.set(state, (due = instantMs(state.due)));
  return due;
}

interface Candidates {
  notes: IndexedNote[];
  /** Each candidate's place in its note's cards. */
  cards: number[];
  dues: number[];
}

function addCandidate(into: Candidates, note: IndexedNote, card: number, due: number): void {
  into.notes.push(note);
  into.cards.push(card);
  into.dues.push(due);
}

/**
 * The `limit` earliest-due candidates, sorted by due time, ties in collection (note) order — what a
 * stable sort of all of them cut to `limit` gives.
 */
function earliest(candidates: Candidates, limit: number): CardRef[] {
  const count = candidates.dues.length;
  if (limit === 0 || count === 0) return [];
  const order = byDueThenPosition(candidates.dues);
  const refs: CardRef[] = new Array<CardRef>(Math.min(limit, count));
  for (let at = 0; at < refs.length; at++) {
    const note = candidates.notes[order[at]];
    refs[at] = { note, card: note.cards[candidates.cards[order[at]]] };
  }
  return refs;
}

/**
 * Positions 0…n−1 sorted by `dues`, ties by position. Whole-millisecond due times within a span that
 * allows it are packed with their position into one exact integer (due × n + position), so the engine's
 * numeric sort of a Float64Array does it: a comparator sort of thousands of learning cards cost more
 * than the pass that found them.
 */
function byDueThenPosition(dues: readonly number[]): ArrayLike<number> {
  const count = dues.length;
  let low = Infinity;
  let high = -Infinity;
  let whole = true;
  for (const due of dues) {
    if (due < low) low = due;
    if (due > high) high = due;
    if (!Number.isInteger(due)) whole = false;
  }
  if (!whole || (high - low + 1) * count > Number.MAX_SAFE_INTEGER) {
    return dues.map((_, position) => position).sort((a, b) => dues[a] - dues[b] || a - b);
  }
  const keys = new Float64Array(count);
  for (let position = 0; position < count; position++) keys[position] = (dues[position] - low) * count + position;
  keys.sort();
  const order = new Uint32Array(count);
  for (let at = 0; at < count; at++) order[at] = keys[at] % count;
  return order;
}
