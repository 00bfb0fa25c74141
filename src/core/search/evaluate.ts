import { cardId, type IndexedNote } from "../study/card-index";
import { classifier, dayStart, instantMs } from "../scheduling/day";
import { intervalDays, retrievability } from "../manage/memory";
import { FLAGS, type Card } from "../types";
import type { Comparison, PropName, SearchNode } from "./parse";

/**
 * One card as search sees it. The index keeps no answers: `answer` is the card's answer once read from
 * its note (until then free text matches the question and the note's name only). `text` (question,
 * answer and note name, lowercased) is made on first use.
 */
export interface SearchRow {
  note: IndexedNote;
  card: Card;
  answer?: string;
  text?: string;
}

/**
 * A compiled query's test. `slot` is the row's number in the SearchIndex it was compiled with (−1 without
 * one): kept answers are read by slot, without reading the row.
 */
export type RowTest = (row: SearchRow, slot: number) => boolean;

/**
 * What the card browser keeps between keystrokes (search-index.ts): plain free text answered over all
 * rows at once, and answers about a card's state kept per row while no card changes. Each returns a
 * test that gives the same answers as the function it is handed.
 */
export interface SearchIndex {
  /** Rows whose text contains `pattern` (lowercased, without wildcards). */
  text(pattern: string): RowTest;
  /** `test`, asked once per row; `key` names what it asks. */
  remember(key: string, test: (row: SearchRow) => boolean): RowTest;
  /** `read`, read once per row; `key` names what it reads. */
  number(key: string, read: (row: SearchRow) => number | null): (row: SearchRow, slot: number) => number | null;
}

/** Answers asked afresh of every row: what search does without an index (the CLI). */
const NO_INDEX: SearchIndex = {
  text: (pattern) => (row) => rowText(row).includes(pattern),
  remember: (_key, test) => test,
  number: (_key, read) => read,
};

export function searchRow(note: IndexedNote, card: Card, answer?: string): SearchRow {
  return answer === undefined ? { note, card } : { note, card, answer };
}

/** Gives the row its card's answer (read from the note's text); its search text is made again. */
export function setRowAnswer(row: SearchRow, answer: string): void {
  row.answer = answer;
  row.text = undefined;
}

/** The row's searchable text, lowercased once and kept. */
export function rowText(row: SearchRow): string {
  row.text ??= `${row.card.question}\n${row.answer ?? ""}\n${noteName(row.note.path)}`.toLowerCase();
  return row.text;
}

/** `lang/Spanish verbs.md` → `Spanish verbs`. */
export function noteName(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1);
  return base.toLowerCase().endsWith(".md") ? base.slice(0, -3) : base;
}

export interface SearchContext {
  now: Date;
  dayStartHour: number;
  /** Cards buried until the next study day (`cardId(path, key)`). */
  buried: ReadonlySet<string>;
  /**
   * Cards with a standing review at or after `sinceMs`: their state-line ids and `cardId(path, key)`s,
   * from the review log. Asked only when the query holds `rated:`.
   */
  reviewedSince: (sinceMs: number) => ReadonlySet<string>;
}

const DAY_MS = 86_400_000;

/**
 * Compiles a parsed query once into a test run on every card. What a term asks of a note (its decks, its
 * name) is worked out once per note; plain free text goes to `texts` when given.
 */
export function compileSearch(node: SearchNode, context: SearchContext, index: SearchIndex = NO_INDEX): RowTest {
  const classify = classifier(context.now, context.dayStartHour);
  const todayMs = dayStart(context.now, context.dayStartHour).getTime();
  const compile = (current: SearchNode): RowTest => {
    switch (current.kind) {
      case "all":
        return () => true;
      case "and": {
        const tests = current.items.map(compile);
        return (row, slot) => tests.every((test) => test(row, slot));
      }
      case "or": {
        const tests = current.items.map(compile);
        return (row, slot) => tests.some((test) => test(row, slot));
      }
      case "not": {
        const test = compile(current.item);
        return (row, slot) => !test(row, slot);
      }
      case "text": {
        const pattern = current.pattern.toLowerCase();
        if (!/[*_]/.test(pattern)) return index.text(pattern);
        const regex = globRegex(pattern, false);
        return (row) => regex.test(rowText(row));
      }
      case "deck": {
        const regex = globRegex(current.pattern, true);
        // A deck includes its sub-decks: `deck:lang` finds `lang/de`.
        return index.remember(`deck:${current.pattern}`, perNote((note) => note.decks.some((deck) => deckAndParents(deck).some((name) => regex.test(name)))));
      }
      case "note": {
        const regex = globRegex(current.pattern, true);
        return index.remember(`note:${current.pattern}`, perNote((note) => regex.test(noteName(note.path)) || regex.test(note.path.replace(/\.md$/i, ""))));
      }
      case "is": {
        const test = isTest(current.what, classify, context);
        // Due and buried change with the clock and the day's progress; the rest only with the card.
        return current.what === "due" || current.what === "buried" ? test : index.remember(`is:${current.what}`, test);
      }
      case "flag": {
        const wanted = current.flag === 0 ? undefined : FLAGS[current.flag - 1];
        return index.remember(`flag:${current.flag}`, (row) => row.card.state?.flag === wanted);
      }
      case "prop":
        return propTest(current.prop, current.op, current.value, context.now, todayMs, index);
      case "rated": {
        let reviewed: ReadonlySet<string> | null = null;
        const since = todayMs - (current.days - 1) * DAY_MS;
        return (row) => {
          reviewed ??= context.reviewedSince(since);
          const id = row.card.state?.id;
          return (id !== undefined && reviewed.has(id)) || reviewed.has(cardId(row.note.path, row.card.key));
        };
      }
    }
  };
  return compile(node);
}

/** A test of a row's note, asked once per note (a note holds ten cards on average, some a thousand). */
function perNote(test: (note: IndexedNote) => boolean): (row: SearchRow) => boolean {
  const answers = new Map<IndexedNote, boolean>();
  return (row) => {
    let answer = answers.get(row.note);
    if (answer === undefined) answers.set(row.note, (answer = test(row.note)));
    return answer;
  };
}

function isTest(what: string, classify: ReturnType<typeof classifier>, context: SearchContext): (row: SearchRow) => boolean {
  switch (what) {
    case "new":
      return (row) => row.card.state === null || row.card.state.state === "new";
    case "learn":
      return (row) => row.card.state?.state === "learning" || row.card.state?.state === "relearning";
    case "review":
      return (row) => row.card.state?.state === "review" || row.card.state?.state === "relearning";
    case "due":
      return (row) => {
        const kind = classify(row.card.state);
        return (kind === "due" || kind === "learning") && (context.buried.size === 0 || !context.buried.has(cardId(row.note.path, row.card.key)));
      };
    case "suspended":
      return (row) => row.card.state?.suspended === true;
    case "buried":
      return (row) => context.buried.size > 0 && context.buried.has(cardId(row.note.path, row.card.key));
    default:
      return (row) => row.card.state?.leech === true;
  }
}

function propTest(prop: PropName, op: Comparison, value: number, now: Date, todayMs: number, index: SearchIndex): RowTest {
  const readNow = (row: SearchRow): number | null => {
    const state = row.card.state;
    if (state === null || state.state === "new") return prop === "reps" || prop === "lapses" ? (state?.[prop] ?? 0) : null;
    switch (prop) {
      case "ivl":
        return state.state === "review" ? intervalDays(state) : null;
      case "due":
        return Math.floor((instantMs(state.due) - todayMs) / DAY_MS);
      case "reps":
        return state.reps;
      case "lapses":
        return state.lapses;
      case "s":
        return state.stability;
      case "d":
        return state.difficulty;
      case "r":
        return retrievability(state, now);
    }
  };
  // Due (days from today) and retrievability change with the clock; the rest only with the card.
  const read = prop === "due" || prop === "r" ? readNow : index.number(`prop:${prop}`, readNow);
  const compare = COMPARE[op];
  return (row, slot) => {
    const actual = read(row, slot);
    return actual !== null && compare(actual, value);
  };
}

const COMPARE: Record<Comparison, (a: number, b: number) => boolean> = {
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
  "=": (a, b) => a === b,
  "!=": (a, b) => a !== b,
};

function deckAndParents(deck: string): string[] {
  const names = [deck];
  for (let slash = deck.lastIndexOf("/"); slash > 0; slash = deck.lastIndexOf("/", slash - 1)) names.push(deck.slice(0, slash));
  return names;
}

/** Anki's wildcards: `*` any run of characters, `_` one character; whole-string when `whole`. */
function globRegex(pattern: string, whole: boolean): RegExp {
  const body = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/_/g, ".");
  return new RegExp(whole ? `^${body}$` : body, "is");
}
