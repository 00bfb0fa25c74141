import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { transformSync } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { classifier, classify, dayKey, dayStart, LEARN_AHEAD_MS, nextDayStart } from "../../src/core/scheduling/day";
import type { CardState, Phase } from "../../src/core/types";

// The test config pins TZ=UTC, so in-process local time is UTC.
const at = (iso: string) => new Date(iso);

describe("study day (TZ=UTC)", () => {
  it("starts at 04:00: 03:59 still belongs to the previous day", () => {
    expect(dayStart(at("2026-05-10T03:59:59Z"), 4).toISOString()).toBe("2026-05-09T04:00:00.000Z");
    expect(dayKey(at("2026-05-10T03:59:59Z"), 4)).toBe("2026-05-09");
    expect(nextDayStart(at("2026-05-10T03:59:59Z"), 4).toISOString()).toBe("2026-05-10T04:00:00.000Z");
  });

  it("04:00 exactly opens the new day", () => {
    expect(dayStart(at("2026-05-10T04:00:00Z"), 4).toISOString()).toBe("2026-05-10T04:00:00.000Z");
    expect(dayKey(at("2026-05-10T04:00:00Z"), 4)).toBe("2026-05-10");
    expect(nextDayStart(at("2026-05-10T04:00:00Z"), 4).toISOString()).toBe("2026-05-11T04:00:00.000Z");
  });

  it("defaults to 4:00 and honours other hours, across month and year ends", () => {
    expect(dayKey(at("2027-01-01T03:00:00Z"))).toBe("2026-12-31");
    expect(dayKey(at("2027-01-01T00:00:00Z"), 0)).toBe("2027-01-01");
    expect(nextDayStart(at("2026-02-28T23:00:00Z"), 0).toISOString()).toBe("2026-03-01T00:00:00.000Z");
  });
});

/**
 * Runs day.ts in a child `node` with another TZ: the module is compiled with esbuild (type-only imports
 * vanish) and each case's results come back as JSON.
 */
const tempDir = mkdtempSync(join(tmpdir(), "day-test-"));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

function inZone(tz: string, instants: string[], hour = 4) {
  const modulePath = join(tempDir, "day.mjs");
  const source = readFileSync(new URL("../../src/core/scheduling/day.ts", import.meta.url), "utf8");
  writeFileSync(modulePath, transformSync(source, { loader: "ts", format: "esm" }).code);
  const script = `
    import { dayStart, nextDayStart, dayKey } from ${JSON.stringify(pathToFileURL(modulePath).href)};
    const out = ${JSON.stringify(instants)}.map((iso) => {
      const now = new Date(iso);
      const start = dayStart(now, ${hour}).toISOString();
      return { start, next: nextDayStart(now, ${hour}).toISOString(), key: dayKey(now, ${hour}) };
    });
    console.log(JSON.stringify(out));`;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    env: { ...process.env, TZ: tz },
    encoding: "utf8",
  });
  expect(child.stderr).toBe("");
  return JSON.parse(child.stdout) as { start: string; next: string; key: string }[];
}

describe("study day across DST (child process, TZ=Europe/Berlin)", () => {
  it("spring forward (2026-03-29, 02:00 → 03:00): a 23-hour day that still ends at 04:00 local", () => {
    // 01:30Z is 03:30 CEST, before 04:00: still the 28th's study day, which began at 04:00 CET = 03:00Z.
    const [beforeFour, afterFour] = inZone("Europe/Berlin", ["2026-03-29T01:30:00Z", "2026-03-29T02:00:00Z"]);
    expect(beforeFour).toEqual({
      start: "2026-03-28T03:00:00.000Z",
      next: "2026-03-29T02:00:00.000Z", // 04:00 CEST — not 03:00Z, which "+24h" would give
      key: "2026-03-28",
    });
    expect(afterFour).toEqual({
      start: "2026-03-29T02:00:00.000Z",
      next: "2026-03-30T02:00:00.000Z",
      key: "2026-03-29",
    });
  });

  it("fall back (2026-10-25, 03:00 → 02:00): a 25-hour day; 03:59/04:00 local still split the days", () => {
    const [noonBefore, at0359, at0400] = inZone("Europe/Berlin", [
      "2026-10-24T10:00:00Z",
      "2026-10-25T02:59:00Z", // 03:59 CET
      "2026-10-25T03:00:00Z", // 04:00 CET
    ]);
    expect(noonBefore).toEqual({
      start: "2026-10-24T02:00:00.000Z", // 04:00 CEST
      next: "2026-10-25T03:00:00.000Z", // 04:00 CET, 25 hours later
      key: "2026-10-24",
    });
    expect(at0359.key).toBe("2026-10-24");
    expect(at0359.next).toBe("2026-10-25T03:00:00.000Z");
    expect(at0400).toEqual({
      start: "2026-10-25T03:00:00.000Z",
      next: "2026-10-26T03:00:00.000Z",
      key: "2026-10-25",
    });
  });

  it("a day start hour east of UTC gives the local calendar date as key", () => {
    // 23:30Z on the 9th is 01:30 CEST on the 10th; with the day starting at midnight that is the 10th.
    const [late] = inZone("Europe/Berlin", ["2026-05-09T23:30:00Z"], 0);
    expect(late).toEqual({
      start: "2026-05-09T22:00:00.000Z",
      next: "2026-05-10T22:00:00.000Z",
      key: "2026-05-10",
    });
  });
});

describe("classify", () => {
  const now = at("2026-05-10T12:00:00Z");
  const card = (state: Phase, due: Date | string): CardState => ({
    due: typeof due === "string" ? due : due.toISOString().replace(".000Z", "Z"),
    stability: 2.3065,
    difficulty: 2.1181,
    reps: 1,
    lapses: 0,
    state,
    step: 0,
    last_review: "2026-05-10T11:00:00Z",
  });
  const plus = (ms: number) => new Date(now.getTime() + ms);

  it("a card never reviewed is new", () => {
    expect(classify(null, now, 4)).toBe("new");
    expect(classify({ ...card("new", now), reps: 0, last_review: null }, now, 4)).toBe("new");
  });

  it("learning and relearning cards count when due within 20 minutes, inclusive", () => {
    for (const phase of ["learning", "relearning"] as const) {
      expect(classify(card(phase, plus(-3600_000)), now, 4)).toBe("learning");
      expect(classify(card(phase, plus(LEARN_AHEAD_MS)), now, 4)).toBe("learning");
      expect(classify(card(phase, plus(LEARN_AHEAD_MS + 1000)), now, 4)).toBe("later");
    }
    expect(LEARN_AHEAD_MS).toBe(20 * 60 * 1000);
  });

  it("review cards are due before the next day start, exclusive", () => {
    expect(classify(card("review", "2026-05-11T03:59:59Z"), now, 4)).toBe("due");
    expect(classify(card("review", "2026-05-11T04:00:00Z"), now, 4)).toBe("later");
    expect(classify(card("review", "2026-04-01T00:00:00Z"), now, 4)).toBe("due");
    // The day start hour decides: with a midnight start, 03:59 tomorrow is no longer today.
    expect(classify(card("review", "2026-05-11T03:59:59Z"), now, 0)).toBe("later");
  });

  it("a review card is not pulled forward by the learn-ahead window", () => {
    const lateNight = at("2026-05-11T03:50:00Z");
    expect(classify(card("review", "2026-05-11T04:05:00Z"), lateNight, 4)).toBe("later");
  });
});

describe("classifier (string comparison of canonical instants)", () => {
  it("agrees with comparing the instants as numbers, for whole-second and millisecond due times", () => {
    const base = Date.parse("2026-05-10T00:00:00Z");
    fc.assert(
      fc.property(
        fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }),
        fc.integer({ min: 0, max: 86_400_000 }),
        fc.boolean(),
        fc.constantFrom<Phase>("learning", "relearning", "review"),
        fc.integer({ min: 0, max: 23 }),
        (dueOffset, nowOffset, wholeSeconds, phase, hour) => {
          const dueMs = wholeSeconds ? Math.floor((base + dueOffset) / 1000) * 1000 : base + dueOffset;
          const due = new Date(dueMs).toISOString().replace(".000Z", "Z");
          const now = new Date(base + nowOffset);
          const state: CardState = { due, stability: 1, difficulty: 5, reps: 1, lapses: 0, state: phase, step: 0, last_review: "2026-05-01T00:00:00Z" };
          const learning = phase !== "review";
          const expected = learning
            ? dueMs - now.getTime() <= LEARN_AHEAD_MS ? "learning" : "later"
            : dueMs < nextDayStart(now, hour).getTime() ? "due" : "later";
          expect(classifier(now, hour)(state)).toBe(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
