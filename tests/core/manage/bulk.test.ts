import { describe, expect, it } from "vitest";
import { flagState } from "../../../src/core/manage/actions";
import { BulkActions, cardAtLine } from "../../../src/core/manage/bulk";
import type { ActionEvent } from "../../../src/core/manage/records";
import { CardIndex } from "../../../src/core/study/card-index";
import { DEFAULT_PARSE_OPTIONS } from "../../../src/core/types";

const NOW = new Date("2026-11-30T12:00:00Z");

describe("the card under the cursor", () => {
  const cards = [{ line: 5 }, { line: 9 }, { line: 14 }];
  it.each([
    [1, null],
    [4, null],
    [5, 5],
    [8, 5],
    [9, 9],
    [13, 9],
    [200, 14],
  ])("line %i → heading at %s", (line, expected) => {
    expect(cardAtLine(cards, line)?.line ?? null).toBe(expected);
  });
});

describe("bulk actions", () => {
  function setup() {
    const files = new Map([
      ["a.md", "---\ntags: [flashcards]\n---\n### One\n1\n### Two\n2\n"],
      ["b.md", "---\ntags: [flashcards]\n---\n### Three\n3\n"],
    ]);
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    for (const [path, text] of files) index.update(path, text);
    const events: ActionEvent[] = [];
    const actions = new BulkActions({
      index,
      store: {
        process: async (path, edit) => {
          await Promise.resolve();
          files.set(path, edit(files.get(path) ?? ""));
        },
      },
      clock: () => NOW,
      parseOptions: () => DEFAULT_PARSE_OPTIONS,
      log: (event) => events.push(event),
    });
    return { files, index, events, actions };
  }

  it("flags cards in two notes as one undo step, and undo restores both notes byte for byte", async () => {
    const { files, index, events, actions } = setup();
    const before = new Map(files);
    const outcome = await actions.apply("flag", [{ path: "a.md", key: "One" }, { path: "b.md", key: "Three" }, { path: "a.md", key: "Two" }], (s) => flagState(s, "blue", NOW));
    expect(outcome).toEqual({ changed: 3, skipped: [] });
    expect(files.get("a.md")).toMatch(/One: \{.*flag: blue[\s\S]*Two: \{.*flag: blue/);
    expect(index.get("b.md")?.cards[0].state?.flag).toBe("blue");
    expect(events.map((e) => [e.type, e.key])).toEqual([["flag", "One"], ["flag", "Two"], ["flag", "Three"]]);
    expect(actions.canUndo).toBe(true);
    expect(await actions.undo()).toEqual({ changed: 3, skipped: [] });
    expect(files).toEqual(before);
    expect(index.get("b.md")?.cards[0].state).toBeNull();
    expect(events.slice(3).map((e) => [e.type, e.undoes])).toEqual([["undo", NOW.toISOString()], ["undo", NOW.toISOString()], ["undo", NOW.toISOString()]]);
    expect(await actions.undo()).toBeNull();
  });

  it("skips and reports a note whose card is gone, writing nothing to it; the rest goes through", async () => {
    const { files, actions } = setup();
    files.set("b.md", "---\ntags: [flashcards]\n---\n### Renamed\n3\n");
    const untouched = files.get("b.md");
    const outcome = await actions.apply("flag", [{ path: "a.md", key: "One" }, { path: "b.md", key: "Three" }], (s) => flagState(s, "red", NOW));
    expect(outcome.changed).toBe(1);
    expect(outcome.skipped).toEqual([{ path: "b.md", reason: expect.stringMatching(/"Three": .*no longer in the note/) }]);
    expect(files.get("b.md")).toBe(untouched);
  });
});
