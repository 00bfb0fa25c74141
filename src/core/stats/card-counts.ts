import { intervalDays, MATURE_DAYS } from "./review-facts";
import type { StatsCard } from "./scope";

/**
 * Panel 5: where the cards stand now, each counted once: suspended and buried first (whatever their
 * phase), then new, learning (learning and relearning), young (interval under 21 days) or mature.
 */
export interface CardCounts {
  new: number;
  learning: number;
  young: number;
  mature: number;
  suspended: number;
  buried: number;
  total: number;
}

export type CardCountKind = Exclude<keyof CardCounts, "total">;
export const CARD_COUNT_KINDS: readonly CardCountKind[] = ["new", "learning", "young", "mature", "suspended", "buried"];

/** `interval`: the card's intervalDays, when the caller has worked it out already. */
export function cardCountKind(card: StatsCard, interval?: number): CardCountKind {
  const state = card.state;
  if (state?.suspended === true) return "suspended";
  if (card.buried === true) return "buried";
  if (state === null || state.state === "new") return "new";
  if (state.state === "learning" || state.state === "relearning") return "learning";
  return (interval ?? intervalDays(state)) >= MATURE_DAYS ? "mature" : "young";
}

export function cardCounts(cards: readonly StatsCard[]): CardCounts {
  const counts: CardCounts = { new: 0, learning: 0, young: 0, mature: 0, suspended: 0, buried: 0, total: 0 };
  for (const card of cards) {
    counts[cardCountKind(card)]++;
    counts.total++;
  }
  return counts;
}
