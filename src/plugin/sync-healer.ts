import { Notice, TFile, type App } from "obsidian";
import { ReviewHistory } from "../core/log/history";
import type { LogRecord } from "../core/log/record";
import { healNote, movedWithItsAnswer, type HealAction } from "../core/state/healing";
import { findCopiedIds, type CopiedId } from "../core/state/copied-ids";
import type { CardIndex, IndexedNote } from "../core/study/card-index";
import type { ParseOptions } from "../core/types";

export interface SyncHealerDeps {
  index: () => CardIndex;
  records: () => readonly LogRecord[];
  parseOptions: () => ParseOptions;
  clock: () => Date;
  /** Edits a note on its latest text, one write per note at a time. */
  process: (path: string, edit: (text: string) => string) => Promise<void>;
  /** The index changed (views and status bar refresh). */
  notify: () => void;
}

/**
 * Heals what a sync engine did to state lines (design.md §2a, core/state/healing.ts): once the logs and
 * the index are read, and whenever a note changes from outside. Only notes that show damage (or whose
 * cards are older than a logged review) are read again; every write is announced in a notice.
 */
export class SyncHealer {
  private started = false;
  private history: ReviewHistory = ReviewHistory.empty;
  private historySize = -1;

  constructor(
    private readonly app: App,
    private readonly deps: SyncHealerDeps,
  ) {}

  /**
   * Looks at every note once, in slices that yield to the UI (a vault of 10,000 notes is a second of
   * work on a phone). A note changed meanwhile is healed by its own change event; one gone is skipped.
   */
  async start(): Promise<void> {
    this.started = true;
    // Notes holding a copied note's cards, found in one pass.
    const copies = new Set(this.copies().map((copy) => copy.path));
    const pause = slicer();
    for (const path of [...this.deps.index().allNotes()].map((note) => note.path)) {
      const note = this.deps.index().get(path);
      if (note === undefined) continue;
      if (this.needsHealing(note) || copies.has(note.path)) await this.heal(note.path, true);
      await pause();
    }
  }

  /** Cards that hold the id of a card in another note and are the copy (core/state/copied-ids.ts says which). */
  copies(): CopiedId[] {
    return findCopiedIds(this.deps.index().allNotes(), this.currentHistory());
  }

  /** Heals one note if it needs it; a no-op until `start`. */
  async heal(path: string, checked = false): Promise<void> {
    if (!this.started) return;
    const note = this.deps.index().get(path);
    if (note === undefined || !(checked || this.needsHealing(note) || this.copiedIds(note).size > 0)) return;
    const file = this.app.vault.getFileByPath(path);
    if (!(file instanceof TFile)) return;
    const options = this.deps.parseOptions();
    const context = { ...options, path, now: this.deps.clock(), history: this.currentHistory(), idsElsewhere: this.copiedIds(note) };
    let actions: HealAction[] = [];
    let refused: string | undefined;
    let written: string | null = null;
    try {
      await this.deps.process(path, (text) => {
        const healed = healNote(text, context);
        actions = healed.actions;
        refused = healed.refused;
        written = healed.text === text ? null : healed.text;
        return healed.text;
      });
    } catch (error) {
      refused = error instanceof Error ? error.message : String(error);
    }
    // The indexer takes this write for one of ours and skips it: the index learns the healed states here.
    if (written !== null) {
      this.deps.index().update(path, written);
      this.deps.notify();
    }
    if (actions.length > 0) new Notice(`Heading Flashcards healed ${path} after a sync:\n${actions.map((action) => action.message).join("\n")}`, 15_000);
    else if (refused !== undefined) new Notice(`Heading Flashcards could not heal ${path}: ${refused}`, 15_000);
  }

  /** Ids this note's cards share with a card in another note, where this note holds the copy. */
  private copiedIds(note: IndexedNote): Set<string> {
    const mine = new Set(note.cards.map((card) => card.state?.id).filter((id): id is string => id !== undefined));
    if (mine.size === 0) return mine;
    const copies = findCopiedIds(this.deps.index().allNotes(), this.currentHistory(), mine);
    return new Set(copies.filter((copy) => copy.path === note.path).map((copy) => copy.id));
  }

  /** Cheap test on the index: a line reported as damaged, two lines for a card, or a card older than its logged review. */
  private needsHealing(note: IndexedNote): boolean {
    if (note.problems.some((problem) => DAMAGE.some((sign) => problem.message.includes(sign)))) return true;
    const history = this.currentHistory();
    for (const card of note.cards) {
      const known = history.latest(card.state?.id, note.path, card.key);
      if (known === null || known.type !== "review" || known.after === null) continue;
      if (card.state === null && movedWithItsAnswer(note, card, known.card)) continue;
      const logged = known.after.last_review ?? known.time;
      if (card.state === null || card.state.last_review === null || Date.parse(card.state.last_review) < Date.parse(logged)) return true;
    }
    return false;
  }

  private currentHistory(): ReviewHistory {
    const records = this.deps.records();
    if (records.length !== this.historySize) {
      this.history = new ReviewHistory(records);
      this.historySize = records.length;
    }
    return this.history;
  }
}

/** How long the start's passes run before they yield to the UI. */
const SLICE_MS = 20;

/** A pause that yields to the UI once SLICE_MS have passed since the last one, and costs nothing otherwise. */
function slicer(): () => Promise<void> {
  let sliceStart = Date.now();
  return async () => {
    if (Date.now() - sliceStart < SLICE_MS) return;
    await new Promise((resolve) => window.setTimeout(resolve, 0));
    sliceStart = Date.now();
  };
}

/** What the reader says about damage healing can repair (state-block.ts, line-damage.ts, note.ts). */
// Merge conflicts are left to the next write and "Resolve state merge conflicts" (conflicts.ts).
const DAMAGE = ["(its checksum doesn't match)", "can't be read", "appears twice", "was broken apart"];
