import { describe, expect, it } from "vitest";
import { classify } from "../../../src/core/scheduling/day";
import { CardIndex, countByDeck } from "../../../src/core/study/card-index";
import { DueQueue } from "../../../src/core/study/queue";
import { DEFAULT_PARSE_OPTIONS, type CardState } from "../../../src/core/types";
import { state } from "../../support/builders";

// TZ=UTC in the test config: the study day starts at 04:00Z.
const NOW = new Date("2026-11-30T12:00:00Z");

const CASES: [string, CardState][] = [
  ["an overdue review card", state({ due: "2026-11-29T08:00:00Z" })],
  ["a learning card due now", state({ state: "learning", step: 1, due: "2026-11-30T11:59:00Z" })],
  ["a relearning card due soon", state({ state: "relearning", due: "2026-11-30T12:10:00Z" })],
  ["a new card with a state line", { due: "2026-11-30T12:00:00Z", stability: 0, difficulty: 0, reps: 0, lapses: 0, state: "new", step: 0, last_review: null }],
];

describe("a suspended card is never shown and counts nowhere as due", () => {
  it.each(CASES)("%s: studyable until suspended", (_, base) => {
    expect(classify(base, NOW, 4)).not.toBe("later");
    expect(classify({ ...base, suspended: true }, NOW, 4)).toBe("later");
  });

  it.each(CASES)("%s: left out of the queue and the counts once suspended", (_, base) => {
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    index.update("a.md", "---\ntags: [flashcards]\n---\n### Q\nA\n### Other\nB\n");
    index.setState("a.md", "Q", { ...base, suspended: true });
    index.setState("a.md", "Other", base);
    const queue = DueQueue.build(index, NOW, { dayStartHour: 4, newLeft: 20, reviewsLeft: 200, excluded: new Set() });
    const shown: string[] = [];
    for (let ref = queue.peek(NOW); ref !== null; ref = queue.peek(NOW)) {
      shown.push(ref.card.key);
      queue.remove(ref);
    }
    expect(shown).toEqual(["Other"]);
    const { total } = countByDeck(index, NOW, 4);
    expect(total.total).toBe(2);
    expect(total.new + total.learning + total.due).toBe(1);
  });
});
