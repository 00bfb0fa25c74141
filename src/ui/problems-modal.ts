import { Modal, type App } from "obsidian";
import { copiedIdMessage, stateLineOf, type CopiedId } from "../core/state/copied-ids";
import type { CardIndex } from "../core/study/card-index";

/**
 * "Show problems in flashcard notes": what `flashcards check` prints, inside Obsidian. Every problem of
 * every indexed note (empty answers, repeated questions, unreadable state, broken YAML, conflicts),
 * orphaned state, cards holding another note's ids (a copied note), and the notes left out of the index
 * (too big, binary, not UTF-8). Clicking a note opens it.
 */
export interface NoteProblems {
  path: string;
  messages: { line: number; message: string }[];
}

export function collectProblems(index: CardIndex, skipped: ReadonlyMap<string, string>, acrossNotes: readonly ({ path: string } & NoteProblems["messages"][number])[] = []): NoteProblems[] {
  const found: NoteProblems[] = [];
  for (const note of index.allNotes()) {
    const messages = note.problems.map((problem) => ({ line: problem.line, message: problem.message }));
    for (const key of note.orphans.keys()) {
      messages.push({ line: 1, message: `state of "${key}" matches no card (kept until "Clean up orphaned card state")` });
    }
    // Problems between notes (a copied note's ids), in line order with the note's own.
    const between = acrossNotes.filter((problem) => problem.path === note.path);
    if (between.length > 0) {
      for (const { line, message } of between) messages.push({ line, message });
      messages.sort((a, b) => a.line - b.line);
    }
    if (messages.length > 0) found.push({ path: note.path, messages });
  }
  for (const [path, reason] of skipped) found.push({ path, messages: [{ line: 1, message: reason }] });
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

/** Each copied card's problem, on the line of its state entry (where the id stands) in the note as it is now. */
export async function copiedIdProblems(app: App, copies: readonly CopiedId[], stateProperty: string): Promise<({ path: string } & NoteProblems["messages"][number])[]> {
  const texts = new Map<string, string>();
  const problems: ({ path: string } & NoteProblems["messages"][number])[] = [];
  for (const copy of copies) {
    let text = texts.get(copy.path);
    if (text === undefined) {
      const file = app.vault.getFileByPath(copy.path);
      text = file === null ? "" : await app.vault.cachedRead(file).catch(() => "");
      texts.set(copy.path, text);
    }
    problems.push({ path: copy.path, line: stateLineOf(text, stateProperty, copy.storedKey), message: copiedIdMessage(copy) });
  }
  return problems;
}

export class ProblemsModal extends Modal {
  constructor(
    app: App,
    private readonly problems: NoteProblems[],
  ) {
    super(app);
  }

  override onOpen(): void {
    this.titleEl.setText("Problems in flashcard notes");
    const { contentEl } = this;
    contentEl.addClass("hf-problems");
    if (this.problems.length === 0) {
      contentEl.createEl("p", { text: "No problems found." });
      return;
    }
    for (const note of this.problems) {
      const section = contentEl.createDiv("hf-problems-note");
      const link = section.createEl("a", { cls: "hf-problems-path", text: note.path, href: "#" });
      link.addEventListener("click", (evt) => {
        evt.preventDefault();
        void this.app.workspace.openLinkText(note.path, "", false);
        this.close();
      });
      const list = section.createEl("ul");
      for (const { line, message } of note.messages) list.createEl("li", { text: `Line ${line}: ${message}` });
    }
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}
