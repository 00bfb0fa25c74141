import type { App } from "obsidian";
import type { LogRecord } from "../core/log/record";
import type { BulkActions } from "../core/manage/bulk";
import type { StatsScope } from "../core/stats/scope";
import type { CardIndex, CardRef } from "../core/study/card-index";
import type { DailyProgress, ReviewSession, StudyMode } from "../core/study/session";
import type { FlashcardsSettings } from "../settings";

/**
 * What a review runs over: everything, one deck (with its sub-decks), one note, one card ("Review this
 * card now"), or a set of cards in an order (the card browser's "Review these now").
 */
export type StudyScope =
  | { kind: "all" }
  | { kind: "deck"; deck: string }
  | { kind: "note"; path: string }
  | { kind: "card"; path: string; key: string }
  | { kind: "cards"; cards: readonly { path: string; key: string }[] };

/**
 * What the views need from the plugin. Views get this instead of the plugin class, so they can't
 * reach into its internals and tests can see exactly what they depend on.
 */
export interface FlashcardsHost {
  readonly app: App;
  readonly settings: FlashcardsSettings;
  readonly index: CardIndex;
  /** False until the first indexing after layout-ready has finished. */
  readonly indexReady: boolean;
  clock(): Date;
  /** Called after the index changed (a note edited, renamed, deleted; a review written). */
  onIndexChange(listener: () => void): () => void;
  createSession(scope: StudyScope, mode?: StudyMode): ReviewSession;
  openReview(scope: StudyScope, where?: FlashcardsSettings["reviewLocation"], mode?: StudyMode): Promise<void>;
  /** Today's progress (new and review cards done, buried cards), reset when the day starts. */
  progress(): DailyProgress;
  /** Custom study: lets `count` more new cards in today, beyond the daily limit. */
  addNewToday(count: number): void;
  updateSettings(patch: Partial<FlashcardsSettings>): Promise<string[]>;
  /** Every device's review log, merged in time order and kept up to date (design.md §7). */
  readonly logStore: { records(): readonly LogRecord[]; onChange(listener: () => void): () => void };
  /** Opens (or reveals) the statistics view on a scope. */
  openStatistics(scope: StatsScope): Promise<void>;
  /** Card management (design.md §2): actions on many cards, one undo step each, logged. */
  readonly cardActions: BulkActions;
  /** The card info modal for one card. */
  openCardInfo(ref: CardRef): void;
  /** Every device's review log records, in time order (card history, `rated:`). */
  logRecords(): readonly LogRecord[];
  /** Leaves cards out until the next study day, or (`false`) brings them back. */
  setBuried(ids: readonly string[], buried: boolean): void;
  /** This device's readable name (kept on the device, not synced). */
  deviceName(): string;
  /** Sets it; returns why it was refused, or nothing. */
  setDeviceName(name: string): string[];
}

export const REVIEW_VIEW_TYPE = "heading-flashcards-review";
export const STUDY_VIEW_TYPE = "heading-flashcards-study";
export const STATS_VIEW_TYPE = "heading-flashcards-stats";
export const CARD_BROWSER_VIEW_TYPE = "heading-flashcards-browser";
