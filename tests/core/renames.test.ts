// Rename-proof history (issue 6): an edited question keeps its state. Similarity, the threshold, the
// ambiguity and mutual-best rules of pairRenamed, and the whole path parseNote → writeCardState → undo.
import { describe, expect, it } from "vitest";
import { parseNote, pendingRenames } from "../../src/core/notes/note";
import { pairRenamed, RENAME_AMBIGUITY_MARGIN, RENAME_MIN_SIMILARITY, similarity } from "../../src/core/state/renames";
import { encodeEntry } from "../../src/core/state/state-codec";
import { undoWrite, writeCardState, type WriteOptions } from "../../src/core/state/state-writer";
import type { CardState, ParsedNote } from "../../src/core/types";

// ---- builders --------------------------------------------------------------------------------------

const state = (overrides: Partial<CardState> = {}): CardState => ({
  due: "2026-11-29T08:00:00Z",
  stability: 2.3065,
  difficulty: 2.1181,
  reps: 3,
  lapses: 1,
  state: "review",
  step: 0,
  last_review: "2026-11-26T08:00:00Z",
  ...overrides,
});
const OLD = state();
const OTHER = state({ due: "2026-12-01T08:00:00Z", reps: 1, lapses: 0, last_review: "2026-11-20T08:00:00Z" });
const NEXT = state({ due: "2026-12-20T08:00:00Z", stability: 14.2, reps: 4, last_review: "2026-11-30T08:00:00Z" });

const line = (key: string, s: CardState) => `  ${encodeEntry(key, s)}`;

function note(srs: string[], body: string[], eol = "\n"): string {
  return ["---", "tags: [flashcards]   # keep this comment", "srs:", ...srs, "title: after", "---", ...body, ""].join(eol);
}

function options(parsed: ParsedNote): WriteOptions {
  return { stateProperty: "srs", order: parsed.cards.map((c) => c.key), renames: pendingRenames(parsed) };
}

/** Lines that differ, position by position (every write checked here keeps the line count). */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split("\n");
  const b = after.split("\n");
  expect(b).toHaveLength(a.length);
  const differ = a.map((_, i) => i).filter((i) => a[i] !== b[i]);
  return { removed: differ.map((i) => a[i]), added: differ.map((i) => b[i]) };
}

// ---- similarity ------------------------------------------------------------------------------------

describe("similarity (Sørensen–Dice over character bigrams)", () => {
  it.each([
    ["Bias", "Bias", 1],
    ["Bias", "  bias ", 1],
    ["We  need\tnew theory", "we need new theory", 1],
    ["Need new theory", "We need new theory", 0.9032],
    ["Bias", "Biases", 0.75],
    ["Bias", "Variance", 0.2],
    ["abcdef", "abcdxy", 0.6],
    ["abcdef", "abcxyz", 0.4],
    ["abc", "xyz", 0],
    ["a", "a", 1],
    ["a", "b", 0],
    ["", "", 1],
    ["", "Bias", 0],
  ])("%j vs %j = %d", (a, b, expected) => {
    expect(similarity(a, b)).toBeCloseTo(expected, 4);
    expect(similarity(b, a)).toBeCloseTo(expected, 4);
  });

  it("the documented constants", () => {
    expect(RENAME_MIN_SIMILARITY).toBe(0.6);
    expect(RENAME_AMBIGUITY_MARGIN).toBe(0.1);
  });
});

// ---- pairing ---------------------------------------------------------------------------------------

describe("pairRenamed", () => {
  it.each<{ name: string; orphans: string[]; stateless: string[]; pairs: [string, string][] }>([
    { name: "an edited question pairs with its old key", orphans: ["Need new theory"], stateless: ["We need new theory"], pairs: [["We need new theory", "Need new theory"]] },
    { name: "exactly at the threshold (0.6) pairs", orphans: ["abcdef"], stateless: ["abcdxy"], pairs: [["abcdxy", "abcdef"]] },
    { name: "below the threshold stays unpaired", orphans: ["abcdef"], stateless: ["abcxyz"], pairs: [] },
    { name: "an unrelated new card is no rename", orphans: ["Bias"], stateless: ["Variance"], pairs: [] },
    { name: "no orphans", orphans: [], stateless: ["Bias"], pairs: [] },
    { name: "no stateless cards", orphans: ["Bias"], stateless: [], pairs: [] },
    {
      name: "two equally similar cards for one orphan: ambiguous, unpaired",
      orphans: ["What is bias"],
      stateless: ["What is bias?", "What is bias!"],
      pairs: [],
    },
    {
      name: "two similar orphans for one card (within the margin): ambiguous, unpaired",
      orphans: ["Need new theory", "We need theory"],
      stateless: ["We need new theory"],
      pairs: [],
    },
    {
      name: "mutual best: the card's best orphan wins, the other orphan stays unpaired",
      orphans: ["theory new", "Need new theory"],
      stateless: ["We need new theory"],
      pairs: [["We need new theory", "Need new theory"]],
    },
    {
      name: "several renames in one edit pair independently",
      orphans: ["Bias", "Need new theory", "Deleted question"],
      stateless: ["We need new theory", "Biases", "Brand new card"],
      pairs: [
        ["Biases", "Bias"],
        ["We need new theory", "Need new theory"],
      ],
    },
  ])("$name", ({ orphans, stateless, pairs }) => {
    expect([...pairRenamed(orphans, stateless)].sort()).toEqual(pairs.sort());
  });

  it("a mass edit (more than 250,000 comparisons) pairs nothing", () => {
    // Unrelated filler: Greek orphans and numeric cards share no bigram with each other or the rename.
    const greek = (i: number) => [...i.toString(8).padStart(4, "0")].map((d) => "αβγδεζηθ"[Number(d)]).join("");
    const orphans = ["Need new theory", ...Array.from({ length: 500 }, (_, i) => greek(i))];
    const cards = ["We need new theory", ...Array.from({ length: 499 }, (_, i) => String(100_000 + i))];
    expect(pairRenamed(orphans.slice(0, 500), cards)).toEqual(new Map([["We need new theory", "Need new theory"]]));
    expect(pairRenamed(orphans, cards).size).toBe(0);
  });
});

// ---- through the parser and the writer -------------------------------------------------------------

describe("an edited heading keeps its history", () => {
  const before = note([line("Bias", OLD), line("Variance", OTHER)], ["# Problems", "### Biases", "Skewed data.", "### Variance", "Noise."]);

  it("parseNote carries the state over and remembers the stored key", () => {
    const parsed = parseNote(before);
    expect(parsed.cards.map((c) => [c.key, c.state, c.storedKey])).toEqual([
      ["Biases", OLD, "Bias"],
      ["Variance", OTHER, undefined],
    ]);
    expect(parsed.orphans.size).toBe(0);
    expect(pendingRenames(parsed)).toEqual(new Map([["Bias", "Biases"]]));
  });

  it("reviewing the edited card renames the stored key in the same single line; undo puts the old line back", () => {
    const parsed = parseNote(before);
    const result = writeCardState(before, "Biases", NEXT, options(parsed));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(changedLines(before, result.text)).toEqual({ removed: [line("Bias", OLD)], added: [line("Biases", NEXT)] });
    expect(result.text.split("\n")).toHaveLength(before.split("\n").length);
    const reread = parseNote(result.text);
    expect(reread.cards.map((c) => [c.key, c.state, c.storedKey])).toEqual([
      ["Biases", NEXT, undefined],
      ["Variance", OTHER, undefined],
    ]);
    expect(result.receipt.previousLine).toBe(line("Bias", OLD));

    const undone = undoWrite(result.text, result.receipt, options(reread));
    expect(undone.ok && undone.text).toBe(before);
    // And the history is still carried over after the undo.
    expect(parseNote(before).cards[0].state).toEqual(OLD);
  });

  it("reviewing another card of the note renames the pending key too, by the same surgical writer", () => {
    const parsed = parseNote(before);
    const result = writeCardState(before, "Variance", NEXT, options(parsed));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(changedLines(before, result.text)).toEqual({
      removed: [line("Bias", OLD), line("Variance", OTHER)],
      added: [line("Biases", OLD), line("Variance", NEXT)],
    });
    const reread = parseNote(result.text);
    expect(reread.cards.map((c) => [c.key, c.state, c.storedKey])).toEqual([
      ["Biases", OLD, undefined],
      ["Variance", NEXT, undefined],
    ]);
  });

  it("CRLF and the key's indentation survive the rename", () => {
    const crlf = note([`    ${encodeEntry("Bias", OLD)}`], ["### Biases", "Skewed data."], "\r\n");
    const parsed = parseNote(crlf);
    const result = writeCardState(crlf, "Biases", NEXT, options(parsed));
    expect(result.ok && result.text).toBe(crlf.replace(`    ${encodeEntry("Bias", OLD)}`, `    ${encodeEntry("Biases", NEXT)}`));
  });

  it("an ambiguous edit carries nothing over: both cards start new, the old entry stays as an orphan", () => {
    const text = note([line("What is bias", OLD)], ["### What is bias?", "One.", "### What is bias!", "Two."]);
    const parsed = parseNote(text);
    expect(parsed.cards.map((c) => c.state)).toEqual([null, null]);
    expect([...parsed.orphans.keys()]).toEqual(["What is bias"]);
  });
});

describe("a deleted card's state is never dropped silently", () => {
  const text = note([line("Gone", OLD), line("Kept", OTHER)], ["### Kept", "Still here.", "### Something else entirely", "New."]);

  it("stays as an orphan, is not paired with an unrelated new card", () => {
    const parsed = parseNote(text);
    expect(parsed.orphans).toEqual(new Map([["Gone", OLD]]));
    expect(parsed.cards.map((c) => [c.key, c.state])).toEqual([
      ["Kept", OTHER],
      ["Something else entirely", null],
    ]);
  });

  it("survives writes of other cards, byte for byte", () => {
    let current = text;
    for (const key of ["Kept", "Something else entirely"]) {
      const parsed = parseNote(current);
      const result = writeCardState(current, key, NEXT, options(parsed));
      expect(result.ok).toBe(true);
      if (result.ok) current = result.text;
    }
    expect(current).toContain(`\n${line("Gone", OLD)}\n`);
    expect(parseNote(current).orphans).toEqual(new Map([["Gone", OLD]]));
  });

  it("is removed only by an explicit write of null for its key, which undo reverses", () => {
    const parsed = parseNote(text);
    const result = writeCardState(text, "Gone", null, options(parsed));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.text).toBe(text.replace(`${line("Gone", OLD)}\n`, ""));
    expect(parseNote(result.text).orphans.size).toBe(0);
    const undone = undoWrite(result.text, result.receipt, { stateProperty: "srs" });
    expect(undone.ok && undone.text).toBe(text);
  });
});
