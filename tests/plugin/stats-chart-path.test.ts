// The pass-rate line of the hourly chart: the path d3-shape's line() drew, without d3-shape in main.js.
import fc from "fast-check";
import { line } from "d3-shape";
import { describe, expect, it } from "vitest";
import { polyline } from "../../src/ui/stats/charts";

describe("polyline", () => {
  it("draws exactly d3-shape's line().defined() path, gaps and lone points included", () => {
    const value = fc.option(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 0.5, -0)), { nil: null, freq: 3 });
    fc.assert(
      fc.property(fc.array(value, { maxLength: 30 }), fc.double({ min: 0.1, max: 50, noNaN: true }), (values, step) => {
        const xOf = (index: number): number => 40 + index * step;
        const yOf = (v: number): number => 200 - v * 170;
        const d3 = line<number | null>()
          .defined((v) => v !== null)
          .x((_, index) => xOf(index))
          .y((v) => yOf(v ?? 0));
        expect(polyline(values, xOf, yOf)).toBe(d3(values) ?? "");
      }),
      { numRuns: 2000 },
    );
  });

  it("leaves hours without reviews as gaps", () => {
    expect(polyline([0.5, 1, null, 0, null, null, 0.25, 0.75], (i) => i * 10, (v) => v * 100)).toBe("M0,50L10,100M30,0ZM60,25L70,75");
  });
});
