// The review pane, driven through the real plugin and the fake Obsidian: commands, keys, writes, undo.
import { describe, expect, it, vi } from "vitest";
import { MarkdownRenderer, Notice } from "../fake-obsidian";
import { lineDiff, loadFlashcards, openReview, press, reviewLogLines, reviewView, run, sampleVault, SAMPLE_PATH, SAMPLE_TEXT, screen, settle, START } from "./helpers";

/** Only the sample note, so the order of cards is the note's order. */
const onlySample = () => ({ [SAMPLE_PATH]: SAMPLE_TEXT });

describe("review pane", () => {
  it("shows the first card with its context, note name and counts; Space reveals the answer", async () => {
    const { app } = await loadFlashcards(onlySample());
    const view = await openReview(app);
    expect(screen(view)).toMatchObject({
      note: "The future of DL+CV",
      context: "Predictions › We will discover new types of deep models.",
      question: "We will discover new types of deep models.",
      answer: null,
      counts: "8 · 0 · 0",
      buttons: ["Show answer"],
      done: null,
    });
    expect(view.contentEl.querySelector(".hf-count-new")?.hasClass("is-current")).toBe(true);
    // Focusable and focused on opening, so keys go to the review at once.
    expect(view.contentEl.getAttribute("tabindex")).toBe("0");
    expect(document.activeElement).toBe(view.contentEl);

    const evt = await press(app, " ");
    expect(evt.defaultPrevented).toBe(true);
    const shown = screen(view);
    expect(shown.answer).toContain("Neural ODE is a new type of model");
    // Each button says what it would do: Again 1m, Hard 6m, Good 10m, Easy some days (FSRS defaults).
    expect(shown.buttons.map((b) => b.replace(/\s+/g, " "))).toEqual([expect.stringMatching(/^1mAgain$/), expect.stringMatching(/Hard$/), "10mGood", expect.stringMatching(/^\d+dEasy$/)]);
  });

  it("grades with keys 1-4 and Space; each grade changes only the card's state line", async () => {
    const { app } = await loadFlashcards(onlySample());
    const view = await openReview(app);
    const before = app.vault.getText(SAMPLE_PATH);

    await press(app, " ");
    await press(app, "3"); // Good
    const afterFirst = app.vault.getText(SAMPLE_PATH);
    // The first review adds the property and one line, and nothing else changes.
    expect(lineDiff(before, afterFirst)).toEqual({
      removed: [],
      added: ["srs:", expect.stringMatching(/^ {2}We will discover new types of deep models\.: \{due: 2026-03-02T10:10:00Z, .*state: learning.*\}$/)],
    });
    expect(screen(view).question).toBe("Deep Learning will find new applications");

    await press(app, "Enter"); // reveal
    await press(app, "Enter"); // Good
    const afterSecond = app.vault.getText(SAMPLE_PATH);
    const second = lineDiff(afterFirst, afterSecond);
    expect(second.removed).toEqual([]);
    expect(second.added).toEqual([expect.stringMatching(/^ {2}Deep Learning will find new applications: \{/)]);

    await press(app, " ");
    await press(app, "1"); // Again
    await press(app, " ");
    await press(app, "4"); // Easy
    const text = app.vault.getText(SAMPLE_PATH);
    expect(text.split("\n").filter((line) => line.startsWith("  "))).toHaveLength(4);
    // The body is byte for byte what it was.
    expect(text.slice(text.indexOf("[[498_FA2019"))).toBe(SAMPLE_TEXT.slice(SAMPLE_TEXT.indexOf("[[498_FA2019")));
    expect(Notice.log).toEqual([]);
  });

  it("keys 1-4 do nothing before the answer is shown", async () => {
    const { app } = await loadFlashcards(onlySample());
    await openReview(app);
    await press(app, "3");
    expect(app.vault.getText(SAMPLE_PATH)).toBe(SAMPLE_TEXT);
  });

  it("undo with U and Mod+Z, several levels, restores the exact bytes and the card", async () => {
    const { app } = await loadFlashcards(onlySample());
    const view = await openReview(app);
    const texts = [app.vault.getText(SAMPLE_PATH)];
    for (const key of ["3", "1", "4"]) {
      await press(app, " ");
      await press(app, key);
      texts.push(app.vault.getText(SAMPLE_PATH));
    }
    expect(screen(view).question).toBe("Bias");

    await press(app, "z", ["Mod"]);
    expect(app.vault.getText(SAMPLE_PATH)).toBe(texts[2]);
    expect(screen(view).question).toBe("Deep Learning will use more data and more compute");
    expect(screen(view).answer).toBeNull();

    await press(app, "u");
    expect(app.vault.getText(SAMPLE_PATH)).toBe(texts[1]);
    expect(screen(view).question).toBe("Deep Learning will find new applications");

    await press(app, "u");
    expect(app.vault.getText(SAMPLE_PATH)).toBe(SAMPLE_TEXT);
    expect(screen(view).question).toBe("We will discover new types of deep models.");
    expect(screen(view).counts).toBe("8 · 0 · 0");

    await press(app, "u");
    expect(Notice.log).toEqual(["Nothing to undo in this session."]);
    expect(app.vault.getText(SAMPLE_PATH)).toBe(SAMPLE_TEXT);
  });

  it("renders with the note's path as source path and a per-card Component, unloaded when the card changes", async () => {
    const { app } = await loadFlashcards(sampleVault());
    run(app, "review-current-note"); // not available: no active note
    const view = await openReview(app);
    // Study one note so the card order is known.
    view.study({ kind: "note", path: "courses/eecs498/Lecture 1.md" });
    await settle(app);
    const first = MarkdownRenderer.log.at(-1)!;
    expect(first.sourcePath).toBe("courses/eecs498/Lecture 1.md");
    expect(first.markdown).toBe("What is a [[Glossary|tensor]]?");
    const component = first.component as unknown as { loaded: boolean };
    expect(component.loaded).toBe(true);

    await press(app, " ");
    const answer = MarkdownRenderer.log.at(-1)!;
    expect(answer.markdown).toBe("A multi-dimensional array. ![[pic.png]]");
    expect(answer.component).toBe(first.component);
    expect(answer.sourcePath).toBe("courses/eecs498/Lecture 1.md");
    // The image next to the note resolves because the note's path is the source path.
    expect(view.contentEl.querySelector(".hf-answer img")?.getAttribute("src")).toBe("app://local/courses/eecs498/pic.png");

    // Counts refresh on every index change, but the card's Markdown is not rendered again.
    const renders = MarkdownRenderer.log.length;
    app.vault.setText("unrelated.md", "#flashcards\n### Q\nA\n");
    await settle(app);
    expect(MarkdownRenderer.log.length).toBe(renders);

    await press(app, "4"); // Easy: the card leaves for days
    expect(component.loaded).toBe(false);
    expect(screen(view).done).toContain("All done for now");
  });

  it("internal links in a card open their target with the note as source", async () => {
    const { app } = await loadFlashcards(sampleVault());
    const view = await openReview(app);
    view.study({ kind: "note", path: "courses/eecs498/Lecture 1.md" });
    await settle(app);
    const link = view.contentEl.querySelector<HTMLElement>(".hf-question a.internal-link")!;
    expect(link.textContent).toBe("tensor");
    link.click();
    await settle(app);
    expect(app.workspace.openedLinks.map((l) => [l.linktext, l.sourcePath, l.file.path])).toEqual([["Glossary", "courses/eecs498/Lecture 1.md", "Glossary.md"]]);
  });

  it("O and the note's name open the note at the card's heading", async () => {
    const { app } = await loadFlashcards(onlySample());
    const view = await openReview(app);
    await press(app, "o");
    await settle(app);
    expect(app.workspace.getActiveFile()?.path).toBe(SAMPLE_PATH);
    expect(app.workspace.activeLeaf?.lastEState).toEqual({ subpath: "#We will discover new types of deep models." });
    // The review stayed open in its own tab.
    expect(view.leaf.view).toBe(view);
    const tabs = app.workspace.getLeavesOfType("markdown").length;
    view.contentEl.querySelector<HTMLElement>(".hf-review-note")!.click();
    await settle(app);
    expect(app.workspace.getLeavesOfType("markdown")).toHaveLength(tabs + 1);
  });

  it("skip (S) leaves a card for this session; bury (B) until tomorrow, across sessions", async () => {
    const { app, plugin, clock } = await loadFlashcards(onlySample());
    const view = await openReview(app);
    await press(app, "s");
    expect(screen(view).question).toBe("Deep Learning will find new applications");
    await press(app, "b");
    expect(screen(view).question).toBe("Deep Learning will use more data and more compute");
    expect(screen(view).counts).toBe("6 · 0 · 0");
    expect(app.vault.getText(SAMPLE_PATH)).toBe(SAMPLE_TEXT);

    // A new session brings the skipped card back, not the buried one.
    await openReview(app);
    expect(screen(reviewView(app)).question).toBe("We will discover new types of deep models.");
    expect(screen(reviewView(app)).counts).toBe("7 · 0 · 0");
    expect(plugin.progress().buried).toHaveLength(1);

    // The next study day (after 4:00) the buried card is back.
    clock.now = new Date("2026-03-03T04:00:00Z");
    await openReview(app);
    expect(screen(reviewView(app)).counts).toBe("8 · 0 · 0");
  });

  it("toolbar buttons do what their keys do and say so", async () => {
    const { app } = await loadFlashcards(onlySample());
    const view = await openReview(app);
    const tool = (label: string) => view.contentEl.querySelector<HTMLButtonElement>(`.hf-tool[aria-label^="${label}"]`)!;
    expect(tool("Undo").disabled).toBe(true);
    view.contentEl.querySelector<HTMLButtonElement>(".hf-show-answer")!.click();
    view.contentEl.querySelector<HTMLButtonElement>(".hf-grade-good")!.click();
    await settle(app);
    expect(tool("Undo").disabled).toBe(false);
    tool("Undo").click();
    await settle(app);
    expect(app.vault.getText(SAMPLE_PATH)).toBe(SAMPLE_TEXT);
    tool("Skip").click();
    expect(screen(view).question).toBe("Deep Learning will find new applications");
    tool("Bury").click();
    expect(screen(view).question).toBe("Deep Learning will use more data and more compute");
  });

  it("shows 'All done for now' and when the next card comes; a learning card comes back on the tick", async () => {
    const { app, clock } = await loadFlashcards({ "one.md": "#flashcards\n### Q\nA\n" });
    const intervals = vi.spyOn(window, "setInterval");
    const view = await openReview(app);
    const tick = intervals.mock.calls.find(([, ms]) => ms === 15_000)?.[0] as () => void;
    expect(tick).toBeTypeOf("function");

    await press(app, " ");
    await press(app, "1"); // Again: due in 1 minute, within the 20-minute learn-ahead, so it is shown again
    expect(screen(view).question).toBe("Q");
    expect(screen(view).answer).toBeNull();
    expect(screen(view).counts).toBe("0 · 1 · 0");
    await press(app, " ");
    await press(app, "3"); // Good: 10 minutes, still within the learn-ahead
    expect(screen(view).question).toBe("Q");
    await press(app, " ");
    await press(app, "3"); // Good again: graduates to days
    expect(screen(view).done).toMatch(/All done for now.*Next review (tomorrow|in \d+ days)\./);

    // A relearning card due in 30 minutes is available 10 minutes from now (20 minutes ahead).
    clock.now = new Date(START.getTime() + 3 * 86_400_000);
    const due = new Date(clock.now.getTime() + 30 * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    app.vault.setText("one.md", `---\nsrs:\n  Q: {due: ${due}, stability: 1, difficulty: 5, reps: 3, lapses: 1, state: relearning, step: 0, last: 2026-03-05T10:00:00Z}\n---\n#flashcards\n### Q\nA\n`);
    await settle(app);
    expect(screen(view).done).toContain("Next card in 10 minutes.");

    clock.now = new Date(clock.now.getTime() + 5 * 60_000);
    tick();
    expect(screen(view).done).toContain("Next card in 5 minutes.");
    clock.now = new Date(clock.now.getTime() + 6 * 60_000);
    tick();
    expect(screen(view).question).toBe("Q");
    expect(screen(view).counts).toBe("0 · 1 · 0");
  });
});

describe("review log", () => {
  it("gets one JSON line per review and one per undo, appended, never rewritten", async () => {
    const { app } = await loadFlashcards(onlySample());
    await openReview(app);
    await press(app, " ");
    await press(app, "3");
    const first = await reviewLogLines(app);
    expect(first).toHaveLength(1);
    expect(JSON.parse(first[0])).toMatchObject({ v: 1, type: "review", note: SAMPLE_PATH, key: "We will discover new types of deep models.", rating: "good", before: null, time: START.toISOString() });
    expect((JSON.parse(first[0]) as { device: string }).device).toMatch(/^[a-z0-9]{10}$/);
    await press(app, " ");
    await press(app, "2");
    await press(app, "u");
    const lines = await reviewLogLines(app);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(first[0]);
    expect(lines.map((line) => (JSON.parse(line) as { type: string; rating: string }).type + " " + (JSON.parse(line) as { rating: string }).rating)).toEqual(["review good", "review hard", "undo hard"]);
  });
});
