// Issue 10 point 13 (design.md Q5) in the plugin: an edit that adds or removes a card of a repeated
// question re-keys the stored entries so each history stays with its answer — from outside (a sync, a
// script) and from typing in Obsidian's editor. Only the moved entries' lines change.
import { afterEach, describe, expect, it } from "vitest";
import { encodeEntry } from "../../src/core/state/state-codec";
import type { CardState } from "../../src/core/types";
import { answerText } from "../../src/core/notes/note";
import { formatAnswerPrint, parseLogText, type LogRecord } from "../../src/core/log/record";
import { answerPrint } from "../../src/core/state/duplicate-history";
import type HeadingFlashcardsPlugin from "../../src/main";
import { destroyAllApps, MarkdownView, type FakeApp } from "../fake-obsidian";
import { loadFlashcards, openReview, press, PLUGIN_ID, reviewLogLines, settle, until } from "./helpers";

afterEach(() => destroyAllApps());

const PATH = "Questions.md";
const reviewed = (reps: number): CardState => ({ due: "2026-03-20T08:00:00Z", stability: 5 + reps, difficulty: 4, reps, lapses: 0, state: "review", step: 0, last_review: "2026-03-01T08:00:00Z", id: `d${reps}0000` });
const S1 = reviewed(1);
const S2 = reviewed(2);

function note(entries: [string, CardState][], answers: string[]): string {
  return ["---", "tags: [flashcards]", "srs:", ...entries.map(([key, state]) => `  ${encodeEntry(key, state)}`), "---", "# Words", "", ...answers.flatMap((answer) => ["### Define it", answer, ""])].join("\n");
}

function statesByAnswer(app: FakeApp, plugin: HeadingFlashcardsPlugin): [string, CardState | null][] {
  const text = app.vault.getText(PATH);
  return (plugin.index.get(PATH)?.cards ?? []).map((card) => [answerText(text, card), card.state]);
}

describe("a repeated question's history follows its answer", () => {
  it("a card inserted above a reviewed one from outside: the entry moves to the old answer's new key", async () => {
    const { app, plugin } = await loadFlashcards({ [PATH]: note([["Define it", S1]], ["old answer"]) });
    app.vault.setText(PATH, note([["Define it", S1]], ["new answer", "old answer"]));
    await until(() => app.vault.getText(PATH).includes("Define it (2): {"));
    await settle(app);
    expect(app.vault.getText(PATH)).toBe(note([["Define it (2)", S1]], ["new answer", "old answer"]));
    expect(statesByAnswer(app, plugin)).toEqual([
      ["new answer", null],
      ["old answer", S1],
    ]);
  });

  it("deleting the first of two in the editor gives the second its own history; undo brings both back", async () => {
    const before = note([["Define it", S1], ["Define it (2)", S2]], ["first", "second"]);
    const { app, plugin } = await loadFlashcards({ [PATH]: before });
    const leaf = app.workspace.getLeaf("tab");
    await leaf.openFile(app.vault.getFileByPath(PATH)!);
    const view = leaf.view as MarkdownView;
    const start = view.editor.getValue().indexOf("### Define it\nfirst");
    view.editor.transaction({ changes: [{ from: view.editor.offsetToPos(start), to: view.editor.offsetToPos(start + "### Define it\nfirst\n\n".length), text: "" }] });
    await view.flushSave();
    await until(() => plugin.index.get(PATH)?.cards[0]?.state?.reps === 2);
    await view.flushSave();
    await settle(app);
    const afterDelete = app.vault.getText(PATH);
    // Each entry keeps its line: the deleted answer's under a key no card uses, for an undo to find.
    expect(afterDelete).toBe(note([["Define it (2)", S1], ["Define it", S2]], ["second"]));
    expect(statesByAnswer(app, plugin)).toEqual([["second", S2]]);

    // The user puts the card back (as Ctrl+Z would): each answer has its history again.
    view.editor.transaction({ changes: [{ from: view.editor.offsetToPos(view.editor.getValue().indexOf("### Define it\nsecond")), text: "### Define it\nfirst\n\n" }] });
    await view.flushSave();
    await until(() => plugin.index.get(PATH)?.cards[0]?.state?.reps === 1);
    await view.flushSave();
    await settle(app);
    expect(statesByAnswer(app, plugin)).toEqual([
      ["first", S1],
      ["second", S2],
    ]);
    expect(app.vault.getText(PATH)).toBe(note([["Define it", S1], ["Define it (2)", S2]], ["first", "second"]));
  });
});

describe("an edit made while Obsidian was closed: the review log says which answer each history had", () => {
  const LOG = `.obsidian/plugins/${PLUGIN_ID}/logs/laptop.jsonl`;
  const inserted = (text: string) => text.replace("### Define it\nold answer", "### Define it\nnew answer\n\n### Define it\nold answer");

  /** A first session grades the one card; returns the note and the log as that session left them. */
  async function reviewedInAnEarlierSession(): Promise<{ text: string; log: string; state: CardState }> {
    const { app, plugin } = await loadFlashcards({ [PATH]: note([], ["old answer"]) });
    await openReview(app);
    await press(app, " ");
    await press(app, "3");
    // A card action is logged with the print too.
    plugin.setBuried([`${PATH}\u0000Define it`], true);
    await plugin.logStore.flushed();
    const lines = await reviewLogLines(app);
    const state = plugin.index.get(PATH)!.cards[0].state!;
    const text = app.vault.getText(PATH);
    destroyAllApps();
    return { text, log: `${lines.join("\n")}\n`, state };
  }

  it("the plugin logs each review with the card's answer print", async () => {
    const { log } = await reviewedInAnEarlierSession();
    const records: LogRecord[] = parseLogText(log, "laptop.jsonl").records;
    const print = formatAnswerPrint(answerPrint("old answer"));
    expect(records.map((record) => [record.type, record.key, record.answer])).toEqual([
      ["review", "Define it", print],
      ["bury", "Define it", print],
    ]);
  });

  it("a card inserted above the reviewed one on disk: at startup the history moves to the old answer", async () => {
    const { text, log, state } = await reviewedInAnEarlierSession();
    // Outside Obsidian: a new `### Define it` above the reviewed one.
    const { app, plugin } = await loadFlashcards({ [PATH]: inserted(text), [LOG]: log });
    await until(() => app.vault.getText(PATH).includes("Define it (2): {"));
    await settle(app);
    expect(statesByAnswer(app, plugin)).toEqual([
      ["new answer", null],
      ["old answer", state],
    ]);
    // Only the state line's key changed (and its checksum); healing did not hand the new card the old history.
    const withoutStateLine = (value: string) => value.replace(/^ {2}Define it(?: \(2\))?: .*\n/m, "");
    expect(withoutStateLine(app.vault.getText(PATH))).toBe(withoutStateLine(inserted(text)));
    expect(app.vault.getText(PATH).match(/^ {2}Define it/gm)).toHaveLength(1);
  });

  it("a note that arrives after startup (synced in) is put right too", async () => {
    const { text, log, state } = await reviewedInAnEarlierSession();
    const { app, plugin } = await loadFlashcards({ "Other.md": "#flashcards\n### X\ny\n", [LOG]: log });
    await until(() => plugin.index.has("Other.md"));
    app.vault.setText(PATH, inserted(text));
    await until(() => app.vault.getText(PATH).includes("Define it (2): {"));
    await settle(app);
    expect(statesByAnswer(app, plugin)).toEqual([
      ["new answer", null],
      ["old answer", state],
    ]);
  });

  it("without a print in the log, nothing moves", async () => {
    const { text, log } = await reviewedInAnEarlierSession();
    const withoutPrints = log.replace(/,"answer":"[0-9a-f]{8}"/g, "");
    const { app } = await loadFlashcards({ [PATH]: inserted(text), [LOG]: withoutPrints });
    await settle(app);
    await settle(app);
    expect(app.vault.getText(PATH)).toBe(inserted(text));
  });
});
