// Issue 9, point 6: deferred views come back working, scope changes are saved with the layout, and
// "Open note" opens the TFile at the card's heading whatever the file is called.
import { describe, expect, it } from "vitest";
import { REVIEW_VIEW_TYPE, STUDY_VIEW_TYPE } from "../../src/ui/host";
import { ReviewView } from "../../src/ui/review-view";
import { StudyView } from "../../src/ui/study-view";
import { MarkdownView } from "../fake-obsidian";
import { loadFlashcards, openReview, press, run, sampleVault, screen, settle, until } from "./helpers";

function viewOf<T>(view: unknown, type: abstract new (...args: never[]) => T): T {
  if (!(view instanceof type)) throw new Error(`expected a ${type.name}`);
  return view;
}

describe("deferred views (issue 9, point 6)", () => {
  it("review and study leaves restored deferred come back working, with their scope", async () => {
    const { app } = await loadFlashcards(sampleVault());
    const review = app.workspace.restoreDeferredLeaf("root", { type: REVIEW_VIEW_TYPE, state: { scope: { kind: "deck", deck: "lang/de" } } });
    const study = app.workspace.restoreDeferredLeaf("right", { type: STUDY_VIEW_TYPE, state: { collapsed: [] } });
    expect(review.isDeferred && study.isDeferred).toBe(true);
    // The ribbon / command finds the existing review leaf and must load it before using it.
    run(app, "review-due-cards");
    await settle(app);
    expect(app.workspace.getLeavesOfType(REVIEW_VIEW_TYPE)).toEqual([review]);
    expect(review.view).toBeInstanceOf(ReviewView);
    expect(screen(viewOf(review.view, ReviewView)).question).not.toBe("");
    run(app, "open-study-pane");
    await settle(app);
    expect(study.view).toBeInstanceOf(StudyView);
    expect(study.view.containerEl.querySelector(".hf-study-all")).not.toBeNull();
  });

  it("a restored review left deferred keeps its scope until shown", async () => {
    const { app } = await loadFlashcards(sampleVault());
    const review = app.workspace.restoreDeferredLeaf("root", { type: REVIEW_VIEW_TYPE, state: { scope: { kind: "deck", deck: "lang/de" } } });
    app.workspace.setActiveLeaf(review);
    await until(() => review.view instanceof ReviewView);
    await settle(app);
    expect(screen(viewOf(review.view, ReviewView)).question).toBe("der Hund");
  });

  it("a new study scope is saved with the layout", async () => {
    const { app } = await loadFlashcards(sampleVault());
    const view = await openReview(app);
    const saves = app.workspace.layoutSaves;
    view.study({ kind: "deck", deck: "lang/de" });
    await app.workspace.requestSaveLayout.run();
    expect(app.workspace.layoutSaves).toBe(saves + 1);
    expect(view.getState()).toMatchObject({ scope: { kind: "deck", deck: "lang/de" } });
  });
});

describe("study pane state (issue 9, point 6)", () => {
  it("collapsing a deck is saved with the layout", async () => {
    const { app } = await loadFlashcards(sampleVault({ "lang/French.md": "---\ntags: [flashcards/lang/fr]\n---\n### le chat\nthe cat\n" }));
    run(app, "open-study-pane");
    await settle(app);
    const study = viewOf(app.workspace.getLeavesOfType(STUDY_VIEW_TYPE)[0].view, StudyView);
    const saves = app.workspace.layoutSaves;
    study.contentEl.querySelector<HTMLElement>('[data-deck="lang"] .hf-deck-toggle')!.click();
    await app.workspace.requestSaveLayout.run();
    expect(app.workspace.layoutSaves).toBe(saves + 1);
    expect(study.getState()).toMatchObject({ collapsed: ["lang"] });
  });
});

describe("Open note (issue 9, point 6)", () => {
  const tricky = ["C# basics.md", "notes/A^B.md", "x|y.md"];
  for (const path of tricky) {
    it(`opens "${path}" itself, at the card's heading, beside the review`, async () => {
      const text = "#flashcards\n\n# Intro\ntext\n\n### What is it?\nan answer\n";
      const { app } = await loadFlashcards({ [path]: text });
      const view = await openReview(app);
      await press(app, "o");
      await settle(app);
      expect(app.workspace.getActiveFile()?.path).toBe(path);
      const editor = viewOf(app.workspace.activeLeaf?.view, MarkdownView).editor;
      expect(editor.getLine(editor.getCursor().line)).toBe("### What is it?");
      expect(app.vault.getFiles().map((f) => f.path)).toEqual([path]); // no note created by a broken link
      expect(view.leaf.view).toBe(view);
    });
  }

  it("a heading that can't be a link subpath is opened at its line", async () => {
    const { app } = await loadFlashcards({ "n.md": "#flashcards\n\n### Is a|b [x] #1?\nyes\n" });
    await openReview(app);
    await press(app, "o");
    await settle(app);
    const editor = viewOf(app.workspace.activeLeaf?.view, MarkdownView).editor;
    expect(editor.getLine(editor.getCursor().line)).toBe("### Is a|b [x] #1?");
  });
});
