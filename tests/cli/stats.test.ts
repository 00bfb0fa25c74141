// `flashcards stats`: the JSON shape with numbers worked out by hand (the log of
// tests/core/stats/known-log.ts over a small vault whose notes hold the cards' states).
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../support/cli";
import { serialiseRecord } from "../../src/core/log/record";
import { RECORDS } from "../core/stats/known-log";

const NOTE = `---
tags: [flashcards]
srs:
  A: {due: 2026-12-20T08:00:00Z, stability: 30, difficulty: 5, reps: 3, lapses: 0, state: review, last: 2026-11-26T08:00:00Z, id: kaaa1}
  B: {due: 2026-11-28T08:00:00Z, stability: 2, difficulty: 5, reps: 3, lapses: 0, state: review, last: 2026-11-26T09:00:00Z, id: kbbb1}
  C: {due: 2026-11-20T08:00:00Z, stability: 9, difficulty: 5, reps: 3, lapses: 0, state: review, last: 2026-11-10T08:00:00Z, id: keee1, suspended: true}
  E: {due: 2026-11-26T09:10:00Z, stability: 0.5, difficulty: 8, reps: 4, lapses: 1, state: relearning, last: 2026-11-26T09:00:00Z, id: kccc1}
---
### A
a
### B
b
### C
c
### D
d
### E
e
`;


/** A vault with the note, and the known log split over two device files in the plugin's logs folder. */
function vault(): { root: string; logs: string } {
  const root = mkdtempSync(path.join(tmpdir(), "hf-stats-"));
  writeFileSync(path.join(root, "cards.md"), NOTE);
  // The config folder is found, whatever its name (a setting in Obsidian).
  const logs = path.join(root, ".config-dir/plugins/heading-flashcards/logs");
  mkdirSync(logs, { recursive: true });
  for (const device of ["phone", "laptop"]) {
    writeFileSync(path.join(logs, `${device}.jsonl`), RECORDS.filter((record) => record.device === device).map(serialiseRecord).join(""));
  }
  return { root, logs };
}

const EXPECTED = {
  now: "2026-11-26T10:00:00.000Z",
  // A mature (24 d), B young (2 d), C suspended (whatever its phase), D new, E relearning.
  cards: { new: 1, learning: 1, young: 1, mature: 1, suspended: 1, total: 5 },
  today: { reviews: 5, minutes: 1, again: 1, newLearned: 1 },
  trueRetention: {
    today: { young: { passed: 1, failed: 0 }, mature: { passed: 1, failed: 1 } },
    yesterday: { young: { passed: 0, failed: 1 }, mature: { passed: 0, failed: 0 } },
    week: { young: { passed: 1, failed: 1 }, mature: { passed: 2, failed: 1 } },
    month: { young: { passed: 2, failed: 1 }, mature: { passed: 2, failed: 1 } },
    year: { young: { passed: 2, failed: 1 }, mature: { passed: 3, failed: 1 } },
  },
  // E is due today (relearning), B on the 28th; A beyond the horizon; C suspended and D new: never due.
  futureDue: [
    { day: "2026-11-26", count: 1 },
    { day: "2026-11-27", count: 0 },
    { day: "2026-11-28", count: 1 },
  ],
  reviewsPerDay: [
    { day: "2026-11-24", count: 0, seconds: 0 },
    { day: "2026-11-25", count: 1, seconds: 10 },
    { day: "2026-11-26", count: 5, seconds: 60 },
  ],
};

describe("flashcards stats", () => {
  it("prints the issue's JSON with the hand-worked numbers, reading the plugin's log folder by default", () => {
    const { root } = vault();
    const result = run("stats", root, "--now", "2026-11-26T10:00:00Z", "--days", "3", "--json");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(EXPECTED);
  });

  it("reads --logs DIR instead, and the default --days is 30", () => {
    const { root, logs } = vault();
    const elsewhere = mkdtempSync(path.join(tmpdir(), "hf-stats-empty-"));
    const empty = JSON.parse(run("stats", root, "--logs", elsewhere, "--now", "2026-11-26T10:00:00Z", "--json").stdout);
    expect(empty.today).toEqual({ reviews: 0, minutes: 0, again: 0, newLearned: 0 });
    expect(empty.futureDue).toHaveLength(30);
    expect(empty.reviewsPerDay).toHaveLength(30);
    const full = JSON.parse(run("stats", root, "--logs", logs, "--now", "2026-11-26T10:00:00Z", "--json").stdout);
    expect(full.today).toEqual(EXPECTED.today);
  });

  it("follows --day-start: at 0:00 the 3:30 review belongs to today", () => {
    const { root } = vault();
    const summary = JSON.parse(run("stats", root, "--now", "2026-11-26T10:00:00Z", "--day-start", "0", "--days", "2", "--json").stdout);
    expect(summary.today.reviews).toBe(6);
    expect(summary.trueRetention.yesterday.young).toEqual({ passed: 0, failed: 0 });
  });

  it("follows the process time zone", () => {
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York"; // 10:00Z is 5:00 local: still the 26th's study day, which began at 4:00 local (09:00Z)
    try {
      const { root } = vault();
      const summary = JSON.parse(run("stats", root, "--now", "2026-11-26T10:00:00Z", "--days", "1", "--json").stdout);
      // Today is [09:00Z, 09:00Z next day): the reviews at 09:00Z (twice), 09:05Z and 09:30Z; 08:00Z was yesterday.
      expect(summary.reviewsPerDay).toEqual([{ day: "2026-11-26", count: 4, seconds: 54 }]);
    } finally {
      process.env.TZ = zone;
    }
  });

  it("reports a torn log line on stderr and still counts the rest", () => {
    const { root, logs } = vault();
    writeFileSync(path.join(logs, "tablet.jsonl"), '{"v":1,"type":"rev');
    const result = run("stats", root, "--now", "2026-11-26T10:00:00Z", "--days", "3", "--json");
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("tablet.jsonl:1: torn last line");
    expect(JSON.parse(result.stdout)).toEqual(EXPECTED);
  });

  it("prints a readable summary without --json", () => {
    const { root } = vault();
    const result = run("stats", root, "--now", "2026-11-26T10:00:00Z", "--days", "3");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Cards: 5 (1 new, 1 learning, 1 young, 1 mature, 1 suspended)");
    expect(result.stdout).toContain("Today: 5 reviews in 1 min, 1 Again, 1 new cards learned");
    expect(result.stdout).toMatch(/^year\s+66\.7 %\s+75\.0 %\s+71\.4 %$/m);
  });

  it("refuses bad options with exit 2 and a reason", () => {
    const { root } = vault();
    expect(run("stats", root, "--days", "0")).toMatchObject({ code: 2 });
    expect(run("stats", root, "--days", "ten").stderr).toContain("--days must be a whole number");
    expect(run("stats", root, "--logs", path.join(root, "missing")).stderr).toContain("log folder not found");
    expect(run("stats").code).toBe(2);
    expect(run("stats", root, "--now", "yesterday").code).toBe(2);
  });
});
