// Issue 11 over the CLI: `review --logs DIR --device NAME` appends the review to DIR/NAME.jsonl;
// `check --logs DIR [--fix]` reports state lines changed outside the plugin and conflict copies, and heals.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { run } from "../support/cli";
import { parseLogText } from "../../src/core/log/record";
import { parseNote } from "../../src/core/notes/note";


let root: string;
let vault: string;
let logs: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "flashcards-devices-"));
  vault = path.join(root, "vault");
  logs = path.join(root, "logs");
  mkdirSync(vault);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const NOTE = "---\ntags: [flashcards]\n---\n### A\nAnswer A.\n\n### B\nAnswer B.\n";
const write = (name: string, text: string) => writeFileSync(path.join(vault, name), text);
const read = (name: string) => readFileSync(path.join(vault, name), "utf8");

describe("many devices over the CLI", () => {
  it("review --logs --device appends the record; a line spliced afterwards is reported with its line and healed from the log", () => {
    write("n.md", NOTE);
    expect(run("review", vault, "--note", "n.md", "--question", "A", "--rating", "good", "--now", "2026-03-01T08:00:00Z", "--logs", logs, "--device", "laptop").code).toBe(0);
    const records = parseLogText(readFileSync(path.join(logs, "laptop.jsonl"), "utf8"), "laptop.jsonl").records;
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ type: "review", device: "laptop", note: "n.md", key: "A", rating: "good", before: null });
    const written = read("n.md");
    expect(records[0].card).toMatch(/^[a-z][a-z0-9]{5}$/);
    expect(written).toContain(`id: ${records[0].card}`);

    // Another device's merge changed a digit of that line.
    const spliced = written.replace("reps: 1", "reps: 7");
    write("n.md", spliced);
    const check = run("check", vault, "--logs", logs, "--json");
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout)).toEqual([{ path: "n.md", line: 4, message: expect.stringMatching(/^the state line of "A" was changed outside Heading Flashcards/) }]);
    expect(read("n.md")).toBe(spliced);

    const fix = run("check", vault, "--logs", logs, "--fix");
    expect(fix.stdout).toMatch(/^fixed n\.md: "A": its line was changed outside Heading Flashcards; restored the review of 2026-03-01T08:00:00.000Z on laptop from the review log\nNo problems found\.\n$/);
    expect(fix.code).toBe(0);
    expect(read("n.md")).toBe(written);
  });

  it("without a log, --fix keeps the line's values and makes the card due now", () => {
    write("n.md", NOTE);
    run("review", vault, "--note", "n.md", "--question", "A", "--rating", "good", "--now", "2026-03-01T08:00:00Z");
    const written = read("n.md");
    write("n.md", written.replace("reps: 1", "reps: 7"));
    const fix = run("check", vault, "--fix", "--json");
    expect(JSON.parse(fix.stdout).fixed).toEqual([{ path: "n.md", message: expect.stringMatching(/changed outside Heading Flashcards .* due now/) }]);
    const state = parseNote(read("n.md")).cards[0].state!;
    expect(state.reps).toBe(7);
    expect(Date.parse(state.due)).toBeGreaterThan(Date.parse("2026-03-02T00:00:00Z"));
  });

  it("a state line a sync cut in two (the whole frontmatter no longer YAML): check reports that card, --fix makes it one line from the log", () => {
    write("n.md", NOTE);
    run("review", vault, "--note", "n.md", "--question", "A", "--rating", "good", "--now", "2026-03-01T08:00:00Z", "--logs", logs, "--device", "laptop");
    run("review", vault, "--note", "n.md", "--question", "B", "--rating", "easy", "--now", "2026-03-01T08:01:00Z", "--logs", logs, "--device", "laptop");
    const written = read("n.md");
    const lineOfA = written.split("\n").find((line) => line.startsWith("  A: "))!;
    // `…, h: a7b9` and `9cafc}` in column 0, as Obsidian Sync's character merge leaves one.
    const cut = written.replace(lineOfA, `${lineOfA.slice(0, -4)}\n9${lineOfA.slice(-4)}`);
    write("n.md", cut);
    const check = run("check", vault, "--logs", logs, "--json");
    expect(check.code).toBe(1);
    const problems = JSON.parse(check.stdout) as { path: string; line: number; message: string }[];
    expect(problems).toContainEqual({ path: "n.md", line: 4, message: expect.stringMatching(/^the state line of "A" was changed outside Heading Flashcards/) });
    expect(problems).toContainEqual({ path: "n.md", line: 5, message: expect.stringContaining("was broken apart at line 5") });
    expect(problems.some((problem) => problem.message.includes("invalid YAML"))).toBe(false);
    expect(read("n.md")).toBe(cut);
    const fix = run("check", vault, "--logs", logs, "--fix");
    expect(fix.stdout).toBe('fixed n.md: "A": its line was changed outside Heading Flashcards; restored the review of 2026-03-01T08:00:00.000Z on laptop from the review log\nNo problems found.\n');
    expect(read("n.md")).toBe(written);
  });

  it("reports conflict copies, leaves them out of due counts, and --fix merges the later review into the original", () => {
    write("n.md", NOTE);
    run("review", vault, "--note", "n.md", "--question", "A", "--rating", "good", "--now", "2026-03-01T08:00:00Z");
    const copy = "n.sync-conflict-20260301-143000-ABCDEFG.md";
    write(copy, read("n.md"));
    run("review", vault, "--note", copy, "--question", "B", "--rating", "easy", "--now", "2026-03-01T09:00:00Z");
    const due = JSON.parse(run("due", vault, "--json", "--now", "2026-03-01T09:00:00Z").stdout) as { total: number };
    expect(due.total).toBe(2);
    const check = run("check", vault, "--json");
    expect(JSON.parse(check.stdout)).toEqual([{ path: copy, line: 1, message: expect.stringContaining("a sync conflict copy of n.md") }]);
    const fix = run("check", vault, "--fix", "--json");
    expect(JSON.parse(fix.stdout).fixed).toEqual([{ path: "n.md", message: expect.stringContaining("merged 1 later review(s)") }]);
    const merged = parseNote(read("n.md")).cards;
    expect(merged.map((card) => card.state?.last_review)).toEqual(["2026-03-01T08:00:00Z", "2026-03-01T09:00:00Z"]);
  });

  it("--logs without --device (and a device that isn't a file name) is a usage error, and nothing is written", () => {
    write("n.md", NOTE);
    expect(run("review", vault, "--note", "n.md", "--question", "A", "--rating", "good", "--logs", logs).code).toBe(2);
    expect(run("review", vault, "--note", "n.md", "--question", "A", "--rating", "good", "--logs", logs, "--device", "../x").code).toBe(2);
    expect(read("n.md")).toBe(NOTE);
  });
});

describe("ids shared between notes (a copied note, design.md §2)", () => {
  function reviewedNote(): string {
    write("n.md", NOTE);
    run("review", vault, "--note", "n.md", "--question", "A", "--rating", "good", "--now", "2026-03-01T08:00:00Z", "--logs", logs, "--device", "laptop");
    run("review", vault, "--note", "n.md", "--question", "B", "--rating", "easy", "--now", "2026-03-01T08:01:00Z", "--logs", logs, "--device", "laptop");
    return read("n.md");
  }
  const idOf = (text: string, key: string) => parseNote(text).cards.find((card) => card.key === key)!.state!.id!;
  const stateLine = (text: string, key: string) => text.split("\n").findIndex((line) => line.startsWith(`  ${key}: {`)) + 1;

  it("check reports each card of the copy with its note, state line, card and id, and writes nothing", () => {
    const original = reviewedNote();
    write("n 1.md", original);
    const check = run("check", vault, "--json");
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout)).toEqual(
      ["A", "B"].map((key) => ({ path: "n 1.md", line: stateLine(original, key), message: `"${key}" has the id ${idOf(original, key)} of a card in n.md (a copied note); this copy's card gets a new id`, card: key, id: idOf(original, key) })),
    );
    expect(run("check", vault).stdout).toBe(`n 1.md:${stateLine(original, "A")}: "A" has the id ${idOf(original, "A")} of a card in n.md (a copied note); this copy's card gets a new id\nn 1.md:${stateLine(original, "B")}: "B" has the id ${idOf(original, "B")} of a card in n.md (a copied note); this copy's card gets a new id\n`);
    expect(read("n.md")).toBe(original);
    expect(read("n 1.md")).toBe(original);
  });

  it("the note the review log places the id in keeps it; without a log, the shorter path, then the one that sorts first", () => {
    // The reviews were logged in n.md; its copy a.md is as long and sorts first.
    const original = reviewedNote();
    write("a.md", original);
    const problems = JSON.parse(run("check", vault, "--json", "--logs", logs).stdout) as { path: string }[];
    expect(new Set(problems.map((problem) => problem.path))).toEqual(new Set(["a.md"]));
    // Without the log, the shorter path keeps the id.
    const without = JSON.parse(run("check", vault, "--json").stdout) as { path: string }[];
    expect(new Set(without.map((problem) => problem.path))).toEqual(new Set(["n.md"]));
  });

  it("check --fix gives the copy's cards new ids (their state lines only), says so, and a second check finds nothing", () => {
    const original = reviewedNote();
    write("n 1.md", original);
    const fix = run("check", vault, "--fix", "--json");
    expect(fix.code).toBe(0);
    expect(JSON.parse(fix.stdout)).toEqual({ fixed: [{ path: "n 1.md", message: expect.stringMatching(/^"A" had the id \w+ of another card \(a copied note or line\); it got its own id \w+; "B" had the id/) }], problems: [] });
    expect(read("n.md")).toBe(original);
    const copy = read("n 1.md");
    for (const key of ["A", "B"]) {
      expect(idOf(copy, key)).not.toBe(idOf(original, key));
      expect({ ...parseNote(copy).cards.find((card) => card.key === key)!.state, id: "x" }).toEqual({ ...parseNote(original).cards.find((card) => card.key === key)!.state, id: "x" });
    }
    const changed = copy.split("\n").filter((line, index) => line !== original.split("\n")[index]);
    expect(changed.every((line) => /^ {2}[AB]: \{.*\}$/.test(line))).toBe(true);
    expect(run("check", vault)).toEqual({ code: 0, stdout: "No problems found.\n", stderr: "" });
  });
});

