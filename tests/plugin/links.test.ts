// Issue 9, point 5: links and tags in a rendered card behave as in a note, and never replace the review.
import { describe, expect, it } from "vitest";
import { REVIEW_VIEW_TYPE } from "../../src/ui/host";
import { loadFlashcards, openReview, reviewView, settle } from "./helpers";
import type { FakeApp } from "../fake-obsidian";

const LECTURE = "courses/Lecture 1.md";
const files = () => ({
  [LECTURE]: "#flashcards\n\n### What is a [[Glossary|tensor]]?\nA multi-dimensional array, see #math/linear-algebra.\n",
  "Glossary.md": "A tensor is …\n",
});

async function reviewLecture(app: FakeApp) {
  const view = await openReview(app);
  view.study({ kind: "note", path: LECTURE });
  await settle(app);
  return view;
}

const link = (app: FakeApp) => reviewView(app).contentEl.querySelector<HTMLElement>(".hf-question a.internal-link")!;

describe("links in cards (issue 9, point 5)", () => {
  it("a click opens the target beside the review, with the card's note as source; the review stays", async () => {
    const { app } = await loadFlashcards(files());
    const view = await reviewLecture(app);
    link(app).click();
    await settle(app);
    expect(app.workspace.openedLinks.map((l) => [l.linktext, l.sourcePath, l.file.path])).toEqual([["Glossary", LECTURE, "Glossary.md"]]);
    expect(app.workspace.getLeavesOfType(REVIEW_VIEW_TYPE).map((leaf) => leaf.view)).toEqual([view]);
    expect(app.workspace.getActiveFile()?.path).toBe("Glossary.md");
    // A second click opens another tab: still never in the review's place.
    link(app).click();
    await settle(app);
    expect(app.workspace.getLeavesOfType(REVIEW_VIEW_TYPE).map((leaf) => leaf.view)).toEqual([view]);
  });

  it("middle-click and Ctrl-click open a new tab, Ctrl+Alt-click a split", async () => {
    const { app } = await loadFlashcards(files());
    await reviewLecture(app);
    link(app).dispatchEvent(new MouseEvent("auxclick", { button: 1, bubbles: true, cancelable: true }));
    link(app).dispatchEvent(new MouseEvent("click", { ctrlKey: true, bubbles: true, cancelable: true }));
    link(app).dispatchEvent(new MouseEvent("click", { ctrlKey: true, altKey: true, bubbles: true, cancelable: true }));
    await settle(app);
    expect(app.workspace.openedLinks.map((l) => l.newLeaf)).toEqual(["tab", "tab", "split"]);
  });

  it("hovering a link shows Obsidian's page preview", async () => {
    const { app } = await loadFlashcards(files());
    await reviewLecture(app);
    link(app).dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
    expect(app.workspace.pagePreviews).toEqual([{ source: REVIEW_VIEW_TYPE, linktext: "Glossary", sourcePath: LECTURE }]);
  });

  it("a tag opens a search for it, as in a note", async () => {
    const { app } = await loadFlashcards(files());
    const view = await reviewLecture(app);
    view.contentEl.querySelector<HTMLElement>(".hf-question")!.click(); // nothing happens off a link
    app.pressKey(" ");
    await settle(app);
    const tag = view.contentEl.querySelector<HTMLElement>(".hf-answer a.tag")!;
    expect(tag.textContent).toBe("#math/linear-algebra");
    tag.click();
    expect(app.internalPlugins.searches).toEqual(["tag:#math/linear-algebra"]);
    expect(app.workspace.openedLinks).toEqual([]);
  });
});
