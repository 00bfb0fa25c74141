import { describe, expect, it } from "vitest";
import { flagState, suspendState, toggledFlag } from "../../../src/core/manage/actions";
import type { ActionEvent } from "../../../src/core/manage/records";
import { Scheduler } from "../../../src/core/scheduling/scheduler";
import { CardIndex } from "../../../src/core/study/card-index";
import { ReviewSession, type NoteStore, type ReviewLogRecord, type SessionSettings } from "../../../src/core/study/session";
import { DEFAULT_PARSE_OPTIONS } from "../../../src/core/types";
import { lineDiff } from "../../support/line-diff";

// TZ=UTC in the test config.
const NOW = new Date("2026-11-30T12:00:00Z");
const NOTE = [
  "---",
  "tags: [flashcards]",
  "srs:",
  "  Leechy: {due: 2026-11-29T08:00:00Z, stability: 2.3, difficulty: 8.1, reps: 20, lapses: 7, state: review, last: 2026-11-20T08:00:00Z}",
  "---",
  "### Leechy",
  "hard to remember",
  "### Fresh",
  "new card",
  "",
].join("\n");

function setup(settings: Partial<SessionSettings> = {}) {
  const files = new Map([["a.md", NOTE]]);
  const store: NoteStore = {
    process: async (path, edit) => {
      await Promise.resolve();
      files.set(path, edit(files.get(path) ?? ""));
    },
  };
  const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
  index.update("a.md", NOTE);
  const log: ReviewLogRecord[] = [];
  const actions: ActionEvent[] = [];
  const session = new ReviewSession({
    index,
    scheduler: () => new Scheduler({ fuzz: false }),
    store,
    clock: () => NOW,
    settings: () => ({ dayStartHour: 4, newPerDay: 20, reviewsPerDay: 200, ...settings }),
    parseOptions: () => DEFAULT_PARSE_OPTIONS,
    progress: { day: "", newDone: 0, reviewsDone: 0, buried: [] },
    saveProgress: () => undefined,
    appendLog: (record) => log.push(record),
    logAction: (event) => actions.push(event),
  });
  return { session, files, index, log, actions, text: () => files.get("a.md") ?? "" };
}

describe("card actions in the review", () => {
  it("suspend (@): one line changed, the card leaves the queue, logged, and undo restores the bytes and the card", async () => {
    const { session, actions, text } = setup();
    expect(session.card?.card.key).toBe("Leechy");
    const result = await session.changeCurrentCard("suspend", (state) => suspendState(state, NOW));
    expect(result.ok).toBe(true);
    const diff = lineDiff(NOTE, text());
    expect(diff.removed).toHaveLength(1);
    expect(diff.added[0]).toMatch(/^ {2}Leechy: \{.*suspended: true/);
    expect(session.card?.card.key).toBe("Fresh");
    expect(actions.map((event) => [event.type, event.key, event.after?.suspended])).toEqual([["suspend", "Leechy", true]]);
    const undone = await session.undo();
    expect(undone.ok).toBe(true);
    expect(text()).toBe(NOTE);
    expect(session.card?.card.key).toBe("Leechy");
    expect(actions.map((event) => event.type)).toEqual(["suspend", "undo"]);
    expect(actions[1].undoes).toBe(NOW.toISOString());
  });

  it("flag (Ctrl+N) keeps the card on screen; the same flag again clears it", async () => {
    const { session, text } = setup();
    await session.changeCurrentCard("flag", (state) => flagState(state, toggledFlag(state, "green"), NOW));
    expect(session.card?.card.state?.flag).toBe("green");
    expect(text()).toMatch(/Leechy: \{.*flag: green/);
    await session.changeCurrentCard("flag", (state) => flagState(state, toggledFlag(state, "green"), NOW));
    expect(session.card?.card.key).toBe("Leechy");
    expect(session.card?.card.state?.flag).toBeUndefined();
    expect(text()).not.toMatch(/flag:/);
  });

  it.each([
    ["suspend", { leech: true, suspended: true }, null],
    ["mark", { leech: true }, "Leechy"],
  ] as const)("the 8th lapse makes a leech (action %s), logged and reported", async (action, fields, afterFresh) => {
    const { session, actions, text } = setup({ leechAction: action });
    const result = await session.grade("again");
    expect(result).toMatchObject({ ok: true, leech: true, state: { lapses: 8, ...fields } });
    expect(text()).toMatch(/Leechy: \{.*leech: true/);
    expect(actions.map((event) => event.type)).toEqual(["leech"]);
    // Marked only, the card comes back after its relearning step; suspended, never.
    expect(session.card?.card.key).toBe("Fresh");
    await session.grade("easy");
    expect(session.card?.card.key ?? null).toBe(afterFresh);
  });

  it("a grade below the threshold makes no leech", async () => {
    const { session, actions } = setup({ leechThreshold: 9 });
    const result = await session.grade("again");
    expect(result).toMatchObject({ ok: true, leech: false });
    expect(actions).toEqual([]);
  });
});
