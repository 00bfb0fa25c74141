import { canonicalInstantMs } from "../scheduling/day";
import type { Card, CardState } from "../types";

/**
 * What queues and counts read of every card — its kind and its due time — as numbers side by side, kept
 * by the index as cards are indexed and graded. A pass over tens of thousands of cards then reads two
 * typed arrays instead of following each card to its state and its due text (scattered objects: on a big
 * vault that pointer chasing was most of the cost of opening the review and of counting the decks).
 * Only the clock-free part is kept; whether a card is due is still decided at the moment of asking.
 */

/** Never reviewed (no state, or a state still in phase new), not suspended. */
export const KIND_NEW = 0;
/** Learning or relearning, not suspended, due at `dues[slot]`. */
export const KIND_LEARNING = 1;
/** Review, not suspended, due at `dues[slot]`. */
export const KIND_REVIEW = 2;
/** Suspended: never shown, counted nowhere as due (design.md §2). */
export const KIND_SUSPENDED = 3;
/** A due time that isn't a canonical instant (hand-written, odd): the pass reads the state itself. */
export const KIND_OTHER = 4;

export class ScheduleTable {
  /** One entry per card of every note, each note's cards in a run starting at its offset. */
  kinds = new Uint8Array(0);
  dues = new Float64Array(0);
  /** Where each note's run starts, by the note's cards array (a moved note keeps its array). */
  private readonly offsets = new Map<readonly Card[], number>();
  /** Entries handed out; those of notes since re-read or removed are dead until the next compaction. */
  private used = 0;
  private live = 0;

  /** Where `cards`' entries start; they are written now if the table doesn't hold them yet. */
  offsetOf(cards: readonly Card[]): number {
    const offset = this.offsets.get(cards);
    return offset === undefined ? this.add(cards) : offset;
  }

  /** Writes the entries of a note's cards (a note just read); returns where they start. */
  add(cards: readonly Card[]): number {
    const known = this.offsets.get(cards);
    if (known !== undefined) {
      for (let index = 0; index < cards.length; index++) this.write(known + index, cards[index].state);
      return known;
    }
    if (this.used + cards.length > this.kinds.length) this.makeRoom(cards.length);
    const offset = this.used;
    this.used += cards.length;
    this.live += cards.length;
    this.offsets.set(cards, offset);
    for (let index = 0; index < cards.length; index++) this.write(offset + index, cards[index].state);
    return offset;
  }

  /** Forgets a note's cards (the note was re-read or removed). */
  remove(cards: readonly Card[]): void {
    if (this.offsets.delete(cards)) this.live -= cards.length;
  }

  /** Records the new state of card `index` of `cards`. */
  setState(cards: readonly Card[], index: number, state: CardState | null): void {
    const offset = this.offsets.get(cards);
    if (offset !== undefined) this.write(offset + index, state);
  }

  clear(): void {
    this.offsets.clear();
    this.kinds = new Uint8Array(0);
    this.dues = new Float64Array(0);
    this.used = this.live = 0;
  }

  private write(slot: number, state: CardState | null): void {
    let kind = KIND_NEW;
    let due = NaN;
    if (state === null) kind = KIND_NEW;
    else if (state.suspended === true) kind = KIND_SUSPENDED;
    else if (state.state !== "new") {
      due = canonicalInstantMs(state.due);
      kind = Number.isNaN(due) ? KIND_OTHER : state.state === "review" ? KIND_REVIEW : KIND_LEARNING;
    }
    this.kinds[slot] = kind;
    this.dues[slot] = due;
  }

  /** Room for `count` more entries: a bigger table, with the live runs copied together when dead ones are many. */
  private makeRoom(count: number): void {
    const capacity = Math.max(64, Math.ceil((this.live + count) * 1.5));
    const kinds = new Uint8Array(capacity);
    const dues = new Float64Array(capacity);
    if (this.used - this.live <= this.live / 2 && this.used + count <= capacity) {
      // Few dead entries (the table is filling, as when the vault is first read): the runs stay where they are.
      kinds.set(this.kinds.subarray(0, this.used));
      dues.set(this.dues.subarray(0, this.used));
      this.kinds = kinds;
      this.dues = dues;
      return;
    }
    let used = 0;
    for (const [cards, offset] of this.offsets) {
      kinds.set(this.kinds.subarray(offset, offset + cards.length), used);
      dues.set(this.dues.subarray(offset, offset + cards.length), used);
      this.offsets.set(cards, used);
      used += cards.length;
    }
    this.kinds = kinds;
    this.dues = dues;
    this.used = used;
  }
}
