import { describe, expect, it } from "vitest";
import { runToEnd } from "../../../src/core/optimizer/optimize";
import { RETENTIONS, simulateRetentions, type SimulatedCard } from "../../../src/core/optimizer/simulate";

describe("desired retention simulator", () => {
  const cards: SimulatedCard[] = [
    ...Array.from({ length: 300 }, (_, i) => [1 + (i % 40), 3 + (i % 6), i % 10, i % 15] as SimulatedCard),
    ...new Array<SimulatedCard>(400).fill(null),
  ];

  it("covers 0.70 to 0.97; higher retention costs more reviews a day and keeps more cards remembered", () => {
    expect(RETENTIONS[0]).toBe(0.7);
    expect(RETENTIONS.at(-1)).toBe(0.97);
    const points = runToEnd(simulateRetentions(cards, { newPerDay: 10, maximumInterval: 36500, seed: 1 }, [0.7, 0.8, 0.9, 0.97]));
    const reviews = points.map((point) => point.reviewsPerDay);
    const remembered = points.map((point) => point.remembered);
    for (let i = 1; i < points.length; i++) {
      expect(reviews[i]).toBeGreaterThan(reviews[i - 1]);
      expect(remembered[i]).toBeGreaterThan(remembered[i - 1]);
    }
    // Every card is introduced within the year (400 new at 10 a day) and counted once.
    expect(remembered[3]).toBeLessThanOrEqual(cards.length);
    expect(remembered[3]).toBeGreaterThan(0.8 * cards.length);
  });

  it("is deterministic for a seed", () => {
    const run = (): unknown => runToEnd(simulateRetentions(cards, { newPerDay: 10, maximumInterval: 36500, seed: 9 }, [0.85]));
    expect(run()).toEqual(run());
  });
});
