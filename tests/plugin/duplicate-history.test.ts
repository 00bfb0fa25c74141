// Issue 10 point 13 (design.md Q5) in the plugin: an edit that adds or removes a card of a repeated
// question re-keys the stored entries so each history stays with its answer — from outside (a sync, a
// script) and from typing in Obsidian's editor. Only the moved entries' lines change.
import { afterEach, describe, expect, it } from "vitest";
import { encodeEntry } from "../../src/core/state/state-codec";
import type { CardState } from "../../src/core/types";
import { answerText } from "../../src/core/notes/note";
import type HeadingFlashcardsPlugin from "../../src/main";
import { destroyAllApps, MarkdownView, type FakeApp } from "../fake-obsidian";
import { loadFlashcards, settle, until } from "./helpers";

afterEach(() => destroyAllApps());

const PATH = "Questions.md";
const reviewed = (reps: number): CardState => ({ due: "2026-03-20T08:00:00Z", stability: 5 + reps, difficulty: 4, reps, lapses: 0, state: "review", step: 0, last_review: "2026-03-01T08:00:00Z", id: `d${reps}0000` });
const S1 = reviewed(1);
const S2 = reviewed(2);

function note(entries: [string, CardState][], answers: string[]): string {
  return ["---", "tags: [flashcards]", "srs:", ...entries.map(([key, state]) => `  ${encodeEntry(key, state)}`), "---", "# Words", "", ...answers.flatMap((answer) => ["### Define it", answer, ""])].join("\n");
}

function statesByAnswer(app: FakeApp, plugin: HeadingFlashcardsPlugin): [string, CardState | null][] {
  const text = app.vault.getText(PATH);
  return (plugin.index.get(PATH)?.cards ?? []).map((card) => [answerText(text, card), card.state]);
}

describe("a repeated question's history follows its answer", () => {
  it("a card inserted above a reviewed one from outside: the entry moves to the old answer's new key", async () => {
    const { app, plugin } = await loadFlashcards({ [PATH]: note([["Define it", S1]], ["old answer"]) });
    app.vault.setText(PATH, note([["Define it", S1]], ["new answer", "old answer"]));
    await until(() => app.vault.getText(PATH).includes("Define it (2): {"));
    await settle(app);
    expect(app.vault.getText(PATH)).toBe(note([["Define it (2)", S1]], ["new answer", "old answer"]));
    expect(statesByAnswer(app, plugin)).toEqual([
      ["new answer", null],
      ["old answer", S1],
    ]);
  });

  it("deleting the first of two in the editor gives the second its own history; undo brings both back", async () => {
    const before = note([["Define it", S1], ["Define it (2)", S2]], ["first", "second"]);
    const { app, plugin } = await loadFlashcards({ [PATH]: before });
    const leaf = app.workspace.getLeaf("tab");
    await leaf.openFile(app.vault.getFileByPath(PATH)!);
    const view = leaf.view as MarkdownView;
    const start = view.editor.getValue().indexOf("### Define it\nfirst");
    view.editor.transaction({ changes: [{ from: view.editor.offsetToPos(start), to: view.editor.offsetToPos(start + "### Define it\nfirst\n\n".length), text: "" }] });
    await view.flushSave();
    await until(() => plugin.index.get(PATH)?.cards[0]?.state?.reps === 2);
    await view.flushSave();
    await settle(app);
    const afterDelete = app.vault.getText(PATH);
    // Each entry keeps its line: the deleted answer's under a key no card uses, for an undo to find.
    expect(afterDelete).toBe(note([["Define it (2)", S1], ["Define it", S2]], ["second"]));
    expect(statesByAnswer(app, plugin)).toEqual([["second", S2]]);

    // The user puts the card back (as Ctrl+Z would): each answer has its history again.
    view.editor.transaction({ changes: [{ from: view.editor.offsetToPos(view.editor.getValue().indexOf("### Define it\nsecond")), text: "### Define it\nfirst\n\n" }] });
    await view.flushSave();
    await until(() => plugin.index.get(PATH)?.cards[0]?.state?.reps === 1);
    await view.flushSave();
    await settle(app);
    expect(statesByAnswer(app, plugin)).toEqual([
      ["first", S1],
      ["second", S2],
    ]);
    expect(app.vault.getText(PATH)).toBe(note([["Define it", S1], ["Define it (2)", S2]], ["first", "second"]));
  });
});
