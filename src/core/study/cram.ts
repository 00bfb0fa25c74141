import { sameCard } from "./queue";
import type { CardRef } from "./card-index";

/**
 * Cram (Anki's custom study "preview"/"forgotten" without rescheduling): every chosen card once, in
 * order; a card answered Again comes back a few cards later. Nothing here touches any schedule.
 */
export class CramQueue {
  /** How many cards later a card answered Again comes back (sooner when fewer are left). */
  static readonly AGAIN_GAP = 3;

  constructor(private readonly cards: CardRef[]) {}

  get length(): number {
    return this.cards.length;
  }

  peek(avoid: CardRef | null = null): CardRef | null {
    const first = this.cards[0] ?? null;
    if (first !== null && avoid !== null && sameCard(first, avoid) && this.cards.length > 1) return this.cards[1];
    return first;
  }

  /** Answered: Again puts it back in line, any other rating takes it out. */
  answer(ref: CardRef, again: boolean): void {
    this.remove(ref);
    if (again) this.cards.splice(Math.min(CramQueue.AGAIN_GAP, this.cards.length), 0, ref);
  }

  remove(ref: CardRef): void {
    const at = this.cards.findIndex((other) => sameCard(other, ref));
    if (at !== -1) this.cards.splice(at, 1);
  }

  /** Undo: the card comes back to the front. */
  putFirst(ref: CardRef): void {
    this.remove(ref);
    this.cards.unshift(ref);
  }

  /** After notes changed: each card as the index has it now, in the same order; cards gone or `left out` drop. */
  refresh(current: (ref: CardRef) => CardRef | null): void {
    const fresh = this.cards.map(current).filter((ref): ref is CardRef => ref !== null);
    this.cards.splice(0, this.cards.length, ...fresh);
  }

  has(ref: CardRef): boolean {
    return this.cards.some((other) => sameCard(other, ref));
  }
}
