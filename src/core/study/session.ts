import { cardId, type CardIndex, type CardRef, type IndexedNote } from "./card-index";
import { dayKey, nextDayStart } from "../scheduling/day";
import { mayHoldConflict } from "../state/conflicts";
import { parseNote, pendingRenames } from "../notes/note";
import { DueQueue } from "./queue";
import type { GradeOutcome, Scheduler } from "../scheduling/scheduler";
import { sameState, withCardId } from "../state/state-codec";
import { undoWrite, writeCardState, type WriteReceipt } from "../state/state-writer";
import type { CardState, ParseOptions, Rating } from "../types";

/**
 * A review session: show a card, reveal it, grade it, undo. It knows nothing of Obsidian; the adapter
 * hands it the index, a way to edit a note atomically, a clock, and somewhere to keep progress and the
 * review log.
 */

/** Edits a note atomically on its latest text (Obsidian's `Vault.process`). `edit` throws to refuse. */
export interface NoteStore {
  process(path: string, edit: (text: string) => string): Promise<void>;
}

/** Today's progress, kept across restarts; reset when the study day changes. */
export interface DailyProgress {
  day: string;
  newDone: number;
  reviewsDone: number;
  /** Card ids buried until tomorrow. */
  buried: string[];
}

/** Starts a new study day's progress in place when the day changed; returns true when it did. */
export function rollOverProgress(progress: DailyProgress, now: Date, dayStartHour: number): boolean {
  const today = dayKey(now, dayStartHour);
  if (progress.day === today) return false;
  progress.day = today;
  progress.newDone = 0;
  progress.reviewsDone = 0;
  progress.buried = [];
  return true;
}

export interface SessionSettings {
  dayStartHour: number;
  newPerDay: number;
  reviewsPerDay: number;
}

/** One line of the append-only review log. */
export interface ReviewLogRecord {
  type: "review" | "undo";
  /** ISO-8601 UTC time of the review (or of the undo). */
  time: string;
  note: string;
  card: string;
  rating: Rating;
  before: CardState | null;
  after: CardState;
  /** Milliseconds from showing the card to grading it. */
  tookMs: number;
}

export interface SessionDeps {
  index: CardIndex;
  scheduler: () => Scheduler;
  store: NoteStore;
  clock: () => Date;
  settings: () => SessionSettings;
  parseOptions: () => ParseOptions;
  /** Loaded progress; the session resets it when the day changes and calls `saveProgress` on changes. */
  progress: DailyProgress;
  saveProgress: (progress: DailyProgress) => void;
  appendLog: (record: ReviewLogRecord) => void;
  /** Randomness for new card ids; Math.random when absent. */
  random?: () => number;
  /** Which notes this session studies (a deck, one note); all when absent. */
  include?: (note: IndexedNote) => boolean;
  /**
   * One card only, shown at once even when it is not due ("Review this card now"); once graded, skipped
   * or buried it follows its schedule like any card (a lapse brings it back after its learning step).
   */
  only?: { path: string; key: string };
}

export type GradeResult = { ok: true; state: CardState } | { ok: false; reason: string };

interface UndoEntry {
  ref: CardRef;
  receipt: WriteReceipt;
  before: CardState | null;
  after: CardState;
  rating: Rating;
  counted: "new" | "review" | null;
}

/** Thrown inside a note edit to refuse it; nothing is written. */
export class RefusedEdit extends Error {}

const MAX_UNDO = 50;

/** A note as a grade sees it: its cards in order with their stored state, and whether it may be written. */
interface NoteForWrite {
  tagged: boolean;
  writable: boolean;
  problem: string;
  order: string[];
  states: Map<string, CardState | null>;
  renames: Map<string, string>;
  orphans: number;
  conflicted: boolean;
}

export class ReviewSession {
  private queue: DueQueue;
  private readonly skipped = new Set<string>();
  private readonly undoStack: UndoEntry[] = [];
  private current: CardRef | null = null;
  private shownAt = 0;
  private indexVersion = -1;
  /** The text this session last wrote, and the note as it reads (see rememberWrite). */
  private lastWrite: { path: string; text: string; note: NoteForWrite } | null = null;
  /** True once the `only` card has been shown and dealt with: it is no longer put first when not due. */
  private onlyDone = false;
  revealed = false;
  /** True while a grade or undo is being written; further input waits for it. */
  busy = false;

  constructor(private readonly deps: SessionDeps) {
    this.queue = new DueQueue();
    this.rebuild();
  }

  /** The card on screen, or null when nothing is left for now. */
  get card(): CardRef | null {
    return this.current;
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  /** Rebuilds the queue from the index (after notes changed), keeping the card on screen if it is still due. */
  rebuild(): void {
    const now = this.deps.clock();
    const progress = this.progress(now);
    const settings = this.deps.settings();
    const excluded = new Set([...this.skipped, ...progress.buried]);
    this.queue = DueQueue.build(this.deps.index, now, {
      dayStartHour: settings.dayStartHour,
      newLeft: settings.newPerDay - progress.newDone,
      reviewsLeft: settings.reviewsPerDay - progress.reviewsDone,
      excluded,
      include: this.deps.include,
      includeCard: this.deps.only && ((note, card) => note.path === this.deps.only!.path && card.key === this.deps.only!.key),
    });
    this.putOnlyCardFirst(excluded);
    this.indexVersion = this.deps.index.version;
    const keep = this.current && this.findInIndex(this.current);
    if (keep && this.queueHolds(keep)) {
      this.current = keep;
    } else {
      this.revealed = false;
      this.showNext(now);
    }
  }

  /** The `only` card goes first, due or not, until it has been dealt with. */
  private putOnlyCardFirst(excluded: ReadonlySet<string>): void {
    const only = this.deps.only;
    if (only === undefined || this.onlyDone || excluded.has(cardId(only.path, only.key))) return;
    const note = this.deps.index.get(only.path);
    const card = note?.cards.find((candidate) => candidate.key === only.key);
    if (note === undefined || card === undefined) return;
    const ref = { note, card };
    this.queue.remove(ref);
    this.queue.reviews.unshift(ref);
  }

  /** Rebuilds only if the index changed since the last build. */
  refreshIfStale(): void {
    if (this.deps.index.version !== this.indexVersion) this.rebuild();
  }

  /** Moves on when the current card is gone and a learning card has come due in the meantime. */
  tick(): void {
    if (this.current === null) this.showNext(this.deps.clock());
  }

  counts(): { new: number; learning: number; due: number } {
    return this.queue.counts(this.deps.clock());
  }

  /**
   * When the next card becomes available, for the "done" screen: a learning step coming up, else the
   * earliest later review in scope, else the next study day when new cards wait behind today's limit.
   */
  nextDueAt(): Date | null {
    const now = this.deps.clock();
    const learning = this.queue.nextDueAfter(now);
    if (learning !== null) return learning;
    const settings = this.deps.settings();
    const nextDay = nextDayStart(now, settings.dayStartHour).getTime();
    const excluded = new Set([...this.skipped, ...this.progress(now).buried]);
    let earliest = Infinity;
    for (const { note, card } of this.deps.index.cards()) {
      if (this.deps.include && !this.deps.include(note)) continue;
      const due = card.state === null || card.state.state === "new" ? -Infinity : Date.parse(card.state.due);
      // New cards, and due cards held back by a limit, a skip or a bury, come back with the next study day.
      const heldBack = due <= now.getTime() || excluded.has(cardId(note.path, card.key));
      earliest = Math.min(earliest, heldBack ? nextDay : due);
    }
    return Number.isFinite(earliest) ? new Date(earliest) : null;
  }

  reveal(): void {
    if (this.current !== null) this.revealed = true;
  }

  previews(): Record<Rating, GradeOutcome> | null {
    if (this.current === null) return null;
    return this.deps.scheduler().preview(this.current.card.state, this.deps.clock());
  }

  async grade(rating: Rating): Promise<GradeResult> {
    const ref = this.current;
    if (ref === null || this.busy) return { ok: false, reason: "no card to grade" };
    this.busy = true;
    try {
      const now = this.deps.clock();
      const before = ref.card.state;
      const scheduler = this.deps.scheduler();
      const written: { state?: CardState; receipt?: WriteReceipt; before?: CardState | null } = {};
      const options = this.deps.parseOptions();
      try {
        await this.deps.store.process(ref.note.path, (text) => {
          // Recomputed on the note as it is now: another device or the user may have changed it.
          const note = this.noteForWrite(ref.note.path, text, options);
          // Unwritable first: broken YAML also hides frontmatter tags, and the YAML is what the user must fix.
          if (!note.writable) throw new RefusedEdit(`${ref.note.path}: ${note.problem}`);
          if (!note.tagged || !note.states.has(ref.card.key)) throw new RefusedEdit(`"${ref.card.key}" is no longer in ${ref.note.path}`);
          const current = note.states.get(ref.card.key) ?? null;
          const after = withCardId(sameState(current, before) ? scheduler.grade(before, rating, now) : scheduler.grade(current, rating, now), this.deps.random);
          const result = writeCardState(text, ref.card.key, after, {
            stateProperty: options.stateProperty,
            order: note.order,
            // Edited questions whose history carried over get their stored key renamed in the same write.
            renames: note.renames,
          });
          if (!result.ok) throw new RefusedEdit(`${ref.note.path}: ${result.reason}`);
          this.rememberWrite(ref.note.path, text, result.text, note, ref.card.key, after);
          Object.assign(written, { state: after, receipt: result.receipt, before: current });
          return result.text;
        });
      } catch (error) {
        this.dropCurrent(ref, now);
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
      const state = written.state!;
      const receipt = written.receipt!;
      const actualBefore = written.before ?? null;
      const unseenChange = this.deps.index.version !== this.indexVersion;
      this.deps.index.setState(ref.note.path, ref.card.key, state);
      // The index may have re-read the note since the queue was built: `ref.card` is then an old copy.
      const graded = this.findInIndex(ref) ?? { note: ref.note, card: { ...ref.card, state } };
      const counted = this.count(actualBefore, now, +1);
      this.undoStack.push({ ref, receipt, before: actualBefore, after: state, rating, counted });
      if (this.deps.only !== undefined) this.onlyDone = true;
      if (this.undoStack.length > MAX_UNDO) this.undoStack.shift();
      this.deps.appendLog({
        type: "review",
        time: now.toISOString(),
        note: ref.note.path,
        card: ref.card.key,
        rating,
        before: actualBefore,
        after: state,
        tookMs: Math.max(0, now.getTime() - this.shownAt),
      });
      this.queue.remove(ref);
      if (state.state === "learning" || state.state === "relearning") this.queue.addLearning(graded);
      // Only this grade's own change is known to the queue; any other leaves it stale for refreshIfStale.
      if (!unseenChange) this.indexVersion = this.deps.index.version;
      this.showNext(now);
      return { ok: true, state };
    } finally {
      this.busy = false;
    }
  }

  /** Undoes the last grade of this session: the note gets its previous bytes back, the card comes back first. */
  async undo(): Promise<GradeResult> {
    const entry = this.undoStack[this.undoStack.length - 1];
    if (entry === undefined || this.busy) return { ok: false, reason: "nothing to undo" };
    this.busy = true;
    try {
      const options = this.deps.parseOptions();
      try {
        await this.deps.store.process(entry.ref.note.path, (text) => {
          const result = undoWrite(text, entry.receipt, { stateProperty: options.stateProperty });
          if (!result.ok) throw new RefusedEdit(`Can't undo: ${result.reason}`);
          return result.text;
        });
      } catch (error) {
        this.undoStack.pop();
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
      this.undoStack.pop();
      const now = this.deps.clock();
      this.deps.index.setState(entry.ref.note.path, entry.ref.card.key, entry.before);
      if (entry.counted !== null) this.adjustProgress(entry.counted, -1, now);
      this.deps.appendLog({
        type: "undo",
        time: now.toISOString(),
        note: entry.ref.note.path,
        card: entry.ref.card.key,
        rating: entry.rating,
        before: entry.before,
        after: entry.after,
        tookMs: 0,
      });
      this.rebuild();
      const restored = this.findInIndex(entry.ref);
      if (restored !== null) this.show(restored, now);
      return { ok: true, state: entry.after };
    } finally {
      this.busy = false;
    }
  }

  /** Leaves the card out for the rest of this session. */
  skip(): void {
    if (this.current === null) return;
    this.skipped.add(cardId(this.current.note.path, this.current.card.key));
    this.dropCurrent(this.current, this.deps.clock());
  }

  /** Leaves the card out until the next study day, across restarts. */
  bury(): void {
    if (this.current === null) return;
    const now = this.deps.clock();
    const progress = this.progress(now);
    progress.buried.push(cardId(this.current.note.path, this.current.card.key));
    this.deps.saveProgress(progress);
    this.dropCurrent(this.current, now);
  }

  // ---- internals -----------------------------------------------------------------------------------

  private dropCurrent(ref: CardRef, now: Date): void {
    if (this.deps.only !== undefined) this.onlyDone = true;
    this.queue.remove(ref);
    if (this.current === ref) this.showNext(now);
  }

  private showNext(now: Date): void {
    const next = this.queue.peek(now);
    if (next === null) {
      this.current = null;
      this.revealed = false;
      return;
    }
    this.show(next, now);
  }

  private show(ref: CardRef, now: Date): void {
    this.current = ref;
    this.revealed = false;
    this.shownAt = now.getTime();
  }

  /** Counts a graded card against today's limits; returns which limit it counted against. */
  private count(before: CardState | null, now: Date, delta: number): "new" | "review" | null {
    const kind = before === null || before.state === "new" ? "new" : before.state === "review" ? "review" : null;
    if (kind !== null) this.adjustProgress(kind, delta, now);
    return kind;
  }

  private adjustProgress(kind: "new" | "review", delta: number, now: Date): void {
    const progress = this.progress(now);
    if (kind === "new") progress.newDone = Math.max(0, progress.newDone + delta);
    else progress.reviewsDone = Math.max(0, progress.reviewsDone + delta);
    this.deps.saveProgress(progress);
  }

  /** Today's progress, reset first if the study day changed since it was saved. */
  private progress(now: Date): DailyProgress {
    const progress = this.deps.progress;
    if (rollOverProgress(progress, now, this.deps.settings().dayStartHour)) this.deps.saveProgress(progress);
    return progress;
  }

  /** What a grade needs to know of the note as it is now; parsed, unless it is exactly what this session just wrote. */
  private noteForWrite(path: string, text: string, options: ParseOptions): NoteForWrite {
    const last = this.lastWrite;
    if (last !== null && last.path === path && last.text === text) return last.note;
    const note = parseNote(text, options);
    return {
      tagged: note.tagged,
      writable: note.writable,
      problem: note.problems[0]?.message ?? "the note can't be written",
      order: note.cards.map((card) => card.key),
      states: new Map(note.cards.map((card) => [card.key, card.state])),
      renames: pendingRenames(note),
      orphans: note.orphans.size,
      conflicted: mayHoldConflict(text),
    };
  }

  /**
   * Keeps what the note is after this write, so grading the next card of the same note need not parse
   * it again. Only when the write changed nothing but the card's line (or added it): no renames, no
   * orphans (giving a card state can change which orphan pairs with which card), no merge conflict.
   */
  private rememberWrite(path: string, before: string, after: string, note: NoteForWrite, key: string, state: CardState): void {
    this.lastWrite = null;
    if (note.renames.size > 0 || note.orphans > 0 || note.conflicted || before === after) return;
    const states = new Map(note.states);
    states.set(key, state);
    this.lastWrite = { path, text: after, note: { ...note, states } };
  }

  private findInIndex(ref: CardRef): CardRef | null {
    // A renamed note keeps its cards array; find it there when its old path is gone.
    const note = this.deps.index.get(ref.note.path) ?? [...this.deps.index.allNotes()].find((candidate) => candidate.cards === ref.note.cards);
    const card = note?.cards.find((candidate) => candidate.key === ref.card.key);
    return note && card ? { note, card } : null;
  }

  private queueHolds(ref: CardRef): boolean {
    const same = (other: CardRef): boolean => other.note.path === ref.note.path && other.card.key === ref.card.key;
    return this.queue.learning.some(same) || this.queue.reviews.some(same) || this.queue.news.some(same);
  }
}
