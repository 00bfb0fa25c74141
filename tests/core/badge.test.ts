import { describe, expect, it } from "vitest";
import { cardBadge, problemBadge, retrievability } from "../../src/core/study/badge";
import { CardIndex } from "../../src/core/study/card-index";
import { resolveQuestions, questionAtLine, scanQuestions, targetBadge } from "../../src/core/study/question-badges";
import { state } from "../support/builders";

const NOW = new Date("2026-11-26T10:00:00Z");

describe("a question's badge", () => {
  it.each([
    ["never reviewed", null, "new", "new"],
    ["due today", state({ due: "2026-11-26T09:00:00Z" }), "due", "due"],
    ["due tonight, before the next day starts at 4:00", state({ due: "2026-11-27T03:00:00Z" }), "due", "due"],
    ["due in three days", state({ due: "2026-11-29T10:00:00Z" }), "later", "in 3d"],
    ["due in two months", state({ due: "2027-01-26T10:00:00Z" }), "later", "in 2mo"],
    ["learning, step due later", state({ state: "learning", due: "2026-11-26T11:00:00Z" }), "learning", "learning"],
    ["relearning", state({ state: "relearning", due: "2026-11-26T10:05:00Z" }), "learning", "learning"],
    ["suspended", state({ suspended: true, due: "2026-11-26T09:00:00Z" }), "suspended", "suspended"],
    ["a leech (suspended too)", state({ leech: true, suspended: true }), "leech", "leech"],
  ])("%s", (_name, cardState, kind, label) => {
    const badge = cardBadge(cardState, NOW, 4);
    expect(badge.kind).toBe(kind);
    expect(badge.label).toBe(label);
  });

  it("carries the card's flag, to be coloured by it", () => {
    expect(cardBadge(state({ flag: "red" }), NOW, 4).flag).toBe("red");
    expect(cardBadge(state(), NOW, 4).flag).toBeNull();
  });

  it("tells the due date, stability, retrievability, reviews and lapses in its tooltip", () => {
    const badge = cardBadge(state({ due: "2026-11-29T08:00:00Z", stability: 2.3065, difficulty: 2.1181, reps: 4, lapses: 1, flag: "blue" }), NOW, 4);
    expect(badge.tooltip.split("\n")).toEqual([
      "Due 2026-11-29 08:00 (in 3d)",
      "Stability 2.31 d · difficulty 2.12",
      "Retrievability 99%",
      "Reviews 4 · lapses 1",
      "Flag: blue",
    ]);
    expect(cardBadge(null, NOW, 4).tooltip).toBe("New card, not reviewed yet");
    expect(cardBadge(state({ due: "2026-11-24T10:00:00Z" }), NOW, 4).tooltip).toContain("(2d ago)");
  });

  it("retrievability falls with time since the last review, and is unknown for a new card", () => {
    const reviewed = state({ last_review: "2026-11-20T10:00:00Z", stability: 5 });
    const soon = retrievability(reviewed, new Date("2026-11-21T10:00:00Z"))!;
    const later = retrievability(reviewed, new Date("2026-12-20T10:00:00Z"))!;
    expect(soon).toBeGreaterThan(later);
    expect(soon).toBeLessThan(1);
    expect(retrievability(state({ state: "new", last_review: null }), NOW)).toBeNull();
  });

  it("a problem takes the badge's place with its message", () => {
    expect(problemBadge("no-answer", '"X" has no answer')).toMatchObject({ kind: "problem", label: "no answer", tooltip: '"X" has no answer' });
  });
});

const NOTE = [
  "---",
  "tags: [flashcards]",
  "srs:",
  "  Bias: {due: 2026-11-29T08:00:00Z, stability: 2.3065, difficulty: 2.1181, reps: 1, lapses: 0, state: review, last: 2026-11-26T08:00:00Z}",
  "---",
  "### Bias",
  "answer",
  "### Twice",
  "one",
  "### Twice",
  "two",
  "### Empty",
  "### ",
  "```",
  "### In code",
  "```",
].join("\n");

describe("questions matched to the index", () => {
  const index = new CardIndex({ tag: "flashcards", stateProperty: "srs" });
  const note = index.update("n.md", NOTE)!;

  it("scans the questions as the card rules see them (code hides them)", () => {
    const { questions, bodyStart } = scanQuestions(NOTE);
    expect(bodyStart).toBe(5);
    expect(questions.map((question) => question.text)).toEqual(["Bias", "Twice", "Twice", "Empty", ""]);
  });

  it("gives each question its card, duplicates and problems", () => {
    const targets = resolveQuestions(note, scanQuestions(NOTE).questions);
    const badges = targets.map((target) => targetBadge(target, NOW, 4));
    expect(badges.map((badge) => badge.label)).toEqual(["in 3d", "new", "asked twice", "no answer", "no question"]);
    expect(targets[2]).toMatchObject({ kind: "card", card: { key: "Twice (2)" } });
  });

  it("a question the index doesn't know is unsaved, or keeps the card its line stood for", () => {
    const targets = resolveQuestions(note, [{ text: "Bias reworded", key: "Bias" }, { text: "Brand new" }]);
    expect(targets[0]).toMatchObject({ kind: "card", card: { key: "Bias" } });
    expect(targets[1]).toEqual({ kind: "unsaved" });
    // The card is taken by its own question already: the reworded copy doesn't get it too.
    const both = resolveQuestions(note, [{ text: "Bias" }, { text: "Bias copy", key: "Bias" }]);
    expect(both[1]).toEqual({ kind: "unsaved" });
  });

  it("in Reading view, a heading is found by its line in the saved note", () => {
    expect(questionAtLine(note, 6, "Bias")).toMatchObject({ kind: "card", card: { key: "Bias" } });
    expect(questionAtLine(note, 12, "Empty")).toMatchObject({ kind: "problem", problem: "no-answer" });
    expect(questionAtLine(note, 7, "answer")).toBeNull();
  });
});
