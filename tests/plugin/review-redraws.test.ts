// The review's header is drawn again only when what it shows changed (issue 17: a review step asks for
// an update several times — on grading, once written, when the index tells — and each used to redraw it).
import { describe, expect, it, vi } from "vitest";
import { Scheduler } from "../../src/core/scheduling/scheduler";
import { loadFlashcards, openReview, press, SAMPLE_PATH, SAMPLE_TEXT, settle } from "./helpers";

describe("review header", () => {
  it("is redrawn when its counts change, not when an update changes nothing it shows", async () => {
    const { app, plugin } = await loadFlashcards({ [SAMPLE_PATH]: SAMPLE_TEXT });
    const view = await openReview(app);
    const newCount = (): HTMLElement => view.contentEl.querySelector<HTMLElement>(".hf-review-top .hf-count-new")!;
    await press(app, " ");
    const beforeGrade = newCount();
    expect(beforeGrade.textContent).toBe("8");
    await press(app, "3");
    await settle(app);
    const afterGrade = newCount();
    expect(afterGrade).not.toBe(beforeGrade);
    expect(afterGrade.textContent).toBe("7");
    expect(view.contentEl.querySelector(".hf-review-top .hf-counts")?.getAttribute("aria-label")).toBe("7 new · 1 learning · 0 due");
    // An index change that changes nothing the header shows (no extra new cards): the same elements stay.
    plugin.addNewToday(0);
    await settle(app);
    expect(newCount()).toBe(afterGrade);
    // One that does (an extra new card beyond a limit) redraws it.
    await plugin.updateSettings({ newPerDay: 1 });
    await settle(app);
    expect(newCount()).not.toBe(afterGrade);
  });
});

describe("review footer", () => {
  it("draws the grade buttons and their four interval previews once per showing of a card", async () => {
    const { app, plugin } = await loadFlashcards({ [SAMPLE_PATH]: SAMPLE_TEXT });
    const view = await openReview(app);
    const previews = vi.spyOn(Scheduler.prototype, "preview");
    try {
      await press(app, " ");
      const good = view.contentEl.querySelector(".hf-grade-good");
      expect(good?.textContent).toContain("Good");
      expect(previews).toHaveBeenCalledTimes(1);
      // Updates that change nothing the footer shows keep its buttons and previews.
      plugin.addNewToday(0);
      await settle(app);
      expect(view.contentEl.querySelector(".hf-grade-good")).toBe(good);
      expect(previews).toHaveBeenCalledTimes(1);
      // The next card's question, then its answer with its own previews.
      await press(app, "3");
      expect(view.contentEl.querySelector(".hf-show-answer")).not.toBeNull();
      expect(view.contentEl.querySelector(".hf-grade-good")).toBeNull();
      await press(app, " ");
      expect(previews).toHaveBeenCalledTimes(2);
      expect(view.contentEl.querySelector(".hf-grade-good")).not.toBe(good);
      expect(view.contentEl.querySelector<HTMLButtonElement>(".hf-grade-good")?.disabled).toBe(false);
    } finally {
      previews.mockRestore();
    }
  });
});
