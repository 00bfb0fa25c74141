import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { diff_match_patch } from "diff-match-patch";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { mergeLogs, parseLogText, serialiseRecord, type LogRecord } from "../../../src/core/log/record";
import { conflictCopyOriginal } from "../../../src/core/notes/conflict-copies";
import { parseNote } from "../../../src/core/notes/note";
import { mergeConflictCopy } from "../../../src/core/state/merge-copy";
import { DEFAULT_PARSE_OPTIONS, RATINGS } from "../../../src/core/types";
import type { HealResult } from "../../../src/core/state/healing";
import { baseNote, expectedStates, heal, KEYS, NOTE_PATH, outsideStateProperty, runDevice, seeded, statesOf, userLinesIn, userLinesIntact, type Device, type Grade } from "../../support/two-devices";

// design.md §2a: from a common note, devices A and B grade random cards at random times offline; the
// note is then merged as Obsidian Sync (diff-match-patch), git (merge-file) or a conflict copy would.

const grade = fc.record({ card: fc.integer({ min: 0, max: KEYS.length - 1 }), rating: fc.constantFrom(...RATINGS), at: fc.integer({ min: 0, max: 5000 }) });
const scenario = fc.record({
  seed: fc.integer(),
  reviewedInBase: fc.array(fc.boolean(), { minLength: KEYS.length, maxLength: KEYS.length }),
  a: fc.array(grade, { maxLength: 6 }),
  b: fc.array(grade, { minLength: 1, maxLength: 6 }),
});

interface Played {
  base: string;
  a: Device;
  b: Device;
  logA: LogRecord[];
  logB: LogRecord[];
  random: () => number;
}

function play(input: { seed: number; reviewedInBase: boolean[]; a: Grade[]; b: Grade[] }): Played {
  const random = seeded(input.seed);
  const base = baseNote(input.reviewedInBase, random);
  const a = runDevice(base, "A", input.a, 1, random);
  const b = runDevice(base, "B", input.b, 0, random);
  // The base's reviews were made on A; each device's log is its own file.
  return { base: base.text, a, b, logA: [...base.records, ...a.records], logB: b.records, random };
}

/** Obsidian Sync's merge (its help pages): patches from base→A, made and applied with default settings, on B. */
function obsidianSyncMerge(base: string, a: string, b: string): string {
  const dmp = new diff_match_patch();
  return dmp.patch_apply(dmp.patch_make(base, a), b)[0];
}

/** Every card holds the `after` of its latest review on either device, and only state lines changed. */
function expectHealedWithBothLogs(merged: string, played: Played): void {
  const healed = heal(merged, [played.logA, played.logB], played.random);
  if (refusedForTheUsersLines(merged, healed)) return;
  expect(statesOf(healed.text)).toEqual(expectedStates(played.base, [played.logA, played.logB]));
  expect(outsideStateProperty(healed.text)).toBe(outsideStateProperty(withoutConflictMarkers(merged)));
  // A second healing finds nothing left to do.
  expect(heal(healed.text, [played.logA, played.logB], played.random).actions).toEqual([]);
}

/**
 * A merge can also splice one of the note's own properties into a state line (`…}aliases:`). Healing
 * then never removes a line of the user's that the merge left whole, and when it refuses (it does when
 * putting the state line right would remove what is left of that property) it writes nothing. True
 * when it refused: the states are then as the merge left them.
 */
function refusedForTheUsersLines(merged: string, healed: HealResult): boolean {
  if (userLinesIntact(merged)) {
    expect(healed.refused).toBeUndefined();
    return false;
  }
  expect(userLinesIn(healed.text)).toEqual(userLinesIn(merged));
  if (healed.refused === undefined) return false;
  expect(healed.text).toBe(merged);
  expect(healed.actions).toEqual([]);
  return true;
}

/** git's markers stand inside the state property; resolving them is part of healing it. */
function withoutConflictMarkers(text: string): string {
  return text.replace(/^(?:<{7}|={7}|>{7}|\|{7}).*\n/gm, "");
}

/** Without B's log: a card whose state no known review explains is reported, and due now (or new). */
function expectNothingSilentlyWrongWithoutB(merged: string, played: Played): void {
  const healed = heal(merged, [played.logA], played.random);
  if (refusedForTheUsersLines(merged, healed)) return;
  const truth = expectedStates(played.base, [played.logA, played.logB]);
  const knownToA = expectedStates(played.base, [played.logA]);
  // A card is reported under the key its stored line has: its own, or one a splice changed (`Biias`).
  const reportedKeys = new Set(healed.actions.map((action) => action.key));
  const reported = new Set(parseNote(healed.text, DEFAULT_PARSE_OPTIONS).cards.filter((card) => reportedKeys.has(card.key) || (card.storedKey !== undefined && reportedKeys.has(card.storedKey))).map((card) => card.key));
  const produced = new Set([...played.logA, ...played.logB].map((record) => JSON.stringify(record.after)));
  for (const [key, state] of statesOf(healed.text)) {
    const explained = JSON.stringify(state) === JSON.stringify(truth.get(key)) || JSON.stringify(state) === JSON.stringify(knownToA.get(key));
    // Either the state is one a review produced that the logs explain, or the card was reported.
    if (!explained) {
      expect(reported.has(key) || produced.has(JSON.stringify(state)), `"${key}" is silently wrong`).toBe(true);
    }
    if (reported.has(key) && state !== null && healed.actions.some((action) => action.key === key && action.kind === "due-now")) {
      expect(state.due).toBe("2026-03-02T08:00:00Z");
    }
  }
  expect(outsideStateProperty(healed.text)).toBe(outsideStateProperty(merged));
}

describe("two devices, one note", () => {
  it("merged by Obsidian Sync (diff-match-patch): every card gets its latest review back; nothing is silently wrong without B's log", () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const played = play(input);
        const merged = obsidianSyncMerge(played.base, played.a.text, played.b.text);
        expectHealedWithBothLogs(merged, played);
        expectNothingSilentlyWrongWithoutB(merged, played);
      }),
      {
        numRuns: 2000,
        // A merge that splices a key (`Biias`): the card is reported under the key its line has, and the
        // rename pairing gives it that line. A merge that drops the last entry's closing `}` before the
        // next property: YAML stumbles only on that property's line, and the entry alone is damaged.
        examples: [
          // A splice that puts a lost card's id into another card's line: that id is no sign the card's history moved (healing.ts, movedWithItsAnswer).
          [{ seed: 0, reviewedInBase: [false, false, false, false, false, true], a: [{ card: 2, rating: "again", at: 0 }, { card: 3, rating: "good", at: 0 }, { card: 5, rating: "hard", at: 753 }, { card: 0, rating: "again", at: 0 }], b: [{ card: 1, rating: "again", at: 0 }] }],
          // A splice that leaves the tail of a date (`-12T10:21:26Z, …}`) on its own line: state data, not a list item.
          [{ seed: 0, reviewedInBase: [true, false, false, false, true, false], a: [{ card: 1, rating: "again", at: 0 }, { card: 4, rating: "hard", at: 0 }, { card: 3, rating: "again", at: 0 }], b: [{ card: 1, rating: "easy", at: 2443 }, { card: 1, rating: "easy", at: 0 }, { card: 3, rating: "again", at: 0 }, { card: 2, rating: "again", at: 0 }] }],
          [{ seed: 1154957978, reviewedInBase: [false, true, false, true, true, false], a: [{ card: 4, rating: "easy", at: 0 }, { card: 4, rating: "easy", at: 2920 }], b: [{ card: 0, rating: "again", at: 0 }, { card: 4, rating: "hard", at: 0 }, { card: 4, rating: "easy", at: 2814 }] }],
          [{ seed: 0, reviewedInBase: [false, false, false, true, true, false], a: [{ card: 0, rating: "again", at: 0 }, { card: 2, rating: "again", at: 0 }, { card: 3, rating: "again", at: 3907 }], b: [{ card: 1, rating: "again", at: 0 }, { card: 0, rating: "hard", at: 1920 }] }],
        ],
      },
    );
  }, 120_000);

  const work = mkdtempSync(path.join(tmpdir(), "hf-merge-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("merged by git merge-file: conflicts in the state property heal to each card's latest review", () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const played = play(input);
        const files = { base: path.join(work, "base.md"), a: path.join(work, "a.md"), b: path.join(work, "b.md") };
        writeFileSync(files.base, played.base);
        writeFileSync(files.a, played.a.text);
        writeFileSync(files.b, played.b.text);
        const result = spawnSync("git", ["merge-file", "-p", files.b, files.base, files.a], { encoding: "utf8" });
        expect(result.status).not.toBeNull();
        expect(result.status!).toBeGreaterThanOrEqual(0);
        expectHealedWithBothLogs(result.stdout, played);
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it("kept as a conflict copy: merging the copy into the original keeps each card's later review", () => {
    const copyPath = "Decks/Vision (Conflicted copy Laptop 202603011430).md";
    expect(conflictCopyOriginal(copyPath)).toBe(NOTE_PATH);
    fc.assert(
      fc.property(scenario, (input) => {
        const played = play(input);
        const merged = mergeConflictCopy(played.b.text, played.a.text, DEFAULT_PARSE_OPTIONS);
        if (!merged.ok) throw new Error(merged.reason);
        expect(merged.onlyInCopy).toEqual([]);
        expect(statesOf(merged.text)).toEqual(expectedStates(played.base, [played.logA, played.logB]));
        expect(outsideStateProperty(merged.text)).toBe(outsideStateProperty(played.b.text));
      }),
      { numRuns: 500 },
    );
  }, 60_000);

  it("the logs hold every review of both devices, read back from their files", () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const played = play(input);
        const files = [played.logA, played.logB].map((log, index) => parseLogText(log.map(serialiseRecord).join(""), `${"AB"[index]}.jsonl`).records);
        const all = mergeLogs(files);
        expect(all.length).toBe(played.logA.length + played.logB.length);
        expect(new Set(all.map((record) => `${record.device} ${record.time}`)).size).toBe(all.length);
      }),
      { numRuns: 200 },
    );
  });
});
