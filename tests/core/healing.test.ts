import { describe, expect, it } from "vitest";
import { ReviewHistory } from "../../src/core/log/history";
import type { LogRecord } from "../../src/core/log/record";
import { conflictCopyOriginal } from "../../src/core/notes/conflict-copies";
import { parseNote, pendingRenames } from "../../src/core/notes/note";
import { healNote } from "../../src/core/state/healing";
import { encodeEntry } from "../../src/core/state/state-codec";
import { writeCardState } from "../../src/core/state/state-writer";
import { DEFAULT_PARSE_OPTIONS, type CardState } from "../../src/core/types";

const reviewed = (day: number, id: string): CardState => ({ due: `2026-03-${String(day + 3).padStart(2, "0")}T08:00:00Z`, stability: 3, difficulty: 5, reps: day, lapses: 0, state: "review", step: 0, last_review: `2026-03-${String(day).padStart(2, "0")}T08:00:00Z`, id });
const note = (lines: string[]) => ["---", "tags: [flashcards]", "srs:", ...lines, "---", "### A", "a", "### B", "b", ""].join("\n");
const context = (records: LogRecord[] = []) => ({ ...DEFAULT_PARSE_OPTIONS, path: "n.md", now: new Date("2026-04-01T12:00:00Z"), history: new ReviewHistory(records), random: () => 0.5 });

describe("conflict copy names", () => {
  it.each([
    ["Deck/Name (Conflicted copy Pixel 7 202411281430).md", "Deck/Name.md"],
    ["Name.sync-conflict-20241128-143000-ABCDEFG.md", "Name.md"],
    ["a/Name (Laptop's conflicted copy 2024-11-28).md", "a/Name.md"],
    ["Name (Laptop's conflicted copy 2024-11-28 (1)).md", "Name.md"],
  ])("%s is a copy of %s", (copy, original) => expect(conflictCopyOriginal(copy)).toBe(original));

  it.each(["Name.md", "Name (copy).md", "Name.sync-conflict.md", "Conflicted copy notes.md"])("%s is no copy", (name) => expect(conflictCopyOriginal(name)).toBeNull());
});

describe("healing, case by case", () => {
  it("leaves an intact note byte for byte", () => {
    const text = note([`  ${encodeEntry("A", reviewed(1, "kaaaaa"))}`]);
    expect(healNote(text, context())).toEqual({ text, actions: [] });
  });

  it("two cards with one id (a copied line): the second gets a new id and the note reports it", () => {
    const text = note([`  ${encodeEntry("A", reviewed(1, "kaaaaa"))}`, `  ${encodeEntry("B", reviewed(2, "kaaaaa"))}`]);
    const healed = healNote(text, context());
    expect(healed.actions).toEqual([expect.objectContaining({ key: "B", kind: "new-id" })]);
    const cards = parseNote(healed.text).cards;
    expect(cards[0].state?.id).toBe("kaaaaa");
    expect(cards[1].state?.id).not.toBe("kaaaaa");
    expect({ ...cards[1].state, id: "kaaaaa" }).toEqual(reviewed(2, "kaaaaa"));
  });

  it("a card whose id another note holds (a copied note) gets a new id", () => {
    const text = note([`  ${encodeEntry("A", reviewed(1, "kaaaaa"))}`]);
    const healed = healNote(text, { ...context(), idsElsewhere: new Set(["kaaaaa"]) });
    expect(healed.actions.map((action) => action.kind)).toEqual(["new-id"]);
    expect(parseNote(healed.text).cards[0].state?.id).not.toBe("kaaaaa");
  });

  it("a line with nothing readable and no log starts the card over as new, reported", () => {
    const text = note(["  A: {due: 2026-03-0, reps: 33 lapses: 0"]);
    const healed = healNote(text, context());
    expect(healed.actions).toEqual([expect.objectContaining({ key: "A", kind: "started-over" })]);
    expect(healed.text).toBe(note([]));
  });

  it("an undone review on another device is not restored", () => {
    const line = `  ${encodeEntry("A", reviewed(1, "kaaaaa"))}`;
    const review: LogRecord = { v: 1, type: "review", time: "2026-03-05T08:00:00Z", device: "p", card: "kaaaaa", note: "n.md", key: "A", rating: "good", before: reviewed(1, "kaaaaa"), after: reviewed(5, "kaaaaa") };
    const undo: LogRecord = { ...review, type: "undo", time: "2026-03-05T08:00:05Z", undoes: review.time };
    expect(healNote(note([line]), context([review, undo])).actions).toEqual([]);
    expect(healNote(note([line]), context([review])).actions.map((action) => action.kind)).toEqual(["restored"]);
  });
});

describe("rename-proof history", () => {
  it("a reworded question keeps its id on the renaming write", () => {
    const text = ["---", "tags: [flashcards]", "srs:", `  ${encodeEntry("What is bias?", reviewed(1, "kbbbbb"))}`, "---", "### What is the bias?", "a", ""].join("\n");
    const parsed = parseNote(text);
    expect(parsed.cards[0].state?.id).toBe("kbbbbb");
    const written = writeCardState(text, "What is the bias?", reviewed(2, "kbbbbb"), { stateProperty: "srs", renames: pendingRenames(parsed) });
    if (!written.ok) throw new Error(written.reason);
    expect(parseNote(written.text).cards[0].state?.id).toBe("kbbbbb");
    expect(written.text).not.toContain("What is bias?:");
  });
});
