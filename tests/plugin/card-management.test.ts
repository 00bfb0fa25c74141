// Card management through the real plugin on the fake Obsidian: review keys, the card browser, card info.
import { describe, expect, it } from "vitest";
import { Notice } from "../fake-obsidian";
import { CardBrowserView } from "../../src/ui/card-browser-view";
import { CARD_BROWSER_VIEW_TYPE } from "../../src/ui/host";
import { suspendState } from "../../src/core/manage/actions";
import { lineDiff, loadFlashcards, openReview, press, reviewLogLines, reviewView, run, screen, settle, START, until } from "./helpers";
import type { FakeApp } from "../fake-obsidian";

const DUE = "2026-03-01T08:00:00Z";
const line = (key: string, extra = ""): string => `  ${key}: {due: ${DUE}, stability: 3.1, difficulty: 5.2, reps: 2, lapses: 0, state: review, last: 2026-02-25T08:00:00Z${extra}}`;
const GERMAN = ["---", "tags: [flashcards/lang/de]", "note: keep me # comment", "srs:", line("Hund"), line("Katze"), "---", "### Hund", "dog", "### Katze", "cat", "### Maus", "mouse", ""].join("\n");
const FRENCH = ["---", "tags: [flashcards/lang/fr]", "srs:", line("Chien"), "---", "### Chien", "dog", "### Chat", "cat", ""].join("\n");
const files = (): Record<string, string> => ({ "lang/German.md": GERMAN, "lang/French.md": FRENCH });

function records(lines: string[]): { type: string; key: string; after: { suspended?: boolean; flag?: string } | null }[] {
  return lines.map((text) => JSON.parse(text) as { type: string; key: string; after: { suspended?: boolean; flag?: string } | null });
}

async function openBrowser(app: FakeApp): Promise<CardBrowserView> {
  expect(run(app, "browse-cards")).toBe(true);
  await settle(app);
  const view = app.workspace.getLeavesOfType(CARD_BROWSER_VIEW_TYPE)[0]?.view;
  if (!(view instanceof CardBrowserView)) throw new Error("no card browser open");
  return view;
}

const rowsShown = (view: CardBrowserView): string[][] =>
  Array.from(view.contentEl.querySelectorAll(".hf-browser-row")).map((row) => Array.from(row.querySelectorAll(".hf-browser-cell")).map((cell) => cell.textContent ?? ""));

describe("review keys", () => {
  it("@ suspends the card on screen: one line, logged, gone from the review; U brings it back byte for byte", async () => {
    const { app } = await loadFlashcards(files());
    const view = await openReview(app);
    const first = screen(view).question;
    const path = first === "Chien" ? "lang/French.md" : "lang/German.md";
    const before = app.vault.getText(path);
    await press(app, "@", ["Shift"]);
    const diff = lineDiff(before, app.vault.getText(path));
    expect(diff.removed).toHaveLength(1);
    expect(diff.added).toEqual([expect.stringMatching(new RegExp(`^ {2}${first}: \\{.*suspended: true`))]);
    expect(screen(view).question).not.toBe(first);
    expect(records(await reviewLogLines(app)).map((r) => [r.type, r.key])).toEqual([["suspend", first]]);
    await press(app, "u");
    expect(app.vault.getText(path)).toBe(before);
    expect(screen(view).question).toBe(first);
    expect(records(await reviewLogLines(app)).map((r) => r.type)).toEqual(["suspend", "undo"]);
  });

  it("Ctrl+1…7 flag the card (the same again clears it); - buries; I opens card info", async () => {
    const { app } = await loadFlashcards(files());
    const view = await openReview(app);
    const first = screen(view).question;
    const path = first === "Chien" ? "lang/French.md" : "lang/German.md";
    await press(app, "7", ["Mod"]);
    expect(app.vault.getText(path)).toMatch(new RegExp(`${first}: \\{.*flag: purple`));
    expect(screen(view).question).toBe(first);
    await press(app, "7", ["Mod"]);
    expect(app.vault.getText(path)).not.toMatch(/flag:/);
    await press(app, "2", ["Mod"]);
    expect(app.vault.getText(path)).toMatch(/flag: orange/);
    expect(records(await reviewLogLines(app)).map((r) => [r.type, r.after?.flag ?? null])).toEqual([["flag", "purple"], ["flag", null], ["flag", "orange"]]);

    await press(app, "i");
    const info = document.body.querySelector(".hf-card-info");
    expect(info?.querySelector(".modal-title")?.textContent).toBe(first);
    expect(info?.textContent).toContain("Orange");
    await press(app, "Escape");
    expect(document.body.querySelector(".hf-card-info")).toBeNull();

    await press(app, "-");
    expect(screen(view).question).not.toBe(first);
  });

  it("a grade that makes a leech suspends it and says so", async () => {
    const leechy = GERMAN.replace(line("Hund"), line("Hund").replace("lapses: 0", "lapses: 7"));
    const { app } = await loadFlashcards({ "lang/German.md": leechy });
    const view = await openReview(app);
    expect(screen(view).question).toBe("Hund");
    const shown: string[] = [];
    const original = Notice.prototype.setMessage;
    Notice.prototype.setMessage = function (message) {
      shown.push(String(message));
      return original.call(this, message);
    };
    try {
      await press(app, " ");
      await press(app, "1");
    } finally {
      Notice.prototype.setMessage = original;
    }
    expect(app.vault.getText("lang/German.md")).toMatch(/Hund: \{.*lapses: 8.*suspended: true.*leech: true|Hund: \{.*lapses: 8.*leech: true.*suspended: true/);
    expect(shown.some((text) => text.includes('"Hund" is a leech'))).toBe(true);
    expect(records(await reviewLogLines(app)).map((r) => r.type)).toEqual(["review", "leech"]);
  });
});

describe("card browser", () => {
  it("lists every card; search narrows it, bad syntax shows an inline message and keeps the table", async () => {
    const { app } = await loadFlashcards(files());
    const view = await openBrowser(app);
    expect(view.contentEl.querySelector(".hf-browser-count")?.textContent).toBe("5 of 5 cards");
    expect(rowsShown(view).map((cells) => cells[0]).sort()).toEqual(["Chat", "Chien", "Hund", "Katze", "Maus"]);
    view.setQuery("deck:lang/de is:new");
    expect(rowsShown(view).map((cells) => cells[0])).toEqual(["Maus"]);
    expect(rowsShown(view)[0].slice(1, 4)).toEqual(["lang/de", "German", "New"]);
    view.setQuery("deck:lang/de (is:new");
    const error = view.contentEl.querySelector(".hf-browser-error");
    expect(error?.hasClass("is-visible")).toBe(true);
    expect(error?.textContent).toMatch(/Unclosed \( \(at character 14\)/);
    expect(rowsShown(view).map((cells) => cells[0])).toEqual(["Maus"]);
    view.setQuery("");
    expect(error?.hasClass("is-visible")).toBe(false);
  });

  it("names the top folder's deck \"Vault root\", as the study pane and the CLI do", async () => {
    const { app } = await loadFlashcards({ "Top.md": "#flashcards\n### Q\nA\n" });
    const view = await openBrowser(app);
    expect(rowsShown(view)[0].slice(0, 2)).toEqual(["Q", "Vault root"]);
  });

  it("free text finds cards by their answers, read from the notes (the index keeps none), and follows an edit", async () => {
    const { app } = await loadFlashcards(files());
    const view = await openBrowser(app);
    view.setQuery("mouse");
    // The answers arrive as the notes are read, in slices after the table is shown; the query runs again then.
    await until(() => rowsShown(view).length === 1);
    expect(rowsShown(view).map((cells) => cells[0])).toEqual(["Maus"]);
    view.setQuery("dog");
    expect(rowsShown(view).map((cells) => cells[0]).sort()).toEqual(["Chien", "Hund"]);
    await app.vault.modify(app.vault.getFileByPath("lang/German.md")!, GERMAN.replace("\ndog\n", "\nhound\n"));
    await until(() => rowsShown(view).length === 1);
    expect(rowsShown(view).map((cells) => cells[0])).toEqual(["Chien"]);
    view.setQuery("hound");
    expect(rowsShown(view).map((cells) => cells[0])).toEqual(["Hund"]);
  });

  it("sorts by a column header (again: the other way); resizes columns", async () => {
    const { app } = await loadFlashcards(files());
    const view = await openBrowser(app);
    const header = (title: string): HTMLElement => Array.from(view.contentEl.querySelectorAll<HTMLElement>(".hf-browser-th")).find((th) => th.textContent?.startsWith(title))!;
    header("Question").click();
    expect(rowsShown(view).map((cells) => cells[0])).toEqual(["Chat", "Chien", "Hund", "Katze", "Maus"]);
    header("Question").click();
    expect(rowsShown(view).map((cells) => cells[0])).toEqual(["Maus", "Katze", "Hund", "Chien", "Chat"]);
    expect(header("Question").getAttribute("aria-sort")).toBe("descending");
    view.setColumnWidth("question", 400);
    expect(view.contentEl.querySelector<HTMLElement>(".hf-browser-table")?.style.getPropertyValue("--hf-browser-columns")).toMatch(/^400px /);
  });

  it("selects with click, Shift-click, Ctrl-click, keys and Ctrl+A; suspends the selection in one undo step", async () => {
    const { app } = await loadFlashcards(files());
    const view = await openBrowser(app);
    view.setQuery("deck:lang/de");
    const rows = (): HTMLElement[] => Array.from(view.contentEl.querySelectorAll<HTMLElement>(".hf-browser-row"));
    rows()[0].click();
    rows()[2].dispatchEvent(new MouseEvent("click", { bubbles: true, shiftKey: true }));
    expect(view.selected.size).toBe(3);
    rows()[1].dispatchEvent(new MouseEvent("click", { bubbles: true, ctrlKey: true }));
    expect(view.selection().length).toBe(2);
    await press(app, "ArrowDown");
    expect(view.selected.size).toBe(1);
    await press(app, "ArrowUp", ["Shift"]);
    expect(view.selected.size).toBe(2);
    await press(app, "a", ["Mod"]);
    expect(view.selected.size).toBe(3);

    const before = app.vault.getText("lang/German.md");
    const french = app.vault.getText("lang/French.md");
    const outcome = await view.apply("suspend", (state) => suspendState(state, START));
    await settle(app);
    expect(outcome).toEqual({ changed: 3, skipped: [] });
    const diff = lineDiff(before, app.vault.getText("lang/German.md"));
    expect(diff.removed).toHaveLength(2);
    expect(diff.added).toHaveLength(3);
    for (const added of diff.added) expect(added).toMatch(/suspended: true/);
    expect(app.vault.getText("lang/French.md")).toBe(french);
    expect(rowsShown(view).every((cells) => cells[12] === "Suspended")).toBe(true);

    await view.undo();
    await settle(app);
    expect(app.vault.getText("lang/German.md")).toBe(before);
    expect(records(await reviewLogLines(app)).map((r) => r.type)).toEqual(["suspend", "suspend", "suspend", "undo", "undo", "undo"]);
  });

  it("a note that can't be written is skipped and reported; the others change", async () => {
    const { app } = await loadFlashcards(files());
    const view = await openBrowser(app);
    await press(app, "a", ["Mod"]);
    const process = app.vault.process.bind(app.vault);
    app.vault.process = (file, edit) => (file.path === "lang/French.md" ? Promise.reject(new Error("disk is read-only")) : process(file, edit));
    const french = app.vault.getText("lang/French.md");
    const outcome = await view.apply("suspend", (state) => suspendState(state, START));
    expect(outcome?.changed).toBe(3);
    expect(outcome?.skipped).toEqual([{ path: "lang/French.md", reason: "disk is read-only" }]);
    expect(app.vault.getText("lang/French.md")).toBe(french);
  });

  it("Review these now: a review of the selected cards only, in the table's order, due or not; suspended ones stay out", async () => {
    // Hund and Katze are due; Maus and Chat are new; Chien is suspended. Today's new-card limit is 0.
    const french = FRENCH.replace(line("Chien"), line("Chien", ", suspended: true"));
    const { app, clock } = await loadFlashcards({ "lang/German.md": GERMAN, "lang/French.md": french }, { pluginData: { settings: { newPerDay: 0 } } });
    // Nothing is due tomorrow evening but what the user chooses.
    clock.now = new Date("2026-03-02T20:00:00Z");
    const view = await openBrowser(app);
    view.setQuery("Maus OR Chat OR Chien OR Katze");
    const questions = () => view.model.shown.map((row) => row.card.question);
    // Sorted by question: Chat, Chien, Katze, Maus.
    const header = Array.from(view.contentEl.querySelectorAll<HTMLElement>(".hf-browser-th")).find((th) => th.textContent?.startsWith("Question"))!;
    header.click();
    expect(questions()).toEqual(["Chat", "Chien", "Katze", "Maus"]);
    Notice.log.length = 0;
    await press(app, "a", ["Mod"]);
    const button = Array.from(view.contentEl.querySelectorAll<HTMLButtonElement>(".hf-browser-actions button")).find((b) => b.textContent === "Review these now")!;
    button.click();
    await settle(app);
    expect(Notice.log).toContain("Reviewing 3 cards; 1 suspended left out.");
    const review = reviewView(app);
    expect(screen(review).question).toBe("Chat");
    expect(screen(review).counts).toBe("2 · 0 · 1");
    // The choice is the view's state: a restart of Obsidian resumes this review.
    expect(review.getState().scope).toEqual({ kind: "cards", cards: ["Chat", "Katze", "Maus"].map((key) => ({ path: key === "Chat" ? "lang/French.md" : "lang/German.md", key })) });
    const seen: string[] = [];
    for (let i = 0; i < 3 && screen(review).done === null; i++) {
      seen.push(screen(review).question);
      await press(app, " ");
      await press(app, "4");
    }
    expect(seen).toEqual(["Chat", "Katze", "Maus"]);
    expect(screen(review).done).not.toBeNull();
    // Hund (due, not chosen) never showed; the three chosen cards were written, one line each.
    expect(app.vault.getText("lang/German.md")).toMatch(/Hund: \{due: 2026-03-01T08:00:00Z/);
    expect(records(await reviewLogLines(app)).map((r) => [r.type, r.key])).toEqual([["review", "Chat"], ["review", "Katze"], ["review", "Maus"]]);
  });

  it("Review these now on suspended cards only says so and opens nothing", async () => {
    const { app } = await loadFlashcards({ "lang/French.md": FRENCH.replace(line("Chien"), line("Chien", ", suspended: true")) });
    const view = await openBrowser(app);
    view.setQuery("Chien");
    Notice.log.length = 0;
    view.reviewSelection();
    await settle(app);
    expect(Notice.log).toEqual(["This card is suspended; unsuspend it to review it."]);
  });

  it("reschedules the selection to a day, and rejects a bad number of days", async () => {
    const { app } = await loadFlashcards(files());
    const view = await openBrowser(app);
    view.setQuery("Maus");
    await press(app, "a", ["Mod"]);
    view.reschedule("3");
    await settle(app);
    expect(app.vault.getText("lang/German.md")).toMatch(/Maus: \{due: 2026-03-05T04:00:00Z, .*state: review/);
    const before = app.vault.getText("lang/German.md");
    view.reschedule("soon");
    await settle(app);
    expect(app.vault.getText("lang/German.md")).toBe(before);
  });

  it("draws only the rows in sight", async () => {
    const many: Record<string, string> = {};
    for (let n = 0; n < 40; n++) many[`deck/n${n}.md`] = `#flashcards\n${Array.from({ length: 25 }, (_, i) => `### Q${n}-${i}\nA\n`).join("")}`;
    const { app } = await loadFlashcards(many);
    const view = await openBrowser(app);
    expect(view.contentEl.querySelector(".hf-browser-count")?.textContent).toBe("1000 of 1000 cards");
    expect(rowsShown(view).length).toBeLessThanOrEqual(60);
    expect(view.contentEl.querySelector<HTMLElement>(".hf-browser-spacer")?.style.height).toBe(`${1000 * 28}px`);
  });
});

describe("card info", () => {
  it("shows facts, retrievability, the history from the log with a stability chart, and acts on the card", async () => {
    const { app, plugin, clock } = await loadFlashcards(files());
    const view = await openReview(app);
    const first = screen(view).question;
    await press(app, " ");
    await press(app, "3");
    clock.now = new Date(START.getTime() + 60_000);
    const path = first === "Chien" ? "lang/French.md" : "lang/German.md";
    const note = plugin.index.get(path)!;
    plugin.openCardInfo({ note, card: note.cards.find((card) => card.key === first)! });
    const info = document.body.querySelector<HTMLElement>(".hf-card-info")!;
    const facts = Object.fromEntries(
      Array.from(info.querySelectorAll(".hf-info-label")).map((label) => [label.textContent, label.nextElementSibling?.textContent]),
    );
    expect(facts).toMatchObject({ State: "Review", Reviews: "3", Lapses: "0", Flag: "None", Status: "Active" });
    expect(facts.Retrievability).toMatch(/^\d+%$/);
    expect(info.querySelectorAll(".hf-info-history tbody tr")).toHaveLength(1);
    expect(info.querySelector(".hf-info-history tbody td:nth-child(2)")?.textContent).toBe("Good");
    expect(info.querySelector(".hf-info-chart svg path")?.getAttribute("d")).toMatch(/^M/);

    const suspend = Array.from(info.querySelectorAll("button")).find((button) => button.textContent === "Suspend")!;
    suspend.click();
    await settle(app);
    expect(app.vault.getText(path)).toMatch(new RegExp(`${first}: \\{.*suspended: true`));
    expect(document.body.querySelector(".hf-card-info .hf-info-actions button")?.textContent).toBe("Unsuspend");
  });
});
