import { loggedAnswerPrint, standingReviews, type LogRecord } from "../log/record";
import { parseNote } from "../notes/note";
import type { CardState, ParsedNote, ParseOptions } from "../types";
import { answeredCards, followAnswers, storedEntries, type AnsweredCard, type EntryMove } from "./duplicate-history";
import { moveEntries } from "./move-entries";

/**
 * A repeated question's histories found again from the review log (design.md Q5, §7). The plugin follows
 * an edit it sees (duplicate-history.ts compares the two versions); an edit made while it was closed, or
 * made outside it, leaves only the note as it is now. Every logged record of a card carries the card's
 * answer print at that time, so the log says which answer each stored entry (by its `id`) belonged to.
 */

/**
 * The latest answer print the logs hold for each card id: the last record in time, on any device, that
 * carries one. An undone review is no evidence (as for every reader of the log, record.ts); records
 * without a card id or a print are passed over.
 */
export function loggedAnswerPrints(records: readonly LogRecord[]): Map<string, number> {
  const latest = new Map<string, { time: number; print: number }>();
  let standing: Set<LogRecord> | null = null;
  for (const record of records) {
    const print = loggedAnswerPrint(record);
    if (print === undefined || record.card === "") continue;
    if (record.type === "review") {
      standing ??= new Set(standingReviews(records));
      if (!standing.has(record)) continue;
    }
    const time = Date.parse(record.time);
    const known = latest.get(record.card);
    if (known === undefined || time >= known.time) latest.set(record.card, { time, print });
  }
  return new Map([...latest].map(([card, { print }]) => [card, print]));
}

/**
 * The moves that put each stored entry of a repeated question on the card whose answer matches the
 * entry's last logged print. The stored entries of a question (`Q`, `Q (2)`, … in key order) stand for
 * the note as it was when they were written, the cards for the note now, and `followAnswers` aligns the
 * two as a diff: entries whose logged print is found once are anchors; entries without a print (never
 * logged with one, or an answer since edited) are paired in order between anchors; an entry whose answer
 * is gone goes to a key no card uses, so nothing is lost, and stays there (only its own answer, come back,
 * takes it again) — so a second run moves nothing. Without a logged print in a question, nothing
 * of it moves; when the entries already sit on their answers, there are no moves.
 */
export function movesFromLoggedAnswers(note: Pick<ParsedNote, "cards"> & { orphans: ReadonlyMap<string, CardState> }, prints: ReadonlyMap<string, number>): EntryMove[] {
  if (prints.size === 0) return [];
  const cardsPerQuestion = new Map<string, number>();
  for (const card of note.cards) cardsPerQuestion.set(card.question, (cardsPerQuestion.get(card.question) ?? 0) + 1);
  // Each stored entry under its question: `Q` itself, or `Q (n)` when `Q (n)` is not a question of its own.
  const groups = new Map<string, { key: string; rank: number; state: CardState }[]>();
  for (const [key, state] of storedEntries(note)) {
    let question = key;
    let rank = 1;
    if (!cardsPerQuestion.has(key)) {
      const numbered = /^(.*) \((\d+)\)$/s.exec(key);
      if (numbered === null || !cardsPerQuestion.has(numbered[1])) continue;
      question = numbered[1];
      rank = Number(numbered[2]);
    }
    const group = groups.get(question);
    if (group === undefined) groups.set(question, [{ key, rank, state }]);
    else group.push({ key, rank, state });
  }
  const cardKeys = new Set(note.cards.map((card) => card.key));
  const before: AnsweredCard[] = [];
  const stored = new Map<string, CardState>();
  let unknown = 0;
  for (const [question, entries] of groups) {
    if (entries.length < 2 && (cardsPerQuestion.get(question) ?? 0) < 2 && entries.every((entry) => cardKeys.has(entry.key))) continue;
    const printOf = (state: CardState): number | undefined => (state.id === undefined ? undefined : prints.get(state.id));
    if (!entries.some((entry) => printOf(entry.state) !== undefined)) continue;
    const answersNow = new Map<number, number>();
    for (const card of note.cards) if (card.question === question) answersNow.set(card.answerPrint, (answersNow.get(card.answerPrint) ?? 0) + 1);
    entries.sort((a, b) => a.rank - b.rank);
    for (const { key, state } of entries) {
      stored.set(key, state);
      const logged = printOf(state);
      // An entry under no card's key (a deleted card's, kept) moves only onto its own answer, found again:
      // paired by position, it would hand a deleted answer's history to a new card.
      if (!cardKeys.has(key) && (logged === undefined || answersNow.get(logged) !== 1)) continue;
      // No print: a value no answer has (prints are unsigned), unique, so the entry is paired by position.
      before.push({ key, question, answerPrint: logged ?? --unknown, state });
    }
  }
  if (before.length === 0) return [];
  return followAnswers(before, answeredCards(note), stored);
}

/** True when a note may hold entries of a repeated question (cheap: no log needed), so the log is worth asking. */
export function mayHoldRepeatedEntries(note: Pick<ParsedNote, "cards"> & { orphans: ReadonlyMap<string, CardState> }): boolean {
  for (const card of note.cards) if (card.key !== card.question || (card.storedKey !== undefined && / \(\d+\)$/.test(card.storedKey))) return true;
  for (const key of note.orphans.keys()) if (/ \(\d+\)$/.test(key)) return true;
  return false;
}

/** The moves, and the text with them made; `reason` says why they can't be written (the text is then unchanged). */
export type LoggedAnswersFollowed = { ok: true; text: string; moves: EntryMove[] } | { ok: false; reason: string; text: string; moves: EntryMove[] };

/**
 * A note's text with its repeated questions' entries moved onto their logged answers (every other byte as
 * it was), and the moves; the text itself when nothing moves or the note is not one to write to.
 */
export function followLoggedAnswers(text: string, prints: ReadonlyMap<string, number>, options: ParseOptions): LoggedAnswersFollowed {
  if (prints.size === 0) return { ok: true, text, moves: [] };
  const note = parseNote(text, options);
  if (!note.tagged || !note.writable || !mayHoldRepeatedEntries(note)) return { ok: true, text, moves: [] };
  const moves = movesFromLoggedAnswers(note, prints);
  if (moves.length === 0) return { ok: true, text, moves };
  const moved = moveEntries(text, moves, options.stateProperty);
  return moved.ok ? { ok: true, text: moved.text, moves } : { ok: false, reason: moved.reason, text, moves };
}
