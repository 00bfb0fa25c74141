import { sameState } from "./state-codec";
import type { CardState, ParsedNote } from "../types";

/**
 * Duplicate questions (design.md Q5): the second card asking "Q" in a note is keyed "Q (2)", the third
 * "Q (3)". Keys follow positions, so a new `### Q` inserted above a reviewed one, or the first of two
 * deleted, shifts the keys of that question and would hand each stored history to another answer.
 * When a note changes, the stored entries of a repeated question follow the answers they belonged to:
 * the keys of that question are permuted, and no entry is ever dropped.
 */

/** What is remembered of a card between two versions of its note. */
export interface AnsweredCard {
  key: string;
  question: string;
  /** `answerPrint` of its answer. */
  answerPrint: number;
  state: CardState | null;
}

/** A stored entry to re-key: the entry under `from` (holding `state`) goes to `to`. */
export interface EntryMove {
  from: string;
  to: string;
  state: CardState;
}

/** Characters sampled at each end of an answer: an answer is told apart by its length and its ends. */
const SAMPLE = 48;

/**
 * A cheap fingerprint of an answer: its length and its first and last characters (FNV-1a). It only has
 * to tell the answers of one repeated question apart; equal prints count as no match (see below).
 */
export function answerPrint(answer: string): number {
  return answerPrintIn(answer, 0, answer.length);
}

/**
 * `answerPrint` of `text.slice(start, end)`, read in place (the parser keeps answers as positions). Four
 * FNV-1a lanes side by side (the head's and the tail's even and odd characters), mixed at the end: one
 * chain of 96 dependent steps per card would cost more than reading the characters.
 */
export function answerPrintIn(text: string, start: number, end: number): number {
  const headEnd = Math.min(end, start + SAMPLE);
  const tailStart = Math.max(headEnd, end - SAMPLE);
  let h0 = 0x811c9dc5 ^ (end - start);
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x050c5d1f;
  let h3 = 0x2b5a1f33;
  let at = start;
  for (; at + 1 < headEnd; at += 2) {
    h0 = Math.imul(h0 ^ text.charCodeAt(at), 0x01000193);
    h1 = Math.imul(h1 ^ text.charCodeAt(at + 1), 0x01000193);
  }
  if (at < headEnd) h0 = Math.imul(h0 ^ text.charCodeAt(at), 0x01000193);
  at = tailStart;
  for (; at + 1 < end; at += 2) {
    h2 = Math.imul(h2 ^ text.charCodeAt(at), 0x01000193);
    h3 = Math.imul(h3 ^ text.charCodeAt(at + 1), 0x01000193);
  }
  if (at < end) h2 = Math.imul(h2 ^ text.charCodeAt(at), 0x01000193);
  let hash = Math.imul(h0 ^ (h1 >>> 7), 0x01000193);
  hash = Math.imul(hash ^ h2, 0x01000193);
  hash = Math.imul(hash ^ (h3 >>> 11), 0x01000193);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/**
 * The moves that make every stored entry of a repeated question follow its answer from `before` (the
 * note's cards as indexed) to `after` (its cards now); `stored` holds the entries the note has now, key
 * → state. Within each repeated question the two versions are aligned as a diff aligns lines: cards
 * whose answer print is unique on both sides are anchors (they may have moved); between two anchors,
 * the remaining old and new cards are paired in order, as edits; an old card left over was deleted,
 * and its entry goes to a key no card uses, so nothing is lost and an undone deletion finds it again.
 * A question whose stored entries are not exactly what `before` showed (a sync brought re-keyed lines
 * with the edit) is left alone, and so are questions asked once before and after (renames.ts pairs those).
 */
export function followAnswers(before: readonly AnsweredCard[], after: readonly AnsweredCard[], stored: ReadonlyMap<string, CardState>): EntryMove[] {
  const beforeByQuestion = groupByQuestion(before);
  const afterByQuestion = groupByQuestion(after);
  const cardKeys = new Set(after.map((card) => card.key));
  const moves: EntryMove[] = [];
  // Stored keys by question (`Q`, `Q (2)`, … all under `Q`), found once for every group.
  const storedByQuestion = new Map<string, string[]>();
  for (const key of stored.keys()) {
    const question = /^(.*) \(\d+\)$/s.exec(key)?.[1];
    for (const base of question === undefined ? [key] : [key, question]) {
      const keys = storedByQuestion.get(base);
      if (keys === undefined) storedByQuestion.set(base, [key]);
      else keys.push(key);
    }
  }
  const keysOf = (question: string): string[] => storedByQuestion.get(question) ?? [];
  for (const [question, previous] of beforeByQuestion) {
    const current = afterByQuestion.get(question) ?? [];
    // Asked once before and after, under the same key: nothing to follow (an entry under `Q (2)` for the one `Q` is).
    if (previous.length < 2 && current.length < 2 && (current.length === 0 || previous.every((card) => card.key === current[0].key))) continue;
    const groupKeys = keysOf(question);
    const previousKeys = new Set(previous.map((card) => card.key));
    const untouched = previous.every((card) => (card.state === null ? !stored.has(card.key) : sameStoredState(stored.get(card.key), card.state)));
    if (!untouched || !previous.some((card) => card.state !== null)) continue;

    const matchOf = align(previous, current);
    const targetOf = new Map<string, string | null>();
    for (const card of previous) if (card.state !== null) targetOf.set(card.key, matchOf.get(card)?.key ?? null);
    const targeted = new Set([...targetOf.values()].filter((key): key is string => key !== null));
    // Entries `before` didn't show as cards (orphans) stay, unless an entry moves onto their key.
    const orphans = groupKeys.filter((key) => !previousKeys.has(key));
    const staying = new Set(orphans.filter((key) => !targeted.has(key)));
    const freeCardKeys = current.map((card) => card.key).filter((key) => !targeted.has(key) && !staying.has(key));
    const taken = (key: string): boolean => targeted.has(key) || staying.has(key) || cardKeys.has(key);
    let suffix = 2;
    const freshKey = (): string => {
      let key: string;
      do key = `${question} (${suffix++})`;
      while (taken(key));
      targeted.add(key);
      return key;
    };
    for (const key of orphans) {
      if (staying.has(key)) continue;
      // Displaced, with no answer known: a card nobody's history went to (an undone deletion), else a free key.
      const to = freeCardKeys.shift() ?? freshKey();
      targeted.add(to);
      moves.push({ from: key, to, state: stored.get(key)! });
    }
    for (const card of previous) {
      if (card.state === null) continue;
      const to = targetOf.get(card.key) ?? freshKey();
      if (to !== card.key) moves.push({ from: card.key, to, state: card.state });
    }
  }
  return moves;
}

/** Pairs old cards with new ones: unique answer prints first, then the rest in order between those anchors. */
function align(previous: readonly AnsweredCard[], current: readonly AnsweredCard[]): Map<AnsweredCard, AnsweredCard> {
  const matchOf = new Map<AnsweredCard, AnsweredCard>();
  const indexOf = new Map<AnsweredCard, number>(current.map((card, index) => [card, index]));
  const matched = new Set<AnsweredCard>();
  const previousPrints = cardsByPrint(previous);
  const currentPrints = cardsByPrint(current);
  for (const card of previous) {
    const match = currentPrints.get(card.answerPrint);
    if (match === undefined || match === AMBIGUOUS || previousPrints.get(card.answerPrint) === AMBIGUOUS) continue;
    matchOf.set(card, match);
    matched.add(match);
  }
  // Runs of unmatched old cards, each between two anchors; paired in order with the unmatched new cards there.
  let run: AnsweredCard[] = [];
  let lowerBound = -1;
  const closeRun = (upperBound: number): void => {
    if (run.length > 0 && lowerBound < upperBound) {
      const candidates: AnsweredCard[] = [];
      for (let index = lowerBound + 1; index < upperBound && candidates.length < run.length; index++) if (!matched.has(current[index])) candidates.push(current[index]);
      for (let index = 0; index < Math.min(run.length, candidates.length); index++) {
        matchOf.set(run[index], candidates[index]);
        matched.add(candidates[index]);
      }
    }
    run = [];
  };
  for (const card of previous) {
    const anchor = matchOf.get(card);
    if (anchor === undefined) {
      run.push(card);
      continue;
    }
    closeRun(indexOf.get(anchor)!);
    lowerBound = indexOf.get(anchor)!;
  }
  closeRun(current.length);
  return matchOf;
}

/** What `followAnswers` compares of a parsed note: a state counts under its own key only (not a renamed one). */
export function answeredCards(note: Pick<ParsedNote, "cards">): AnsweredCard[] {
  return note.cards.map((card) => ({ key: card.key, question: card.question, answerPrint: card.answerPrint, state: card.storedKey === undefined ? card.state : null }));
}

/** True when a question is asked more than once in the note (its later cards are keyed `Text (2)`, …). */
export function asksTwice(note: Pick<ParsedNote, "cards">): boolean {
  return note.cards.some((card) => card.key !== card.question);
}

/** The note's stored entries, key → state, as the parse found them (renamed and orphaned ones included). */
export function storedEntries(note: Pick<ParsedNote, "cards"> & { orphans: ReadonlyMap<string, CardState> }): Map<string, CardState> {
  const stored = new Map<string, CardState>(note.orphans);
  for (const card of note.cards) if (card.state !== null) stored.set(card.storedKey ?? card.key, card.state);
  return stored;
}

function groupByQuestion(cards: readonly AnsweredCard[]): Map<string, AnsweredCard[]> {
  const groups = new Map<string, AnsweredCard[]>();
  for (const card of cards) {
    const group = groups.get(card.question);
    if (group === undefined) groups.set(card.question, [card]);
    else group.push(card);
  }
  return groups;
}

/** Marks a print that more than one card has: equal answers are no evidence of which is which. */
const AMBIGUOUS = "ambiguous";

function cardsByPrint(cards: readonly AnsweredCard[]): Map<number, AnsweredCard | typeof AMBIGUOUS> {
  const byPrint = new Map<number, AnsweredCard | typeof AMBIGUOUS>();
  for (const card of cards) byPrint.set(card.answerPrint, byPrint.has(card.answerPrint) ? AMBIGUOUS : card);
  return byPrint;
}

function sameStoredState(stored: CardState | undefined, state: CardState): boolean {
  return stored !== undefined && sameState(stored, state);
}
