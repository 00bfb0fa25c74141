import { setIcon } from "obsidian";
import { countByDeck, type CardIndex, type IndexedNote } from "../core/study/card-index";
import { classify, dayKey, dayStart, nextDayStart } from "../core/scheduling/day";
import { limitsLeft, type DailyProgress, type ReviewSession, type SessionSettings, type SessionSummary } from "../core/study/session";

/**
 * The end of a session, as Anki's congratulations screen: what this session did (cards, time, Again
 * and pass rate), today's total, and what comes next — here and across the whole collection — with
 * ways to go on (study the next learning card now, study everything, study more).
 */

const MINUTE_MS = 60_000;

export interface DoneContext {
  session: ReviewSession;
  index: CardIndex;
  now: Date;
  settings: SessionSettings & { tag: string };
  progress: DailyProgress;
  /** Is a note in what this session studies? */
  inScope: (note: IndexedNote) => boolean;
  scopeIsAll: boolean;
}

export interface DoneActions {
  studyLearningNow(): void;
  studyAll(): void;
  studyMore(): void;
}

/** The lines of the done screen, in order, each with an optional action button. */
export interface DoneLine {
  cls: string;
  text: string;
  action?: { label: string; run: keyof DoneActions };
}

export function doneLines(context: DoneContext): DoneLine[] {
  const { session, now, settings } = context;
  const lines: DoneLine[] = [];
  const summary = session.summary();
  if (summary.studied > 0) lines.push(...summaryLines(summary, session.isCram));
  const graded = context.progress.day === dayKey(now, settings.dayStartHour) ? (context.progress.graded ?? 0) : 0;
  if (graded > 0 && !session.isCram) lines.push({ cls: "hf-done-today", text: graded === 1 ? "1 review today." : `${graded} reviews today.` });

  const notes = [...context.index.allNotes()].filter(context.inScope);
  if (notes.every((note) => note.cards.length === 0)) {
    lines.push({
      cls: "hf-done-next",
      text: context.scopeIsAll ? `No cards yet. Tag a note #${settings.tag}: each level-3 heading in it becomes a card.` : "There are no cards here.",
    });
    return lines;
  }
  if (session.isCram) return lines;

  const learning = session.nextLearning();
  // A learning card becomes available LEARN_AHEAD before it is due: nextDueAt says when.
  const available = learning === null ? null : session.nextDueAt();
  if (available !== null) {
    lines.push({ cls: "hf-done-next", text: `Next card in ${describeWait(available.getTime() - now.getTime())}.`, action: { label: "Study it now", run: "studyLearningNow" } });
  }
  const waiting = waitingIn(notes, now, settings.dayStartHour);
  const left = limitsLeft(context.progress, settings, now);
  if (waiting.new > 0 && left.new === 0) lines.push({ cls: "hf-done-limit", text: `Today's limit of ${plural(settings.newPerDay, "new card")} is reached; ${waiting.new} more wait.` });
  if (waiting.due > 0 && left.reviews === 0) lines.push({ cls: "hf-done-limit", text: `Today's limit of ${plural(settings.reviewsPerDay, "review")} is reached; ${waiting.due} more wait.` });
  if (learning === null && waiting.nextReview !== null) lines.push({ cls: "hf-done-next", text: describeNextReview(waiting.nextReview, now, settings.dayStartHour) });
  if (lines.every((line) => line.cls !== "hf-done-next" && line.cls !== "hf-done-limit") && (waiting.new > 0 || waiting.due > 0)) {
    lines.push({ cls: "hf-done-next", text: "The remaining cards were skipped or buried." });
  }
  if (!context.scopeIsAll) {
    const elsewhere = otherDecks(context);
    if (elsewhere !== null) lines.push({ cls: "hf-done-elsewhere", text: elsewhere, action: { label: "Study all", run: "studyAll" } });
  }
  return lines;
}

function plural(count: number, noun: string): string {
  return count === 1 ? `1 ${noun}` : `${count} ${noun}s`;
}

function summaryLines(summary: SessionSummary, cram: boolean): DoneLine[] {
  const cards = summary.studied === 1 ? "1 card" : `${summary.studied} cards`;
  const passed = summary.studied - summary.again;
  const rate = Math.round((passed / summary.studied) * 100);
  return [
    { cls: "hf-done-summary", text: `${cram ? "Crammed" : "Studied"} ${cards} in ${describeDuration(summary.timeMs)}.` },
    { cls: "hf-done-summary", text: `Again: ${summary.again} · pass rate ${rate}%.` },
  ];
}

/** New and due cards in scope (before limits), and the earliest review after today. */
function waitingIn(notes: IndexedNote[], now: Date, dayStartHour: number): { new: number; due: number; nextReview: number | null } {
  const endOfDay = nextDayStart(now, dayStartHour).getTime();
  let news = 0;
  let due = 0;
  let nextReview: number | null = null;
  for (const note of notes) {
    for (const card of note.cards) {
      if (card.state?.suspended) continue;
      const kind = classify(card.state, now, dayStartHour);
      if (kind === "new") news++;
      else if (kind === "due") due++;
      else if (kind === "later" && card.state !== null) {
        const at = Date.parse(card.state.due);
        if (at >= endOfDay && (nextReview === null || at < nextReview)) nextReview = at;
      }
    }
  }
  return { new: news, due, nextReview };
}

/** "Other decks have 12 new cards and 3 due." — what the whole collection still offers today, or null. */
function otherDecks(context: DoneContext): string | null {
  const { now, settings, progress } = context;
  const all = countByDeck(context.index, now, settings.dayStartHour, false, new Set(progress.buried)).total;
  const here = waitingIn([...context.index.allNotes()].filter(context.inScope), now, settings.dayStartHour);
  const left = limitsLeft(progress, settings, now);
  const news = Math.min(left.new, Math.max(0, all.new - here.new));
  const due = Math.min(left.reviews, Math.max(0, all.due - here.due)) + all.learning;
  if (news === 0 && due === 0) return null;
  const parts: string[] = [];
  if (news > 0) parts.push(news === 1 ? "1 new card" : `${news} new cards`);
  if (due > 0) parts.push(`${due} due`);
  return `Other decks have ${parts.join(" and ")}.`;
}

/** Builds the done screen into `el`. */
export function renderDone(el: HTMLElement, lines: DoneLine[], actions: DoneActions, canStudyMore: boolean): void {
  el.empty();
  const done = el.createDiv({ cls: "hf-done", attr: { role: "status" } });
  setIcon(done.createDiv("hf-done-icon"), "circle-check");
  done.createDiv({ cls: "hf-done-title", text: "All done for now" });
  const detail = done.createDiv("hf-done-detail");
  for (const line of lines) {
    const row = detail.createDiv({ cls: `hf-done-line ${line.cls}`, text: line.text });
    if (line.action) {
      const run = line.action.run;
      const button = row.createEl("button", { cls: "hf-done-action", text: line.action.label, attr: { type: "button" } });
      button.addEventListener("click", () => actions[run]());
    }
  }
  if (canStudyMore) {
    const more = done.createEl("button", { cls: "mod-cta hf-study-more-button", text: "Study more", attr: { type: "button" } });
    more.addEventListener("click", () => actions.studyMore());
  }
}

/** "8 minutes", "1 minute", "2 hours" — how long until a card becomes available. */
export function describeWait(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / MINUTE_MS));
  if (minutes < 60) return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours === 1 ? "1 hour" : `${hours} hours`;
}

/** "45 seconds", "3 minutes", "1 hour 5 minutes": time spent. */
export function describeDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `${hours === 1 ? "1 hour" : `${hours} hours`}${rest > 0 ? ` ${rest === 1 ? "1 minute" : `${rest} minutes`}` : ""}`;
}

/** "Next review tomorrow." or "Next review in 5 days." counted in study days. */
export function describeNextReview(dueMs: number, now: Date, dayStartHour: number): string {
  const days = Math.round((dayStart(new Date(dueMs), dayStartHour).getTime() - dayStart(now, dayStartHour).getTime()) / (24 * 60 * MINUTE_MS));
  if (days <= 0) return "Next review later today.";
  if (days === 1) return "Next review tomorrow.";
  return `Next review in ${days} days.`;
}
