/**
 * The domain vocabulary shared by every part of the core: cards, their scheduling state, notes and
 * the problems found in them. Pure data; no behaviour lives here.
 */

/** FSRS learning phase, written to the state line as a word. */
export type Phase = "new" | "learning" | "review" | "relearning";

/**
 * Everything ts-fsrs needs to continue a card exactly. Floats are already rounded to 4 decimals and
 * timestamps to whole seconds: this canonical value is what is stored and what is kept in memory, so a
 * card read back from text schedules exactly like the one that was written.
 */
export interface CardState {
  /** ISO-8601 UTC instant, whole seconds, e.g. `2026-11-29T08:00:00Z`. */
  due: string;
  stability: number;
  difficulty: number;
  reps: number;
  lapses: number;
  state: Phase;
  /** Index of the current (re)learning step. */
  step: number;
  /** ISO-8601 UTC instant of the last review, or null for a card never reviewed. */
  last_review: string | null;
  /**
   * Card identity (design.md §2): a short random base36 id, given on the card's first write and never
   * changed. Absent on lines written by older versions until their next write.
   */
  id?: string;
  /** Card management (design.md §2). Absent means the default: not suspended, no flag, not a leech. */
  suspended?: boolean;
  flag?: Flag;
  leech?: boolean;
}

/** Anki's seven flags, in Anki's order (Ctrl+1 … Ctrl+7). */
export const FLAGS = ["red", "orange", "green", "blue", "pink", "turquoise", "purple"] as const;
export type Flag = (typeof FLAGS)[number];

export type Rating = "again" | "hard" | "good" | "easy";
export const RATINGS: readonly Rating[] = ["again", "hard", "good", "easy"];

/** Something wrong in a note, reported as data (never thrown). `line` is 1-based in the file. */
export interface Problem {
  line: number;
  message: string;
}

export interface Card {
  /** Unique within the note: the question text, or `Text (2)` for the second card with that text. */
  key: string;
  /** Heading text, trimmed, closing hashes dropped. */
  question: string;
  /**
   * Where the answer is in the text the card was read from: [answerStart, answerEnd), the lines under
   * the heading with blank lines at both ends dropped. The text is not copied: `answerText` (notes/note.ts)
   * makes it from the note's text when it is shown or searched.
   */
  answerStart: number;
  answerEnd: number;
  /** A fingerprint of the answer (duplicate-history.ts), so a repeated question's history follows its answer. */
  answerPrint: number;
  /** Nearest level-1 and level-2 heading texts above the card (0–2 entries). */
  context: string[];
  /** 1-based line of the heading in the file, frontmatter included. */
  line: number;
  /** Tags at the end of the heading (`### Q #exam` → `exam`), without `#`; absent when none. */
  tags?: string[];
  /** Stored scheduling state, or null when the card was never reviewed. */
  state: CardState | null;
  /**
   * Set when the state was found under another key: the question was edited and its history carried
   * over (see renames.ts). The next write to the note renames the stored key.
   */
  storedKey?: string;
}

export interface ParsedNote {
  /** The text the note was read from: the cards' answer offsets refer to it. */
  text: string;
  tagged: boolean;
  /** Decks from nested tags (`flashcards/lang/de` → `lang/de`), in order of appearance, unique. */
  decks: string[];
  cards: Card[];
  problems: Problem[];
  /** False when nothing may ever be written to this note (invalid YAML, conflict markers, ...). */
  writable: boolean;
  /** State entries whose key matches no card (key → state), kept so history is never dropped. */
  orphans: Map<string, CardState>;
}

export interface ParseOptions {
  /** Tag that marks flashcard notes, without `#`. Default `flashcards`. */
  tag: string;
  /** Frontmatter property holding the state lines. Default `srs`. */
  stateProperty: string;
}

export const DEFAULT_PARSE_OPTIONS: ParseOptions = { tag: "flashcards", stateProperty: "srs" };
