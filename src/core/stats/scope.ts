import type { CardState } from "../types";
import type { ReviewFact } from "./review-facts";

/** What the statistics cover: the whole collection, one deck with its sub-decks, or one note. */
export type StatsScope = { kind: "all" } | { kind: "deck"; deck: string } | { kind: "note"; path: string };

/** A card as the statistics see it: where it is now and its state. */
export interface StatsCard {
  path: string;
  key: string;
  decks: readonly string[];
  state: CardState | null;
  /** Buried until tomorrow (today's progress), counted apart in the card counts. */
  buried?: boolean;
}

/** Whether decks include `deck` or one of its sub-decks. */
export function inDeckNamed(decks: readonly string[], deck: string): boolean {
  return decks.some((name) => name === deck || (deck !== "/" && name.startsWith(`${deck}/`)));
}

/**
 * Decides which cards and reviews belong to a scope. A review follows its card: the card's state-line id
 * says where the card is now (renamed and moved notes keep their history); a review of a card the index
 * no longer knows is placed by the note path it was logged with.
 */
export class ScopeFilter {
  private readonly pathOfCard = new Map<string, string>();
  private readonly decksOfPath = new Map<string, readonly string[]>();

  constructor(cards: readonly StatsCard[]) {
    for (const card of cards) {
      if (card.state?.id !== undefined) this.pathOfCard.set(card.state.id, card.path);
      if (!this.decksOfPath.has(card.path)) this.decksOfPath.set(card.path, card.decks);
    }
  }

  cards(cards: readonly StatsCard[], scope: StatsScope): StatsCard[] {
    if (scope.kind === "all") return [...cards];
    if (scope.kind === "note") return cards.filter((card) => card.path === scope.path);
    return cards.filter((card) => inDeckNamed(card.decks, scope.deck));
  }

  facts(facts: readonly ReviewFact[], scope: StatsScope): ReviewFact[] {
    if (scope.kind === "all") return facts as ReviewFact[];
    const result: ReviewFact[] = [];
    for (const fact of facts) {
      const path = this.pathOf(fact);
      if (scope.kind === "note" ? path === scope.path : inDeckNamed(this.decksOf(path), scope.deck)) result.push(fact);
    }
    return result;
  }

  /** Where the reviewed card is now, or the note it was logged in when the index doesn't know it. */
  pathOf(fact: Pick<ReviewFact, "card" | "note">): string {
    return (fact.card !== "" ? this.pathOfCard.get(fact.card) : undefined) ?? fact.note;
  }

  /** The decks of an indexed note; none for a note the index doesn't hold. */
  decksOf(path: string): readonly string[] {
    return this.decksOfPath.get(path) ?? [];
  }
}
