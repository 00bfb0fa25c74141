// The study pane and the live index: deck tree, counts that follow reviews and note edits, Study actions.
import { describe, expect, it } from "vitest";
import type { FakeApp } from "../fake-obsidian";
import { loadFlashcards, openReview, press, reviewView, run, sampleVault, SAMPLE_PATH, screen, settle, studyView } from "./helpers";

/** Deck rows as "indent label new·learning·due", top to bottom. */
function deckRows(app: FakeApp): string[] {
  const view = studyView(app);
  return Array.from(view.contentEl.querySelectorAll<HTMLElement>(".hf-deck")).map((deck) => {
    const depth = deck.parentElement?.closest(".hf-deck") ? (deck.parentElement.closest(".hf-deck")?.parentElement?.closest(".hf-deck") ? 2 : 1) : 0;
    const row = deck.querySelector(":scope > .hf-deck-row")!;
    const label = row.querySelector(".hf-deck-name")?.textContent;
    const counts = Array.from(row.querySelectorAll(".hf-count")).map((c) => c.textContent).join("·");
    return `${"  ".repeat(depth)}${label} ${counts}`;
  });
}

async function openStudyPane(app: FakeApp): Promise<void> {
  run(app, "open-study-pane");
  await settle(app);
}

describe("study pane", () => {
  it("shows decks as a tree (nested tags and folders) with counts, the vault root first", async () => {
    const { app } = await loadFlashcards(sampleVault());
    await openStudyPane(app);
    expect(app.workspace.getLeavesOfType("heading-flashcards-study")[0].side).toBe("right");
    expect(deckRows(app)).toEqual(["Vault root 8·0·0", "courses 1·0·0", "  eecs498 1·0·0", "lang 2·0·0", "  de 2·0·0"]);
    const view = studyView(app);
    expect(view.contentEl.querySelector(".hf-study-all")?.textContent).toBe("Study all11 · 0 · 0");
    expect(view.contentEl.querySelector(".hf-progress")?.textContent).toBe("Nothing studied yet today");
  });

  it("collapses and expands a deck", async () => {
    const { app } = await loadFlashcards(sampleVault());
    await openStudyPane(app);
    const toggle = () => studyView(app).contentEl.querySelector<HTMLElement>('.hf-deck[data-deck="lang"] .hf-deck-toggle')!;
    expect(toggle().getAttribute("aria-label")).toBe("Collapse lang");
    toggle().click();
    expect(deckRows(app)).toEqual(["Vault root 8·0·0", "courses 1·0·0", "  eecs498 1·0·0", "lang 2·0·0"]);
    expect(studyView(app).getState()).toMatchObject({ collapsed: ["lang"] });
    toggle().click();
    expect(deckRows(app)).toHaveLength(5);
  });

  it("Study on a deck reviews that deck (and its sub-decks) only", async () => {
    const { app } = await loadFlashcards(sampleVault());
    await openStudyPane(app);
    studyView(app).contentEl.querySelector<HTMLElement>('.hf-deck[data-deck="lang"] .hf-deck-study')!.click();
    await settle(app);
    const view = reviewView(app);
    expect(view.leaf.getRoot()).toBe(app.workspace.rootSplit);
    expect(screen(view)).toMatchObject({ note: "German", question: "der Hund", counts: "2 · 0 · 0", context: "Words" });
    expect(view.getState()).toMatchObject({ scope: { kind: "deck", deck: "lang" } });
  });

  it("counts follow a review, and today's progress is shown", async () => {
    const { app } = await loadFlashcards(sampleVault());
    await openStudyPane(app);
    studyView(app).contentEl.querySelector<HTMLElement>('.hf-deck[data-deck="lang/de"] .hf-deck-name')!.click();
    await settle(app);
    await press(app, " ");
    await press(app, "4"); // Easy: a review card due in days
    expect(deckRows(app)).toEqual(["Vault root 8·0·0", "courses 1·0·0", "  eecs498 1·0·0", "lang 1·0·0", "  de 1·0·0"]);
    const progress = () => studyView(app).contentEl.querySelector(".hf-progress")?.textContent;
    expect(progress()).toBe("1 review today (1 new)");
    await press(app, " ");
    await press(app, "1"); // Again: learning
    expect(deckRows(app)).toEqual(["Vault root 8·0·0", "courses 1·0·0", "  eecs498 1·0·0", "lang 0·1·0", "  de 0·1·0"]);
    expect(progress()).toBe("2 reviews today (2 new)");
    await press(app, " ");
    await press(app, "3"); // a learning step: counted as a review done, as Anki counts it
    expect(progress()).toBe("3 reviews today (2 new)");
    await press(app, "u");
    await press(app, "u");
    expect(deckRows(app)).toEqual(["Vault root 8·0·0", "courses 1·0·0", "  eecs498 1·0·0", "lang 1·0·0", "  de 1·0·0"]);
    expect(progress()).toBe("1 review today (1 new)");
  });

  it("new counts are capped by what today's limit still allows", async () => {
    const { app, plugin } = await loadFlashcards(sampleVault());
    await plugin.updateSettings({ newPerDay: 3 });
    await openStudyPane(app);
    expect(deckRows(app)).toEqual(["Vault root 3·0·0", "courses 1·0·0", "  eecs498 1·0·0", "lang 2·0·0", "  de 2·0·0"]);
  });

  it("with reviews set to open in the sidebar, Study runs the review there in the compact layout", async () => {
    const { app, plugin } = await loadFlashcards(sampleVault());
    await plugin.updateSettings({ reviewLocation: "sidebar" });
    await openStudyPane(app);
    studyView(app).contentEl.querySelector<HTMLElement>(".hf-study-all")!.click();
    await settle(app);
    const view = reviewView(app);
    expect(view.leaf.getRoot()).toBe(app.workspace.rightSplit);
    expect(view.contentEl.querySelector(".hf-review")?.hasClass("is-compact")).toBe(true);
    // Keys work at once: the review leaf is the active one.
    await press(app, " ");
    expect(screen(view).answer).not.toBeNull();
    // The main-area review is not compact.
    await openReview(app);
    const main = app.workspace.getLeavesOfType("heading-flashcards-review").find((leaf) => leaf.getRoot() === app.workspace.rootSplit)!;
    expect(main.view.containerEl.querySelector(".hf-review")?.hasClass("is-compact")).toBe(false);
  });
});

describe("live index", () => {
  it("an edit re-parses the note: a new card appears in the pane and the review", async () => {
    const { app, plugin } = await loadFlashcards(sampleVault());
    await openStudyPane(app);
    const review = await openReview(app);
    expect(screen(review).counts).toBe("11 · 0 · 0");
    const german = app.vault.getText("lang/German.md");
    app.vault.setText("lang/German.md", `${german}\n### das Haus\nthe house\n`);
    await settle(app);
    expect(plugin.index.get("lang/German.md")?.cards.map((c) => c.key)).toEqual(["der Hund", "die Katze", "das Haus"]);
    expect(deckRows(app)).toContain("lang 3·0·0");
    expect(screen(review).counts).toBe("12 · 0 · 0");
  });

  it("a note that gains the tag enters, one that loses it leaves", async () => {
    const { app, plugin } = await loadFlashcards(sampleVault());
    await openStudyPane(app);
    app.vault.setText("Glossary.md", "#flashcards\n### Now a card\nbecause the note is tagged\n");
    await settle(app);
    expect(plugin.index.has("Glossary.md")).toBe(true);
    expect(deckRows(app)[0]).toBe("Vault root 9·0·0");
    app.vault.setText("lang/German.md", "no tag any more\n### der Hund\nthe dog\n");
    await settle(app);
    expect(plugin.index.has("lang/German.md")).toBe(false);
    expect(deckRows(app)).toEqual(["Vault root 9·0·0", "courses 1·0·0", "  eecs498 1·0·0"]);
  });

  it("a sync conflict inside the state property keeps the note indexed (Obsidian sees invalid YAML), read as resolved", async () => {
    const line = (due: string, last: string): string => `  der Hund: {due: ${due}, stability: 3, difficulty: 5, reps: 2, lapses: 0, state: review, step: 0, last: ${last}}`;
    const { app, plugin } = await loadFlashcards(sampleVault());
    const conflicted = [
      "---",
      "tags: [flashcards/lang/de]",
      "srs:",
      "<<<<<<< ours",
      line("2026-03-10T08:00:00Z", "2026-03-01T08:00:00Z"),
      "=======",
      line("2026-03-20T08:00:00Z", "2026-03-02T08:00:00Z"),
      ">>>>>>> theirs",
      "---",
      "# Words",
      "### der Hund",
      "the dog",
      "",
      "### die Katze",
      "the cat",
      "",
    ].join("\n");
    app.vault.setText("lang/German.md", conflicted);
    await settle(app);
    // Obsidian's cache has no tags for this note now (its YAML is invalid); the index keeps it anyway.
    expect(app.metadataCache.getCache("lang/German.md")?.frontmatter).toBeUndefined();
    const hund = plugin.index.get("lang/German.md")?.cards.find((card) => card.key === "der Hund");
    expect(hund?.state?.last_review).toBe("2026-03-02T08:00:00Z"); // the later review wins
  });

  it("a note that already holds a state-property conflict when the plugin starts is indexed too", async () => {
    const line = (due: string, last: string): string => `  Q: {due: ${due}, stability: 3, difficulty: 5, reps: 2, lapses: 0, state: review, step: 0, last: ${last}}`;
    const conflicted = ["---", "tags: [flashcards]", "srs:", "<<<<<<< ours", line("2026-03-10T08:00:00Z", "2026-03-01T08:00:00Z"), "=======", line("2026-03-20T08:00:00Z", "2026-03-02T08:00:00Z"), ">>>>>>> theirs", "---", "### Q", "A", ""].join("\n");
    const { app, plugin } = await loadFlashcards({ "synced.md": conflicted, "plain.md": "---\ntitle: no tags\n---\n### Not a card\nA\n" });
    expect(app.metadataCache.getCache("synced.md")?.frontmatter).toBeUndefined();
    expect(plugin.index.get("synced.md")?.cards[0]?.state?.last_review).toBe("2026-03-02T08:00:00Z");
    expect(plugin.index.has("plain.md")).toBe(false);
  });

  it("a rename moves the note (folder decks follow); a delete drops it", async () => {
    const { app, plugin } = await loadFlashcards(sampleVault());
    await openStudyPane(app);
    const review = await openReview(app);
    const file = app.vault.getFileByPath("courses/eecs498/Lecture 1.md")!;
    await app.fileManager.renameFile(file, "courses/eecs442/Lecture 1.md");
    await settle(app);
    expect(plugin.index.has("courses/eecs442/Lecture 1.md")).toBe(true);
    expect(plugin.index.has("courses/eecs498/Lecture 1.md")).toBe(false);
    expect(deckRows(app)).toContain("  eecs442 1·0·0");
    // A nested-tag deck stays where its tag puts it.
    await app.fileManager.renameFile(app.vault.getFileByPath("lang/German.md")!, "German.md");
    await settle(app);
    expect(plugin.index.get("German.md")?.decks).toEqual(["lang/de"]);

    await app.vault.delete(app.vault.getFileByPath(SAMPLE_PATH)!);
    await settle(app);
    expect(plugin.index.has(SAMPLE_PATH)).toBe(false);
    expect(deckRows(app)).toEqual(["courses 1·0·0", "  eecs442 1·0·0", "lang 2·0·0", "  de 2·0·0"]);
    expect(screen(review).counts).toBe("3 · 0 · 0");
    expect(screen(review).note).not.toBe("The future of DL+CV");
  });

  it("the status bar says how many cards are due and opens the review", async () => {
    const { app } = await loadFlashcards(sampleVault());
    const status = () => app.statusBarEl.querySelector<HTMLElement>(".heading-flashcards-status")!;
    await new Promise((resolve) => setTimeout(resolve, 300)); // the status bar is debounced
    // It says what it counts: 11 new cards, nothing due yet.
    expect(status().textContent).toBe("11 new");
    expect(status().getAttribute("aria-label")).toBe("Flashcards: 11 new · 0 learning · 0 due. Click to review.");
    status().click();
    await settle(app);
    expect(screen(reviewView(app)).counts).toBe("11 · 0 · 0");
    await press(app, " ");
    await press(app, "4");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(status().textContent).toBe("10 new");
  });
});
