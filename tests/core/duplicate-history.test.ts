// Duplicate questions (issue 10 point 13, design.md Q5): when a repeated question's cards are added,
// removed or reordered, each stored history follows its answer, not its position; no entry is lost.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerText, parseNote } from "../../src/core/notes/note";
import { answeredCards, answerPrint, followAnswers, storedEntries } from "../../src/core/state/duplicate-history";
import { moveEntries } from "../../src/core/state/move-entries";
import { mulberry32 } from "../../src/core/optimizer/train";
import { encodeEntry } from "../../src/core/state/state-codec";
import type { CardState } from "../../src/core/types";
import { OPTIONS, reviewed, statesByAnswer } from "../support/repeated-questions";

/** A note: entries (key → state) and cards (question, answer) in body order. */
function note(entries: [string, CardState][], cards: [string, string][], eol = "\n"): string {
  const srs = entries.map(([key, state]) => `  ${encodeEntry(key, state)}`);
  const body = cards.flatMap(([question, answer]) => [`### ${question}`, answer, ""]);
  return ["---", "tags: [flashcards]  # keep", ...(srs.length > 0 ? ["srs:", ...srs] : []), "title: stays", "---", "# Topic", "", ...body].join(eol);
}

/** The body edit as the plugin sees it: the previous parse, the new text, the moves written. */
function edit(before: string, after: string): { text: string; moves: ReturnType<typeof followAnswers> } {
  const previous = parseNote(before, OPTIONS);
  const current = parseNote(after, OPTIONS);
  const moves = followAnswers(answeredCards(previous), answeredCards(current), storedEntries(current));
  const written = moveEntries(after, moves, "srs");
  if (!written.ok) throw new Error(written.reason);
  return { text: written.text, moves };
}

const S1 = reviewed(1);
const S2 = reviewed(2);
const S3 = reviewed(3);

describe("history follows the answer of a repeated question", () => {
  it("a new card inserted above a reviewed one leaves the history with the old answer", () => {
    const before = note([["Q", S1]], [["Q", "old answer"]]);
    const after = note([["Q", S1]], [["Q", "new answer"], ["Q", "old answer"]]);
    const { text, moves } = edit(before, after);
    expect(moves).toEqual([{ from: "Q", to: "Q (2)", state: S1 }]);
    expect(statesByAnswer(text)).toEqual(new Map([["new answer", null], ["old answer", S1]]));
    // Only the entry's line changed.
    expect(text).toBe(note([["Q (2)", S1]], [["Q", "new answer"], ["Q", "old answer"]]));
  });

  it("deleting the first of two gives the remaining card its own history and keeps the other's entry", () => {
    const before = note([["Q", S1], ["Q (2)", S2]], [["Q", "first"], ["Q", "second"]]);
    const after = note([["Q", S1], ["Q (2)", S2]], [["Q", "second"]]);
    const { text } = edit(before, after);
    expect(statesByAnswer(text)).toEqual(new Map([["second", S2]]));
    const parsed = parseNote(text, OPTIONS);
    expect([...parsed.orphans]).toEqual([["Q (2)", S1]]);
    // Undoing the deletion moves both back.
    const { text: undone } = edit(text, text.replace("### Q\nsecond", "### Q\nfirst\n\n### Q\nsecond"));
    expect(statesByAnswer(undone)).toEqual(new Map([["first", S1], ["second", S2]]));
  });

  it("inserting below, deleting the last and editing one answer move nothing", () => {
    const two = note([["Q", S1], ["Q (2)", S2]], [["Q", "first"], ["Q", "second"]]);
    expect(edit(two, note([["Q", S1], ["Q (2)", S2]], [["Q", "first"], ["Q", "second"], ["Q", "third"]])).moves).toEqual([]);
    expect(edit(two, note([["Q", S1], ["Q (2)", S2]], [["Q", "first"]])).moves).toEqual([]);
    expect(edit(two, note([["Q", S1], ["Q (2)", S2]], [["Q", "first, edited"], ["Q", "second"]])).moves).toEqual([]);
  });

  it("reordering repeated cards swaps their entries", () => {
    const before = note([["Q", S1], ["Q (2)", S2], ["Q (3)", S3]], [["Q", "a"], ["Q", "b"], ["Q", "c"]]);
    const after = note([["Q", S1], ["Q (2)", S2], ["Q (3)", S3]], [["Q", "c"], ["Q", "a"], ["Q", "b"]]);
    const { text } = edit(before, after);
    expect(statesByAnswer(text)).toEqual(new Map([["c", S3], ["a", S1], ["b", S2]]));
  });

  it("equal answers are no evidence: positions are kept", () => {
    const before = note([["Q", S1], ["Q (2)", S2]], [["Q", "same"], ["Q", "same"]]);
    const after = note([["Q", S1], ["Q (2)", S2]], [["Q", "new"], ["Q", "same"], ["Q", "same"]]);
    expect(edit(before, after).moves).toEqual([]);
  });

  it("entries already re-keyed (a sync brought the edit and the lines together) are left alone", () => {
    const before = note([["Q", S1]], [["Q", "old answer"]]);
    const after = note([["Q (2)", S1]], [["Q", "new answer"], ["Q", "old answer"]]);
    expect(edit(before, after).moves).toEqual([]);
  });

  it("keeps CRLF and every byte outside the moved lines", () => {
    const before = note([["Q", S1], ["Other", S2]], [["Q", "old"], ["Other", "x"]], "\r\n");
    const after = note([["Q", S1], ["Other", S2]], [["Q", "new"], ["Q", "old"], ["Other", "x"]], "\r\n");
    expect(edit(before, after).text).toBe(note([["Q (2)", S1], ["Other", S2]], [["Q", "new"], ["Q", "old"], ["Other", "x"]], "\r\n"));
  });
});

describe("moveEntries refuses what no longer applies", () => {
  const text = note([["Q", S1], ["Q (2)", S2]], [["Q", "a"], ["Q", "b"]]);
  it("an entry that changed meanwhile", () => {
    expect(moveEntries(text, [{ from: "Q", to: "Q (3)", state: S3 }], "srs")).toEqual({ ok: false, reason: 'the entry of "Q" changed meanwhile' });
  });
  it("a target that keeps its entry", () => {
    expect(moveEntries(text, [{ from: "Q", to: "Q (2)", state: S1 }], "srs")).toEqual({ ok: false, reason: '"Q (2)" already has an entry' });
  });
  it("a state property in block form", () => {
    const block = text.replace(/srs:\n(?: {2}.*\n)+/, `srs:\n  Q:\n    due: 2026-12-10T08:00:00Z\n`);
    expect(moveEntries(block, [{ from: "Q", to: "Q (3)", state: S1 }], "srs").ok).toBe(false);
  });
});

describe("property: any edit of a repeated question's cards", () => {
  it("leaves every surviving answer with its own history and loses no entry", () => {
    const answers = fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(answers, fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), fc.integer({ min: 0, max: 1000 }), fc.array(fc.stringMatching(/^[A-Z]{1,6}$/), { maxLength: 3 }), (old, reviewedFlags, seed, added) => {
        // Before: the repeated question's cards with answers `old`, some reviewed.
        const states = new Map(old.map((answer, index) => [answer, reviewedFlags[index] ? reviewed(index + 1) : null]));
        const keyOf = (index: number): string => (index === 0 ? "Q" : `Q (${index + 1})`);
        const entries = old.flatMap((answer, index): [string, CardState][] => (states.get(answer) ? [[keyOf(index), states.get(answer)!]] : []));
        const before = note(entries, old.map((answer) => ["Q", answer]));
        // After: some cards removed, new ones (upper-case answers) added, the order shuffled.
        const random = mulberry32(seed);
        const kept = old.filter(() => random() < 0.7);
        const shuffled = [...kept, ...added.filter((a, i) => added.indexOf(a) === i)].sort(() => random() - 0.5);
        if (shuffled.length === 0) return;
        const { text } = edit(before, note(entries, shuffled.map((answer) => ["Q", answer])));
        const parsed = parseNote(text, OPTIONS);
        for (const card of parsed.cards) {
          const answer = answerText(text, card);
          if (states.has(answer)) expect(card.state).toEqual(states.get(answer));
        }
        // No entry lost: the same states are stored, under some key.
        const storedAfter = [...storedEntries(parsed).values()].map((state) => state.reps).sort();
        expect(storedAfter).toEqual(entries.map(([, state]) => state.reps).sort());
      }),
      { numRuns: 500 },
    );
  });

  it("answer prints tell apart answers that differ in length or at either end", () => {
    expect(answerPrint("a".repeat(200))).not.toBe(answerPrint("a".repeat(201)));
    expect(answerPrint(`x${"a".repeat(200)}`)).not.toBe(answerPrint(`y${"a".repeat(200)}`));
    expect(answerPrint(`${"a".repeat(200)}x`)).not.toBe(answerPrint(`${"a".repeat(200)}y`));
  });
});
