// Issue 9, point 3: grading a card of a note that is open in an editor with unsaved typing keeps every
// typed character and the new state line; undo likewise. The write goes through the open editor.
import { describe, expect, it } from "vitest";
import { MarkdownView, type FakeApp } from "../fake-obsidian";
import { lineDiff, loadFlashcards, openReview, press, SAMPLE_PATH, SAMPLE_TEXT, settle } from "./helpers";

async function openInEditor(app: FakeApp, path: string): Promise<MarkdownView> {
  const leaf = app.workspace.getLeaf("tab");
  await leaf.openFile(app.vault.getFileByPath(path)!);
  return leaf.view as MarkdownView;
}

/** The sample note's line that starts with `prefix`, 0-based. */
const lineOf = (text: string, prefix: string): number => text.split("\n").findIndex((line) => line.startsWith(prefix));

describe("writes that respect open editors (issue 9, point 3)", () => {
  it("typing in the note and grading within the save delay keeps every typed character and the state line", async () => {
    const { app } = await loadFlashcards({ [SAMPLE_PATH]: SAMPLE_TEXT });
    const editorView = await openInEditor(app, SAMPLE_PATH);
    const bodyLine = lineOf(SAMPLE_TEXT, "# Problems");
    editorView.editor.type(" (typed, not saved yet)", { line: bodyLine, ch: "# Problems".length });
    expect(editorView.hasUnsavedChanges).toBe(true);

    await openReview(app);
    await press(app, " ");
    await press(app, "3");
    // The editor shows the new state line at once; Obsidian's delayed save then writes the buffer.
    expect(editorView.editor.getValue()).toMatch(/\nsrs:\n {2}We will discover new types of deep models\.: \{due: /);
    await editorView.flushSave();
    await settle(app);

    const text = app.vault.getText(SAMPLE_PATH);
    expect(text).toContain("\n# Problems (typed, not saved yet)\n");
    expect(lineDiff(SAMPLE_TEXT, text.replace(" (typed, not saved yet)", ""))).toEqual({
      removed: [],
      added: ["srs:", expect.stringMatching(/^ {2}We will discover new types of deep models\.: \{due: /)],
    });
    expect(editorView.editor.getValue()).toBe(text);

    // Undo goes through the editor as well: the state line goes, the typing stays.
    editorView.editor.type("!", { line: lineOf(text, "# Problems"), ch: "# Problems (typed, not saved yet)".length });
    await press(app, "u");
    await editorView.flushSave();
    await settle(app);
    expect(lineDiff(SAMPLE_TEXT, app.vault.getText(SAMPLE_PATH))).toEqual({ removed: ["# Problems"], added: ["# Problems (typed, not saved yet)!"] });
  });

  it("the grade changes only the state line in the editor: the cursor and the typed text around it stay", async () => {
    const { app } = await loadFlashcards({ [SAMPLE_PATH]: SAMPLE_TEXT });
    const editorView = await openInEditor(app, SAMPLE_PATH);
    const line = lineOf(SAMPLE_TEXT, "# Problems");
    editorView.editor.type("X", { line, ch: 0 });
    const before = editorView.editor.getValue();
    await openReview(app);
    await press(app, " ");
    await press(app, "3");
    const after = editorView.editor.getValue();
    expect(lineDiff(before, after).removed).toEqual([]);
    expect(lineDiff(before, after).added).toEqual(["srs:", expect.stringMatching(/^ {2}We will discover/)]);
    // The user's cursor is still right after what they typed, one state block lower.
    expect(editorView.editor.getCursor()).toEqual({ line: line + 2, ch: 1 });
  });

  it("a note open without unsaved edits is written and shown at once", async () => {
    const { app } = await loadFlashcards({ [SAMPLE_PATH]: SAMPLE_TEXT });
    const editorView = await openInEditor(app, SAMPLE_PATH);
    await openReview(app);
    await press(app, " ");
    await press(app, "3");
    await settle(app);
    expect(app.vault.getText(SAMPLE_PATH)).toMatch(/\nsrs:\n/);
    expect(editorView.editor.getValue()).toBe(app.vault.getText(SAMPLE_PATH));
    expect(editorView.hasUnsavedChanges).toBe(false);
  });

  it("a card typed in the editor and saved with the grade is indexed", async () => {
    const { app, plugin } = await loadFlashcards({ [SAMPLE_PATH]: SAMPLE_TEXT });
    const editorView = await openInEditor(app, SAMPLE_PATH);
    const end = editorView.editor.lastLine();
    editorView.editor.type("\n### Typed while reviewing\nits answer\n", { line: end, ch: editorView.editor.getLine(end).length });
    await openReview(app);
    await press(app, " ");
    await press(app, "3");
    await settle(app);
    expect(editorView.hasUnsavedChanges).toBe(false);
    const questions = plugin.index.get(SAMPLE_PATH)?.cards.map((card) => card.question);
    expect(questions).toContain("Typed while reviewing");
    expect(plugin.index.get(SAMPLE_PATH)?.cards[0].state?.reps).toBe(1);
  });
});
