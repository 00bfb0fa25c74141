import { locateFrontmatter } from "../notes/frontmatter";
import { splitLines } from "../notes/lines";
import { scanBody } from "../notes/markdown-scan";
import { PROBLEM_MESSAGES } from "../notes/note";
import { DEFAULT_PARSE_OPTIONS, type Card, type Problem } from "../types";
import { cardBadge, problemBadge, unsavedBadge, type Badge } from "./badge";
import type { IndexedNote } from "./card-index";

/**
 * Which card (or problem) each question written in a note stands for, by the index: the k-th question
 * with a text is the k-th card with that question (duplicates get `Text (2)` keys in the index). A
 * question the index does not know yet (typed, not saved) keeps the card its line stood for before the
 * edit, so rewording a question keeps its badge until the saved note says otherwise.
 */
export interface QuestionOnPage {
  text: string;
  /** The key this line stood for when it was last matched (before it was edited), if any. */
  key?: string;
}

export type QuestionTarget =
  | { kind: "card"; card: Card; problem: "duplicate" | null }
  | { kind: "problem"; problem: "no-answer" | "no-text"; message: string }
  | { kind: "unsaved" };

/**
 * The level-3 headings of a note's text as the card rules see them (code, comments and math hide them).
 * Tags don't matter here: the scanner is given one to look for so it skips the inline scan of every
 * heading line (`#` is a tag's first character), which would cost more than the rest of the scan.
 */
export function scanQuestions(text: string): { questions: { line: number; from: number; text: string }[]; bodyStart: number } {
  const lines = splitLines(text);
  const frontmatter = locateFrontmatter(lines);
  const bodyStart = frontmatter ? frontmatter.close + 1 : 0;
  const questions = scanBody(lines, bodyStart, DEFAULT_PARSE_OPTIONS.tag)
    .headings.filter((heading) => heading.level === 3)
    .map((heading) => ({ line: heading.line, from: lines.starts[heading.line], text: heading.text }));
  return { questions, bodyStart };
}

/** Per-note tables for matching questions to cards, built once per indexed version of the note. */
export interface NoteLookup {
  byQuestion: Map<string, Card[]>;
  byKey: Map<string, Card>;
  byLine: Map<number, Card>;
  problemCount: Map<string, number>;
  problemByLine: Map<number, Problem>;
}

const lookups = new WeakMap<IndexedNote, NoteLookup>();

/** The note's lookup tables. The index replaces a note's object when it re-reads it, so they are cached per object. */
export function noteLookup(note: IndexedNote): NoteLookup {
  let lookup = lookups.get(note);
  if (lookup !== undefined) return lookup;
  lookup = { byQuestion: new Map(), byKey: new Map(), byLine: new Map(), problemCount: new Map(), problemByLine: new Map() };
  for (const card of note.cards) {
    const same = lookup.byQuestion.get(card.question);
    if (same === undefined) lookup.byQuestion.set(card.question, [card]);
    else same.push(card);
    lookup.byKey.set(card.key, card);
    lookup.byLine.set(card.line, card);
  }
  for (const problem of note.problems) {
    lookup.problemCount.set(problem.message, (lookup.problemCount.get(problem.message) ?? 0) + 1);
    lookup.problemByLine.set(problem.line, problem);
  }
  lookups.set(note, lookup);
  return lookup;
}

/** What each question on the page stands for, in page order. */
export function resolveQuestions(note: IndexedNote, questions: readonly QuestionOnPage[]): QuestionTarget[] {
  const lookup = noteLookup(note);
  const seen = new Map<string, number>();
  const claimed = new Set<string>();
  const targets: (QuestionTarget | null)[] = questions.map((question) => {
    const occurrence = seen.get(question.text) ?? 0;
    seen.set(question.text, occurrence + 1);
    const card = lookup.byQuestion.get(question.text)?.[occurrence];
    if (card !== undefined) {
      claimed.add(card.key);
      return cardTarget(card);
    }
    return null;
  });
  const problemsSeen = new Map<string, number>();
  return targets.map((target, index) => {
    if (target !== null) return target;
    const { text, key: previousKey } = questions[index];
    const message = text === "" ? PROBLEM_MESSAGES.noText : PROBLEM_MESSAGES.noAnswer(text);
    const used = problemsSeen.get(message) ?? 0;
    if (used < (lookup.problemCount.get(message) ?? 0)) {
      problemsSeen.set(message, used + 1);
      return { kind: "problem", problem: text === "" ? "no-text" : "no-answer", message };
    }
    const renamed = previousKey === undefined ? undefined : lookup.byKey.get(previousKey);
    if (renamed !== undefined && !claimed.has(renamed.key)) {
      claimed.add(renamed.key);
      return cardTarget(renamed);
    }
    return { kind: "unsaved" };
  });
}

/** What the question on (1-based) `line` of the saved note stands for: the Reading view shows the saved note. */
export function questionAtLine(note: IndexedNote, line: number, text: string): QuestionTarget | null {
  const lookup = noteLookup(note);
  const card = lookup.byLine.get(line);
  if (card !== undefined && card.question === text) return cardTarget(card);
  const problem = lookup.problemByLine.get(line);
  if (problem !== undefined && (problem.message === PROBLEM_MESSAGES.noText || problem.message === PROBLEM_MESSAGES.noAnswer(text))) {
    return { kind: "problem", problem: text === "" ? "no-text" : "no-answer", message: problem.message };
  }
  return null;
}

/** The badge a target shows at `now`. */
export function targetBadge(target: QuestionTarget, now: Date, dayStartHour: number): Badge {
  if (target.kind === "unsaved") return unsavedBadge();
  if (target.kind === "problem") return problemBadge(target.problem, target.message);
  if (target.problem === "duplicate") {
    const badge = problemBadge("duplicate", PROBLEM_MESSAGES.askedTwice(target.card.question, target.card.key));
    return { ...badge, flag: target.card.state?.flag ?? null };
  }
  return cardBadge(target.card.state, now, dayStartHour);
}

/** A card as a target: a card kept under `Text (2)` is a duplicate question. */
export function cardTarget(card: Card): QuestionTarget {
  return { kind: "card", card, problem: card.key === card.question ? null : "duplicate" };
}
