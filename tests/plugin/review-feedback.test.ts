// Issue 12 in the plugin: the review as a long-time Anki user expects it (feedback, labelled counts,
// cards that read like the note), driven through the real plugin and the fake Obsidian.
import { describe, expect, it } from "vitest";
import { loadFlashcards, openReview, press, reviewView, sampleVault, SAMPLE_PATH, SAMPLE_TEXT, screen, settle, studyView } from "./helpers";

const onlySample = () => ({ [SAMPLE_PATH]: SAMPLE_TEXT });
const find = (el: HTMLElement, selector: string): HTMLElement => {
  const found = el.querySelector<HTMLElement>(selector);
  if (found === null) throw new Error(`nothing matches ${selector}`);
  return found;
};
/** The modal on screen (the fake mounts it in the body). */
const openModal = (): HTMLElement | null => document.body.querySelector<HTMLElement>(".modal-container:last-child .modal");

describe("end of session (point 1)", () => {
  it("says what the session did and what comes next across the collection; learning steps count as reviews", async () => {
    const { app, plugin, clock } = await loadFlashcards(sampleVault());
    await plugin.openReview({ kind: "deck", deck: "lang" });
    await settle(app);
    const view = reviewView(app);
    await press(app, " ");
    clock.now = new Date(clock.now.getTime() + 8_000);
    await press(app, "1"); // der Hund: Again (8 s)
    await press(app, " ");
    clock.now = new Date(clock.now.getTime() + 4_000);
    await press(app, "4"); // die Katze: Easy (4 s)
    await press(app, " ");
    await press(app, "4"); // der Hund, a learning step: Easy (0 s)
    const done = screen(view).done ?? "";
    expect(done).toContain("All done for now");
    expect(done).toContain("Studied 3 cards in 12 seconds.");
    expect(done).toContain("Again: 1 · pass rate 67%.");
    expect(done).toContain("3 reviews today.");
    expect(done).toMatch(/Next review (tomorrow|in \d+ days)\./);
    // The rest of the collection: 9 new cards in other decks, one click away.
    expect(done).toContain("Other decks have 9 new cards.");
    find(view.contentEl, ".hf-done-elsewhere .hf-done-action").click();
    await settle(app);
    expect(screen(reviewView(app)).counts).toBe("9 · 0 · 0");
  });

  it("when only a learning card not yet due remains: says when it comes and studies it now on request", async () => {
    const { app, plugin } = await loadFlashcards({ "one.md": "#flashcards\n### Q\nA\n" });
    await plugin.updateSettings({ learningSteps: ["30m"] });
    const view = await openReview(app);
    await press(app, " ");
    await press(app, "1"); // Again: due in 30 minutes, beyond the 20-minute learn-ahead
    expect(screen(view).done).toContain("Next card in 10 minutes.");
    find(view.contentEl, ".hf-done-next .hf-done-action").click();
    await settle(app);
    expect(screen(view).question).toBe("Q");
  });
});

describe("study more (point 2)", () => {
  it("extra new cards today raise the limit for the review, the study pane and the status bar alike", async () => {
    const { app, plugin } = await loadFlashcards(onlySample());
    await plugin.updateSettings({ newPerDay: 1 });
    const view = await openReview(app);
    await press(app, " ");
    await press(app, "4");
    expect(screen(view).done).toContain("Today's limit of 1 new card is reached; 7 more wait.");
    find(view.contentEl, ".hf-study-more-button").click();
    const modal = openModal()!;
    expect(modal.textContent).toContain("7 new cards wait beyond today's limit.");
    const input = find(modal, 'input[aria-label="How many extra new cards"]') as HTMLInputElement;
    input.value = "3";
    input.dispatchEvent(new Event("input"));
    Array.from(modal.querySelectorAll("button")).find((b) => b.textContent === "Add")!.click();
    await settle(app);
    expect(screen(reviewView(app)).counts).toBe("3 · 0 · 0");
    expect(plugin.progress().extraNew).toBe(3);
  });

  it("a cram of the deck shows every card and changes no byte of any note", async () => {
    const { app, plugin } = await loadFlashcards(onlySample());
    await plugin.openReview({ kind: "all" }, "main", { kind: "cram", cards: "all" });
    await settle(app);
    const view = reviewView(app);
    expect(screen(view).counts).toBe("0 · 0 · 8");
    expect(find(view.contentEl, ".hf-review-mode").textContent).toBe("Cram: no schedule changes");
    for (let i = 0; i < 8; i++) {
      await press(app, " ");
      await press(app, i === 0 ? "1" : "3");
    }
    // The card answered Again comes back; then the session is over and nothing was written.
    await press(app, " ");
    await press(app, "3");
    expect(screen(view).done).toContain("Crammed 9 cards");
    expect(app.vault.getText(SAMPLE_PATH)).toBe(SAMPLE_TEXT);
  });
});

describe("undo, skip and bury (point 3)", () => {
  it("skip and bury say what they did, and U undoes them", async () => {
    const { app, plugin } = await loadFlashcards(onlySample());
    const view = await openReview(app);
    const message = () => find(view.contentEl, ".hf-review-message-line").textContent;
    await press(app, "s");
    expect(message()).toBe("Skipped for this session. U undoes it.");
    await press(app, "b");
    expect(message()).toBe("Buried until tomorrow. U undoes it.");
    expect(plugin.progress().buried).toHaveLength(1);
    await press(app, "u");
    expect(message()).toBe("Bury undone.");
    expect(plugin.progress().buried).toHaveLength(0);
    expect(screen(view).question).toBe("Deep Learning will find new applications");
    await press(app, "u");
    expect(message()).toBe("Skip undone.");
    expect(screen(view).question).toBe("We will discover new types of deep models.");
    expect(screen(view).counts).toBe("8 · 0 · 0");
  });
});

describe("honest, labelled counts (points 5 and 6)", () => {
  it("every count says what it is; the header, the study pane, Study all and the status bar agree", async () => {
    const { app } = await loadFlashcards(sampleVault());
    const view = await openReview(app);
    const header = find(view.contentEl, ".hf-review-top .hf-counts");
    expect(header.getAttribute("aria-label")).toBe("11 new · 0 learning · 0 due");
    expect(find(header, ".hf-count-new").getAttribute("aria-label")).toBe("11 new");
    app.commands.executeCommandById("heading-flashcards:open-study-pane");
    await settle(app);
    const pane = studyView(app).contentEl;
    expect(find(pane, ".hf-study-all .hf-counts").getAttribute("aria-label")).toBe("11 new · 0 learning · 0 due");
    app.workspace.setActiveLeaf(view.leaf);
    await press(app, " ");
    await press(app, "1");
    await new Promise((resolve) => setTimeout(resolve, 300)); // the status bar is debounced
    const label = "10 new · 1 learning · 0 due";
    expect(find(view.contentEl, ".hf-review-top .hf-counts").getAttribute("aria-label")).toBe(label);
    expect(find(studyView(app).contentEl, ".hf-study-all .hf-counts").getAttribute("aria-label")).toBe(label);
    const status = find(app.statusBarEl, ".heading-flashcards-status");
    expect(status.textContent).toBe("1 due · 10 new");
    expect(status.getAttribute("aria-label")).toBe(`Flashcards: ${label}. Click to review.`);
  });

  it("the status bar says nothing when nothing is waiting", async () => {
    const { app } = await loadFlashcards({ "plain.md": "no cards here" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const status = find(app.statusBarEl, ".heading-flashcards-status");
    expect(status.textContent).toBe("");
    expect(status.hasClass("is-empty")).toBe(true);
  });

  it("the buttons show their keys, the tools have labels, and ? lists every key", async () => {
    const { app } = await loadFlashcards(onlySample());
    const view = await openReview(app);
    expect(find(view.contentEl, ".hf-show-answer .hf-key").textContent).toBe("Space");
    await press(app, " ");
    expect(Array.from(view.contentEl.querySelectorAll(".hf-grade .hf-key")).map((k) => k.textContent)).toEqual(["1", "2", "3", "4"]);
    const tools = Array.from(view.contentEl.querySelectorAll<HTMLElement>(".hf-tool")).map((tool) => tool.getAttribute("aria-label"));
    expect(tools).toEqual(["Undo (U)", "Skip for this session (S)", "Bury until tomorrow (B)", "Edit card beside the review (E)", "Open note (O)", "Study more", "Keys (?)"]);
    await press(app, "?", ["Shift"]);
    const modal = openModal()!;
    expect(modal.querySelector(".modal-title")?.textContent).toBe("Review keys");
    expect(Array.from(modal.querySelectorAll("dt")).map((dt) => dt.textContent)).toContain("1 2 3 4");
    expect(modal.textContent).toContain("Bury this card until tomorrow");
  });
});

describe("cards that read like the note (points 7, 9, 10)", () => {
  const NOTE = [
    "---",
    "tags: [flashcards]",
    "---",
    "# German basics",
    "## Nouns with [[Glossary|articles]] and `der`",
    "### Fourier series #exam #math",
    "A sum of sines.[^1]",
    "### Laplace",
    "Another transform.",
    "",
    "[^1]: Sines and cosines.",
    "",
  ].join("\n");

  it("the breadcrumb is plain text without the note's name or the question; heading tags are chips; footnotes show", async () => {
    const { app } = await loadFlashcards({ "German basics.md": NOTE });
    const view = await openReview(app);
    expect(screen(view).context).toBe("Nouns with articles and der");
    expect(screen(view).question).toBe("Fourier series");
    expect(Array.from(view.contentEl.querySelectorAll(".hf-card-tags .tag")).map((tag) => tag.textContent)).toEqual(["#exam", "#math"]);
    await press(app, " ");
    expect(screen(view).answer).toContain("A sum of sines.");
    expect(screen(view).answer).toContain("Sines and cosines.");
    await press(app, "3");
    await press(app, " ");
    expect(screen(view).question).toBe("Laplace");
    expect(screen(view).answer).not.toContain("Sines and cosines");
  });

  it("E opens the note beside the review at the heading in editing mode; the card follows the edit", async () => {
    const { app } = await loadFlashcards(onlySample());
    const view = await openReview(app);
    // Which leaf the review asks for, and how it opens the note there.
    const opened: { paneType: unknown; state: unknown }[] = [];
    const getLeaf = app.workspace.getLeaf.bind(app.workspace);
    app.workspace.getLeaf = ((paneType?: Parameters<typeof getLeaf>[0]) => {
      const leaf = getLeaf(paneType);
      const openFile = leaf.openFile.bind(leaf);
      leaf.openFile = (file, state) => {
        opened.push({ paneType, state });
        return openFile(file, state);
      };
      return leaf;
    }) as typeof app.workspace.getLeaf;
    await press(app, "e");
    const editor = app.workspace.activeLeaf!;
    expect(editor).not.toBe(view.leaf);
    expect(editor.getViewState()).toMatchObject({ type: "markdown", state: { file: SAMPLE_PATH } });
    expect(opened).toEqual([{ paneType: "split", state: expect.objectContaining({ active: true, state: { mode: "source", source: false } }) }]);
    // At the heading: line 9 of the file (0-based 8).
    expect(editor.lastEState).toMatchObject({ line: 8 });
    expect(view.leaf.view).toBe(view);
    // The user rewords the question and comes back: the same card shows its new text.
    app.vault.setText(SAMPLE_PATH, SAMPLE_TEXT.replace("### We will discover new types of deep models.", "### Which new kinds of deep models will we find?"));
    await settle(app);
    expect(screen(view).question).toBe("Which new kinds of deep models will we find?");
    expect(screen(view).counts).toBe("8 · 0 · 0");
  });
});
