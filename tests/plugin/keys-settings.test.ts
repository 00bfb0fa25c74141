// Issue 9, point 8: Space/Enter on a focused control inside the review activate that control; text
// settings are saved when the user pauses or leaves the field, not on every keystroke; notes tagged
// with the deprecated singular `tag:` property are found.
import { describe, expect, it, vi } from "vitest";
import { loadFlashcards, openReview, PLUGIN_ID, reviewView, sampleVault, SAMPLE_PATH, SAMPLE_TEXT, screen, settle } from "./helpers";
import type { FakeApp } from "../fake-obsidian";

const onlySample = () => ({ [SAMPLE_PATH]: SAMPLE_TEXT });
const button = (app: FakeApp, selector: string) => reviewView(app).contentEl.querySelector<HTMLButtonElement>(selector)!;

async function pressOn(app: FakeApp, el: HTMLElement, key: string): Promise<void> {
  el.focus();
  app.pressKey(key);
  await settle(app);
}

describe("keys on focused controls (issue 9, point 8)", () => {
  it("Space on a focused grade button grades with that button, not Good", async () => {
    const { app } = await loadFlashcards(onlySample());
    const view = await openReview(app);
    await pressOn(app, button(app, ".hf-show-answer"), "Enter");
    expect(screen(view).answer).not.toBeNull();
    await pressOn(app, button(app, ".hf-grade-again"), " ");
    expect(app.vault.getText(SAMPLE_PATH)).toMatch(/We will discover new types of deep models\.: \{due: 2026-03-02T10:01:00Z/);
  });

  it("Enter on a focused tool button runs the tool (skip), it does not reveal or grade", async () => {
    const { app } = await loadFlashcards(onlySample());
    const view = await openReview(app);
    await pressOn(app, button(app, ".hf-tool[aria-label^='Skip']"), "Enter");
    expect(screen(view)).toMatchObject({ question: "Deep Learning will find new applications", answer: null });
    expect(app.vault.getText(SAMPLE_PATH)).toBe(SAMPLE_TEXT);
  });

  it("Enter on a focused link in the card opens it; the card is not graded", async () => {
    const { app } = await loadFlashcards(sampleVault());
    const view = await openReview(app);
    view.study({ kind: "note", path: "courses/eecs498/Lecture 1.md" });
    await settle(app);
    await pressOn(app, button(app, ".hf-show-answer"), " ");
    const link = view.contentEl.querySelector<HTMLElement>(".hf-question a.internal-link")!;
    await pressOn(app, link, "Enter");
    expect(app.workspace.openedLinks.map((l) => l.linktext)).toEqual(["Glossary"]);
    expect(app.vault.getText("courses/eecs498/Lecture 1.md")).not.toContain("srs:");
  });

  it("with the focus on the pane itself, Space and Enter still reveal and grade Good", async () => {
    const { app } = await loadFlashcards(onlySample());
    const view = await openReview(app);
    await pressOn(app, view.contentEl, " ");
    await pressOn(app, view.contentEl, "Enter");
    expect(app.vault.getText(SAMPLE_PATH)).toMatch(/state: learning, step: 1/);
  });
});

describe("text settings (issue 9, point 8)", () => {
  function input(app: FakeApp, name: string): HTMLInputElement {
    const tab = app.setting.openTabById(PLUGIN_ID).containerEl;
    const item = [...tab.querySelectorAll<HTMLElement>(".setting-item")].find((el) => el.querySelector(".setting-item-name")?.textContent === name)!;
    return item.querySelector("input")!;
  }
  const typeInto = (el: HTMLInputElement, value: string) => {
    el.value = value;
    el.dispatchEvent(new Event("input"));
  };
  /** The settings each data.json write held (progress is saved there too: only settings are counted). */
  // Saves of today's progress alone carry no settings (many devices: settings are written only when changed here).
  const settingsWritten = (save: { mock: { calls: unknown[][] } }) =>
    save.mock.calls.map((call) => (call[0] as { settings?: Record<string, unknown> }).settings).filter((settings): settings is Record<string, unknown> => settings !== undefined);

  it("typing writes data.json once, after a pause, not on every keystroke", async () => {
    const { app, plugin } = await loadFlashcards(sampleVault());
    const save = vi.spyOn(plugin, "saveData");
    const field = input(app, "Reviews per day");
    for (const value of ["1", "15", "150"]) typeInto(field, value);
    await settle(app);
    expect(plugin.settings.reviewsPerDay).toBe(200);
    await vi.waitFor(() => expect(plugin.settings.reviewsPerDay).toBe(150), { timeout: 3000 });
    const written = settingsWritten(save).map((settings) => settings.reviewsPerDay);
    expect(written.filter((value) => value !== 200)).toEqual([150]); // 200: progress saved with the settings unchanged
  });

  it("leaving the field (or Enter) applies at once; closing the settings applies what was typed", async () => {
    const { app, plugin } = await loadFlashcards(sampleVault());
    const save = vi.spyOn(plugin, "saveData");
    const field = input(app, "New cards per day");
    typeInto(field, "7");
    field.dispatchEvent(new Event("change"));
    await settle(app);
    expect(plugin.settings.newPerDay).toBe(7);
    typeInto(input(app, "Maximum interval"), "365");
    app.setting.close();
    await settle(app);
    expect(plugin.settings.maximumInterval).toBe(365);
    const written = settingsWritten(save).map((settings) => [settings.newPerDay, settings.maximumInterval]);
    expect(written.filter(([perDay]) => perDay !== 20)).toEqual([
      [7, 36500],
      [7, 365],
    ]);
  });
});

describe("the deprecated `tag` property (issue 9, point 8)", () => {
  it("a note tagged only through `tag:` is found, although Obsidian's cache no longer lists it", async () => {
    const { plugin } = await loadFlashcards({
      "a.md": "---\ntag: flashcards\n---\n### Q\nA\n",
      "b.md": "---\nTag: [flashcards/lang/de]\n---\n### R\nB\n",
      "c.md": "---\ntag: other\n---\n### S\nC\n",
    });
    expect([...plugin.index.allNotes()].map((note) => [note.path, note.decks])).toEqual([
      ["a.md", ["/"]],
      ["b.md", ["lang/de"]],
    ]);
  });
});
