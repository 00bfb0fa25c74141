import type { LogRecord } from "../core/log/record";
import type { EntryMove } from "../core/state/duplicate-history";
import { loggedAnswerPrints, mayHoldRepeatedEntries, movesFromLoggedAnswers } from "../core/state/logged-answers";
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

export interface LoggedAnswerDeps extends DuplicateHistoryDeps {
  /** Every device's review log, in time order. */
  records: () => readonly LogRecord[];
}

/**
 * A repeated question edited where the plugin could not see it (Obsidian closed, another program, a
 * sync that brought the edit before the note was first read): no previous version is known, but every
 * logged record of a card carries its answer print (core/state/logged-answers.ts). When the index first
 * sees a note — the startup build, once the logs are read, or a note arriving later — its entries are
 * put back on the answers the logs name, through `writeAnswerMoves`. Edits seen live are the indexer's
 * `onAnswersMoved`.
 */
export class LoggedAnswerFollower {
  private started = false;
  private prints = new Map<string, number>();
  private printsOf: readonly LogRecord[] | null = null;
  private printsSize = -1;

  constructor(private readonly deps: LoggedAnswerDeps) {}

  /** Looks at every indexed note once; call when both the index and the logs are read. */
  async start(): Promise<void> {
    this.started = true;
    for (const path of [...this.deps.index().allNotes()].filter(mayHoldRepeatedEntries).map((note) => note.path)) await this.follow(path);
  }

  /** Moves the note's entries onto their logged answers, if any sits elsewhere; a no-op until `start`. */
  async follow(path: string): Promise<void> {
    if (!this.started) return;
    const note = this.deps.index().get(path);
    if (note === undefined || !note.writable || !mayHoldRepeatedEntries(note)) return;
    const moves = movesFromLoggedAnswers(note, this.currentPrints());
    if (moves.length > 0) await writeAnswerMoves(path, moves, this.deps);
  }

  private currentPrints(): Map<string, number> {
    const records = this.deps.records();
    if (records !== this.printsOf || records.length !== this.printsSize) {
      this.prints = loggedAnswerPrints(records);
      this.printsOf = records;
      this.printsSize = records.length;
    }
    return this.prints;
  }
}
