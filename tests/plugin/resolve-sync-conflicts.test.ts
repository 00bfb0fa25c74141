// "Resolve sync conflicts" on the fake (design.md §2a, issue 11): conflict copies a sync engine left
// beside flashcard notes are listed with what merging does; nothing changes until the user confirms;
// then each card's later review goes into the original, copies whose cards the original all has go to
// the trash, a copy with cards of its own is kept, and a notice says what was done.
import { afterEach, describe, expect, it } from "vitest";
import { encodeEntry } from "../../src/core/state/state-codec";
import type { CardState } from "../../src/core/types";
import { destroyAllApps, Notice } from "../fake-obsidian";
import { loadFlashcards, modalButton, openModal, PLUGIN_ID, settle } from "./helpers";

afterEach(() => destroyAllApps());

function reviewed(day: number, id: string): CardState {
  const at = (d: number) => new Date(Date.UTC(2026, 1, d, 8)).toISOString().replace(".000Z", "Z");
  return { due: at(day + 3), stability: 3.5, difficulty: 5.25, reps: day, lapses: 0, state: "review", step: 0, last_review: at(day), id };
}
const line = (key: string, day: number, id: string) => `  ${encodeEntry(key, reviewed(day, id))}`;
const note = (states: string[], extraCards: string[] = []) =>
  ["---", "tags: [flashcards]  # kept as written", "srs:", ...states, "---", "# Vision", "### Bias", "Answer.", "", "### Variance", "Answer.", "", ...extraCards, ""].join("\n");

const ORIGINAL_PATH = "Deck/Vision.md";
// This device reviewed Bias on day 5; the laptop reviewed Variance on day 6 (its copy has Bias of day 1).
const ORIGINAL = note([line("Bias", 5, "kbias1"), line("Variance", 1, "kvar01")]);
const LAPTOP_COPY_PATH = "Deck/Vision (Conflicted copy Laptop 202602061430).md";
const LAPTOP_COPY = note([line("Bias", 1, "kbias1"), line("Variance", 6, "kvar01")]);
const OTHER_PATH = "Deck/Other.md";
const OTHER = ["---", "tags: [flashcards]", "srs:", line("Dropout", 2, "kdrop1"), "---", "### Dropout", "Answer.", ""].join("\n");
// Syncthing kept a copy in which a new card was written and reviewed: it is merged but kept.
const PHONE_COPY_PATH = "Deck/Other.sync-conflict-20260207-090000-ABCDEFG.md";
const PHONE_COPY = ["---", "tags: [flashcards]", "srs:", line("Dropout", 4, "kdrop1"), line("Attention", 4, "kattn1"), "---", "### Dropout", "Answer.", "", "### Attention", "Only here.", ""].join("\n");

const COMMAND = `${PLUGIN_ID}:resolve-sync-conflicts`;

async function openCommand(app: Awaited<ReturnType<typeof loadFlashcards>>["app"]): Promise<HTMLElement> {
  expect(app.commands.executeCommandById(COMMAND)).toBe(true);
  // The plan reads both notes of each pair first.
  for (let i = 0; i < 20 && openModal() === null; i++) await settle(app);
  return openModal()!;
}

const vaultFiles = () => ({ [ORIGINAL_PATH]: ORIGINAL, [LAPTOP_COPY_PATH]: LAPTOP_COPY, [OTHER_PATH]: OTHER, [PHONE_COPY_PATH]: PHONE_COPY });

describe("Resolve sync conflicts", () => {
  it("lists each copy with what merging does, leaves the copies out of the index, and changes nothing when cancelled", async () => {
    const { app, plugin } = await loadFlashcards(vaultFiles());
    expect([...plugin.index.allNotes()].map((indexed) => indexed.path).sort()).toEqual([OTHER_PATH, ORIGINAL_PATH]);
    const el = await openCommand(app);
    expect(el.querySelector(".modal-title")?.textContent).toBe("Resolve sync conflicts");
    expect(el.textContent).toContain("moves the copy to the trash");
    const sections = [...el.querySelectorAll(".heading-flashcards-orphans-note")].map((section) => [section.querySelector("h4")?.textContent, [...section.querySelectorAll("li")].map((li) => li.textContent)]);
    expect(sections).toEqual([
      [PHONE_COPY_PATH, [`Into ${OTHER_PATH}: Dropout`, "Kept, because only the copy has: Attention"]],
      [LAPTOP_COPY_PATH, [`Into ${ORIGINAL_PATH}: Variance`]],
    ]);
    expect(modalButton("Merge and delete copies").classList.contains("mod-warning")).toBe(true);
    // Nothing is merged or deleted while the user decides, nor when the user cancels.
    expect(app.vault.getText(ORIGINAL_PATH)).toBe(ORIGINAL);
    modalButton("Cancel").click();
    await settle(app);
    expect(openModal()).toBeNull();
    for (const [path, text] of Object.entries(vaultFiles())) expect(app.vault.getText(path)).toBe(text);
  });

  it("on confirm merges each card's later review into the original, trashes a copy the original now covers, keeps one with cards of its own, and says so", async () => {
    const { app, plugin } = await loadFlashcards(vaultFiles());
    await openCommand(app);
    Notice.log.length = 0;
    modalButton("Merge and delete copies").click();
    for (let i = 0; i < 20 && Notice.log.length === 0; i++) await settle(app);
    expect(openModal()).toBeNull();
    // Variance's later review (the laptop's) came in; Bias kept this device's later one; nothing else changed.
    expect(app.vault.getText(ORIGINAL_PATH)).toBe(note([line("Bias", 5, "kbias1"), line("Variance", 6, "kvar01")]));
    expect(app.vault.getText(OTHER_PATH)).toBe(OTHER.replace(line("Dropout", 2, "kdrop1"), line("Dropout", 4, "kdrop1")));
    expect(app.vault.getFileByPath(LAPTOP_COPY_PATH)).toBeNull();
    expect(app.vault.getText(PHONE_COPY_PATH)).toBe(PHONE_COPY);
    expect(Notice.log).toEqual([
      `Heading Flashcards resolved sync conflicts:\n${OTHER_PATH}: 1 later review(s) merged; the copy is kept (cards only in it: Attention)\n${ORIGINAL_PATH}: 1 later review(s) merged; the copy went to the trash`,
    ]);
    // The index holds the merged states at once.
    const states = new Map(plugin.index.get(ORIGINAL_PATH)!.cards.map((card) => [card.key, card.state]));
    expect(states).toEqual(new Map([["Bias", reviewed(5, "kbias1")], ["Variance", reviewed(6, "kvar01")]]));
    // Running it again lists only the kept copy, with nothing left to merge.
    const again = await openCommand(app);
    expect([...again.querySelectorAll("h4")].map((h4) => h4.textContent)).toEqual([PHONE_COPY_PATH]);
    expect([...again.querySelectorAll("li")].map((li) => li.textContent)).toEqual([`Into ${OTHER_PATH}: no later reviews`, "Kept, because only the copy has: Attention"]);
  });

  it("with no conflict copies, says so and opens nothing", async () => {
    const { app } = await loadFlashcards({ [ORIGINAL_PATH]: ORIGINAL });
    Notice.log.length = 0;
    expect(app.commands.executeCommandById(COMMAND)).toBe(true);
    for (let i = 0; i < 5; i++) await settle(app);
    expect(openModal()).toBeNull();
    expect(Notice.log).toEqual(["No sync conflict copies of flashcard notes found."]);
  });
});
