import { default_w, forgetting_curve } from "ts-fsrs";
import { instantMs } from "../scheduling/day";
import type { CardState } from "../types";

const DAY_MS = 86_400_000;

/**
 * Probability of recalling the card now: FSRS's forgetting curve at the time since its last review
 * (fractional days, as Anki's card info shows it). Null for a card never reviewed.
 */
export function retrievability(state: CardState | null, now: Date, parameters: readonly number[] = default_w): number | null {
  if (state === null || state.last_review === null || state.state === "new" || !(state.stability > 0)) return null;
  const elapsed = Math.max(0, (now.getTime() - instantMs(state.last_review)) / DAY_MS);
  return forgetting_curve(parameters, elapsed, state.stability);
}

/** The interval the card was given at its last review, in whole days (0 for new cards and minute steps). */
export function intervalDays(state: CardState | null): number {
  if (state === null || state.last_review === null) return 0;
  return Math.max(0, Math.round((instantMs(state.due) - instantMs(state.last_review)) / DAY_MS));
}
