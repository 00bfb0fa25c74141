import { instantMs } from "../scheduling/day";
import { intervalDays, retrievability } from "../manage/memory";
import type { CardIndex, IndexedNote } from "../study/card-index";
import { FLAGS, type ParseOptions } from "../types";
import { compileSearch, noteName, searchRow, setRowAnswer, type SearchContext, type SearchRow } from "./evaluate";
import { answersOf } from "../notes/note";
import { parseSearch, type SearchError } from "./parse";
import { BrowserSearchIndex } from "./search-index";

/**
 * The card browser's table without its DOM: every card as a row, the rows a query keeps, sorted by one
 * column. Building the rows and answering a keystroke are what the bench measures.
 */
export const COLUMN_IDS = ["question", "deck", "note", "state", "due", "interval", "stability", "difficulty", "retrievability", "reps", "lapses", "flag", "status"] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

const PHASE_ORDER = { new: 0, learning: 1, relearning: 2, review: 3 } as const;

/** What a column sorts by: numbers where the column is a number, text otherwise; cards without a value last. */
export function sortKey(column: ColumnId, row: SearchRow, now: Date): number | string {
  const state = row.card.state;
  const reviewed = state !== null && state.state !== "new";
  switch (column) {
    case "question":
      return row.card.question.toLowerCase();
    case "deck":
      return row.note.decks.join(", ").toLowerCase();
    case "note":
      return noteName(row.note.path).toLowerCase();
    case "state":
      return state === null ? 0 : PHASE_ORDER[state.state];
    case "due":
      return reviewed ? instantMs(state.due) : Infinity;
    case "interval":
      return reviewed ? intervalDays(state) : Infinity;
    case "stability":
      return reviewed ? state.stability : Infinity;
    case "difficulty":
      return reviewed ? state.difficulty : Infinity;
    case "retrievability":
      return retrievability(state, now) ?? Infinity;
    case "reps":
      return state?.reps ?? 0;
    case "lapses":
      return state?.lapses ?? 0;
    case "flag":
      return state?.flag === undefined ? Infinity : FLAGS.indexOf(state.flag);
    case "status":
      return (state?.suspended === true ? 0 : 2) + (state?.leech === true ? 0 : 1);
  }
}

export class BrowserModel {
  rows: SearchRow[] = [];
  shown: SearchRow[] = [];
  error: SearchError | null = null;
  query = "";
  sort: { column: ColumnId; descending: boolean } = { column: "due", descending: false };
  /** What the search keeps between keystrokes (search-index.ts). */
  private index = new BrowserSearchIndex([]);
  /** The rows in the index's order (slot order), for making it again once answers arrive. */
  private indexRows: SearchRow[] = [];
  /** slots[i]: the index's number for rows[i]. */
  private slots = new Int32Array(0);
  /** The card index the rows were read from, and its version then: a change to a card asks its state afresh. */
  private source: CardIndex | null = null;
  private sourceVersion = 0;
  /** Each note's rows, for giving them their answers once the note is read (see setAnswers). */
  private rowsOf = new Map<IndexedNote, SearchRow[]>();

  constructor(private readonly context: () => SearchContext) {}

  /**
   * Reads every card of the index (on open, and when notes change), sorted by the current column: a
   * keystroke then only filters rows already in order.
   */
  load(index: CardIndex): void {
    const rows: SearchRow[] = [];
    const rowsOf = new Map<IndexedNote, SearchRow[]>();
    for (const note of index.allNotes()) {
      if (note.cards.length === 0) continue;
      const own: SearchRow[] = [];
      for (const card of note.cards) own.push(searchRow(note, card));
      rowsOf.set(note, own);
      for (const row of own) rows.push(row);
    }
    this.rows = this.sorted(rows);
    this.indexRows = this.rows;
    this.index = new BrowserSearchIndex(this.rows);
    this.slots = Int32Array.from(this.rows, (_, slot) => slot);
    this.source = index;
    this.sourceVersion = index.version;
    this.rowsOf = rowsOf;
    this.refresh();
  }

  /** Indexes `count` more rows' text ahead of the first free-text search; false when all are done. */
  warm(count: number): boolean {
    return this.index.warm(count);
  }

  /** The notes whose cards' answers free text can't search yet: each is to be read and given to setAnswers. */
  notesToRead(): IndexedNote[] {
    return [...this.rowsOf.keys()];
  }

  /**
   * Gives a note's rows their answers, from the note's current text (null: it can't be read, and its
   * cards are searched without). Text the search index had already joined is made again from the rows.
   */
  setAnswers(note: IndexedNote, text: string | null, options: ParseOptions): void {
    const rows = this.rowsOf.get(note);
    if (rows === undefined) return;
    this.rowsOf.delete(note);
    const answers = text === null ? null : answersOf(text, options);
    for (const row of rows) setRowAnswer(row, answers?.get(row.card.key) ?? "");
    if (this.index.warmedAny()) this.index = new BrowserSearchIndex(this.indexRows);
  }

  /** Runs the current query again (the rows' answers arrived); the sort order stays. */
  searchAgain(): void {
    this.refresh();
  }

  /** Runs a query; a bad one keeps the last good result and sets `error`. */
  search(query: string): void {
    this.query = query;
    this.refresh();
  }

  sortBy(column: ColumnId, descending = this.sort.column === column ? !this.sort.descending : false): void {
    this.sort = { column, descending };
    const order = this.order(this.rows);
    this.rows = order.map((index) => this.rows[index]);
    this.slots = Int32Array.from(order, (index) => this.slots[index]);
    this.shown = this.sorted(this.shown);
  }

  private refresh(): void {
    const parsed = parseSearch(this.query);
    if (!parsed.ok) {
      this.error = parsed.error;
      return;
    }
    this.error = null;
    if (this.source !== null && this.source.version !== this.sourceVersion) {
      this.sourceVersion = this.source.version;
      this.index.cardsChanged();
    }
    const test = compileSearch(parsed.node, this.context(), this.index);
    const shown: SearchRow[] = [];
    const { rows, slots } = this;
    for (let at = 0; at < rows.length; at++) if (test(rows[at], slots[at])) shown.push(rows[at]);
    this.shown = shown;
  }

  private sorted(rows: SearchRow[]): SearchRow[] {
    return this.order(rows).map((index) => rows[index]);
  }

  /** The positions of `rows` in the current sort order. */
  private order(rows: readonly SearchRow[]): number[] {
    const now = this.context().now;
    const { column, descending } = this.sort;
    const keys = rows.map((row) => sortKey(column, row, now));
    const order = rows.map((_, index) => index);
    const direction = descending ? -1 : 1;
    order.sort((a, b) => {
      const x = keys[a];
      const y = keys[b];
      // Cards without a value stay at the end either way.
      if (x === Infinity || y === Infinity) return x === y ? a - b : x === Infinity ? 1 : -1;
      // Plain code-unit order: localeCompare is far too slow for 70,000 rows.
      const compared = typeof x === "number" && typeof y === "number" ? x - y : x < y ? -1 : x > y ? 1 : 0;
      return compared * direction || a - b;
    });
    return order;
  }
}
