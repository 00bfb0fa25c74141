import { undoWrite, type WriteReceipt } from "../state/state-writer";
import type { CardIndex } from "../study/card-index";
import type { NoteStore } from "../study/session";
import type { CardState, ParseOptions } from "../types";
import { editCardInText } from "./apply";
import type { ActionEvent } from "./records";

/**
 * Card actions on many cards at once (the browser, card info): each card's own line only, one write per
 * note on its latest text; a note that can't be written is skipped and reported, the others go through;
 * the whole action is one undo step.
 */
export type BulkActionType = "suspend" | "unsuspend" | "flag" | "reset" | "reschedule";

export interface CardTarget {
  path: string;
  key: string;
}

export interface BulkOutcome {
  changed: number;
  skipped: { path: string; reason: string }[];
}

export interface BulkDeps {
  index: CardIndex;
  store: NoteStore;
  clock: () => Date;
  parseOptions: () => ParseOptions;
  log: (event: ActionEvent) => void;
  random?: () => number;
}

interface CardChange {
  key: string;
  receipt: WriteReceipt;
  before: CardState | null;
  after: CardState;
}

interface UndoStep {
  time: string;
  notes: { path: string; changes: CardChange[] }[];
}

const MAX_UNDO = 20;

export class BulkActions {
  private readonly undoStack: UndoStep[] = [];

  constructor(private readonly deps: BulkDeps) {}

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  async apply(type: BulkActionType, targets: readonly CardTarget[], transform: (state: CardState | null, target: CardTarget) => CardState): Promise<BulkOutcome> {
    const now = this.deps.clock();
    const options = this.deps.parseOptions();
    const outcome: BulkOutcome = { changed: 0, skipped: [] };
    const step: UndoStep = { time: now.toISOString(), notes: [] };
    for (const [path, keys] of byNote(targets)) {
      const changes: CardChange[] = [];
      try {
        await this.deps.store.process(path, (text) => {
          changes.length = 0;
          let current = text;
          for (const key of keys) {
            const edit = editCardInText(current, key, (state) => transform(state, { path, key }), options, this.deps.random);
            if (!edit.ok) throw new Error(`"${key}": ${edit.reason}`);
            if (edit.text !== current) changes.push({ key, receipt: edit.receipt, before: edit.before, after: edit.after });
            current = edit.text;
          }
          return current;
        });
      } catch (error) {
        outcome.skipped.push({ path, reason: error instanceof Error ? error.message : String(error) });
        continue;
      }
      for (const change of changes) {
        this.deps.index.setState(path, change.key, change.after);
        this.deps.log({ type, time: now, note: path, key: change.key, before: change.before, after: change.after });
      }
      outcome.changed += changes.length;
      if (changes.length > 0) step.notes.push({ path, changes });
    }
    if (step.notes.length > 0) {
      this.undoStack.push(step);
      if (this.undoStack.length > MAX_UNDO) this.undoStack.shift();
    }
    return outcome;
  }

  /** Takes back the last action: every note it changed gets its previous lines back, byte for byte. */
  async undo(): Promise<BulkOutcome | null> {
    const step = this.undoStack.pop();
    if (step === undefined) return null;
    const now = this.deps.clock();
    const { stateProperty } = this.deps.parseOptions();
    const outcome: BulkOutcome = { changed: 0, skipped: [] };
    for (const { path, changes } of step.notes) {
      try {
        await this.deps.store.process(path, (text) => {
          let current = text;
          for (const change of [...changes].reverse()) {
            const result = undoWrite(current, change.receipt, { stateProperty });
            if (!result.ok) throw new Error(`"${change.key}": ${result.reason}`);
            current = result.text;
          }
          return current;
        });
      } catch (error) {
        outcome.skipped.push({ path, reason: error instanceof Error ? error.message : String(error) });
        continue;
      }
      for (const change of changes) {
        this.deps.index.setState(path, change.key, change.before);
        this.deps.log({ type: "undo", time: now, note: path, key: change.key, before: change.after, after: change.before, undoes: step.time });
      }
      outcome.changed += changes.length;
    }
    return outcome;
  }
}

/** Targets grouped by note, in first-seen order, each card once. */
function byNote(targets: readonly CardTarget[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const { path, key } of targets) {
    const keys = groups.get(path);
    if (keys === undefined) groups.set(path, [key]);
    else if (!keys.includes(key)) keys.push(key);
  }
  return groups;
}

/** The card whose section holds 1-based `line`: the last heading at or above it. */
export function cardAtLine<T extends { line: number }>(cards: readonly T[], line: number): T | null {
  let found: T | null = null;
  for (const card of cards) if (card.line <= line) found = card;
  return found;
}
