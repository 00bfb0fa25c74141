import { classifier, classifierBounds } from "../scheduling/day";
import { ownString } from "../notes/lines";
import { parseNote } from "../notes/note";
import type { Card, CardState, ParseOptions, ParsedNote, Problem } from "../types";
import { KIND_LEARNING, KIND_NEW, KIND_REVIEW, KIND_SUSPENDED, ScheduleTable } from "./schedule-table";

/**
 * Every card of every tagged note, kept current one note at a time: the adapters call `update` when a
 * note changes and `remove`/`rename` when it goes or moves. Nothing here reads files, and nothing ever
 * rescans the vault.
 */
export interface IndexedNote {
  path: string;
  /** Nested-tag decks, or the note's folder (`/` at the vault root) when it has none (design.md D1). */
  decks: string[];
  /**
   * The note's cards: what queues, counts and lists need. An answer's text is not kept: it is made
   * from the note's text when the card is shown or searched (`cardAnswer`, notes/note.ts). A card's
   * state changes through `CardIndex.setState` only, which keeps the index's schedule table current.
   */
  cards: Card[];
  problems: Problem[];
  writable: boolean;
  orphans: ReadonlyMap<string, CardState>;
}

export interface CardRef {
  note: IndexedNote;
  card: Card;
}

export interface Counts {
  new: number;
  learning: number;
  due: number;
  total: number;
}

export function emptyCounts(): Counts {
  return { new: 0, learning: 0, due: 0, total: 0 };
}

/** Deck names for a note: its nested-tag decks, else its folder relative to the vault, else `/`. */
export function decksOf(path: string, parsed: Pick<ParsedNote, "decks">): string[] {
  if (parsed.decks.length > 0) return parsed.decks;
  const slash = path.lastIndexOf("/");
  return [slash <= 0 ? "/" : path.slice(0, slash)];
}

/** A card's identity across the plugin: its note and its key. */
export function cardId(path: string, key: string): string {
  return `${path}\u0000${key}`;
}

/**
 * Card ids (see cardId) grouped by note: the keys to leave out of each note, or null when there are
 * none. A pass over every card then looks a key up only in the few notes that have one left out.
 */
export function excludedByNote(excluded: ReadonlySet<string>): Map<string, Set<string>> | null {
  if (excluded.size === 0) return null;
  const byNote = new Map<string, Set<string>>();
  for (const id of excluded) {
    // A path never holds U+0000, so the first one ends it.
    const split = id.indexOf("\u0000");
    if (split === -1) continue;
    const path = id.slice(0, split);
    let keys = byNote.get(path);
    if (keys === undefined) byNote.set(path, (keys = new Set()));
    keys.add(id.slice(split + 1));
  }
  return byNote;
}

export class CardIndex {
  private readonly notes = new Map<string, IndexedNote>();
  /** Notes whose deck is their folder (no nested tag): the deck follows them when they move. */
  private readonly folderDecked = new Set<string>();
  /** Bumped on every change so views and queues can tell when to refresh. */
  version = 0;
  /** Every card's kind and due time as numbers, for the passes of queues and counts (schedule-table.ts). */
  readonly schedule = new ScheduleTable();

  constructor(
    private options: ParseOptions,
    /**
     * Whether the index copies what it keeps off the notes' texts (see `update`). A one-shot reader that
     * reads every note once and ends (the CLI) may leave them: the texts go when it does.
     */
    private readonly copyStrings = true,
  ) {}

  /** New tag or property name: everything indexed so far was read with the old ones. */
  setOptions(options: ParseOptions): void {
    this.options = options;
    this.clear();
  }

  get parseOptions(): ParseOptions {
    return this.options;
  }

  /** (Re-)indexes one note from its text; returns it, or null when it holds no flashcards. */
  update(path: string, text: string): IndexedNote | null {
    const parsed = parseNote(text, this.options);
    this.version++;
    const previous = this.notes.get(path);
    if (previous !== undefined) this.schedule.remove(previous.cards);
    if (!parsed.tagged) {
      this.notes.delete(path);
      this.folderDecked.delete(path);
      return null;
    }
    if (parsed.decks.length === 0) this.folderDecked.add(path);
    else this.folderDecked.delete(path);
    // The parse is this note's alone: its cards become the index's as they are, with every string that
    // is a slice of the note's text (keys, questions, due times…) replaced by its own copy, since a
    // slice keeps the whole text alive. The index then holds what it needs and no note in full.
    const copy = this.copyStrings;
    const note: IndexedNote = {
      path,
      decks: parsed.decks.length > 0 && copy ? parsed.decks.map(ownString) : decksOf(path, parsed),
      cards: copy ? ownCards(parsed.cards) : parsed.cards,
      problems: parsed.problems.length === 0 ? NO_PROBLEMS : copy ? parsed.problems.map((problem) => ({ line: problem.line, message: ownString(problem.message) })) : parsed.problems,
      writable: parsed.writable,
      orphans: copy ? ownOrphans(parsed.orphans) : parsed.orphans,
    };
    this.notes.set(path, note);
    this.schedule.add(note.cards);
    return note;
  }

  remove(path: string): void {
    this.folderDecked.delete(path);
    const note = this.notes.get(path);
    if (note === undefined) return;
    this.schedule.remove(note.cards);
    this.notes.delete(path);
    this.version++;
  }

  rename(oldPath: string, newPath: string): void {
    const note = this.notes.get(oldPath);
    if (note === undefined) return;
    this.notes.delete(oldPath);
    // Known from the parse, not guessed from the names: a tag deck `lang` in folder `lang/` stays `lang`.
    const byFolder = this.folderDecked.delete(oldPath);
    if (byFolder) this.folderDecked.add(newPath);
    else this.folderDecked.delete(newPath);
    const moved: IndexedNote = { ...note, path: newPath, decks: byFolder ? decksOf(newPath, { decks: [] }) : note.decks };
    const replaced = this.notes.get(newPath);
    if (replaced !== undefined) this.schedule.remove(replaced.cards);
    this.notes.set(newPath, moved);
    this.version++;
  }

  clear(): void {
    this.notes.clear();
    this.folderDecked.clear();
    this.schedule.clear();
    this.version++;
  }

  get(path: string): IndexedNote | undefined {
    return this.notes.get(path);
  }

  has(path: string): boolean {
    return this.notes.has(path);
  }

  allNotes(): IterableIterator<IndexedNote> {
    return this.notes.values();
  }

  get noteCount(): number {
    return this.notes.size;
  }

  *cards(): Generator<CardRef> {
    for (const note of this.notes.values()) for (const card of note.cards) yield { note, card };
  }

  /** Records a state just written, without waiting for the note to be re-read. */
  setState(path: string, key: string, state: CardState | null): void {
    const cards = this.notes.get(path)?.cards;
    const at = cards === undefined ? -1 : cards.findIndex((candidate) => candidate.key === key);
    if (cards === undefined || at === -1) return;
    cards[at].state = state;
    this.schedule.setState(cards, at, state);
    this.version++;
  }
}

const NO_PROBLEMS: Problem[] = [];
const NO_ORPHANS: ReadonlyMap<string, CardState> = new Map();

function ownState(state: CardState): CardState {
  state.due = ownString(state.due);
  if (state.last_review !== null) state.last_review = ownString(state.last_review);
  return state;
}

/** The parsed cards, made to hold no slice of the note's text (they are the parse's own objects, changed in place). */
function ownCards(cards: Card[]): Card[] {
  let parsedContext: string[] | null = null;
  let context: string[] = [];
  for (const card of cards) {
    const key = ownString(card.key);
    card.question = card.question === card.key ? key : ownString(card.question);
    card.key = key;
    // Cards under the same headings share one context array.
    if (card.context !== parsedContext) {
      parsedContext = card.context;
      context = card.context.length === 0 ? NO_CONTEXT : card.context.map(ownString);
    }
    card.context = context;
    if (card.state !== null) ownState(card.state);
    if (card.tags !== undefined) card.tags = card.tags.map(ownString);
    if (card.storedKey !== undefined) card.storedKey = ownString(card.storedKey);
  }
  return cards;
}

const NO_CONTEXT: string[] = [];

function ownOrphans(orphans: ReadonlyMap<string, CardState>): ReadonlyMap<string, CardState> {
  if (orphans.size === 0) return NO_ORPHANS;
  const own = new Map<string, CardState>();
  for (const [key, state] of orphans) own.set(ownString(key), ownState(state));
  return own;
}

/**
 * Cards per deck and in total. A card in two decks counts in both, once in the total. With `rollUp`,
 * each deck also counts its sub-decks' cards (`lang` includes `lang/de`), as Anki's deck list does.
 */
export function countByDeck(
  index: CardIndex,
  now: Date,
  dayStartHour: number,
  rollUp = false,
  /** Cards buried until tomorrow: counted in the total, not as studyable today. */
  excluded: ReadonlySet<string> = new Set(),
): { total: Counts; decks: Map<string, Counts> } {
  const total = emptyCounts();
  const decks = new Map<string, Counts>();
  const classify = classifier(now, dayStartHour);
  // Most notes share a handful of decks: each deck's list of counters to add to is worked out once.
  const countersOf = new Map<string, Counts[]>();
  const counters = (deck: string): Counts[] => {
    let list = countersOf.get(deck);
    if (list === undefined) {
      list = (rollUp ? deckAndAncestors(deck) : [deck]).map((name) => {
        let counts = decks.get(name);
        if (counts === undefined) decks.set(name, (counts = emptyCounts()));
        return counts;
      });
      countersOf.set(deck, list);
    }
    return list;
  };
  const skippedByNote = excludedByNote(excluded);
  const { learningBy, reviewsBefore } = classifierBounds(now, dayStartHour);
  const schedule = index.schedule;
  // Notes in a row mostly share their deck (notes come in folder order): its counters are looked up once per run.
  let lastDecks: string[] | null = null;
  let lastDeck = "";
  let deckCounts: Counts[] = [];
  for (const note of index.allNotes()) {
    if (note.decks !== lastDecks) {
      lastDecks = note.decks;
      // A note in two decks under one parent adds to that parent once.
      if (note.decks.length !== 1) deckCounts = [...new Set(note.decks.flatMap(counters))];
      else if (note.decks[0] !== lastDeck || deckCounts.length === 0) deckCounts = counters(note.decks[0]);
      lastDeck = note.decks.length === 1 ? note.decks[0] : "";
    }
    // Count the note's cards first, then add the note's totals to each of its decks once. Kinds and due
    // times come from the schedule table, as `classify` would judge them; an odd due time goes to `classify`.
    let fresh = 0;
    let learning = 0;
    let due = 0;
    const cards = note.cards;
    const skipped = skippedByNote?.get(note.path);
    const offset = schedule.offsetOf(cards);
    const { kinds, dues } = schedule;
    for (let at = 0; at < cards.length; at++) {
      const kind = kinds[offset + at];
      if (kind === KIND_SUSPENDED || (skipped !== undefined && skipped.has(cards[at].key))) continue;
      if (kind === KIND_NEW) fresh++;
      else if (kind === KIND_REVIEW) {
        if (dues[offset + at] < reviewsBefore) due++;
      } else if (kind === KIND_LEARNING) {
        if (dues[offset + at] <= learningBy) learning++;
      } else {
        const cardKind = classify(cards[at].state);
        if (cardKind === "new") fresh++;
        else if (cardKind === "due") due++;
        else if (cardKind === "learning") learning++;
      }
    }
    total.new += fresh;
    total.learning += learning;
    total.due += due;
    total.total += cards.length;
    for (const counts of deckCounts) {
      counts.new += fresh;
      counts.learning += learning;
      counts.due += due;
      counts.total += cards.length;
    }
  }
  return { total, decks };
}


/** The vault-root deck `/` (notes at the top folder with only the plain tag), as people read its name. */
export const ROOT_DECK_LABEL = "Vault root";

/** A deck's name as the study pane, the review and the CLI's tables show it. */
export function deckLabel(deck: string): string {
  return deck === "/" ? ROOT_DECK_LABEL : deck;
}

/** `a/b/c` → `a`, `a/b`, `a/b/c`. The root deck `/` stands alone. */
export function deckAndAncestors(deck: string): string[] {
  if (deck === "/") return ["/"];
  const parts = deck.split("/");
  return parts.map((_, index) => parts.slice(0, index + 1).join("/"));
}

/** True when a note's deck is `deck` or below it. */
export function inDeck(note: IndexedNote, deck: string): boolean {
  return note.decks.some((name) => name === deck || (deck !== "/" && name.startsWith(`${deck}/`)));
}
