// Merge-friendly, self-healing state (issue 6), with the real `git merge-file`: two devices review
// different cards of one note; copies whose changed lines don't touch merge cleanly, and a conflict
// that does arise sits inside the state property, where it resolves per card (the later review wins).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveStateConflicts } from "../../src/core/state/conflicts";
import { answerText, parseNote, pendingRenames } from "../../src/core/notes/note";
import { encodeEntry } from "../../src/core/state/state-codec";
import { writeCardState } from "../../src/core/state/state-writer";
import type { CardState } from "../../src/core/types";

// ---- builders --------------------------------------------------------------------------------------

/** A reviewed state whose last review is `day` days after 2026-11-01 (a later day is a later review). */
function reviewed(day: number, reps = day): CardState {
  const last = new Date(Date.UTC(2026, 10, 1 + day, 8)).toISOString().replace(".000Z", "Z");
  const due = new Date(Date.UTC(2026, 10, 1 + day + 3, 8)).toISOString().replace(".000Z", "Z");
  return { due, stability: 3 + day / 10, difficulty: 5.1234, reps, lapses: 0, state: "review", step: 0, last_review: last };
}

const KEYS = ["A", "B", "C", "D", "E", "F", "G"];
/** A..E have state (reviewed on day 1); F and G were never reviewed. */
const BASE = [
  "---",
  "tags: [flashcards]",
  "title: Merge test",
  "srs:",
  ...["A", "B", "C", "D", "E"].map((key) => `  ${encodeEntry(key, reviewed(1))}`),
  "cssclasses: [wide]",
  "---",
  "# Deck",
  ...KEYS.flatMap((key) => [`### ${key}`, `Answer ${key}.`, ""]),
].join("\n");

function review(text: string, key: string, state: CardState | null, order: readonly string[] = KEYS): string {
  const note = parseNote(text);
  const result = writeCardState(text, key, state, { stateProperty: "srs", order, renames: pendingRenames(note) });
  if (!result.ok) throw new Error(`write refused: ${result.reason}`);
  return result.text;
}

const dir = mkdtempSync(path.join(tmpdir(), "flashcards-merge-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `git merge-file -p ours base theirs`: exit code (0 clean, n conflicts) and the merged text. */
function gitMerge(base: string, ours: string, theirs: string, style: "merge" | "diff3" = "merge"): { code: number; text: string } {
  const files = { ours, base, theirs };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const args = ["merge-file", "-p", ...(style === "diff3" ? ["--diff3"] : []), "-L", "ours", "-L", "base", "-L", "theirs", "ours", "base", "theirs"];
  try {
    const text = execFileSync("git", args, { cwd: dir, encoding: "utf8" });
    return { code: 0, text };
  } catch (error) {
    const failed = error as { status: number; stdout: string };
    if (typeof failed.status !== "number" || failed.status < 0) throw error;
    return { code: failed.status, text: failed.stdout };
  }
}

const MARKER = /^(?:<{7}|={7}|>{7}|\|{7})(?: |$)/m;

function statesOf(text: string): Record<string, CardState | null> {
  return Object.fromEntries(parseNote(text).cards.map((card) => [card.key, card.state]));
}

function markerLines(text: string): number[] {
  return text.split("\n").flatMap((line, index) => (MARKER.test(line) ? [index] : []));
}

function stateRange(text: string): [number, number] {
  const lines = text.split("\n");
  const header = lines.indexOf("srs:");
  let end = header + 1;
  while (end < lines.length && !/^(?:cssclasses|---)/.test(lines[end])) end++;
  return [header, end];
}

// ---- clean merges ----------------------------------------------------------------------------------

describe("copies that reviewed cards whose lines don't touch", () => {
  it.each([
    ["A", "D"],
    ["A", "C"],
    ["B", "E"],
    ["A", "F"],
  ])("ours reviews %s, theirs reviews %s: git merges cleanly, and the result holds both reviews", (ourKey, theirKey) => {
    const ours = review(BASE, ourKey, reviewed(5));
    const theirs = review(BASE, theirKey, reviewed(6));
    const merged = gitMerge(BASE, ours, theirs);
    expect(merged.code).toBe(0);
    expect(merged.text).not.toMatch(MARKER);
    // Exactly what one device would have written doing both reviews.
    expect(merged.text).toBe(review(ours, theirKey, reviewed(6)));
    const states = statesOf(merged.text);
    expect(states[ourKey]).toEqual(reviewed(5));
    expect(states[theirKey]).toEqual(reviewed(6));
    expect(parseNote(merged.text).writable).toBe(true);
  });
});

// ---- conflicts inside the state property -----------------------------------------------------------

interface ConflictCase {
  name: string;
  ours: [key: string, day: number];
  theirs: [key: string, day: number];
  /** The states each card holds once resolved. */
  expected: Record<string, CardState | null>;
}

const base1 = reviewed(1);
const conflictCases: ConflictCase[] = [
  { name: "adjacent lines (B and C)", ours: ["B", 5], theirs: ["C", 6], expected: { A: base1, B: reviewed(5), C: reviewed(6), D: base1, E: base1, F: null, G: null } },
  { name: "adjacent lines, later review on our side", ours: ["D", 9], theirs: ["C", 2], expected: { A: base1, B: base1, C: reviewed(2), D: reviewed(9), E: base1, F: null, G: null } },
  { name: "both add a line at the same place (F and G)", ours: ["F", 5], theirs: ["G", 6], expected: { A: base1, B: base1, C: base1, D: base1, E: base1, F: reviewed(5), G: reviewed(6) } },
  { name: "the same card on both sides: their later review wins", ours: ["B", 5], theirs: ["B", 7], expected: { A: base1, B: reviewed(7), C: base1, D: base1, E: base1, F: null, G: null } },
  { name: "the same card on both sides: our later review wins", ours: ["B", 8], theirs: ["B", 7], expected: { A: base1, B: reviewed(8), C: base1, D: base1, E: base1, F: null, G: null } },
  { name: "the same new card on both sides", ours: ["F", 3], theirs: ["F", 4], expected: { A: base1, B: base1, C: base1, D: base1, E: base1, F: reviewed(4), G: null } },
];

describe.each(["merge", "diff3"] as const)("a conflict inside the state property (%s style)", (style) => {
  describe.each(conflictCases)("$name", ({ ours: [ourKey, ourDay], theirs: [theirKey, theirDay], expected }) => {
    const ours = review(BASE, ourKey, reviewed(ourDay));
    const theirs = review(BASE, theirKey, reviewed(theirDay));
    const merged = gitMerge(BASE, ours, theirs, style);

    it("git reports a conflict whose markers all sit inside the state property", () => {
      expect(merged.code).toBe(1);
      const [header, end] = stateRange(merged.text);
      const markers = markerLines(merged.text);
      expect(markers.length).toBeGreaterThanOrEqual(style === "diff3" ? 4 : 3);
      for (const line of markers) {
        expect(line).toBeGreaterThan(header);
        expect(line).toBeLessThan(end);
      }
    });

    it("resolveStateConflicts resolves per card: later review wins, one-sided entries kept", () => {
      const resolution = resolveStateConflicts(merged.text, "srs");
      expect(resolution.status).toBe("resolved");
      if (resolution.status !== "resolved") return;
      expect(resolution.conflicts).toBe(1);
      expect(resolution.text).not.toMatch(MARKER);
      expect(statesOf(resolution.text)).toEqual(expected);
      // Only the state property's lines differ from the base: the rest of the note is untouched.
      const [header] = stateRange(BASE);
      expect(resolution.text.split("\n").slice(0, header + 1)).toEqual(BASE.split("\n").slice(0, header + 1));
      expect(resolution.text.slice(resolution.text.indexOf("cssclasses"))).toBe(BASE.slice(BASE.indexOf("cssclasses")));
      // Resolved lines are kept exactly as either side wrote them.
      for (const line of resolution.text.split("\n").filter((l) => l.startsWith("  "))) {
        expect(`${ours}\n${theirs}`.split("\n")).toContain(line);
      }
    });

    it("parseNote reads the note as resolved (writable, with a problem that says so)", () => {
      const note = parseNote(merged.text);
      expect(note.writable).toBe(true);
      expect(statesOf(merged.text)).toEqual(expected);
      expect(note.problems.map((p) => p.message)).toContain("merge conflict in the state property; the next write keeps each card's later review");
      // Card lines are those of the note as it is now, markers included.
      const lines = merged.text.split("\n");
      for (const card of note.cards) expect(lines[card.line - 1]).toBe(`### ${card.key}`);
    });

    it("the next write resolves the conflict and writes its own line", () => {
      const written = review(merged.text, "A", reviewed(20));
      expect(written).not.toMatch(MARKER);
      expect(statesOf(written)).toEqual({ ...expected, A: reviewed(20) });
      expect(parseNote(written).problems).toEqual([]);
      // Removing a state (orphan cleanup) resolves as well.
      const removed = review(merged.text, "E", null);
      expect(removed).not.toMatch(MARKER);
      expect(statesOf(removed)).toEqual({ ...expected, E: null });
    });
  });
});

// ---- conflicts the program must not touch ----------------------------------------------------------

describe("conflict markers anywhere else block the note", () => {
  const editAnswer = (text: string, answer: string) => text.replace("Answer C.", answer);
  const cases: { name: string; ours: string; theirs: string }[] = [
    { name: "in the body (both edited one answer)", ours: editAnswer(BASE, "Ours C."), theirs: editAnswer(BASE, "Theirs C.") },
    { name: "in another property (both edited the title)", ours: BASE.replace("title: Merge test", "title: Ours"), theirs: BASE.replace("title: Merge test", "title: Theirs") },
    {
      name: "in the body, plus one in the state property",
      ours: editAnswer(review(BASE, "B", reviewed(5)), "Ours C."),
      theirs: editAnswer(review(BASE, "C", reviewed(6)), "Theirs C."),
    },
  ];

  describe.each(["merge", "diff3"] as const)("%s style", (style) => {
    it.each(cases)("$name: a problem, not writable, every write refused", ({ ours, theirs }) => {
      const merged = gitMerge(BASE, ours, theirs, style);
      expect(merged.code).toBeGreaterThan(0);
      const resolution = resolveStateConflicts(merged.text, "srs");
      expect(resolution).toMatchObject({ status: "unresolvable", reason: "merge conflict markers outside the state property; resolve them by hand" });
      const note = parseNote(merged.text);
      expect(note.writable).toBe(false);
      expect(note.problems[0].message).toMatch(/merge conflict markers outside the state property; resolve them by hand; nothing is written/);
      for (const [key, state] of [
        ["A", reviewed(20)],
        ["F", reviewed(20)],
        ["E", null],
      ] as const) {
        const result = writeCardState(merged.text, key, state, { stateProperty: "srs", order: KEYS });
        expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/merge conflict markers outside the state property/) as unknown });
      }
    });
  });

  it("a conflict never closed, or nested, is not guessed at", () => {
    const [header] = stateRange(BASE);
    const lines = BASE.split("\n");
    const unclosed = [...lines.slice(0, header + 1), "<<<<<<< ours", ...lines.slice(header + 1)].join("\n");
    expect(resolveStateConflicts(unclosed, "srs")).toMatchObject({ status: "unresolvable", reason: "a merge conflict that is never closed" });
    expect(parseNote(unclosed).writable).toBe(false);
    const nested = [...lines.slice(0, header + 1), "<<<<<<< ours", "<<<<<<< inner", "=======", ">>>>>>> inner", "=======", ">>>>>>> theirs", ...lines.slice(header + 1)].join("\n");
    expect(resolveStateConflicts(nested, "srs")).toMatchObject({ status: "unresolvable", reason: "nested merge conflict markers" });
  });

  it("a conflict in the state property holding something other than card states is not guessed at", () => {
    const [header] = stateRange(BASE);
    const lines = BASE.split("\n");
    const odd = [...lines.slice(0, header + 1), "<<<<<<< ours", `  ${encodeEntry("A", reviewed(3))}`, "=======", "  A: {due: soon}", ">>>>>>> theirs", ...lines.slice(header + 2)].join("\n");
    expect(resolveStateConflicts(odd, "srs")).toMatchObject({ status: "unresolvable" });
    expect(parseNote(odd).writable).toBe(false);
    expect(writeCardState(odd, "B", reviewed(9), { stateProperty: "srs" }).ok).toBe(false);
  });
});

describe("a duplicated key (a clean merge that added one card's line in two places)", () => {
  it("is a problem, and nothing is written", () => {
    // Each copy placed F's new line by a different card order: after E, and before A.
    const ours = review(BASE, "F", reviewed(5));
    const theirs = review(BASE, "F", reviewed(6), ["F", ...KEYS]);
    const merged = gitMerge(BASE, ours, theirs);
    expect(merged.code).toBe(0);
    expect(merged.text.match(/^ {2}F: /gm)).toHaveLength(2);
    const note = parseNote(merged.text);
    expect(note.writable).toBe(false);
    expect(note.problems.map((p) => p.message)).toContain('the state of "F" appears twice');
    for (const key of ["A", "F", "G"]) {
      const result = writeCardState(merged.text, key, reviewed(20), { stateProperty: "srs", order: KEYS });
      expect(result).toMatchObject({ ok: false, reason: 'the state of "F" appears twice' });
    }
  });
});

// ---- a note about git ------------------------------------------------------------------------------

describe("conflict markers inside fenced code in the body are the note's content, not a conflict", () => {
  const sample = ["<<<<<<< HEAD", "ours", "||||||| base", "base", "=======", "theirs", ">>>>>>> branch"];
  const gitNote = (fence: string[], close: string[]) =>
    [
      "---",
      "tags: [flashcards]",
      "srs:",
      `  ${encodeEntry("What does a conflict look like?", reviewed(1))}`,
      "---",
      "### What does a conflict look like?",
      ...fence,
      ...sample,
      ...close,
      "### Next",
      "Answer.",
      "",
    ].join("\n");

  it.each([
    ["a ``` fence", ["```diff"], ["```"]],
    ["a ~~~~ fence", ["~~~~"], ["~~~~~"]],
    ["an indented fence", ["   ```"], ["   ```"]],
  ])("in %s: the note reads and writes normally, the code block stays byte for byte", (_name, open, close) => {
    const text = gitNote(open, close);
    expect(resolveStateConflicts(text, "srs")).toEqual({ status: "none" });
    const note = parseNote(text);
    expect(note.writable).toBe(true);
    expect(note.problems).toEqual([]);
    expect(answerText(note.text, note.cards[0])).toBe([...open, ...sample, ...close].join("\n"));
    const written = review(text, "Next", reviewed(4), ["What does a conflict look like?", "Next"]);
    expect(written.slice(written.indexOf("### What"))).toBe(text.slice(text.indexOf("### What")));
    expect(statesOf(written)).toEqual({ "What does a conflict look like?": reviewed(1), Next: reviewed(4) });
  });

  it("in a fence left open to the end of the note, too", () => {
    const text = ["---", "tags: [flashcards]", "---", "### Q", "```", ...sample, ""].join("\n");
    expect(resolveStateConflicts(text, "srs")).toEqual({ status: "none" });
    expect(parseNote(text).writable).toBe(true);
    expect(review(text, "Q", reviewed(2))).toContain(sample.join("\n"));
  });

  it("a real conflict in the state property of such a note still resolves, and the sample stays", () => {
    const base = gitNote(["```"], ["```"]);
    const ours = review(base, "What does a conflict look like?", reviewed(5));
    const theirs = review(base, "Next", reviewed(6), ["What does a conflict look like?", "Next"]);
    const merged = gitMerge(base, ours, theirs);
    expect(merged.code).toBe(1);
    const resolution = resolveStateConflicts(merged.text, "srs");
    expect(resolution.status).toBe("resolved");
    if (resolution.status !== "resolved") return;
    expect(resolution.text).toContain(sample.join("\n"));
    expect(statesOf(resolution.text)).toEqual({ "What does a conflict look like?": reviewed(5), Next: reviewed(6) });
  });

  it("markers outside any fence in the body still block, even after a fenced sample", () => {
    const text = gitNote(["```"], ["```"]).replace("Answer.", ["<<<<<<< ours", "Answer.", "=======", "Other answer.", ">>>>>>> theirs"].join("\n"));
    expect(resolveStateConflicts(text, "srs")).toMatchObject({ status: "unresolvable" });
    expect(parseNote(text).writable).toBe(false);
  });

  it("a fence that opens inside a real conflict does not hide the conflict's later markers", () => {
    const text = ["---", "tags: [flashcards]", "---", "### Q", "<<<<<<< ours", "```", "code", "=======", "text", ">>>>>>> theirs", "Answer.", ""].join("\n");
    expect(resolveStateConflicts(text, "srs")).toMatchObject({ status: "unresolvable" });
    expect(parseNote(text).writable).toBe(false);
  });

  it("markers in a %% comment or $$ math block are not code: they still block", () => {
    for (const [open, close] of [
      ["%%", "%%"],
      ["$$", "$$"],
    ]) {
      const text = gitNote([open], [close]);
      expect(parseNote(text).writable).toBe(false);
    }
  });
});
