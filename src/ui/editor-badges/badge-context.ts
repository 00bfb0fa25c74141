import type { IndexedNote } from "../../core/study/card-index";

/** What the badges read from the plugin. */
export interface BadgeContext {
  /** The setting: badges on or off. */
  enabled(): boolean;
  /** The indexed flashcard note at `path`, or undefined for any other note. */
  note(path: string): IndexedNote | undefined;
  now(): Date;
  dayStartHour(): number;
  /** A badge was clicked: `key` is its card's key, or null for a question that is no card. */
  openMenu(evt: MouseEvent, path: string, key: string | null): void;
  /** Called when badges may read differently: the index changed, a setting changed, time passed. */
  onChange(listener: () => void): () => void;
}
