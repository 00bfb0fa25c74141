import type { Flag } from "../../core/types";

/** One card, as the badges and menus name it: its note and its key. */
export interface CardTarget {
  path: string;
  key: string;
}

/**
 * What the badge's menu and the note menus can do to a card or a note. The plugin implements it
 * (src/plugin/card-actions.ts); the menus only call it.
 */
export interface CardActions {
  /** Opens the review on this card alone, now, due or not. */
  reviewCard(target: CardTarget): void;
  /** Opens the review on the note's due cards. */
  reviewNote(path: string): void;
  showInfo(target: CardTarget): void;
  setSuspended(target: CardTarget, suspended: boolean): Promise<void>;
  /** Sets the flag, or clears it with null. */
  setFlag(target: CardTarget, flag: Flag | null): Promise<void>;
  /** Leaves the card out of reviews until the next study day. */
  bury(target: CardTarget): void;
  /** Forgets the card's schedule: it starts over as new. */
  reset(target: CardTarget): Promise<void>;
}
