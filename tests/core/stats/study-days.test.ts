import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dayKey } from "../../../src/core/scheduling/day";
import { StudyDays } from "../../../src/core/stats/study-days";

describe("study days across a DST change (Europe/Berlin, spring forward on 2026-03-29)", () => {
  const zone = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = "Europe/Berlin";
  });
  afterAll(() => {
    process.env.TZ = zone;
  });

  it("starts every day at 4:00 local, so the day of the change has 23 hours", () => {
    const days = new StudyDays(new Date("2026-03-30T10:00:00+02:00"), 4);
    expect(new Date(days.startOf(0)).toISOString()).toBe("2026-03-30T02:00:00.000Z");
    expect(new Date(days.startOf(-1)).toISOString()).toBe("2026-03-29T02:00:00.000Z");
    expect(new Date(days.startOf(-2)).toISOString()).toBe("2026-03-28T03:00:00.000Z");
    expect(days.dayOf(Date.parse("2026-03-29T01:59:59Z"))).toBe(-2); // 3:59 local on the 29th
    expect(days.dayOf(Date.parse("2026-03-29T02:00:00Z"))).toBe(-1);
    expect(days.label(-1)).toBe("2026-03-29");
  });

  it("agrees with day.ts's dayKey for any instant within two years", () => {
    const now = new Date("2026-06-15T12:00:00Z");
    const days = new StudyDays(now, 4);
    fc.assert(
      fc.property(fc.integer({ min: -730 * 86_400_000, max: 730 * 86_400_000 }), (offset) => {
        const ms = now.getTime() + offset;
        expect(days.label(days.dayOf(ms))).toBe(dayKey(new Date(ms), 4));
      }),
      { numRuns: 2000 },
    );
  });
});
