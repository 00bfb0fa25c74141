import { Notice } from "obsidian";
import type { LogEventType, LogRecord } from "../core/log/record";
import { flagState, resetState, suspendState, unsuspendState } from "../core/manage/actions";
import { actionRecord } from "../core/manage/records";
import { parseNote, pendingRenames } from "../core/notes/note";
import { cardId, type CardIndex } from "../core/study/card-index";
import type { NoteStore } from "../core/study/session";
import { withCardId } from "../core/state/state-codec";
import { writeCardState } from "../core/state/state-writer";
import type { CardState, ParseOptions } from "../core/types";
import type { CardActions, CardTarget } from "../ui/editor-badges/card-actions";
import type { StudyScope } from "../ui/host";

/**
 * The badge menu's actions on what main has today: the review view (with a one-card scope) and the
 * surgical writer through the plugin's note store, each change logged (design.md §7). The state
 * transforms are card management's (core/manage/actions.ts), as in the browser and card info.
 */
export interface CardActionDeps {
  index: () => CardIndex;
  store: NoteStore;
  parseOptions: () => ParseOptions;
  clock: () => Date;
  openReview: (scope: StudyScope) => Promise<void>;
  appendLog: (record: LogRecord) => void;
  deviceId: () => string;
  /** The index changed: views and badges follow. */
  notify: () => void;
  /** Leaves a card (by cardId) out of reviews until the next study day. */
  bury: (id: string) => void;
  showInfo: (target: CardTarget) => void;
}

export function createCardActions(deps: CardActionDeps): CardActions {
  const change = (target: CardTarget, type: Exclude<LogEventType, "review">, transform: (state: CardState | null, now: Date) => CardState): Promise<void> =>
    editCard(deps, target, type, transform);
  return {
    reviewCard: (target) => void deps.openReview({ kind: "card", path: target.path, key: target.key }),
    reviewNote: (path) => void deps.openReview({ kind: "note", path }),
    showInfo: (target) => deps.showInfo(target),
    setSuspended: (target, suspended) => change(target, suspended ? "suspend" : "unsuspend", suspended ? suspendState : unsuspendState),
    setFlag: (target, flag) => change(target, "flag", (state, now) => flagState(state, flag, now)),
    reset: (target) => change(target, "reset", resetState),
    bury: (target) => {
      const state = deps.index().get(target.path)?.cards.find((card) => card.key === target.key)?.state ?? null;
      deps.bury(cardId(target.path, target.key));
      deps.appendLog(logRecord(deps, "bury", target, state, state));
      deps.notify();
    },
  };
}

/** Changes the card's one state line on the note's latest text; refuses (with a notice) rather than guess. */
async function editCard(deps: CardActionDeps, target: CardTarget, type: Exclude<LogEventType, "review">, transform: (state: CardState | null, now: Date) => CardState): Promise<void> {
  const options = deps.parseOptions();
  const now = deps.clock();
  let change: { before: CardState | null; after: CardState } | null = null;
  try {
    await deps.store.process(target.path, (text) => {
      const note = parseNote(text, options);
      if (!note.writable) throw new Error(note.problems[0]?.message ?? "the note can't be written");
      const card = note.cards.find((candidate) => candidate.key === target.key);
      if (!note.tagged || card === undefined) throw new Error(`"${target.key}" is no longer in the note`);
      const after = withCardId(transform(card.state, now));
      const result = writeCardState(text, target.key, after, { stateProperty: options.stateProperty, order: note.cards.map((c) => c.key), renames: pendingRenames(note) });
      if (!result.ok) throw new Error(result.reason);
      change = { before: card.state, after };
      return result.text;
    });
  } catch (error) {
    new Notice(`Heading Flashcards: could not change "${target.key}": ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const done = change as { before: CardState | null; after: CardState } | null;
  if (done === null) return;
  deps.index().setState(target.path, target.key, done.after);
  deps.appendLog(logRecord(deps, type, target, done.before, done.after));
  deps.notify();
}

function logRecord(deps: CardActionDeps, type: Exclude<LogEventType, "review">, target: CardTarget, before: CardState | null, after: CardState | null): LogRecord {
  // The card's answer print, so its history can find its answer again after an unseen edit (design.md Q5).
  const answer = deps.index().get(target.path)?.cards.find((card) => card.key === target.key)?.answerPrint;
  return actionRecord(type, { time: deps.clock(), device: deps.deviceId(), note: target.path, key: target.key, answer }, before, after);
}
