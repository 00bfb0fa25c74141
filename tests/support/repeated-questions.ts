// Shared by the tests of repeated questions (issue 10 point 13): a reviewed state per number, and a
// note's states read back by answer, the thing that must not change when histories move.
import { answerText, parseNote } from "../../src/core/notes/note";
import type { CardState } from "../../src/core/types";

export const OPTIONS = { tag: "flashcards", stateProperty: "srs" };

/** A distinct reviewed state (and id) for each number. */
export function reviewed(reps: number): CardState {
  return { due: "2026-12-10T08:00:00Z", stability: 2 + reps, difficulty: 5, reps, lapses: 0, state: "review", step: 0, last_review: "2026-11-26T08:00:00Z", id: `k${String(reps).padStart(5, "0")}` };
}

/** Each card's state, by its answer. */
export function statesByAnswer(text: string): Map<string, CardState | null> {
  return new Map(parseNote(text, OPTIONS).cards.map((card) => [answerText(text, card), card.state]));
}
