// Issue 10 point 13 over the CLI (design.md Q5, §7): a `### Q` inserted above a reviewed `### Q` while no
// plugin watched. Every logged record carries the card's answer print, so `review --logs` moves the
// history back to its answer before grading, and `check --logs [--fix]` reports (and moves) it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { run } from "../support/cli";
import { parseLogText, type LogRecord } from "../../src/core/log/record";
import { answerText, parseNote } from "../../src/core/notes/note";
import { answerPrint } from "../../src/core/state/duplicate-history";
import type { CardState } from "../../src/core/types";


let root: string;
let vault: string;
let logs: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "flashcards-answers-"));
  vault = path.join(root, "vault");
  logs = path.join(root, "logs");
  mkdirSync(vault);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const write = (text: string) => writeFileSync(path.join(vault, "n.md"), text);
const read = () => readFileSync(path.join(vault, "n.md"), "utf8");
const logged = (): LogRecord[] => parseLogText(readFileSync(path.join(logs, "laptop.jsonl"), "utf8"), "laptop.jsonl").records;
const ONE = "---\ntags: [flashcards]\n---\n# Words\n### Q\nold answer\n";
const INSERTED = (text: string) => text.replace("### Q\nold answer", "### Q\nnew answer\n\n### Q\nold answer");

function statesByAnswer(text: string): [string, CardState | null][] {
  return parseNote(text, { tag: "flashcards", stateProperty: "srs" }).cards.map((card) => [answerText(text, card), card.state]);
}

/** The old answer reviewed with the logs, then a new `### Q` inserted above it from outside. */
function reviewedThenInserted(): CardState {
  write(ONE);
  const first = run("review", vault, "--note", "n.md", "--question", "Q", "--rating", "good", "--now", "2026-03-01T08:00:00Z", "--logs", logs, "--device", "laptop");
  expect(first.code).toBe(0);
  const state = parseNote(read(), { tag: "flashcards", stateProperty: "srs" }).cards[0].state!;
  write(INSERTED(read()));
  return state;
}

describe("a repeated question's history follows its answer through the review log", () => {
  it("every record carries the card's answer print", () => {
    write(ONE);
    run("review", vault, "--note", "n.md", "--question", "Q", "--rating", "good", "--now", "2026-03-01T08:00:00Z", "--logs", logs, "--device", "laptop");
    run("flag", vault, "--note", "n.md", "--question", "Q", "--flag", "red", "--now", "2026-03-01T09:00:00Z", "--logs", logs, "--device", "laptop");
    expect(logged().map((record) => [record.type, record.answer])).toEqual([
      ["review", answerPrint("old answer").toString(16).padStart(8, "0")],
      ["flag", answerPrint("old answer").toString(16).padStart(8, "0")],
    ]);
  });

  it("review --logs after an outside insert moves the history to the old answer and grades that card", () => {
    const reviewed = reviewedThenInserted();
    const second = run("review", vault, "--note", "n.md", "--question", "Q (2)", "--rating", "good", "--now", "2026-03-05T08:00:00Z", "--logs", logs, "--device", "laptop");
    expect(second.code).toBe(0);
    expect(second.stderr).toBe('flashcards: n.md: moved the history of "Q" to "Q (2)", where its answer is now\n');
    const states = statesByAnswer(read());
    expect(states[0]).toEqual(["new answer", null]);
    expect(states[1][0]).toBe("old answer");
    // Graded from its own history: a second review of the same id.
    expect(states[1][1]).toMatchObject({ id: reviewed.id, reps: 2, last_review: "2026-03-05T08:00:00Z" });
    const records = logged();
    expect(records[1]).toMatchObject({ key: "Q (2)", card: reviewed.id, before: reviewed });
    // One state line, under the old answer's key; nothing else of the note changed.
    expect(read().replace(/^ {2}Q \(2\): .*\n/m, "")).toBe(INSERTED(ONE).replace("---\n#", "srs:\n---\n#"));
  });

  it("review of the new card after the insert leaves the old answer's history with it", () => {
    const reviewed = reviewedThenInserted();
    expect(run("review", vault, "--note", "n.md", "--question", "Q", "--rating", "good", "--now", "2026-03-05T08:00:00Z", "--logs", logs, "--device", "laptop").code).toBe(0);
    const states = statesByAnswer(read());
    expect(states[0][1]).toMatchObject({ reps: 1 });
    expect(states[0][1]?.id).not.toBe(reviewed.id);
    expect(states[1]).toEqual(["old answer", reviewed]);
  });

  it("suspend --logs after an outside insert suspends the old answer's card, with its history", () => {
    const reviewed = reviewedThenInserted();
    expect(run("suspend", vault, "--note", "n.md", "--question", "Q (2)", "--now", "2026-03-05T08:00:00Z", "--logs", logs, "--device", "laptop").code).toBe(0);
    expect(statesByAnswer(read())).toEqual([
      ["new answer", null],
      ["old answer", { ...reviewed, suspended: true }],
    ]);
  });

  it("without --logs nothing moves (the CLI can't know which answer a history had)", () => {
    const reviewed = reviewedThenInserted();
    expect(run("review", vault, "--note", "n.md", "--question", "Q (2)", "--rating", "good", "--now", "2026-03-05T08:00:00Z").code).toBe(0);
    const states = statesByAnswer(read());
    expect(states[0]).toEqual(["new answer", reviewed]);
    expect(states[1][1]).toMatchObject({ reps: 1 });
  });

  it("check --logs reports the history that belongs to another answer; --fix moves it", () => {
    reviewedThenInserted();
    const inserted = read();
    const check = run("check", vault, "--logs", logs, "--json");
    expect(check.code).toBe(1);
    const problems = JSON.parse(check.stdout) as { path: string; line: number; message: string }[];
    expect(problems).toContainEqual({ path: "n.md", line: 4, message: 'history of "Q" belongs to the answer now under "Q (2)"' });
    expect(read()).toBe(inserted);
    // Without the logs: not reported.
    expect(run("check", vault, "--json").stdout).not.toContain("belongs to");

    const fix = run("check", vault, "--logs", logs, "--fix");
    expect(fix.stdout).toContain('fixed n.md: moved the history of "Q" to "Q (2)", where its answer is now\n');
    expect(fix.stdout).not.toContain("belongs to");
    const fixed = read();
    expect(statesByAnswer(fixed)).toEqual([
      ["new answer", null],
      ["old answer", statesByAnswer(inserted)[0][1]],
    ]);
    // The state line's key (and its checksum) changed, nothing else.
    const withoutStateLine = (text: string) => text.replace(/^ {2}Q(?: \(2\))?: .*\n/m, "");
    expect(withoutStateLine(fixed)).toBe(withoutStateLine(inserted));
    // Fixed once: nothing more to move, and healing doesn't give the new card the history the log keyed "Q".
    expect(run("check", vault, "--logs", logs).stdout).not.toContain("belongs to");
    const again = run("check", vault, "--logs", logs, "--fix");
    expect(again.stdout).not.toContain("fixed");
    expect(read()).toBe(fixed);
  });

  it("check --logs --fix after deleting the first of two keeps the deleted answer's history under a free key", () => {
    write("---\ntags: [flashcards]\n---\n### Q\nfirst\n\n### Q\nsecond\n");
    for (const question of ["Q", "Q (2)"]) run("review", vault, "--note", "n.md", "--question", question, "--rating", "good", "--now", "2026-03-01T08:00:00Z", "--logs", logs, "--device", "laptop");
    const before = parseNote(read(), { tag: "flashcards", stateProperty: "srs" });
    const [first, second] = before.cards.map((card) => card.state);
    write(read().replace("### Q\nfirst\n\n", ""));
    const check = run("check", vault, "--logs", logs);
    expect(check.stdout).toContain('history of "Q" belongs to an answer no longer in the note; it is kept under "Q (2)"');
    expect(check.stdout).toContain('history of "Q (2)" belongs to the answer now under "Q"');
    expect(run("check", vault, "--logs", logs, "--fix").stdout).toContain("fixed n.md: ");
    const after = parseNote(read(), { tag: "flashcards", stateProperty: "srs" });
    expect(after.cards.map((card) => card.state)).toEqual([second]);
    expect([...after.orphans]).toEqual([["Q (2)", first]]);
  });
});
