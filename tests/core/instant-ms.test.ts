// instantMs reads the review log's `toISOString()` instants (milliseconds) as Date.parse does: statistics
// parse every logged review's time with it. (The canonical state-line form is covered in
// state-codec-fast-path.test.ts.)
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { instantMs } from "../../src/core/scheduling/day";

describe("instantMs on instants with milliseconds", () => {
  it("agrees with Date.parse on every toISOString() instant", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("0100-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59.999Z"), noInvalidDate: true }), (date) => {
        const iso = date.toISOString();
        expect(instantMs(iso)).toBe(Date.parse(iso));
      }),
      { numRuns: 20000 },
    );
  });

  it("agrees with Date.parse on ISO-like strings of that length, valid or not", () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, "0"));
    const fraction = fc.constantFrom(".000", ".999", ".5a1", ",123", "-123", ".1 2", "Z123");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), two(14), two(33), two(25), two(61), two(61), fraction, fc.constantFrom("Z", "z", "+"), (y, mo, d, h, mi, s, frac, end) => {
        const iso = `${String(y).padStart(4, "0")}-${mo}-${d}T${h}:${mi}:${s}${frac}${end}`;
        expect(Object.is(instantMs(iso), Date.parse(iso))).toBe(true);
      }),
      { numRuns: 20000 },
    );
  });
});
