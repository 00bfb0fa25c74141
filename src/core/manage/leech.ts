import type { CardState } from "../types";

/**
 * Leeches (design.md §3, Anki's rule): a card whose lapses reach the threshold, and every half-threshold
 * more (8, 12, 16… by default), is a leech: marked, and suspended unless the setting says mark only.
 */
export type LeechAction = "suspend" | "mark";

export interface LeechSettings {
  leechThreshold: number;
  leechAction: LeechAction;
}

export const DEFAULT_LEECH_SETTINGS: Readonly<LeechSettings> = Object.freeze({ leechThreshold: 8, leechAction: "suspend" });

/** True when a card that now has `lapses` lapses, having just lapsed, crosses a leech mark. */
export function isLeechLapse(lapses: number, threshold: number): boolean {
  if (threshold < 1 || lapses < threshold) return false;
  const every = Math.max(1, Math.ceil(threshold / 2));
  return (lapses - threshold) % every === 0;
}

/**
 * Applies the rule after a grade: `after` as written, with `leech` (and `suspended`) set when this grade
 * added a lapse that crosses a mark. `became` says whether it did, for the notice and the log.
 */
export function applyLeechRule(before: CardState | null, after: CardState, settings: LeechSettings): { state: CardState; became: boolean } {
  const lapsed = after.lapses > (before?.lapses ?? 0);
  if (!lapsed || !isLeechLapse(after.lapses, settings.leechThreshold)) return { state: after, became: false };
  const state: CardState = { ...after, leech: true };
  if (settings.leechAction === "suspend") state.suspended = true;
  return { state, became: true };
}
