import { cardId, type CardIndex, type CardRef, type IndexedNote } from "./card-index";
import { classify, dayKey, nextDayStart } from "../scheduling/day";
import { mayHoldConflict } from "../state/conflicts";
import { parseNote, pendingRenames } from "../notes/note";
import { CramQueue } from "./cram";
import { DueQueue, inScopeCounts, sameCard } from "./queue";
import type { GradeOutcome, Scheduler } from "../scheduling/scheduler";
import { sameState, withCardId } from "../state/state-codec";
import { undoWrite, writeCardState, type WriteReceipt } from "../state/state-writer";
import type { CardState, ParseOptions, Rating } from "../types";
import { editCardInText, type CardEdit } from "../manage/apply";
import { applyLeechRule, DEFAULT_LEECH_SETTINGS, type LeechSettings } from "../manage/leech";
import type { ActionEvent } from "../manage/records";

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
  /** Every grade today, learning steps included: Anki's "49 reviews today". */
  graded?: number;
  /** Time spent answering today, in ms (each answer counted up to a minute, as Anki does). */
  studyMs?: number;
  /** Card ids answered Again today: "cram today's forgotten cards". */
  forgotten?: string[];
  /** New cards allowed today beyond the daily limit (custom study: "extra new cards today"). */
  extraNew?: number;
}

/** Starts a new study day's progress in place when the day changed; returns true when it did. */
export function rollOverProgress(progress: DailyProgress, now: Date, dayStartHour: number): boolean {
  const today = dayKey(now, dayStartHour);
  if (progress.day === today) return false;
  progress.day = today;
  progress.newDone = 0;
  progress.reviewsDone = 0;
  progress.buried = [];
  progress.graded = 0;
  progress.studyMs = 0;
  progress.forgotten = [];
  progress.extraNew = 0;
  return true;
}

/**
 * New and review cards today's limits still allow: the one rule the review, the study pane and the
 * status bar all count with. Progress saved on an earlier study day counts as nothing done.
 */
export function limitsLeft(progress: DailyProgress, settings: SessionSettings, now: Date): { new: number; reviews: number } {
  const today = progress.day === dayKey(now, settings.dayStartHour);
  const newDone = today ? progress.newDone : 0;
  const reviewsDone = today ? progress.reviewsDone : 0;
  const extraNew = today ? (progress.extraNew ?? 0) : 0;
  return { new: Math.max(0, settings.newPerDay + extraNew - newDone), reviews: Math.max(0, settings.reviewsPerDay - reviewsDone) };
}

/**
 * What a session studies (Anki's custom study): the normal queue; reviews due within the next `days`
 * days as well (graded normally); or a cram of every card in scope, or of today's forgotten ones,
 * that writes nothing and changes no schedule.
 */
export type StudyMode = { kind: "normal" } | { kind: "ahead"; days: number } | { kind: "cram"; cards: "all" | "forgotten" };

/** What this session did, for the end-of-session screen. */
export interface SessionSummary {
  studied: number;
  again: number;
  /** Time spent answering, ms (each answer up to a minute). */
  timeMs: number;
}

/** An answer longer than this counts as this long toward time spent (Anki's "maximum answer seconds"). */
export const MAX_ANSWER_MS = 60_000;

export interface SessionSettings extends Partial<LeechSettings> {
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
  /** Card-management events (suspend, flag, leech, their undo) for the review log. */
  logAction?: (event: ActionEvent) => void;
  /** Randomness for new card ids; Math.random when absent. */
  random?: () => number;
  /** Which notes this session studies (a deck, one note); all when absent. */
  include?: (note: IndexedNote) => boolean;
  /** Custom study; the normal queue when absent. */
  mode?: StudyMode;
  /**
   * These cards only ("Review this card now", the card browser's "Review these now"), shown at once in
   * this order even when not due or past today's new-card limit; once graded, skipped or buried, each
   * follows its schedule like any card (a lapse brings it back after its learning step).
   */
  only?: readonly { path: string; key: string }[];
}

/** A grade's outcome: the state written, or null for a cram answer (which writes nothing); `leech`: this grade made the card a leech (the view announces it). */
export type GradeResult = { ok: true; state: CardState | null; leech?: boolean } | { ok: false; reason: string };
export type UndoResult = { ok: true; undone: UndoneAction } | { ok: false; reason: string };

interface GradeUndo {
  kind: "grade";
  ref: CardRef;
  receipt: WriteReceipt;
  before: CardState | null;
  after: CardState;
  /** The grade, or null for a card action (suspend, flag) taken in the review. */
  rating: Rating | null;
  counted: "new" | "review" | null;
  tookMs: number;
  /** The grade put the card on today's forgotten list (it was not there before). */
  forgot: boolean;
  /** When the entry was made: what the log's `undo` names. */
  time?: string;
}

/** Everything a session did can be undone: grades, cram answers, skips and burials. */
type UndoEntry = GradeUndo | { kind: "cram"; ref: CardRef; rating: Rating; tookMs: number } | { kind: "skip" | "bury"; ref: CardRef };

/** What the last undo took back, so the view can say so. */
export type UndoneAction = UndoEntry["kind"];

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
  readonly mode: StudyMode;
  private queue: DueQueue;
  private cram: CramQueue | null = null;
  /** The card answered last: not shown again next while another card is available. */
  private lastAnswered: CardRef | null = null;
  private readonly done: SessionSummary = { studied: 0, again: 0, timeMs: 0 };
  /**
   * New and due cards in scope today (see DueQueue.inScope), with the state of things they were counted
   * in (`waitingKey`): what today's limits hold back is these less the queue's. Counted when the queue
   * is built and kept up to date through this session's own one-card changes, so the header never
   * needs a pass over the vault.
   */
  private waiting: { key: string; new: number; due: number } | null = null;
  private readonly skipped = new Set<string>();
  private readonly undoStack: UndoEntry[] = [];
  private current: CardRef | null = null;
  private shownAt = 0;
  private indexVersion = -1;
  /** The text this session last wrote, and the note as it reads (see rememberWrite). */
  private lastWrite: { path: string; text: string; note: NoteForWrite } | null = null;
  /** The `only` cards, by cardId; null for a session over whole notes. */
  private readonly onlyIds: ReadonlySet<string> | null;
  /** `only` cards shown and dealt with: no longer put first when not due. */
  private readonly onlyDone = new Set<string>();
  revealed = false;
  /** True while a grade or undo is being written; further input waits for it. */
  busy = false;

  constructor(private readonly deps: SessionDeps) {
    this.mode = deps.mode ?? { kind: "normal" };
    this.onlyIds = deps.only === undefined ? null : new Set(deps.only.map((ref) => cardId(ref.path, ref.key)));
    this.queue = new DueQueue();
    this.rebuild();
  }

  /** Cards studied, Again answers and time spent in this session (undone answers not counted). */
  summary(): SessionSummary {
    return { ...this.done };
  }

  get isCram(): boolean {
    return this.mode.kind === "cram";
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
    if (this.mode.kind === "cram") {
      this.rebuildCram(excluded);
    } else {
      const left = limitsLeft(progress, settings, now);
      const ahead = this.mode.kind === "ahead";
      this.queue = DueQueue.build(this.deps.index, now, {
        dayStartHour: settings.dayStartHour,
        // Review ahead is reviews only, and is itself the request to go past today's review limit.
        newLeft: ahead ? 0 : left.new,
        reviewsLeft: ahead ? Infinity : left.reviews,
        excluded,
        include: this.deps.include,
        aheadDays: ahead ? this.mode.days : 0,
        includeCard: this.onlyIds === null ? undefined : (note, card) => this.onlyIds!.has(cardId(note.path, card.key)),
      });
      this.waiting = { key: this.waitingKey(now), ...this.queue.inScope };
      this.putOnlyCardsFirst(excluded);
    }
    this.indexVersion = this.deps.index.version;
    const keep = this.current && (this.findInIndex(this.current) ?? this.followRewording(this.current));
    if (keep && this.queueHolds(keep)) {
      this.current = keep;
    } else {
      this.revealed = false;
      this.showNext(now);
    }
  }

  /** The `only` cards go first, in their order, due or not, until each has been dealt with. */
  private putOnlyCardsFirst(excluded: ReadonlySet<string>): void {
    const only = this.deps.only;
    if (only === undefined) return;
    const first: CardRef[] = [];
    for (const { path, key } of only) {
      const id = cardId(path, key);
      if (this.onlyDone.has(id) || excluded.has(id)) continue;
      const note = this.deps.index.get(path);
      const card = note?.cards.find((candidate) => candidate.key === key);
      if (note === undefined || card === undefined) continue;
      const ref = { note, card };
      this.queue.remove(ref);
      first.push(ref);
    }
    this.queue.chosen = first;
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
    if (this.cram !== null) return { new: 0, learning: 0, due: this.cram.length };
    // The learning list is in due order as long as the index changed only through this session.
    return this.queue.counts(this.deps.clock(), this.deps.index.version === this.indexVersion);
  }

  /**
   * Cards in scope that today's limits keep out of the queue (new beyond the new-card limit, due
   * beyond the review limit); zero in review-ahead and cram, which have no daily limit.
   */
  heldBack(): { new: number; due: number } {
    if (this.mode.kind !== "normal") return { new: 0, due: 0 };
    const waiting = this.waitingNow(this.deps.clock());
    return { new: Math.max(0, waiting.new - this.queue.news.length), due: Math.max(0, waiting.due - this.queue.reviews.length) };
  }

  /** When only learning cards not yet due are left: the next one, to offer studying it now. */
  nextLearning(): { ref: CardRef; due: Date } | null {
    if (this.current !== null || this.cram !== null) return null;
    const ref = this.queue.nextLearning();
    return ref?.card.state ? { ref, due: new Date(Date.parse(ref.card.state.due)) } : null;
  }

  /** Shows the next learning card before its time (the user asked to). */
  studyNextLearningNow(): void {
    const next = this.nextLearning();
    if (next !== null) this.show(next.ref, this.deps.clock());
  }

  /**
   * When the next card becomes available, for the "done" screen: a learning step coming up, else the
   * earliest later review in scope, else the next study day when new cards wait behind today's limit.
   */
  nextDueAt(): Date | null {
    if (this.cram !== null) return null;
    const now = this.deps.clock();
    const learning = this.queue.nextDueAfter(now);
    if (learning !== null) return learning;
    const settings = this.deps.settings();
    const nextDay = nextDayStart(now, settings.dayStartHour).getTime();
    const excluded = new Set([...this.skipped, ...this.progress(now).buried]);
    let earliest = Infinity;
    for (const { note, card } of this.deps.index.cards()) {
      if (this.deps.include && !this.deps.include(note)) continue;
      if (card.state?.suspended === true) continue;
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
    if (this.cram !== null) return this.answerCram(ref, rating);
    this.busy = true;
    try {
      const now = this.deps.clock();
      const before = ref.card.state;
      const scheduler = this.deps.scheduler();
      const written: { state?: CardState; receipt?: WriteReceipt; before?: CardState | null; leech?: boolean } = {};
      const options = this.deps.parseOptions();
      try {
        await this.deps.store.process(ref.note.path, (text) => {
          // Recomputed on the note as it is now: another device or the user may have changed it.
          const note = this.noteForWrite(ref.note.path, text, options);
          // Unwritable first: broken YAML also hides frontmatter tags, and the YAML is what the user must fix.
          if (!note.writable) throw new RefusedEdit(`${ref.note.path}: ${note.problem}`);
          if (!note.tagged || !note.states.has(ref.card.key)) throw new RefusedEdit(`"${ref.card.key}" is no longer in ${ref.note.path}`);
          const current = note.states.get(ref.card.key) ?? null;
          const base = sameState(current, before) ? before : current;
          const leech = applyLeechRule(base, scheduler.grade(base, rating, now), { ...DEFAULT_LEECH_SETTINGS, ...this.deps.settings() });
          const after = withCardId(leech.state, this.deps.random);
          const result = writeCardState(text, ref.card.key, after, {
            stateProperty: options.stateProperty,
            order: note.order,
            // Edited questions whose history carried over get their stored key renamed in the same write.
            renames: note.renames,
          });
          if (!result.ok) throw new RefusedEdit(`${ref.note.path}: ${result.reason}`);
          this.rememberWrite(ref.note.path, text, result.text, note, ref.card.key, after);
          Object.assign(written, { state: after, receipt: result.receipt, before: current, leech: leech.became });
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
      this.changeOneCard(ref, () => this.deps.index.setState(ref.note.path, ref.card.key, state));
      // The index may have re-read the note since the queue was built: `ref.card` is then an old copy.
      const graded = this.findInIndex(ref) ?? { note: ref.note, card: { ...ref.card, state } };
      const counted = this.count(actualBefore, now, +1);
      const tookMs = Math.max(0, now.getTime() - this.shownAt);
      const forgot = this.recordAnswer(rating, tookMs, +1, ref, now);
      this.pushUndo({ kind: "grade", ref, receipt, before: actualBefore, after: state, rating, counted, tookMs, forgot });
      this.onlyDone.add(cardId(ref.note.path, ref.card.key));
      this.deps.appendLog({
        type: "review",
        time: now.toISOString(),
        note: ref.note.path,
        card: ref.card.key,
        rating,
        before: actualBefore,
        after: state,
        tookMs,
      });
      if (written.leech === true) this.deps.logAction?.({ type: "leech", time: now, note: ref.note.path, key: ref.card.key, before: actualBefore, after: state });
      this.queue.remove(ref);
      // A leech the rule suspended is never shown again.
      if ((state.state === "learning" || state.state === "relearning") && state.suspended !== true) this.queue.addLearning(graded);
      // Only this grade's own change is known to the queue; any other leaves it stale for refreshIfStale.
      if (!unseenChange) this.indexVersion = this.deps.index.version;
      this.lastAnswered = graded;
      this.showNext(now);
      return { ok: true, state, leech: written.leech === true };
    } finally {
      this.busy = false;
    }
  }

  /**
   * Undoes the last thing this session did — a grade (the note gets its previous bytes back), a cram
   * answer, a skip or a burial — and shows that card again.
   */
  async undo(): Promise<UndoResult> {
    const entry = this.undoStack[this.undoStack.length - 1];
    if (entry === undefined || this.busy) return { ok: false, reason: "nothing to undo" };
    if (entry.kind !== "grade") {
      this.undoStack.pop();
      this.undoWithoutWrite(entry);
      return { ok: true, undone: entry.kind };
    }
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
      if (entry.rating !== null) this.recordAnswer(entry.rating, entry.tookMs, -1, entry.ref, now, entry.forgot);
      if (entry.rating === null) {
        this.deps.logAction?.({ type: "undo", time: now, note: entry.ref.note.path, key: entry.ref.card.key, before: entry.after, after: entry.before, undoes: entry.time });
      } else this.deps.appendLog({
        type: "undo",
        time: now.toISOString(),
        note: entry.ref.note.path,
        card: entry.ref.card.key,
        rating: entry.rating,
        before: entry.before,
        after: entry.after,
        tookMs: 0,
      });
      this.lastAnswered = null;
      this.rebuild();
      const restored = this.findInIndex(entry.ref);
      if (restored !== null) this.show(restored, now);
      return { ok: true, undone: "grade" };
    } finally {
      this.busy = false;
    }
  }

  /** Leaves the card out for the rest of this session. */
  skip(): void {
    const ref = this.current;
    if (ref === null || this.busy) return;
    this.changeOneCard(ref, () => this.skipped.add(cardId(ref.note.path, ref.card.key)));
    this.pushUndo({ kind: "skip", ref });
    this.dropCurrent(ref, this.deps.clock());
  }

  /** Leaves the card out until the next study day, across restarts. */
  bury(): void {
    const ref = this.current;
    if (ref === null || this.busy) return;
    const now = this.deps.clock();
    const progress = this.progress(now);
    this.changeOneCard(ref, () => progress.buried.push(cardId(ref.note.path, ref.card.key)));
    this.deps.saveProgress(progress);
    this.pushUndo({ kind: "bury", ref });
    this.dropCurrent(ref, now);
  }

  /**
   * A card action on the card on screen (suspend, flag): its line written on the note's latest text, one
   * undo step, logged. A suspended card leaves the queue; a flagged one stays on screen.
   */
  async changeCurrentCard(type: "suspend" | "flag", transform: (state: CardState | null) => CardState): Promise<GradeResult> {
    const ref = this.current;
    if (ref === null || this.busy) return { ok: false, reason: "no card on screen" };
    this.busy = true;
    try {
      const options = this.deps.parseOptions();
      let edit: CardEdit | null = null;
      try {
        await this.deps.store.process(ref.note.path, (text) => {
          const result = editCardInText(text, ref.card.key, transform, options, this.deps.random);
          if (!result.ok) throw new RefusedEdit(`${ref.note.path}: ${result.reason}`);
          edit = result;
          return result.text;
        });
      } catch (error) {
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
      const done = edit as CardEdit | null;
      if (done === null || !done.ok) return { ok: false, reason: "nothing was written" };
      const now = this.deps.clock();
      this.lastWrite = null;
      const unseenChange = this.deps.index.version !== this.indexVersion;
      this.changeOneCard(ref, () => this.deps.index.setState(ref.note.path, ref.card.key, done.after));
      this.pushUndo({ kind: "grade", ref, receipt: done.receipt, before: done.before, after: done.after, rating: null, counted: null, tookMs: 0, forgot: false, time: now.toISOString() });
      this.deps.logAction?.({ type, time: now, note: ref.note.path, key: ref.card.key, before: done.before, after: done.after });
      const held = this.findInIndex(ref);
      if (done.after.suspended === true) this.dropCurrent(ref, now);
      else if (held !== null) this.current = held;
      if (!unseenChange) this.indexVersion = this.deps.index.version;
      return { ok: true, state: done.after };
    } finally {
      this.busy = false;
    }
  }

  // ---- internals -----------------------------------------------------------------------------------

  /** What the in-scope counts depend on besides the notes in scope: the index's content, the excluded cards, the study day. */
  private waitingKey(now: Date): string {
    const hour = this.deps.settings().dayStartHour;
    return `${this.deps.index.version}|${this.skipped.size}|${this.progress(now).buried.length}|${hour}|${dayKey(now, hour)}`;
  }

  /** The in-scope counts as they are now: kept ones when nothing else changed since, else counted over the notes in scope. */
  private waitingNow(now: Date): { new: number; due: number } {
    const key = this.waitingKey(now);
    if (this.waiting?.key === key) return this.waiting;
    const { new: news, due } = inScopeCounts(this.deps.index, now, { dayStartHour: this.deps.settings().dayStartHour, excluded: this.excludedNow(now), include: this.deps.include });
    this.waiting = { key, new: news, due };
    return this.waiting;
  }

  /**
   * Makes a change that touches one card only (its state in the index, or its being skipped or buried)
   * and moves that card between the in-scope counts accordingly, when they were up to date before it.
   */
  private changeOneCard(ref: CardRef, change: () => void): void {
    const now = this.deps.clock();
    const upToDate = this.waiting !== null && this.waiting.key === this.waitingKey(now);
    const before = upToDate ? this.waitingKind(ref, now) : null;
    change();
    if (!upToDate || this.waiting === null) return;
    const after = this.waitingKind(ref, now);
    if (before !== null) this.waiting[before]--;
    if (after !== null) this.waiting[after]++;
    this.waiting.key = this.waitingKey(now);
  }

  /** Which in-scope count the card is in now: as `waitingNow` counts it. */
  private waitingKind(ref: CardRef, now: Date): "new" | "due" | null {
    const found = this.findInIndex(ref);
    if (found === null || (this.deps.include && !this.deps.include(found.note))) return null;
    if (found.card.state?.suspended || this.excludedNow(now).has(cardId(found.note.path, found.card.key))) return null;
    const kind = classify(found.card.state, now, this.deps.settings().dayStartHour);
    return kind === "new" || kind === "due" ? kind : null;
  }

  private excludedNow(now: Date): Set<string> {
    return new Set([...this.skipped, ...this.progress(now).buried]);
  }

  private pushUndo(entry: UndoEntry): void {
    this.undoStack.push(entry);
    if (this.undoStack.length > MAX_UNDO) this.undoStack.shift();
  }

  /** Undo of what wrote nothing: the card is put back and shown. */
  private undoWithoutWrite(entry: Exclude<UndoEntry, GradeUndo>): void {
    const now = this.deps.clock();
    const id = cardId(entry.ref.note.path, entry.ref.card.key);
    if (entry.kind === "cram") {
      this.countInSummary(entry.rating, entry.tookMs, -1);
      this.cram?.putFirst(entry.ref);
    } else if (entry.kind === "skip") {
      this.skipped.delete(id);
      this.cram?.putFirst(entry.ref);
    } else {
      this.cram?.putFirst(entry.ref);
      const progress = this.progress(now);
      const at = progress.buried.indexOf(id);
      if (at !== -1) progress.buried.splice(at, 1);
      this.deps.saveProgress(progress);
    }
    this.lastAnswered = null;
    if (entry.kind !== "cram") this.rebuild();
    const restored = this.findInIndex(entry.ref);
    if (restored !== null) this.show(restored, now);
  }

  /** A cram answer: nothing is written, no schedule changes, no daily limit is used. */
  private answerCram(ref: CardRef, rating: Rating): GradeResult {
    const now = this.deps.clock();
    const tookMs = Math.max(0, now.getTime() - this.shownAt);
    this.countInSummary(rating, tookMs, +1);
    this.pushUndo({ kind: "cram", ref, rating, tookMs });
    this.cram?.answer(ref, rating === "again");
    this.lastAnswered = ref;
    this.showNext(now);
    return { ok: true, state: null };
  }

  /**
   * Counts an answer (or, with delta −1, its undo) in this session's summary and today's progress;
   * returns whether it put the card on today's forgotten list.
   */
  private recordAnswer(rating: Rating, tookMs: number, delta: 1 | -1, ref: CardRef, now: Date, forgot = false): boolean {
    const took = this.countInSummary(rating, tookMs, delta);
    const progress = this.progress(now);
    progress.graded = Math.max(0, (progress.graded ?? 0) + delta);
    progress.studyMs = Math.max(0, (progress.studyMs ?? 0) + delta * took);
    const forgotten = (progress.forgotten ??= []);
    const id = cardId(ref.note.path, ref.card.key);
    let added = false;
    if (delta > 0 && rating === "again" && !forgotten.includes(id)) {
      forgotten.push(id);
      added = true;
    } else if (delta < 0 && forgot) {
      const at = forgotten.indexOf(id);
      if (at !== -1) forgotten.splice(at, 1);
    }
    this.deps.saveProgress(progress);
    return added;
  }

  /** Counts an answer (or its undo) in this session's summary; returns the time it counts for. */
  private countInSummary(rating: Rating, tookMs: number, delta: 1 | -1): number {
    const took = Math.min(tookMs, MAX_ANSWER_MS);
    this.done.studied = Math.max(0, this.done.studied + delta);
    if (rating === "again") this.done.again = Math.max(0, this.done.again + delta);
    this.done.timeMs = Math.max(0, this.done.timeMs + delta * took);
    return took;
  }

  /** Cram: the chosen cards once, built when the session starts; later index changes only refresh them. */
  private rebuildCram(excluded: ReadonlySet<string>): void {
    if (this.mode.kind !== "cram") return;
    if (this.cram !== null) {
      this.cram.refresh((ref) => {
        const found = this.findInIndex(ref);
        return found === null || found.card.state?.suspended || excluded.has(cardId(found.note.path, found.card.key)) ? null : found;
      });
      return;
    }
    const forgotten = new Set(this.progress(this.deps.clock()).forgotten ?? []);
    const onlyForgotten = this.mode.cards === "forgotten";
    this.cram = new CramQueue(
      this.cramCards().filter((ref) => {
        const id = cardId(ref.note.path, ref.card.key);
        return !excluded.has(id) && (!onlyForgotten || forgotten.has(id));
      }),
    );
  }

  /** Every card in scope that may be shown (not suspended), in collection order. */
  private cramCards(): CardRef[] {
    const cards: CardRef[] = [];
    for (const note of this.deps.index.allNotes()) {
      if (this.deps.include && !this.deps.include(note)) continue;
      for (const card of note.cards) if (!card.state?.suspended) cards.push({ note, card });
    }
    return cards;
  }

  private dropCurrent(ref: CardRef, now: Date): void {
    this.onlyDone.add(cardId(ref.note.path, ref.card.key));
    this.queue.remove(ref);
    this.cram?.remove(ref);
    if (this.current === ref) this.showNext(now);
  }

  private showNext(now: Date): void {
    const next = this.cram !== null ? this.cram.peek(this.lastAnswered) : this.queue.peek(now, this.lastAnswered);
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
    // Changed in place, not copied (a 1,000-card note's map): nothing else holds this note's reading,
    // the last write's included, which was cleared above.
    note.states.set(key, state);
    this.lastWrite = { path, text: after, note };
  }

  /**
   * The card on screen after its question was reworded (edited from the review): the card that took
   * over its history, else — for a card without history — the card at the same place in its note,
   * when the note still has as many cards.
   */
  private followRewording(ref: CardRef): CardRef | null {
    const note = this.deps.index.get(ref.note.path);
    if (note === undefined) return null;
    const carried = note.cards.find((card) => card.storedKey === ref.card.key);
    if (carried !== undefined) return { note, card: carried };
    const at = ref.note.cards.findIndex((card) => card.key === ref.card.key);
    if (ref.card.state !== null || at === -1 || note.cards.length !== ref.note.cards.length) return null;
    const moved = note.cards[at];
    return moved.state === null && !ref.note.cards.some((card) => card.key === moved.key) ? { note, card: moved } : null;
  }

  private findInIndex(ref: CardRef): CardRef | null {
    // A renamed note keeps its cards array; find it there when its old path is gone.
    const note = this.deps.index.get(ref.note.path) ?? [...this.deps.index.allNotes()].find((candidate) => candidate.cards === ref.note.cards);
    const card = note?.cards.find((candidate) => candidate.key === ref.card.key);
    return note && card ? { note, card } : null;
  }

  private queueHolds(ref: CardRef): boolean {
    if (this.cram !== null) return this.cram.has(ref);
    const same = (other: CardRef): boolean => sameCard(other, ref);
    return this.queue.learning.some(same) || this.queue.reviews.some(same) || this.queue.news.some(same);
  }
}
