import { describe, expect, it } from "vitest";
import { applyLeechRule, isLeechLapse } from "../../../src/core/manage/leech";
import { state } from "../../support/builders";

describe("leech rule (Anki's: at the threshold, then every half-threshold more)", () => {
  it.each([
    [7, 8, false],
    [8, 8, true],
    [9, 8, false],
    [11, 8, false],
    [12, 8, true],
    [16, 8, true],
    [4, 4, true],
    [6, 4, true],
    [7, 4, false],
    [1, 1, true],
    [2, 1, true],
    [5, 0, false],
  ])("%i lapses with threshold %i → leech %s", (lapses, threshold, expected) => {
    expect(isLeechLapse(lapses, threshold)).toBe(expected);
  });

  it.each([
    ["suspend", 7, 8, { leech: true, suspended: true }, true],
    ["mark", 7, 8, { leech: true }, true],
    ["suspend", 8, 8, {}, false], // no new lapse (a Good on a leech): nothing happens again
    ["suspend", 6, 7, {}, false],
  ] as const)("action %s, lapses %i → %i", (action, beforeLapses, afterLapses, fields, became) => {
    const before = state({ lapses: beforeLapses });
    const after = state({ lapses: afterLapses, state: "relearning" });
    const result = applyLeechRule(before, after, { leechThreshold: 8, leechAction: action });
    expect(result.became).toBe(became);
    expect(result.state).toEqual({ ...after, ...fields });
  });
});
