// Settings tab (applies without reload, refuses invalid values), commands, daily limits across reloads.
import { describe, expect, it } from "vitest";
import { Notice, type FakeApp } from "../fake-obsidian";
import { REVIEW_VIEW_TYPE } from "../../src/ui/host";
import { loadFlashcards, openReview, press, PLUGIN_ID, reviewView, run, sampleVault, SAMPLE_PATH, SAMPLE_TEXT, screen, settle, START } from "./helpers";

function openSettings(app: FakeApp): HTMLElement {
  return app.setting.openTabById(PLUGIN_ID).containerEl;
}

function settingEl(container: HTMLElement, name: string): HTMLElement {
  const item = Array.from(container.querySelectorAll<HTMLElement>(".setting-item")).find((el) => el.querySelector(".setting-item-name")?.textContent === name);
  if (!item) throw new Error(`no setting named ${name}`);
  return item;
}

function type(container: HTMLElement, name: string, value: string, commit = false): void {
  const input = settingEl(container, name).querySelector("input")!;
  input.value = value;
  input.dispatchEvent(new Event("input"));
  if (commit) input.dispatchEvent(new Event("change"));
}

function errorOf(container: HTMLElement, name: string): string {
  return settingEl(container, name).querySelector(".hf-setting-error")?.textContent ?? "";
}

function savedSettings(app: FakeApp): Record<string, unknown> {
  return (JSON.parse(app.pluginData[PLUGIN_ID] ?? "{}") as { settings?: Record<string, unknown> }).settings ?? {};
}

describe("settings tab", () => {
  it("has sections and every setting of the issue, in sentence case", async () => {
    const { app } = await loadFlashcards(sampleVault());
    const tab = openSettings(app);
    const headings = Array.from(tab.querySelectorAll(".setting-item-heading .setting-item-name")).map((el) => el.textContent);
    expect(headings).toEqual(["Cards", "Scheduling", "Daily limits", "Review", "Leeches", "Devices and sync", "In notes", "FSRS parameters"]);
    const names = Array.from(tab.querySelectorAll(".setting-item:not(.setting-item-heading) .setting-item-name")).map((el) => el.textContent);
    expect(names).toEqual([
      "Tag",
      "State property",
      "Desired retention",
      "Maximum interval",
      "Learning steps",
      "Relearning steps",
      "Fuzz",
      "New cards per day",
      "Reviews per day",
      "Next day starts at",
      "Show context",
      "Where reviews open",
      "Show retention in the study pane",
      "Leech threshold",
      "Leech action",
      "This device's name",
      "Review log folder",
      "Show badges after questions",
      "Weights",
      "Optimize FSRS parameters",
      "Evaluate",
      "Help me decide",
    ]);
    expect(settingEl(tab, "Next day starts at").querySelectorAll("option")).toHaveLength(24);
  });

  it("new cards per day applies at once, to an open review too", async () => {
    const { app, plugin } = await loadFlashcards(sampleVault());
    const view = await openReview(app);
    expect(screen(view).counts).toBe("11 · 0 · 0");
    const tab = openSettings(app);
    type(tab, "New cards per day", "1", true);
    await settle(app);
    expect(plugin.settings.newPerDay).toBe(1);
    expect(savedSettings(app).newPerDay).toBe(1);
    // The other 10 new cards are held back by the limit, and the count says so.
    expect(screen(view).counts).toBe("1 · 0 · 0");
    expect(view.contentEl.querySelector(".hf-review-top .hf-count-new")?.hasClass("is-limited")).toBe(true);
    expect(view.contentEl.querySelector(".hf-review-top .hf-counts")?.getAttribute("aria-label")).toBe("1 new · 0 learning · 0 due (10 more new held back by today's limit)");
    await press(app, " ");
    await press(app, "4");
    expect(screen(view).done).toContain("Today's limit of 1 new card is reached; 10 more wait.");
  });

  it("an invalid value shows a message next to the control and is not saved", async () => {
    const { app, plugin } = await loadFlashcards(sampleVault());
    const tab = openSettings(app);
    type(tab, "Reviews per day", "lots", true);
    await settle(app);
    expect(errorOf(tab, "Reviews per day")).toBe('Reviews per day must be a whole number from 0 to 99999, got "lots".');
    expect(plugin.settings.reviewsPerDay).toBe(200);
    expect(savedSettings(app).reviewsPerDay ?? 200).toBe(200); // never "lots" (data.json may hold the defaults: progress is saved there too)
    type(tab, "Reviews per day", "150", true);
    await settle(app);
    expect(errorOf(tab, "Reviews per day")).toBe("");
    expect(plugin.settings.reviewsPerDay).toBe(150);

    type(tab, "Learning steps", "1m ten", true);
    await settle(app);
    expect(errorOf(tab, "Learning steps")).toMatch(/^Learning steps: "ten" is not a step/);
    expect(plugin.settings.learningSteps).toEqual(["1m", "10m"]);
  });

  it("learning steps change the intervals on the buttons without a reload", async () => {
    const { app } = await loadFlashcards({ [SAMPLE_PATH]: SAMPLE_TEXT });
    const view = await openReview(app);
    const tab = openSettings(app);
    type(tab, "Learning steps", "2m 15m", true);
    await settle(app);
    await press(app, " ");
    const buttons = screen(view).buttons;
    expect(buttons[0]).toBe("2mAgain");
    expect(buttons[2]).toBe("15mGood");
  });

  it("changing the tag re-indexes the vault, applied when the field is left", async () => {
    const { app, plugin } = await loadFlashcards(sampleVault({ "other.md": "#cards\n### Other\nanswer\n" }));
    expect(plugin.index.noteCount).toBe(3);
    const tab = openSettings(app);
    type(tab, "Tag", "cards");
    await settle(app);
    expect(plugin.settings.tag).toBe("flashcards"); // not yet: typing would re-index on every key
    type(tab, "Tag", "cards", true);
    await settle(app);
    expect(plugin.settings.tag).toBe("cards");
    expect([...plugin.index.allNotes()].map((note) => note.path)).toEqual(["other.md"]);
    type(tab, "Tag", "#not a tag", true);
    await settle(app);
    expect(errorOf(tab, "Tag")).toMatch(/^The tag must be a tag name/);
    expect(plugin.settings.tag).toBe("cards");
  });

  it("warns in the description when the desired retention is above 0.97", async () => {
    const { app, plugin } = await loadFlashcards(sampleVault());
    const tab = openSettings(app);
    const slider = settingEl(tab, "Desired retention").querySelector<HTMLInputElement>("input[type=range]")!;
    expect(slider.value).toBe("0.9");
    expect(settingEl(tab, "Desired retention").querySelector(".hf-setting-warning")).toBeNull();
    slider.value = "0.98";
    slider.dispatchEvent(new Event("change"));
    await settle(app);
    expect(plugin.settings.desiredRetention).toBe(0.98);
    expect(settingEl(tab, "Desired retention").querySelector(".hf-setting-warning")?.textContent).toMatch(/^Above 0\.97/);
  });

  it("toggles and dropdowns apply: show context, day start, where reviews open", async () => {
    const { app, plugin } = await loadFlashcards({ [SAMPLE_PATH]: SAMPLE_TEXT });
    const view = await openReview(app);
    expect(screen(view).context).not.toBe("");
    const tab = openSettings(app);
    settingEl(tab, "Show context").querySelector<HTMLElement>(".checkbox-container")!.click();
    await settle(app);
    expect(plugin.settings.showContext).toBe(false);
    expect(screen(view).context).toBe("");
    const select = (name: string, value: string) => {
      const el = settingEl(tab, name).querySelector("select")!;
      el.value = value;
      el.dispatchEvent(new Event("change"));
    };
    select("Next day starts at", "6");
    select("Where reviews open", "sidebar");
    await settle(app);
    expect(plugin.settings).toMatchObject({ dayStartHour: 6, reviewLocation: "sidebar" });
    expect(savedSettings(app)).toMatchObject({ dayStartHour: 6, reviewLocation: "sidebar", showContext: false });
  });
});

describe("commands", () => {
  it("registers its commands without default hotkeys, and a ribbon icon", async () => {
    const { app } = await loadFlashcards(sampleVault());
    const ours = app.commands.listCommands().filter((command) => command.id.startsWith(`${PLUGIN_ID}:`));
    expect(ours.map((command) => command.id).sort()).toEqual([
      `${PLUGIN_ID}:browse-cards`,
      `${PLUGIN_ID}:clean-up-orphaned-state`,
      `${PLUGIN_ID}:open-note-statistics`,
      `${PLUGIN_ID}:open-statistics`,
      `${PLUGIN_ID}:open-study-pane`,
      `${PLUGIN_ID}:optimize-fsrs-parameters`,
      `${PLUGIN_ID}:resolve-state-merge-conflicts`,
      `${PLUGIN_ID}:resolve-sync-conflicts`,
      `${PLUGIN_ID}:review-current-note`,
      `${PLUGIN_ID}:review-due-cards`,
      `${PLUGIN_ID}:show-card-info`,
      `${PLUGIN_ID}:show-problems`,
    ]);
    expect(ours.every((command) => command.hotkeys === undefined)).toBe(true);
    expect(app.ribbonEl.querySelector('[aria-label="Review due cards"]')).not.toBeNull();
  });

  it("'Review due cards in current note' is available only when the active note is tagged", async () => {
    const { app } = await loadFlashcards(sampleVault());
    const id = `${PLUGIN_ID}:review-current-note`;
    expect(app.commands.isAvailable(id)).toBe(false);
    await app.workspace.getLeaf(false).openFile(app.vault.getFileByPath("Glossary.md")!);
    expect(app.commands.isAvailable(id)).toBe(false);
    await app.workspace.getLeaf(false).openFile(app.vault.getFileByPath("lang/German.md")!);
    expect(app.commands.isAvailable(id)).toBe(true);
    run(app, "review-current-note");
    await settle(app);
    expect(screen(reviewView(app))).toMatchObject({ note: "German", counts: "2 · 0 · 0" });
    expect(reviewView(app).getState()).toMatchObject({ scope: { kind: "note", path: "lang/German.md" } });
  });

  it("a restored review leaf studies what it studied before, or everything", async () => {
    const { app } = await loadFlashcards(sampleVault());
    const leaf = app.workspace.getLeaf("tab");
    await leaf.setViewState({ type: REVIEW_VIEW_TYPE, state: { scope: { kind: "deck", deck: "courses" } } });
    await settle(app);
    expect(screen(reviewView(app))).toMatchObject({ note: "Lecture 1", counts: "1 · 0 · 0" });
    leaf.detach();
    await settle(app);
    await app.workspace.getLeaf("tab").setViewState({ type: REVIEW_VIEW_TYPE, active: true });
    await settle(app);
    expect(screen(reviewView(app)).counts).toBe("11 · 0 · 0");
    // Keys work right after opening: the view's scope is the active one.
    await press(app, " ");
    expect(screen(reviewView(app)).answer).not.toBeNull();
  });
});

describe("daily limits", () => {
  it("survive a plugin reload and reset when the next study day starts at 4:00", async () => {
    const first = await loadFlashcards({ [SAMPLE_PATH]: SAMPLE_TEXT });
    const { app, clock } = first;
    await first.plugin.updateSettings({ newPerDay: 2 });
    const view = await openReview(app);
    for (let i = 0; i < 2; i++) {
      await press(app, " ");
      await press(app, "4");
    }
    expect(screen(view).done).toContain("Today's limit of 2 new cards is reached; 6 more wait.");
    first.plugin.unload();
    await settle(app);

    const second = await loadFlashcards({}, { app, clock });
    expect(second.plugin.settings.newPerDay).toBe(2);
    expect(second.plugin.progress()).toMatchObject({ newDone: 2 });
    expect(screen(await openReview(app)).done).toContain("All done for now");

    // 3:59 the next morning still belongs to today; 4:00 starts a new study day.
    clock.now = new Date("2026-03-03T03:59:00Z");
    expect(screen(await openReview(app)).counts).toBe("0 · 0 · 0");
    clock.now = new Date("2026-03-03T04:00:00Z");
    expect(screen(await openReview(app)).counts).toBe("2 · 0 · 0");
    expect(second.plugin.progress()).toMatchObject({ day: "2026-03-03", newDone: 0 });
    expect(START.toISOString()).toBe("2026-03-02T10:00:00.000Z");
    expect(Notice.log).toEqual([]);
  });
});
