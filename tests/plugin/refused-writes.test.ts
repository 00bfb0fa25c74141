// Grades that must not be written: broken YAML, a card edited away meanwhile, input while a write runs.
import { describe, expect, it } from "vitest";
import { Notice } from "../fake-obsidian";
import { loadFlashcards, openReview, press, screen, settle, SAMPLE_PATH, SAMPLE_TEXT } from "./helpers";

const BROKEN = "---\ntags: [flashcards\nsource: x\n---\n#flashcards\n# Topic\n### Q\nA\n";

describe("refused writes", () => {
  it("a note with broken YAML is never written: a Notice says why and the card leaves the queue", async () => {
    const { app } = await loadFlashcards({ "broken.md": BROKEN });
    const view = await openReview(app);
    expect(screen(view).question).toBe("Q");
    await press(app, " ");
    await press(app, "3");
    expect(app.vault.getText("broken.md")).toBe(BROKEN);
    expect(Notice.log).toHaveLength(1);
    expect(Notice.log[0]).toMatch(/^Review not saved: broken\.md: /);
    expect(screen(view).done).toContain("All done for now");
  });

  it("YAML broken after the card was shown: nothing written, a Notice", async () => {
    const { app } = await loadFlashcards({ [SAMPLE_PATH]: SAMPLE_TEXT });
    const view = await openReview(app);
    await press(app, " ");
    const broken = SAMPLE_TEXT.replace("tags: [flashcards, eecs498-dl4cv]", "tags: [flashcards, eecs498-dl4cv\n#flashcards");
    app.vault.setText(SAMPLE_PATH, broken);
    await press(app, "3");
    expect(app.vault.getText(SAMPLE_PATH)).toBe(broken);
    expect(Notice.log).toEqual([expect.stringMatching(/^Review not saved: /)]);
    // The view moved on; nothing else was written either.
    expect(screen(view).question).not.toBe("We will discover new types of deep models.");
  });

  it("a card edited away between showing and grading: a Notice, nothing written", async () => {
    const { app, plugin } = await loadFlashcards({ [SAMPLE_PATH]: SAMPLE_TEXT });
    const view = await openReview(app);
    await press(app, " ");
    // The user renames the heading in the editor; the grade comes before the metadata cache catches up.
    const edited = SAMPLE_TEXT.replace("### We will discover new types of deep models.", "### We will discover new kinds of deep models.");
    app.vault.setText(SAMPLE_PATH, edited);
    await press(app, "3");
    expect(app.vault.getText(SAMPLE_PATH)).toBe(edited);
    expect(Notice.log).toEqual(['Review not saved: "We will discover new types of deep models." is no longer in The future of DL+CV.md']);
    // The review moved on; the edited card is indexed under its new text, still new.
    expect(screen(view).question).toBe("Deep Learning will find new applications");
    expect(plugin.index.get(SAMPLE_PATH)?.cards[0]).toMatchObject({ key: "We will discover new kinds of deep models.", state: null });
    expect(screen(view).counts).toBe("8 · 0 · 0");
  });

  it("input while a grade is being written is ignored: one key press, one write", async () => {
    const { app } = await loadFlashcards({ [SAMPLE_PATH]: SAMPLE_TEXT });
    const view = await openReview(app);
    app.pressKey(" ");
    app.pressKey("3");
    expect(view.contentEl.querySelector(".hf-review")?.hasClass("is-busy")).toBe(true);
    app.pressKey("3");
    app.pressKey("u");
    app.pressKey(" ");
    await settle(app);
    const stateLines = app.vault.getText(SAMPLE_PATH).split("\n").filter((line) => line.startsWith("  "));
    expect(stateLines).toHaveLength(1);
    expect(screen(view)).toMatchObject({ question: "Deep Learning will find new applications", answer: null });
  });

  it("grading several cards of one note in quick succession loses no update", async () => {
    const { app } = await loadFlashcards({ [SAMPLE_PATH]: SAMPLE_TEXT });
    await openReview(app);
    for (let i = 0; i < 5; i++) {
      app.pressKey(" ");
      app.pressKey("4");
      // Only the write itself is awaited, not the metadata cache: the next grade races its 'changed' event.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await settle(app);
    const text = app.vault.getText(SAMPLE_PATH);
    expect(text.split("\n").filter((line) => line.startsWith("  "))).toHaveLength(5);
    expect(Notice.log).toEqual([]);
  });
});
