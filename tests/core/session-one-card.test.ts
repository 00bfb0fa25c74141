import { describe, expect, it } from "vitest";
import { CardIndex } from "../../src/core/study/card-index";
import { Scheduler } from "../../src/core/scheduling/scheduler";
import { ReviewSession, type DailyProgress, type NoteStore } from "../../src/core/study/session";
import { DEFAULT_PARSE_OPTIONS } from "../../src/core/types";

// "Review this card now" (issue 16) and the browser's "Review these now" (issue 13): a session over a set
// of cards, shown at once in the set's order even when they are not due.
const PATH = "n.md";
const NOTE = [
  "---",
  "srs:",
  "  Later: {due: 2026-06-01T08:00:00Z, stability: 30, difficulty: 5, reps: 3, lapses: 0, state: review, last: 2026-05-01T08:00:00Z}",
  "  Much later: {due: 2026-09-01T08:00:00Z, stability: 90, difficulty: 5, reps: 4, lapses: 0, state: review, last: 2026-05-01T08:00:00Z}",
  "---",
  "#flashcards",
  "### New",
  "a",
  "### Later",
  "b",
  "### Much later",
  "c",
  "",
].join("\n");

function session(now: Date, only: { path: string; key: string } | { path: string; key: string }[], progress: DailyProgress = { day: "", newDone: 0, reviewsDone: 0, buried: [] }) {
  const files = new Map([[PATH, NOTE]]);
  const store: NoteStore = {
    process: async (path, edit) => void files.set(path, edit(files.get(path)!)),
  };
  const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
  index.update(PATH, NOTE);
  const review = new ReviewSession({
    index,
    scheduler: () => new Scheduler({ fuzz: false }),
    store,
    clock: () => now,
    settings: () => ({ dayStartHour: 4, newPerDay: 0, reviewsPerDay: 200 }),
    parseOptions: () => DEFAULT_PARSE_OPTIONS,
    progress,
    saveProgress: () => undefined,
    appendLog: () => undefined,
    include: (note) => note.path === PATH,
    only: Array.isArray(only) ? only : [only],
  });
  return { review, files };
}

describe("a session over one card", () => {
  const now = new Date("2026-05-10T12:00:00Z");

  it("shows that card now though it is not due, and only that card", async () => {
    const { review, files } = session(now, { path: PATH, key: "Later" });
    expect(review.card?.card.key).toBe("Later");
    expect(review.counts()).toEqual({ new: 0, learning: 0, due: 1 });
    expect((await review.grade("good")).ok).toBe(true);
    expect(files.get(PATH)).toMatch(/ {2}Later: \{due: 2026-0[67]/);
    // Graded: it follows its schedule now; the "New" card (outside the scope) never shows.
    review.rebuild();
    expect(review.card).toBeNull();
  });

  it("shows a new card even when today's new-card limit is 0; a lapse brings it back after its step", async () => {
    const { review } = session(now, { path: PATH, key: "New" });
    expect(review.card?.card.key).toBe("New");
    await review.grade("again");
    expect(review.card?.card.key).toBe("New");
  });

  it("leaves a buried card buried", () => {
    const { review } = session(now, { path: PATH, key: "Later" }, { day: "2026-05-10", newDone: 0, reviewsDone: 0, buried: [`${PATH}\u0000Later`] });
    expect(review.card).toBeNull();
  });
});

describe("a session over a set of cards (the browser's \"Review these now\")", () => {
  const now = new Date("2026-05-10T12:00:00Z");
  const cards = (...keys: string[]) => keys.map((key) => ({ path: PATH, key }));

  it("shows the set's cards now, in the set's order, due or not and past the new-card limit, and no other card", async () => {
    const { review } = session(now, cards("Much later", "New"));
    expect(review.counts()).toEqual({ new: 1, learning: 0, due: 1 });
    expect(review.card?.card.key).toBe("Much later");
    expect((await review.grade("good")).ok).toBe(true);
    expect(review.card?.card.key).toBe("New");
    expect((await review.grade("easy")).ok).toBe(true);
    // Each graded card follows its schedule now; "Later" (not in the set) never showed.
    review.rebuild();
    expect(review.card).toBeNull();
  });

  it("a card skipped leaves the set for this session; a buried one stays buried; the others still show", () => {
    const { review } = session(now, cards("Later", "Much later", "New"), { day: "2026-05-10", newDone: 0, reviewsDone: 0, buried: [`${PATH}\u0000Much later`] });
    expect(review.card?.card.key).toBe("Later");
    review.skip();
    expect(review.card?.card.key).toBe("New");
  });
});

