// The card-management commands end to end on a temporary vault, in-process.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { run } from "../support/cli";
import { appendLogRecord } from "../../src/cli/log-files";
import { parseLogText } from "../../src/core/log/record";
import { lineDiff } from "../support/line-diff";

const NOW = "2026-03-10T12:00:00Z";
const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});


const GERMAN = [
  "---",
  "tags: [flashcards/lang/de]",
  "title: Deutsch # keep this comment",
  "srs:",
  "  Hund: {due: 2026-03-10T08:00:00Z, stability: 3.1, difficulty: 5.2, reps: 2, lapses: 0, state: review, step: 0, last: 2026-03-01T08:00:00Z}",
  "---",
  "### Hund",
  "dog",
  "### Katze",
  "cat",
  "",
].join("\n");

function makeVault(): string {
  const vault = mkdtempSync(path.join(tmpdir(), "flashcards-manage-"));
  temps.push(vault);
  mkdirSync(path.join(vault, "langs"));
  writeFileSync(path.join(vault, "langs/german.md"), GERMAN);
  writeFileSync(path.join(vault, "physics.md"), "---\ntags: flashcards\n---\n### Force\nmass times acceleration\n");
  return vault;
}

const read = (vault: string, file = "langs/german.md"): string => readFileSync(path.join(vault, file), "utf8");
type State = Record<string, unknown>;
function cardsState(vault: string, key: string): State | null {
  const [note] = JSON.parse(run("cards", path.join(vault, "langs/german.md")).stdout) as { cards: { key: string; state: State | null }[] }[];
  return note.cards.find((card) => card.key === key)?.state ?? null;
}
function dueCount(vault: string): number {
  return (JSON.parse(run("due", vault, "--now", NOW, "--json").stdout) as { due: number; new: number; learning: number }).due;
}

describe("suspend, unsuspend, flag, reset", () => {
  it.each<[string[], State]>([
    [["suspend"], { suspended: true }],
    [["flag", "--flag", "turquoise"], { flag: "turquoise" }],
    [["reset"], { state: "new", reps: 0, lapses: 0 }],
  ])("%j changes one line, and cards shows it", (command, expected) => {
    const vault = makeVault();
    const result = run(command[0], vault, "--note", "langs/german.md", "--question", "Hund", "--now", NOW, ...command.slice(1));
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toMatchObject(expected);
    const diff = lineDiff(GERMAN, read(vault));
    expect(diff.removed).toEqual([GERMAN.split("\n")[4]]);
    expect(diff.added).toHaveLength(1);
    const state = cardsState(vault, "Hund");
    expect(state).toMatchObject(expected);
    expect(state?.id).toMatch(/^[a-z][a-z0-9]{5}$/);
  });

  it("a suspended card is not due; unsuspend brings it back; flag none clears", () => {
    const vault = makeVault();
    expect(dueCount(vault)).toBe(1);
    expect(run("suspend", vault, "--note", "langs/german.md", "--question", "Hund").code).toBe(0);
    expect(dueCount(vault)).toBe(0);
    expect(run("unsuspend", vault, "--note", "langs/german.md", "--question", "Hund").code).toBe(0);
    expect(dueCount(vault)).toBe(1);
    expect(cardsState(vault, "Hund")).toMatchObject({ suspended: false, flag: null, leech: false });
    run("flag", vault, "--note", "langs/german.md", "--question", "Hund", "--flag", "red");
    expect(cardsState(vault, "Hund")).toMatchObject({ flag: "red" });
    run("flag", vault, "--note", "langs/german.md", "--question", "Hund", "--flag", "none");
    expect(cardsState(vault, "Hund")).toMatchObject({ flag: null });
  });

  it("flagging a new card adds its line", () => {
    const vault = makeVault();
    expect(run("flag", vault, "--note", "langs/german.md", "--question", "Katze", "--flag", "red").code).toBe(0);
    expect(lineDiff(GERMAN, read(vault)).removed).toEqual([]);
    expect(cardsState(vault, "Katze")).toMatchObject({ state: "new", flag: "red" });
  });

  it.each<[string[], number, RegExp]>([
    [["suspend", "VAULT", "--note", "langs/german.md", "--question", "Maus"], 1, /no longer in the note/],
    [["suspend", "VAULT", "--note", "missing.md", "--question", "Hund"], 1, /not found/],
    [["suspend", "VAULT", "--note", "../outside.md", "--question", "Hund"], 1, /outside/],
    [["suspend", "VAULT", "--note", "langs/german.md"], 2, /needs --note and --question/],
    [["flag", "VAULT", "--note", "langs/german.md", "--question", "Hund", "--flag", "yellow"], 2, /--flag must be one of/],
    [["flag", "VAULT", "--note", "langs/german.md", "--question", "Hund"], 2, /flag needs/],
    [["reset", "VAULT", "--note", "langs/german.md", "--question", "Hund", "--rating", "good"], 2, /unknown option --rating/],
  ])("%j: exit %i, nothing written", (argv, code, message) => {
    const vault = makeVault();
    const result = run(...argv.map((arg) => (arg === "VAULT" ? vault : arg)));
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(read(vault)).toBe(GERMAN);
  });

  it("a review that makes a leech marks and suspends it, visibly in cards", () => {
    const vault = makeVault();
    const file = path.join(vault, "langs/german.md");
    writeFileSync(file, GERMAN.replace("reps: 2, lapses: 0", "reps: 20, lapses: 7"));
    const result = run("review", vault, "--note", "langs/german.md", "--question", "Hund", "--rating", "again", "--now", NOW);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/"Hund" is now a leech \(8 lapses\) and was suspended/);
    expect(cardsState(vault, "Hund")).toMatchObject({ lapses: 8, leech: true, suspended: true });
    expect(dueCount(vault)).toBe(0);
  });
});

describe("card actions in the review log (design.md §7: every action is logged)", () => {
  const logged = (logs: string, device: string) => parseLogText(readFileSync(path.join(logs, `${device}.jsonl`), "utf8"), `${device}.jsonl`).records;

  it.each<[string[], string]>([
    [["suspend"], "suspend"],
    [["unsuspend"], "unsuspend"],
    [["flag", "--flag", "blue"], "flag"],
    [["reset"], "reset"],
  ])("%j --logs DIR --device NAME appends a %s record with the states before and after; stdout is as without --logs", (command, type) => {
    const vault = makeVault();
    const logs = path.join(vault, "..", `${path.basename(vault)}-logs`);
    temps.push(logs);
    const plain = makeVault();
    const without = run(command[0], plain, "--note", "langs/german.md", "--question", "Hund", "--now", NOW, ...command.slice(1));
    const result = run(command[0], vault, "--note", "langs/german.md", "--question", "Hund", "--now", NOW, ...command.slice(1), "--logs", logs, "--device", "laptop");
    expect(result).toMatchObject({ code: 0, stderr: "" });
    // The same JSON as without --logs (ids are random, so compared without them).
    expect({ ...JSON.parse(result.stdout), id: null }).toEqual({ ...JSON.parse(without.stdout), id: null });
    const after = cardsState(vault, "Hund")!;
    const records = logged(logs, "laptop");
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ v: 1, type, time: "2026-03-10T12:00:00.000Z", device: "laptop", card: after.id, note: "langs/german.md", key: "Hund" });
    expect(records[0].before).toEqual({ due: "2026-03-10T08:00:00Z", stability: 3.1, difficulty: 5.2, reps: 2, lapses: 0, state: "review", step: 0, last_review: "2026-03-01T08:00:00Z" });
    expect(records[0].after).toMatchObject({ id: after.id, state: after.state, reps: after.reps, due: after.due });
    expect(records[0].after?.suspended === true).toBe(after.suspended);
    expect(records[0].after?.flag ?? null).toBe(after.flag);
  });

  it("--logs without --device, or a device that isn't a file name, is a usage error and nothing is written", () => {
    const vault = makeVault();
    expect(run("suspend", vault, "--note", "langs/german.md", "--question", "Hund", "--logs", path.join(vault, "logs")).code).toBe(2);
    expect(run("flag", vault, "--note", "langs/german.md", "--question", "Hund", "--flag", "red", "--logs", path.join(vault, "logs"), "--device", "../x").code).toBe(2);
    expect(read(vault)).toBe(GERMAN);
  });

  it("a refused action logs nothing", () => {
    const vault = makeVault();
    const logs = path.join(vault, "logs");
    expect(run("suspend", vault, "--note", "langs/german.md", "--question", "Maus", "--logs", logs, "--device", "laptop").code).toBe(1);
    expect(() => readFileSync(path.join(logs, "laptop.jsonl"), "utf8")).toThrow();
  });
});

describe("search", () => {
  it("prints one card per line, or JSON, with Anki's syntax", () => {
    const vault = makeVault();
    const text = run("search", vault, "deck:lang is:due", "--now", NOW);
    expect(text).toMatchObject({ code: 0, stderr: "" });
    expect(text.stdout).toBe("langs/german.md\tHund\treview\t2026-03-10T08:00:00Z\n");
    const json = run("search", vault, "-deck:lang OR katze", "--json", "--now", NOW);
    const cards = JSON.parse(json.stdout) as { note: string; key: string; state: State | null }[];
    expect(cards.map((card) => [card.note, card.key])).toEqual([["langs/german.md", "Katze"], ["physics.md", "Force"]]);
  });

  it("rated: reads the plugin's review logs in the vault", () => {
    const vault = makeVault();
    const logs = path.join(vault, ".obsidian/plugins/heading-flashcards/logs");
    appendLogRecord(logs, "phone", { v: 1, type: "review", time: "2026-03-10T09:00:00Z", device: "phone", card: "", note: "physics.md", key: "Force", rating: "good", before: null, after: null });
    expect(run("search", vault, "rated:1", "--now", NOW).stdout).toBe("physics.md\tForce\tnew\t\n");
  });

  it.each([
    ["(deck:lang", /bad search at character 1: unclosed \(/],
    ["is:bogus", /character 4: is: takes/],
  ])("bad syntax %s: usage error with the position", (query, message) => {
    const result = run("search", makeVault(), query);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
