// Issue 10 point 13 (design.md Q5, §7): an edit of a repeated question nobody saw (Obsidian closed, another
// program): the review log's answer prints say which answer each stored entry belonged to, and the
// entries are moved onto those answers; entries without a logged print keep their places between them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatAnswerPrint, type LogRecord } from "../../src/core/log/record";
import { answerText, parseNote } from "../../src/core/notes/note";
import { answerPrint, storedEntries } from "../../src/core/state/duplicate-history";
import { loggedAnswerPrints, mayHoldRepeatedEntries, movesFromLoggedAnswers } from "../../src/core/state/logged-answers";
import { moveEntries } from "../../src/core/state/move-entries";
import { mulberry32 } from "../../src/core/optimizer/train";
import { encodeEntry } from "../../src/core/state/state-codec";
import type { CardState } from "../../src/core/types";
import { OPTIONS, reviewed, statesByAnswer } from "../support/repeated-questions";

/** A note: entries (key → state) and cards (question, answer) in body order. */
function note(entries: [string, CardState][], cards: [string, string][]): string {
  const srs = entries.map(([key, state]) => `  ${encodeEntry(key, state)}`);
  const body = cards.flatMap(([question, answer]) => [`### ${question}`, answer, ""]);
  return ["---", "tags: [flashcards]", ...(srs.length > 0 ? ["srs:", ...srs] : []), "---", "# Topic", "", ...body].join("\n");
}

/** The prints a log would hold: each state's id → its answer's print. */
function printsOf(logged: [CardState, string][]): Map<string, number> {
  return new Map(logged.map(([state, answer]) => [state.id!, answerPrint(answer)]));
}

/** The note after the moves the log asks for. */
function follow(text: string, prints: ReadonlyMap<string, number>): { text: string; moves: ReturnType<typeof movesFromLoggedAnswers> } {
  const moves = movesFromLoggedAnswers(parseNote(text, OPTIONS), prints);
  const written = moveEntries(text, moves, "srs");
  if (!written.ok) throw new Error(written.reason);
  return { text: written.text, moves };
}

const S1 = reviewed(1);
const S2 = reviewed(2);
const S3 = reviewed(3);

describe("stored entries follow their logged answers", () => {
  it("a card inserted above a reviewed one: the history goes to the old answer's new key", () => {
    const text = note([["Q", S1]], [["Q", "new answer"], ["Q", "old answer"]]);
    const { text: moved, moves } = follow(text, printsOf([[S1, "old answer"]]));
    expect(moves).toEqual([{ from: "Q", to: "Q (2)", state: S1 }]);
    expect(moved).toBe(note([["Q (2)", S1]], [["Q", "new answer"], ["Q", "old answer"]]));
    expect(statesByAnswer(moved)).toEqual(new Map([["new answer", null], ["old answer", S1]]));
  });

  it("deleting the first of two: the remaining card gets its own history, the other's is kept under a free key", () => {
    const text = note([["Q", S1], ["Q (2)", S2]], [["Q", "second"]]);
    const { text: moved } = follow(text, printsOf([[S1, "first"], [S2, "second"]]));
    expect(statesByAnswer(moved)).toEqual(new Map([["second", S2]]));
    expect([...parseNote(moved, OPTIONS).orphans]).toEqual([["Q (2)", S1]]);
  });

  it("deleting a never-reviewed first card: the second's entry comes to the one card left", () => {
    const text = note([["Q (2)", S2]], [["Q", "second"]]);
    expect(follow(text, printsOf([[S2, "second"]])).text).toBe(note([["Q", S2]], [["Q", "second"]]));
  });

  it("reordered cards: each entry goes to its answer", () => {
    const text = note([["Q", S1], ["Q (2)", S2], ["Q (3)", S3]], [["Q", "c"], ["Q", "a"], ["Q", "b"]]);
    const { text: moved } = follow(text, printsOf([[S1, "a"], [S2, "b"], [S3, "c"]]));
    expect(statesByAnswer(moved)).toEqual(new Map([["c", S3], ["a", S1], ["b", S2]]));
  });

  it("entries without a logged print are paired in order between the anchors", () => {
    // Before: a (S1, logged), b (S2, no print), c (S3, logged); now x inserted first and b edited.
    const text = note([["Q", S1], ["Q (2)", S2], ["Q (3)", S3]], [["Q", "x"], ["Q", "a"], ["Q", "b, edited"], ["Q", "c"]]);
    const { text: moved } = follow(text, printsOf([[S1, "a"], [S3, "c"]]));
    // S2 has no print: between the anchors a and c, it is paired with the card there.
    expect(statesByAnswer(moved)).toEqual(new Map([["x", null], ["a", S1], ["b, edited", S2], ["c", S3]]));
    // An answer edited since its print was logged counts as no print: with the others in place, nothing moves.
    const edited = note([["Q", S1], ["Q (2)", S2]], [["Q", "a"], ["Q", "b, edited"]]);
    expect(follow(edited, printsOf([[S1, "a"], [S2, "b"]])).moves).toEqual([]);
  });

  it("moves nothing without a print, when every entry is on its answer, or for equal answers", () => {
    const inserted = note([["Q", S1]], [["Q", "new answer"], ["Q", "old answer"]]);
    expect(follow(inserted, new Map()).moves).toEqual([]);
    expect(follow(inserted, printsOf([[S2, "old answer"]])).moves).toEqual([]);
    const inPlace = note([["Q", S1], ["Q (2)", S2]], [["Q", "a"], ["Q", "b"]]);
    expect(follow(inPlace, printsOf([[S1, "a"], [S2, "b"]])).moves).toEqual([]);
    const same = note([["Q", S1], ["Q (2)", S2]], [["Q", "new"], ["Q", "same"], ["Q", "same"]]);
    expect(follow(same, printsOf([[S1, "same"], [S2, "same"]])).moves).toEqual([]);
  });

  it("leaves questions asked once and a question literally named like a numbered key alone", () => {
    const text = note([["Q", S1], ["Q (2)", S2]], [["Q", "a"], ["Q (2)", "b"]]);
    expect(follow(text, printsOf([[S1, "b"], [S2, "a"]])).moves).toEqual([]);
  });

  it("a deleted answer's entry, kept under a free key, stays there until its answer comes back", () => {
    const deleted = note([["Q", S3], ["Q (3)", S1]], [["Q", "c"], ["Q", "b"]]);
    expect(follow(deleted, printsOf([[S1, "a"], [S3, "c"]])).moves).toEqual([]);
    const back = note([["Q", S3], ["Q (3)", S1]], [["Q", "c"], ["Q", "b"], ["Q", "a"]]);
    expect(statesByAnswer(follow(back, printsOf([[S1, "a"], [S3, "c"]])).text)).toEqual(new Map([["c", S3], ["b", null], ["a", S1]]));
  });

  it("tells which notes may need it without the log", () => {
    expect(mayHoldRepeatedEntries(parseNote(note([["Q", S1]], [["Q", "a"], ["Q", "b"]]), OPTIONS))).toBe(true);
    expect(mayHoldRepeatedEntries(parseNote(note([["Q", S1], ["Q (2)", S2]], [["Q", "a"]]), OPTIONS))).toBe(true);
    expect(mayHoldRepeatedEntries(parseNote(note([["Q", S1], ["R", S2]], [["Q", "a"], ["R", "b"]]), OPTIONS))).toBe(false);
  });
});

describe("the latest logged print per card", () => {
  const record = (time: string, card: string, answer: string | undefined, extra: Partial<LogRecord> = {}): LogRecord => ({
    v: 1,
    type: "review",
    time,
    device: "a",
    card,
    note: "n.md",
    key: "Q",
    rating: "good",
    before: null,
    after: S1,
    ...(answer === undefined ? {} : { answer: formatAnswerPrint(answerPrint(answer)) }),
    ...extra,
  });

  it("is the last record in time that carries one, undone reviews and records without a card id passed over", () => {
    const undone = record("2026-11-26T10:00:00Z", "k1", "undone");
    const records = [
      record("2026-11-26T08:00:00Z", "k1", "first"),
      record("2026-11-26T09:00:00Z", "k1", "suspended", { type: "suspend", rating: undefined }),
      undone,
      record("2026-11-26T10:01:00Z", "k1", undefined, { type: "undo", undoes: undone.time }),
      record("2026-11-26T11:00:00Z", "k1", undefined),
      record("2026-11-26T08:00:00Z", "k2", "other"),
      record("2026-11-26T12:00:00Z", "", "no id"),
    ];
    expect(loggedAnswerPrints(records)).toEqual(new Map([["k1", answerPrint("suspended")], ["k2", answerPrint("other")]]));
    expect(loggedAnswerPrints([record("2026-11-26T08:00:00Z", "k1", undefined)])).toEqual(new Map());
  });
});

describe("property: repeated-question cards added, deleted and shuffled while nobody watched", () => {
  it("every surviving logged answer keeps its state, and no entry is lost", () => {
    const answers = fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 1, maxLength: 6 });
    const flags = fc.array(fc.constantFrom("logged", "unlogged", "new"), { minLength: 6, maxLength: 6 });
    fc.assert(
      fc.property(answers, flags, fc.integer({ min: 0, max: 1000 }), fc.array(fc.stringMatching(/^[A-Z]{1,6}$/), { maxLength: 3 }), (old, kinds, seed, added) => {
        // Before: the repeated question's cards, each reviewed with its print logged, reviewed without one, or new.
        const states = new Map(old.map((answer, index) => [answer, kinds[index] === "new" ? null : reviewed(index + 1)]));
        const keyOf = (index: number): string => (index === 0 ? "Q" : `Q (${index + 1})`);
        const entries = old.flatMap((answer, index): [string, CardState][] => (states.get(answer) ? [[keyOf(index), states.get(answer)!]] : []));
        const logged = old.filter((answer, index) => kinds[index] === "logged");
        const prints = printsOf(logged.map((answer) => [states.get(answer)!, answer]));
        // Now: some cards removed, new ones (upper-case answers) added, the order shuffled; the entries as they were.
        const random = mulberry32(seed);
        const kept = old.filter(() => random() < 0.7);
        const shuffled = [...kept, ...added.filter((answer, index) => added.indexOf(answer) === index)].sort(() => random() - 0.5);
        if (shuffled.length === 0) return;
        const { text } = follow(note(entries, shuffled.map((answer) => ["Q", answer])), prints);
        const parsed = parseNote(text, OPTIONS);
        for (const card of parsed.cards) {
          const answer = answerText(text, card);
          if (logged.includes(answer)) expect(card.state).toEqual(states.get(answer));
        }
        const storedAfter = [...storedEntries(parsed).values()].map((state) => state.reps).sort();
        expect(storedAfter).toEqual(entries.map(([, state]) => state.reps).sort());
        // Applied once, the log asks for nothing more.
        expect(movesFromLoggedAnswers(parsed, prints)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
