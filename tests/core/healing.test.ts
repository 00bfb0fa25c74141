import { describe, expect, it } from "vitest";
import { ReviewHistory } from "../../src/core/log/history";
import type { LogRecord } from "../../src/core/log/record";
import { conflictCopyOriginal } from "../../src/core/notes/conflict-copies";
import { parseNote, pendingRenames } from "../../src/core/notes/note";
import { findCopiedIds } from "../../src/core/state/copied-ids";
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

  it("a repeated question's history moved with its answer is not a lost line: the new card under its old key stays new", () => {
    // The log keyed the review "Q"; a `### Q` inserted above made the reviewed answer "Q (2)", and its line moved there.
    const state = reviewed(1, "kaaaaa");
    const text = ["---", "tags: [flashcards]", "srs:", `  ${encodeEntry("Q (2)", state)}`, "---", "### Q", "new", "### Q", "old", ""].join("\n");
    const review: LogRecord = { v: 1, type: "review", time: "2026-03-01T08:00:00Z", device: "p", card: "kaaaaa", note: "n.md", key: "Q", rating: "good", before: null, after: state };
    expect(healNote(text, context([review]))).toEqual({ text, actions: [] });
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

describe("one broken line is its card's problem, never the note's (issue 11, point 3)", () => {
  const line = (key: string, state: CardState) => `  ${encodeEntry(key, state)}`;
  const a = reviewed(1, "kaaaaa");
  const b = reviewed(2, "kbbbbb");
  const noteWithTitle = (lines: string[]) => ["---", "tags: [flashcards]", "srs:", ...lines, "title: kept  # as written", "---", "### A", "a", "### B", "b", ""].join("\n");
  const now = "2026-04-01T12:00:00Z";

  it("two lines' digits run together (`reps: 33 lapses: 0`): the readable values are kept, due now, reported", () => {
    const spliced = line("A", a).replace("reps: 1, lapses: 0", "reps: 33 lapses: 0");
    const text = noteWithTitle([spliced, line("B", b)]);
    const parsed = parseNote(text);
    expect(parsed.cards.find((card) => card.key === "B")?.state).toEqual(b);
    expect(parsed.problems.some((problem) => problem.line === 4 && problem.message.includes("can't be read"))).toBe(true);
    const healed = healNote(text, context());
    expect(healed.actions).toEqual([expect.objectContaining({ key: "A", kind: "due-now", line: 4 })]);
    expect(healed.actions[0].message).toContain("the values still readable are kept and it is due now");
    expect(healed.text).toBe(noteWithTitle([line("A", { ...a, reps: 33, due: now }), line("B", b)]));
  });

  it("a line cut in two, its rest in column 0: the other card keeps its state; healing joins it into one line", () => {
    const whole = line("A", a);
    // As Obsidian Sync left one: `…, h: a7b9` and `cafc}` (tests/core/sync finds such merges).
    const text = noteWithTitle([whole.slice(0, -4), "9" + whole.slice(-4), line("B", b)]);
    const parsed = parseNote(text);
    expect(parsed.tagged).toBe(true);
    expect(parsed.writable).toBe(false);
    expect(parsed.cards.find((card) => card.key === "B")?.state).toEqual(b);
    expect(parsed.problems.map((problem) => problem.line)).toContain(5);
    // Without a log the joined line's values are kept (its checksum can't vouch for them) and it is due now.
    const healed = healNote(text, context());
    expect(healed.actions.map((action) => [action.key, action.kind])).toEqual([["A", "due-now"]]);
    expect(healed.text).toBe(noteWithTitle([line("A", { ...a, due: now }), line("B", b)]));
    // With a log that knows A's latest review, that review comes back.
    const review: LogRecord = { v: 1, type: "review", time: "2026-03-20T08:00:00Z", device: "phone", card: "kaaaaa", note: "n.md", key: "A", rating: "good", before: a, after: reviewed(20, "kaaaaa") };
    expect(healNote(text, context([review])).text).toBe(noteWithTitle([line("A", reviewed(20, "kaaaaa")), line("B", b)]));
  });

  it("a line cut in two with nothing lost reads back intact: joined again with its values, and reported", () => {
    const whole = line("A", a);
    const healed = healNote(noteWithTitle([whole.slice(0, -4), whole.slice(-4), line("B", b)]), context());
    expect(healed.actions.map((action) => [action.key, action.kind])).toEqual([["A", "rejoined"]]);
    expect(healed.text).toBe(noteWithTitle([whole, line("B", b)]));
  });

  it("a line whose key and `{` a splice ate, moved to column 0 between state lines, is healed by its id", () => {
    const moved = line("A", a).slice(5).replace("{due", "due"); // `: {due: …` → `due: …` after the lost indent and key
    const text = noteWithTitle([line("B", b), moved, `  ${encodeEntry("C", reviewed(3, "kccccc"))}`]);
    expect(parseNote(text).cards.find((card) => card.key === "B")?.state).toEqual(b);
    const review: LogRecord = { v: 1, type: "review", time: "2026-03-01T08:00:00Z", device: "phone", card: "kaaaaa", note: "n.md", key: "A", rating: "good", before: null, after: a };
    const healed = healNote(text, context([review]));
    expect(healed.refused).toBeUndefined();
    expect(healed.text).toBe(noteWithTitle([line("B", b), line("A", a), `  ${encodeEntry("C", reviewed(3, "kccccc"))}`]));
  });

  it.each([
    ["after its closing brace", (spliced: string) => `${spliced}aliases:`],
    ["in place of its end", (spliced: string) => `${spliced.slice(0, -30)}ases:`],
  ])("a user's property spliced onto a state line (%s): the other cards still read, nothing is written, nothing of it lost", (_where, splice) => {
    const text = ["---", "tags: [flashcards]", "srs:", line("B", b), splice(line("A", a).replace("reps: 1, lapses", "reps: 1 lapses")), "  - cv", "---", "### A", "a", "### B", "b", ""].join("\n");
    const parsed = parseNote(text);
    expect(parsed.writable).toBe(false);
    expect(parsed.cards.find((card) => card.key === "B")?.state).toEqual(b);
    expect(parsed.problems).toContainEqual({ line: 6, message: expect.stringContaining("line 6 of the state property is not a state line") });
    const healed = healNote(text, context());
    expect(healed.text).toBe(text);
    expect(healed.actions).toEqual([]);
    expect(healed.refused).toContain("put right by hand");
  });

  it.each([
    ["meta: {due: 2026-01-01, note: x}", "  - y"],
    ["meta: {due: 2026-01-01, note: x}", "title: t"],
  ])("a property of the user's in column 0 (%s) is never taken for a broken-out state line", (...properties) => {
    const text = ["---", "tags: [flashcards]", "srs:", line("A", a).replace("reps: 1, lapses", "reps: 1 lapses"), ...properties, "---", "### A", "a", ""].join("\n");
    const healed = healNote(text, context());
    expect(healed.text.split("\n").slice(4)).toEqual(text.split("\n").slice(4));
  });
});

describe("which of two notes sharing an id holds the copy (copied-ids.ts)", () => {
  const cards = (id: string) => [{ key: "A", state: reviewed(1, id) }];
  const logged = (note: string): LogRecord => ({ v: 1, type: "review", time: "2026-03-01T08:00:00Z", device: "p", card: "kaaaaa", note, key: "A", rating: "good", before: null, after: reviewed(1, "kaaaaa") });
  it.each([
    ["the log places the id in the longer path", ["Deck/Vision.md", "Deck/Vision 1.md"], [logged("Deck/Vision 1.md")], "Deck/Vision.md"],
    ["without a log, the longer path is the copy", ["Deck/Vision 1.md", "Deck/Vision.md"], [], "Deck/Vision 1.md"],
    ["of two paths as long, the one that sorts later", ["b.md", "a.md"], [], "b.md"],
    ["a log naming neither note decides nothing", ["Deck/Vision.md", "Deck/Vision 1.md"], [logged("Gone.md")], "Deck/Vision 1.md"],
  ])("%s", (_name, paths, records, copy) => {
    const found = findCopiedIds(paths.map((path) => ({ path, cards: cards("kaaaaa") })), new ReviewHistory(records));
    expect(found).toEqual([{ path: copy, key: "A", storedKey: "A", id: "kaaaaa", original: paths.find((path) => path !== copy) }]);
  });

  it("ids held once, or only within one note, are no copied note's", () => {
    const notes = [{ path: "a.md", cards: [...cards("kaaaaa"), { key: "B", state: reviewed(2, "kaaaaa") }] }, { path: "b.md", cards: cards("kbbbbb") }];
    expect(findCopiedIds(notes, ReviewHistory.empty)).toEqual([]);
  });
});
