// Badges after each question (issue 16), on a real CodeMirror EditorView with the plugin's registered
// editor extension, and in the fake's Reading view, driven through the real plugin.
import { EditorView } from "@codemirror/view";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createNoteEditor, Menu, renderReadingView, TFile, type FakeApp } from "../fake-obsidian";
import { QuestionLines } from "../../src/ui/editor-badges/question-lines";
import { loadFlashcards, openReview, press, reviewLogLines, reviewView, screen, settle, START } from "./helpers";

const NOTE_PATH = "States.md";
const state = (fields: string): string => `{due: 2026-03-01T08:00:00Z, stability: 3, difficulty: 5, reps: 2, lapses: 0, state: review, last: 2026-02-26T08:00:00Z${fields}}`;
const NOTE = [
  "---",
  "tags: [flashcards]",
  "srs:",
  `  Due one: ${state("")}`,
  `  Later one: ${state(", flag: red").replace("2026-03-01T08:00:00Z", "2026-03-05T10:00:00Z")}`,
  "  Learning one: {due: 2026-03-02T10:10:00Z, stability: 1, difficulty: 5, reps: 1, lapses: 0, state: learning, step: 1, last: 2026-03-02T10:00:00Z}",
  `  Suspended one: ${state(", suspended: true")}`,
  `  Leech one: ${state(", leech: true, suspended: true")}`,
  "---",
  "### New one",
  "answer",
  "### Due one",
  "answer",
  "### Later one",
  "answer",
  "### Learning one",
  "answer",
  "### Suspended one",
  "answer",
  "### Leech one",
  "answer",
  "### Twice",
  "first",
  "### Twice",
  "second",
  "### No answer",
  "## The end",
  "```",
  "### In code",
  "```",
  "",
].join("\n");

const vault = (): Record<string, string> => ({
  [NOTE_PATH]: NOTE,
  "Plain.md": "No tag here.\n### Not a card\ntext\n",
  "Linked.md": "#flashcards\n\n### What is a [[Plain|tensor]]?\nAn array.\n",
});

const editors: EditorView[] = [];
afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
  Menu.shown?.hide();
  document.body.empty();
});

function openEditor(app: FakeApp, path: string): EditorView {
  const file = app.vault.getFileByPath(path) as TFile;
  const editor = createNoteEditor(app, file, document.body.createDiv());
  editors.push(editor);
  return editor;
}

/** Each badge in the editor: the text of its line and its label. */
function badges(editor: EditorView): { line: string; label: string; cls: string }[] {
  return Array.from(editor.contentDOM.querySelectorAll<HTMLElement>(".hf-badge")).map((el) => ({
    line: (el.closest(".cm-line")?.textContent ?? "").replace(el.textContent ?? "", ""),
    label: el.textContent ?? "",
    cls: el.className,
  }));
}

const labels = (editor: EditorView): string[] => badges(editor).map((badge) => `${badge.line} → ${badge.label}`);

describe("badges in the editor", () => {
  it("show each question's state, problems instead of a card, and nothing for a heading in code", async () => {
    const { app } = await loadFlashcards(vault());
    const editor = openEditor(app, NOTE_PATH);
    expect(labels(editor)).toEqual([
      "### New one → new",
      "### Due one → due",
      "### Later one → in 3d",
      "### Learning one → learning",
      "### Suspended one → suspended",
      "### Leech one → leech",
      "### Twice → new",
      "### Twice → asked twice",
      "### No answer → no answer",
    ]);
    const later = badges(editor)[2];
    expect(later.cls).toContain("hf-badge-later");
    expect(later.cls).toContain("hf-flag-red");
    const tooltip = editor.contentDOM.querySelectorAll(".hf-badge")[1].getAttribute("aria-label");
    expect(tooltip).toMatch(/^Due 2026-03-01 08:00 \(1d ago\)\nStability 3 d · difficulty 5\nRetrievability \d+%\nReviews 2 · lapses 0$/);
  });

  it("do nothing in a note that is not a flashcard note", async () => {
    const { app } = await loadFlashcards(vault());
    const scan = vi.spyOn(QuestionLines, "scan");
    const editor = openEditor(app, "Plain.md");
    editor.dispatch({ changes: { from: 0, insert: "### Typed\n" } });
    expect(badges(editor)).toEqual([]);
    expect(scan).not.toHaveBeenCalled();
    scan.mockRestore();
  });

  it("follow a grade and its undo at once, from the index", async () => {
    const { app } = await loadFlashcards(vault());
    const editor = openEditor(app, NOTE_PATH);
    const view = await openReview(app);
    expect(screen(view).question).toBe("Due one");
    await press(app, " ");
    await press(app, "3");
    await settle(app);
    expect(labels(editor)[1]).toMatch(/^### Due one → in \d+d$/);
    await press(app, "u");
    await settle(app);
    expect(labels(editor)[1]).toBe("### Due one → due");
  });

  it("follow typing: a new question shows at once, a reworded one keeps its card until the note is saved", async () => {
    const { app } = await loadFlashcards(vault());
    const editor = openEditor(app, NOTE_PATH);
    const doc = editor.state.doc;
    const line = doc.line(18);
    expect(line.text).toBe("### Suspended one");
    // Reword "Suspended one": the badge stays.
    editor.dispatch({ changes: { from: line.to, insert: ", reworded" } });
    expect(labels(editor)[4]).toBe("### Suspended one, reworded → suspended");
    // A new question above everything.
    editor.dispatch({ changes: { from: doc.line(10).from, insert: "### Brand new\nits answer\n" } });
    expect(labels(editor)[0]).toBe("### Brand new → new");
    expect(badges(editor)[0].cls).toContain("hf-badge-unsaved");
    // Saved: the index reads the note; the new question is a card, the reworded one kept its history.
    await app.vault.modify(app.vault.getFileByPath(NOTE_PATH) as TFile, editor.state.doc.toString());
    await settle(app);
    expect(badges(editor)[0]).toMatchObject({ label: "new", cls: expect.stringContaining("hf-badge-new") });
    expect(labels(editor)[5]).toBe("### Suspended one, reworded → suspended");
  });

  it("decorate only the visible part of a long note", async () => {
    const long = ["#flashcards", ...Array.from({ length: 1000 }, (_, i) => `### Question ${i}\nAnswer ${i}\n`)].join("\n");
    const { app } = await loadFlashcards({ "Long.md": long });
    const editor = openEditor(app, "Long.md");
    const shown = badges(editor).length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(1000);
    // Scrolling to the end decorates the questions there.
    editor.dispatch({ selection: { anchor: editor.state.doc.length }, scrollIntoView: true });
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const visible = editor.visibleRanges;
    expect(badges(editor).length).toBeLessThan(1000);
    expect(visible[0].from).toBeGreaterThanOrEqual(0);
  });

  it("turn off with the setting", async () => {
    const { app, plugin } = await loadFlashcards(vault());
    const editor = openEditor(app, NOTE_PATH);
    expect(badges(editor).length).toBe(9);
    await plugin.updateSettings({ showBadges: false });
    await settle(app);
    expect(badges(editor)).toEqual([]);
    await plugin.updateSettings({ showBadges: true });
    await settle(app);
    expect(badges(editor).length).toBe(9);
  });
});

/** Clicks a badge and returns the menu it opened. */
function clickBadge(editor: EditorView, index: number): Menu {
  const el = editor.contentDOM.querySelectorAll<HTMLElement>(".hf-badge")[index];
  el.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  if (Menu.shown === null) throw new Error("no menu");
  return Menu.shown;
}

const lineOf = (app: FakeApp, key: string): string => app.vault.getText(NOTE_PATH).split("\n").find((line) => line.startsWith(`  ${key}:`)) ?? "";

describe("the badge's menu", () => {
  it("offers review, card info, suspend, bury, reset and flags", async () => {
    const { app } = await loadFlashcards(vault());
    const editor = openEditor(app, NOTE_PATH);
    expect(clickBadge(editor, 4).titles()).toEqual([
      "Review this card now",
      "Card info",
      "Unsuspend",
      "Bury until tomorrow",
      "Reset (forget)",
      ...["red", "orange", "green", "blue", "pink", "turquoise", "purple"].map((flag) => `Flag ${flag}`),
    ]);
    expect(clickBadge(editor, 2).titles()).toContain("Remove flag");
    expect(clickBadge(editor, 0).titles()).toContain("Suspend");
  });

  it("suspends and unsuspends by writing the card's line, logs it, and the badge follows", async () => {
    const { app } = await loadFlashcards(vault());
    const editor = openEditor(app, NOTE_PATH);
    const before = app.vault.getText(NOTE_PATH);
    clickBadge(editor, 1).click("Suspend");
    await settle(app);
    expect(lineOf(app, "Due one")).toMatch(/suspended: true/);
    // Only that line changed.
    const changed = app.vault.getText(NOTE_PATH).split("\n").filter((line, i) => line !== before.split("\n")[i]);
    expect(changed).toHaveLength(1);
    expect(labels(editor)[1]).toBe("### Due one → suspended");
    clickBadge(editor, 1).click("Unsuspend");
    await settle(app);
    expect(lineOf(app, "Due one")).not.toMatch(/suspended/);
    expect(labels(editor)[1]).toBe("### Due one → due");
    const log = (await reviewLogLines(app)).map((line) => JSON.parse(line) as { type: string; key: string });
    expect(log.map((record) => `${record.type} ${record.key}`)).toEqual(["suspend Due one", "unsuspend Due one"]);
  });

  it("flags (and unflags) a card; a new card gets a state line for it", async () => {
    const { app } = await loadFlashcards(vault());
    const editor = openEditor(app, NOTE_PATH);
    clickBadge(editor, 0).click("Flag green");
    await settle(app);
    expect(lineOf(app, "New one")).toMatch(/state: new.*flag: green|flag: green.*state: new/);
    expect(badges(editor)[0]).toMatchObject({ label: "new", cls: expect.stringContaining("hf-flag-green") });
    clickBadge(editor, 0).click("Flag green");
    await settle(app);
    expect(lineOf(app, "New one")).not.toMatch(/flag/);
  });

  it("resets a card to new and buries one until tomorrow", async () => {
    const { app, plugin } = await loadFlashcards(vault());
    const editor = openEditor(app, NOTE_PATH);
    clickBadge(editor, 2).click("Reset (forget)");
    await settle(app);
    expect(lineOf(app, "Later one")).toMatch(/state: new/);
    expect(lineOf(app, "Later one")).toMatch(/flag: red/);
    expect(labels(editor)[2]).toBe("### Later one → new");
    clickBadge(editor, 1).click("Bury until tomorrow");
    await settle(app);
    expect(plugin.progress().buried).toEqual([`${NOTE_PATH}\u0000Due one`]);
    const view = await openReview(app);
    expect(screen(view).question).not.toBe("Due one");
  });

  it("reviews this one card now, even when it is not due", async () => {
    const { app } = await loadFlashcards(vault());
    const editor = openEditor(app, NOTE_PATH);
    clickBadge(editor, 2).click("Review this card now");
    await settle(app);
    const view = reviewView(app);
    expect(screen(view)).toMatchObject({ question: "Later one", counts: "0 · 0 · 1" });
    await press(app, " ");
    await press(app, "3");
    expect(screen(view).done).not.toBeNull();
  });

  it("shows card info", async () => {
    const { app } = await loadFlashcards(vault());
    const editor = openEditor(app, NOTE_PATH);
    clickBadge(editor, 1).click("Card info");
    // The card info modal of card management (issue 13), for the badge's card.
    const modal = document.body.querySelector(".hf-card-info");
    expect(modal).not.toBeNull();
    expect(modal?.textContent).toContain("Due one");
    expect(modal?.textContent).toContain("Reviews2Lapses0");
  });

  it("a question that is no card offers the note's review", async () => {
    const { app } = await loadFlashcards(vault());
    const editor = openEditor(app, NOTE_PATH);
    expect(clickBadge(editor, 8).titles()).toEqual(["Review this note"]);
  });
});

describe("note menus", () => {
  it("the editor's context menu on a question offers that card and the note", async () => {
    const { app } = await loadFlashcards(vault());
    const editor = openEditor(app, NOTE_PATH);
    const file = app.vault.getFileByPath(NOTE_PATH) as TFile;
    const fakeEditor = (line: number) => ({ getValue: () => editor.state.doc.toString(), getCursor: () => ({ line, ch: 0 }) });
    const onQuestion = new Menu();
    app.workspace.trigger("editor-menu", onQuestion, fakeEditor(13), { app, file });
    expect(onQuestion.titles()).toEqual(["Review this card", "Review this note"]);
    onQuestion.click("Review this card");
    await settle(app);
    expect(screen(reviewView(app)).question).toBe("Later one");
    const onAnswer = new Menu();
    app.workspace.trigger("editor-menu", onAnswer, fakeEditor(14), { app, file });
    expect(onAnswer.titles()).toEqual(["Review this note"]);
  });

  it("the file menu of a flashcard note offers its review; other notes get nothing", async () => {
    const { app } = await loadFlashcards(vault());
    const menu = new Menu();
    app.workspace.trigger("file-menu", menu, app.vault.getFileByPath(NOTE_PATH), "file-explorer");
    expect(menu.titles()).toEqual(["Review this note"]);
    menu.click("Review this note");
    await settle(app);
    expect(screen(reviewView(app)).question).toBe("Due one");
    const plain = new Menu();
    app.workspace.trigger("file-menu", plain, app.vault.getFileByPath("Plain.md"), "file-explorer");
    expect(plain.titles()).toEqual([]);
  });
});

describe("badges in Reading view", () => {
  it("after each h3 of a flashcard note, following reviews", async () => {
    const { app } = await loadFlashcards(vault(), { now: START });
    const el = document.body.createDiv();
    const owner = await renderReadingView(app, app.vault.getFileByPath(NOTE_PATH) as TFile, el);
    const shown = (): string[] => Array.from(el.querySelectorAll("h3")).map((h3) => h3.textContent ?? "");
    expect(shown()).toEqual([
      "New onenew",
      "Due onedue",
      "Later onein 3d",
      "Learning onelearning",
      "Suspended onesuspended",
      "Leech oneleech",
      "Twicenew",
      "Twiceasked twice",
      "No answerno answer",
    ]);
    const view = await openReview(app);
    expect(screen(view).question).toBe("Due one");
    await press(app, " ");
    await press(app, "3");
    await settle(app);
    expect(shown()[1]).toMatch(/^Due onein \d+d$/);
    owner.unload();
    expect(el.querySelectorAll(".hf-badge")).toHaveLength(0);
    // A question with a link: the rendered heading reads differently from the note; its line still finds the card.
    const linked = document.body.createDiv();
    await renderReadingView(app, app.vault.getFileByPath("Linked.md") as TFile, linked);
    expect(Array.from(linked.querySelectorAll("h3 .hf-badge")).map((b) => b.textContent)).toEqual(["new"]);
    const plainEl = document.body.createDiv();
    await renderReadingView(app, app.vault.getFileByPath("Plain.md") as TFile, plainEl);
    expect(plainEl.querySelectorAll(".hf-badge")).toHaveLength(0);
  });
});
