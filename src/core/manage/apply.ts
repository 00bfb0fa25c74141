import { parseNote, pendingRenames } from "../notes/note";
import { withCardId } from "../state/state-codec";
import { writeCardState, type WriteReceipt } from "../state/state-writer";
import type { CardState, ParseOptions } from "../types";

/** A card action's change to one note: its new text, and what undo and the log need. */
export type CardEdit = { ok: true; text: string; before: CardState | null; after: CardState; receipt: WriteReceipt; answerPrint: number } | { ok: false; reason: string };

/**
 * Applies `transform` to card `key` as the note stands now (its latest text, not what an index once read),
 * changing that card's line only. Refuses, changing nothing, when the note can't be written or the card
 * is gone. A card written for the first time gets its id.
 */
export function editCardInText(
  text: string,
  key: string,
  transform: (current: CardState | null) => CardState,
  options: ParseOptions,
  random: () => number = Math.random,
): CardEdit {
  const note = parseNote(text, options);
  if (!note.writable) return { ok: false, reason: note.problems[0]?.message ?? "the note can't be written" };
  if (!note.tagged) return { ok: false, reason: `the note is no longer tagged #${options.tag}` };
  const card = note.cards.find((candidate) => candidate.key === key);
  if (card === undefined) return { ok: false, reason: `"${key}" is no longer in the note` };
  const before = card.state;
  const after = withCardId(transform(before), random);
  const result = writeCardState(text, key, after, { stateProperty: options.stateProperty, order: note.cards.map((c) => c.key), renames: pendingRenames(note) });
  if (!result.ok) return result;
  return { ok: true, text: result.text, before, after, receipt: result.receipt, answerPrint: card.answerPrint };
}
