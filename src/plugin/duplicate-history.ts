import type { EntryMove } from "../core/state/duplicate-history";
import { moveEntries } from "../core/state/move-entries";
import type { CardIndex } from "../core/study/card-index";

export interface DuplicateHistoryDeps {
  index: () => CardIndex;
  stateProperty: () => string;
  /** Edits a note on its latest text, one write per note at a time. */
  process: (path: string, edit: (text: string) => string) => Promise<void>;
  notify: () => void;
}

/**
 * Writes the re-keying that keeps a repeated question's histories with their answers (design.md Q5,
 * core/state/duplicate-history.ts) as soon as an edit shifts them: the previous version of the note is
 * known only now, so waiting for the next review would lose it. Only the moved entries' lines change;
 * a note that changed again meanwhile is left as it is (the moves no longer apply).
 */
export async function writeAnswerMoves(path: string, moves: readonly EntryMove[], deps: DuplicateHistoryDeps): Promise<void> {
  let written: string | null = null;
  try {
    await deps.process(path, (text) => {
      const result = moveEntries(text, moves, deps.stateProperty());
      written = result.ok && result.text !== text ? result.text : null;
      return written ?? text;
    });
  } catch (error) {
    console.warn(`Heading Flashcards: could not re-key repeated questions in ${path}`, error);
    return;
  }
  // The indexer takes this write for one of ours and skips it: the index learns the moved states here.
  if (written !== null) {
    deps.index().update(path, written);
    deps.notify();
  }
}
