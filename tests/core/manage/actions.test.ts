import { describe, expect, it } from "vitest";
import { flagState, newCardState, parseDueDays, randomDays, rescheduleState, resetState, suspendState, toggledFlag, unsuspendState } from "../../../src/core/manage/actions";
import { editCardInText } from "../../../src/core/manage/apply";
import { actionRecord } from "../../../src/core/manage/records";
import { intervalDays, retrievability } from "../../../src/core/manage/memory";
import { DEFAULT_PARSE_OPTIONS, type CardState } from "../../../src/core/types";
import { lineDiff } from "../../support/line-diff";
import { note, state } from "../../support/builders";

// TZ=UTC in the test config: the study day starts at 04:00Z.
const NOW = new Date("2026-11-30T12:00:00Z");

describe("card actions as state transforms", () => {
  const reviewed = state({ id: "k3f9q2", flag: "red" });
  it.each<[string, (s: CardState | null) => CardState, Partial<CardState>]>([
    ["suspend", (s) => suspendState(s, NOW), { suspended: true }],
    ["unsuspend", (s) => unsuspendState({ ...s!, suspended: true }, NOW), {}],
    ["flag blue", (s) => flagState(s, "blue", NOW), { flag: "blue" }],
    ["flag none", (s) => flagState(s, null, NOW), { flag: undefined }],
  ])("%s changes only its field and keeps the schedule", (_, action, change) => {
    const after = action(reviewed);
    const expected: CardState = { ...reviewed, ...change };
    for (const key of Object.keys(expected) as (keyof CardState)[]) if (expected[key] === undefined) delete expected[key];
    if (!("suspended" in change)) delete expected.suspended;
    expect(after).toEqual(expected);
  });

  it.each([
    ["suspend", suspendState(null, NOW), { suspended: true }],
    ["flag", flagState(null, "purple", NOW), { flag: "purple" }],
  ])("%s on a card never reviewed writes a new-card state with the field", (_, after, field) => {
    expect(after).toEqual({ ...newCardState(NOW), ...field });
    expect(after.state).toBe("new");
  });

  it.each<[CardState | null, "red" | "green", "red" | "green" | null]>([
    [null, "red", "red"],
    [state({ flag: "red" }), "red", null],
    [state({ flag: "red" }), "green", "green"],
  ])("Ctrl+N toggles: %o pressed %s gives %s", (current, pressed, result) => {
    expect(toggledFlag(current, pressed)).toBe(result);
  });

  it("reset (forget) starts the card over, keeping id, flag and suspension, dropping the leech mark", () => {
    const after = resetState(state({ id: "k3f9q2", flag: "green", suspended: true, leech: true, lapses: 9, reps: 30 }), NOW);
    expect(after).toEqual({ ...newCardState(NOW), id: "k3f9q2", flag: "green", suspended: true });
  });

  it.each<[string, CardState | null, number, Partial<CardState>]>([
    ["review card today", state(), 0, { due: "2026-11-30T12:00:00Z", state: "review", stability: 2.3065 }],
    ["review card in 3 days", state(), 3, { due: "2026-12-03T04:00:00Z", state: "review", stability: 2.3065, last_review: "2026-11-26T08:00:00Z" }],
    ["new card in 5 days", null, 5, { due: "2026-12-05T04:00:00Z", state: "review", stability: 5, difficulty: 5, last_review: "2026-11-30T12:00:00Z" }],
    ["learning card in 2 days", state({ state: "learning", step: 1 }), 2, { due: "2026-12-02T04:00:00Z", state: "review", step: 0, stability: 2 }],
  ])("reschedule: %s", (_, before, days, expected) => {
    expect(rescheduleState(before, days, NOW, 4)).toMatchObject(expected);
  });

  it.each<[string, { from: number; to: number } | null]>([
    ["3", { from: 3, to: 3 }],
    ["0", { from: 0, to: 0 }],
    [" 1-7 ", { from: 1, to: 7 }],
    ["7-1", { from: 1, to: 7 }],
    ["x", null],
    ["-3", null],
    ["1.5", null],
  ])("due days %j", (text, expected) => {
    const parsed = parseDueDays(text);
    if (expected === null) expect(typeof parsed).toBe("string");
    else expect(parsed).toEqual(expected);
  });

  it("a random day in a range stays in the range and reaches both ends", () => {
    expect(randomDays(1, 7, () => 0)).toBe(1);
    expect(randomDays(1, 7, () => 0.9999)).toBe(7);
    expect(randomDays(3, 3, () => 0.5)).toBe(3);
  });

  it("retrievability follows the forgetting curve: 0.9 after one stability, 1 at review, null for new", () => {
    const reviewedAt = state({ stability: 10, last_review: "2026-11-20T12:00:00Z" });
    expect(retrievability(reviewedAt, new Date("2026-11-30T12:00:00Z"))).toBeCloseTo(0.9, 6);
    expect(retrievability(reviewedAt, new Date("2026-11-20T12:00:00Z"))).toBe(1);
    expect(retrievability(null, NOW)).toBeNull();
    expect(intervalDays(state())).toBe(3);
  });
});

describe("editing one card in a note", () => {
  const text = note({
    frontmatter: ["tags: [flashcards]", "title: keep # me", "srs:", "  Bias: {due: 2026-11-29T08:00:00Z, stability: 2.3065, difficulty: 2.1181, reps: 1, lapses: 0, state: review, last: 2026-11-26T08:00:00Z}"],
    body: ["### Bias", "answer", "### Variance", "other"],
  });

  it("changes that card's line only, and gives it an id", () => {
    const edit = editCardInText(text, "Bias", (s) => suspendState(s, NOW), DEFAULT_PARSE_OPTIONS, () => 0.5);
    expect(edit.ok).toBe(true);
    if (!edit.ok) return;
    const diff = lineDiff(text, edit.text);
    expect(diff.removed).toHaveLength(1);
    expect(diff.added).toHaveLength(1);
    expect(diff.added[0]).toMatch(/^ {2}Bias: \{.*suspended: true.*id: \w+.*h: [0-9a-f]+\}$/);
    expect(edit.before?.suspended).toBeUndefined();
    expect(edit.after.suspended).toBe(true);
  });

  it("adds a line for a card never reviewed", () => {
    const edit = editCardInText(text, "Variance", (s) => flagState(s, "red", NOW), DEFAULT_PARSE_OPTIONS);
    expect(edit.ok && lineDiff(text, edit.text)).toEqual({ removed: [], added: [expect.stringMatching(/^ {2}Variance: \{.*flag: red/)] });
  });

  it.each([
    ["a card that is gone", text, "Gone"],
    ["a note with broken YAML", text.replace("title: keep # me", "title: [oops"), "Bias"],
    ["a note no longer tagged", text.replace("tags: [flashcards]", "tags: [other]"), "Bias"],
  ])("refuses %s", (_, source, key) => {
    const edit = editCardInText(source, key, (s) => suspendState(s, NOW), DEFAULT_PARSE_OPTIONS);
    expect(edit.ok).toBe(false);
    if (!edit.ok) expect(edit.reason).not.toBe("");
  });

  it("a log record carries the type, the card's id and both whole states", () => {
    const before = state({ id: "k3f9q2" });
    const record = actionRecord("suspend", { time: NOW, device: "d1", note: "a.md", key: "Bias" }, before, { ...before, suspended: true });
    expect(record).toEqual({ v: 1, type: "suspend", time: NOW.toISOString(), device: "d1", card: "k3f9q2", note: "a.md", key: "Bias", before, after: { ...before, suspended: true } });
  });
});
