import fc from "fast-check";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { checksum, decodeEntryLine, encodeEntry, isCardId, newCardId } from "../../src/core/state/state-codec";
import { FLAGS, type CardState, type Phase } from "../../src/core/types";
import { state } from "../support/builders";

const PHASES: Phase[] = ["new", "learning", "review", "relearning"];
const instant = fc.integer({ min: 0, max: 4_102_444_800 }).map((s) => new Date(s * 1000).toISOString().replace(".000Z", "Z"));
const decimal = fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 10_000);
const anyState: fc.Arbitrary<CardState> = fc
  .record(
    {
      due: instant,
      stability: decimal,
      difficulty: decimal,
      reps: fc.nat(1000),
      lapses: fc.nat(1000),
      state: fc.constantFrom(...PHASES),
      step: fc.nat(5),
      last_review: instant,
      id: fc.stringMatching(/^[a-df-z][a-z0-9]{5}$/),
      suspended: fc.constant(true),
      flag: fc.constantFrom(...FLAGS),
      leech: fc.constant(true),
    },
    { requiredKeys: ["due", "stability", "difficulty", "reps", "lapses", "state", "step", "last_review"] },
  );
const key = fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom("Bias", "Text (2)", "a: b"));

describe("state line v2 (design.md §2)", () => {
  it("writes id, management fields and the checksum last; leaves fields at their default out", () => {
    const line = encodeEntry("Bias", state({ id: "k3f9q2", suspended: true, flag: "blue", leech: true, step: 2 }));
    expect(line).toMatch(/^Bias: \{due: 2026-11-29T08:00:00Z, stability: 2\.3065, difficulty: 2\.1181, reps: 1, lapses: 0, state: review, step: 2, last: 2026-11-26T08:00:00Z, suspended: true, flag: blue, leech: true, id: k3f9q2, h: [a-df][0-9a-f]{6}\}$/);
    expect(encodeEntry("Bias", state())).not.toMatch(/step|suspended|flag|leech|id:/);
  });

  it("is deterministic and round-trips every state, with a valid checksum (property)", () => {
    fc.assert(
      fc.property(key, anyState, (k, s) => {
        const line = encodeEntry(k, s);
        expect(encodeEntry(k, { ...s })).toBe(line);
        expect(decodeEntryLine(`  ${line}`)).toEqual({ ok: true, key: k, state: s, indent: "  ", checksum: "valid" });
      }),
      { numRuns: 300 },
    );
  });

  it("finds a change of any one character of the line (property)", () => {
    const printable = fc.constantFrom(..."0123456789abcdefxyz:,{} -.TZ".split(""));
    fc.assert(
      fc.property(anyState, fc.nat(), printable, (s, where, replacement) => {
        const line = encodeEntry("Bias", s);
        const at = where % line.length;
        fc.pre(line[at] !== replacement);
        const changed = `  ${line.slice(0, at)}${replacement}${line.slice(at + 1)}`;
        const decoded = decodeEntryLine(changed);
        // Either the line no longer reads as a state, or it reads as one whose checksum fails, or the
        // change was only spacing that leaves every value as it was.
        if (decoded.ok && decoded.checksum === "valid") expect({ key: decoded.key, state: decoded.state }).toEqual({ key: "Bias", state: s });
      }),
      { numRuns: 2000 },
    );
  });

  it("reads lines of the first release (no id, no h, explicit step) as they are", () => {
    const legacy = "  Bias: {due: 2026-11-29T08:00:00Z, stability: 2.3065, difficulty: 2.1181, reps: 1, lapses: 0, state: review, step: 0, last: 2026-11-26T08:00:00Z}";
    expect(decodeEntryLine(legacy)).toEqual({ ok: true, key: "Bias", state: state(), indent: "  ", checksum: "absent" });
  });

  it("reports a line whose values were changed by hand", () => {
    const line = encodeEntry("Bias", state({ id: "k3f9q2" })).replace("reps: 1", "reps: 7");
    expect(decodeEntryLine(`  ${line}`)).toMatchObject({ ok: true, checksum: "invalid" });
  });

  it("checks the checksum on the YAML path too (a line in another spacing or quoting)", () => {
    const s = state({ id: "k3f9q2" });
    const h = checksum(encodeEntry("Bias", s).replace(/, h: [a-f0-9]+\}$/, ""));
    const respaced = `  "Bias":   {due: '2026-11-29T08:00:00Z', stability: 2.3065, difficulty: 2.1181, reps: 1, lapses: 0, state: review, last: 2026-11-26T08:00:00Z, id: k3f9q2, h: ${h}}`;
    expect(decodeEntryLine(respaced)).toEqual({ ok: true, key: "Bias", state: s, indent: "  ", checksum: "valid" });
  });

  it("makes ids and checksums that every YAML reader keeps as text (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 6, maxLength: 6 }), (draws) => {
        let i = 0;
        const id = newCardId(() => draws[i++]);
        expect(isCardId(id)).toBe(true);
        expect(YAML.parse(`id: ${id}`, { version: "1.1" })).toEqual({ id });
        expect(YAML.parse(`id: ${id}`)).toEqual({ id });
      }),
    );
    fc.assert(
      fc.property(fc.string(), (body) => {
        const h = checksum(body);
        expect(h).toMatch(/^[a-df][0-9a-f]{6}$/);
        expect(YAML.parse(`h: ${h}`, { version: "1.1" })).toEqual({ h });
      }),
    );
  });
});

describe("identity and management fields across reviews", () => {
  it("a grade keeps the card's id, suspension, flag and leech mark; a first grade gets a new id", async () => {
    const { Scheduler } = await import("../../src/core/scheduling/scheduler");
    const { withCardId } = await import("../../src/core/state/state-codec");
    const scheduler = new Scheduler({ fuzz: false });
    const now = new Date("2026-12-01T08:00:00Z");
    const marked = state({ id: "k3f9q2", suspended: true, flag: "red", leech: true });
    expect(scheduler.grade(marked, "good", now)).toMatchObject({ id: "k3f9q2", suspended: true, flag: "red", leech: true });
    const first = withCardId(scheduler.grade(null, "good", now), () => 0.5);
    expect(first.id).toBe("niiiii"); // 0.5 picks the middle of each alphabet: "abcdfghijklm|n…", "0…h|i…z"
    expect(withCardId(first, () => 0)).toBe(first);
  });
});
