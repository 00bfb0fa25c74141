import { cardId, type CardIndex, type CardRef, type IndexedNote } from "./card-index";
import { classifier, instantMs, LEARN_AHEAD_MS } from "./day";

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
}

export class DueQueue {
  /** (Re)learning cards, soonest first, including those due later today. */
  learning: CardRef[] = [];
  reviews: CardRef[] = [];
  news: CardRef[] = [];
  private reviewsTaken = 0;
  private newsTaken = 0;

  static build(index: CardIndex, now: Date, options: QueueOptions): DueQueue {
    const queue = new DueQueue();
    const classify = classifier(now, options.dayStartHour);
    for (const note of index.allNotes()) {
      if (options.include && !options.include(note)) continue;
      for (const card of note.cards) {
        if (options.excluded.size > 0 && options.excluded.has(cardId(note.path, card.key))) continue;
        const state = card.state;
        if (state !== null && (state.state === "learning" || state.state === "relearning")) {
          queue.learning.push({ note, card });
          continue;
        }
        const kind = classify(state);
        // New cards keep note order and are cut to today's limit: no need to collect more than that.
        if (kind === "new") {
          if (queue.news.length < options.newLeft) queue.news.push({ note, card });
        }
        else if (kind === "due") queue.reviews.push({ note, card });
      }
    }
    sortByDue(queue.learning);
    // Most overdue first, as Anki does; ties keep note order.
    queue.reviews = mostOverdue(queue.reviews, Math.max(0, options.reviewsLeft));
    queue.news.length = Math.min(queue.news.length, Math.max(0, options.newLeft));
    return queue;
  }

  /** The card to show now, or null when nothing is left for now. */
  peek(now: Date): CardRef | null {
    const nowMs = now.getTime();
    const firstLearning = this.learning[0];
    if (firstLearning && dueMs(firstLearning) <= nowMs) return firstLearning;
    const next = this.nextReviewOrNew();
    if (next !== null) return next;
    if (firstLearning && dueMs(firstLearning) - nowMs <= LEARN_AHEAD_MS) return firstLearning;
    return null;
  }

  /** Takes `ref` out of the queue (graded, skipped, buried, or gone from its note). */
  remove(ref: CardRef): void {
    const matches = (other: CardRef): boolean => other.note.path === ref.note.path && other.card.key === ref.card.key;
    for (const [list, counter] of [[this.reviews, "reviewsTaken"], [this.news, "newsTaken"]] as const) {
      const at = list.findIndex(matches);
      if (at !== -1) {
        list.splice(at, 1);
        this[counter]++;
      }
    }
    const at = this.learning.findIndex(matches);
    if (at !== -1) this.learning.splice(at, 1);
  }

  /** Puts a card being learned back in line for its next step. */
  addLearning(ref: CardRef): void {
    const due = dueMs(ref);
    let at = this.learning.findIndex((other) => dueMs(other) > due);
    if (at === -1) at = this.learning.length;
    this.learning.splice(at, 0, ref);
  }

  /** Remaining counts as Anki shows them: new · learning (due within the learn-ahead) · due. */
  counts(now: Date): { new: number; learning: number; due: number } {
    const horizon = now.getTime() + LEARN_AHEAD_MS;
    let learning = 0;
    for (const ref of this.learning) if (dueMs(ref) <= horizon) learning++;
    return { new: this.news.length, learning, due: this.reviews.length };
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

function dueMs(ref: CardRef): number {
  return ref.card.state ? instantMs(ref.card.state.due) : 0;
}

/**
 * The `limit` earliest-due cards, sorted, exactly as a stable sort of all of them cut to `limit` would
 * give — without sorting all of them: a big vault has tens of thousands of overdue cards and a daily
 * limit of a few hundred.
 */
function mostOverdue(refs: CardRef[], limit: number): CardRef[] {
  if (refs.length <= limit) {
    sortByDue(refs);
    return refs;
  }
  if (limit === 0) return [];
  const dues = refs.map(dueMs);
  const threshold = Float64Array.from(dues).sort()[limit - 1];
  const chosen: CardRef[] = [];
  let tiesLeft = limit - dues.filter((due) => due < threshold).length;
  for (let index = 0; index < refs.length; index++) {
    if (dues[index] < threshold) chosen.push(refs[index]);
    else if (dues[index] === threshold && tiesLeft > 0) {
      chosen.push(refs[index]);
      tiesLeft--;
    }
  }
  sortByDue(chosen);
  return chosen;
}

/**
 * Sorts by due time, parsing each card's `due` once rather than in every comparison (a sort of n cards
 * makes ~n·log n comparisons). Same comparator values as `dueMs(a) - dueMs(b)`, and the sort is stable,
 * so the order is exactly what sorting by that comparator gives.
 */
function sortByDue(refs: CardRef[]): void {
  const keyed = refs.map((ref) => ({ ref, due: dueMs(ref) }));
  keyed.sort((a, b) => a.due - b.due);
  for (let index = 0; index < keyed.length; index++) refs[index] = keyed[index].ref;
}
