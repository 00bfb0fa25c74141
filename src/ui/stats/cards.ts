import type { StatsCard } from "../../core/stats/scope";
import { cardId } from "../../core/study/card-index";
import type { FlashcardsHost } from "../host";

/** The index's cards as the statistics see them, with today's buried cards marked. */
export function collectStatsCards(host: FlashcardsHost): StatsCard[] {
  const buried = new Set(host.progress().buried);
  const cards: StatsCard[] = [];
  for (const { note, card } of host.index.cards()) {
    const entry: StatsCard = { path: note.path, key: card.key, decks: note.decks, state: card.state };
    if (buried.size > 0 && buried.has(cardId(note.path, card.key))) entry.buried = true;
    cards.push(entry);
  }
  return cards;
}
