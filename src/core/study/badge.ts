import { forgetting_curve, default_w } from "ts-fsrs";
import { classifier, instantMs } from "../scheduling/day";
import { formatInterval } from "../scheduling/scheduler";
import type { CardState, Flag } from "../types";

/**
 * What the small label after a question in the note says (issue 16): where the card stands now, in one
 * word, and the details in its tooltip. Pure: the editor and the Reading view only draw it.
 */
export type BadgeKind = "new" | "learning" | "due" | "later" | "suspended" | "leech" | "problem" | "unsaved";

export interface Badge {
  kind: BadgeKind;
  /** "new", "due", "in 3d", "learning", "suspended", "leech", or the problem in two words. */
  label: string;
  /** Lines for the tooltip. */
  tooltip: string;
  flag: Flag | null;
}

export type QuestionProblem = "duplicate" | "no-answer" | "no-text";

const PROBLEM_LABELS: Record<QuestionProblem, string> = { duplicate: "asked twice", "no-answer": "no answer", "no-text": "no question" };

const DAY_MS = 86_400_000;

/** A card's badge at `now`: suspension and leeches first (they decide whether it is shown at all), then its phase. */
export function cardBadge(state: CardState | null, now: Date, dayStartHour: number): Badge {
  const flag = state?.flag ?? null;
  const tooltip = badgeTooltip(state, now);
  if (state?.leech === true) return { kind: "leech", label: "leech", tooltip, flag };
  if (state?.suspended === true) return { kind: "suspended", label: "suspended", tooltip, flag };
  const kind = classifier(now, dayStartHour)(state);
  if (kind === "new") return { kind: "new", label: "new", tooltip, flag };
  if (state !== null && (state.state === "learning" || state.state === "relearning")) return { kind: "learning", label: "learning", tooltip, flag };
  if (kind === "due") return { kind: "due", label: "due", tooltip, flag };
  return { kind: "later", label: `in ${formatInterval(instantMs(state!.due) - now.getTime())}`, tooltip, flag };
}

/** A question the note reports as a problem: the problem takes the badge's place. */
export function problemBadge(problem: QuestionProblem, message: string): Badge {
  return { kind: "problem", label: PROBLEM_LABELS[problem], tooltip: capitalize(message), flag: null };
}

/** A question typed in the editor and not yet read from the saved note. */
export function unsavedBadge(): Badge {
  return { kind: "unsaved", label: "new", tooltip: "New question: it becomes a card once the note is saved, with an answer under it.", flag: null };
}

function badgeTooltip(state: CardState | null, now: Date): string {
  if (state === null || state.state === "new") {
    const lines = ["New card, not reviewed yet"];
    if (state !== null) lines.push(...managementLines(state));
    return lines.join("\n");
  }
  const dueMs = instantMs(state.due);
  const until = dueMs - now.getTime();
  const when = until <= 0 ? `${formatInterval(-until)} ago` : `in ${formatInterval(until)}`;
  const lines = [`Due ${localDateTime(new Date(dueMs))} (${when})`, `Stability ${roundTo(state.stability, 2)} d · difficulty ${roundTo(state.difficulty, 2)}`];
  const recall = retrievability(state, now);
  if (recall !== null) lines.push(`Retrievability ${Math.round(recall * 100)}%`);
  lines.push(`Reviews ${state.reps} · lapses ${state.lapses}`);
  lines.push(...managementLines(state));
  return lines.join("\n");
}

function managementLines(state: CardState): string[] {
  const lines: string[] = [];
  if (state.flag !== undefined) lines.push(`Flag: ${state.flag}`);
  if (state.leech === true) lines.push("Leech: forgotten again and again");
  if (state.suspended === true) lines.push("Suspended: never shown in reviews");
  return lines;
}

/** FSRS's probability of recalling the card now (default weights), or null for a card never reviewed. */
export function retrievability(state: CardState, now: Date): number | null {
  if (state.last_review === null || state.state === "new" || !(state.stability > 0)) return null;
  const elapsedDays = Math.max(0, (now.getTime() - instantMs(state.last_review)) / DAY_MS);
  return forgetting_curve(default_w, elapsedDays, state.stability);
}

/** `2026-11-29 08:00` in local time. */
function localDateTime(date: Date): string {
  const two = (value: number): string => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
