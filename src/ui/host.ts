import type { App } from "obsidian";
import type { CardIndex } from "../core/study/card-index";
import type { DailyProgress, ReviewSession } from "../core/study/session";
import type { FlashcardsSettings } from "../settings";

/** What a review runs over: everything, one deck (with its sub-decks), one note, or one card ("Review this card now"). */
export type StudyScope = { kind: "all" } | { kind: "deck"; deck: string } | { kind: "note"; path: string } | { kind: "card"; path: string; key: string };

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
  createSession(scope: StudyScope): ReviewSession;
  openReview(scope: StudyScope, where?: FlashcardsSettings["reviewLocation"]): Promise<void>;
  /** Today's progress (new and review cards done, buried cards), reset when the day starts. */
  progress(): DailyProgress;
  updateSettings(patch: Partial<FlashcardsSettings>): Promise<string[]>;
}

export const REVIEW_VIEW_TYPE = "heading-flashcards-review";
export const STUDY_VIEW_TYPE = "heading-flashcards-study";
