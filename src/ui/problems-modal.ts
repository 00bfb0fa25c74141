import { Modal, type App } from "obsidian";
import type { CardIndex } from "../core/study/card-index";

/**
 * "Show problems in flashcard notes": what `flashcards check` prints, inside Obsidian. Every problem of
 * every indexed note (empty answers, repeated questions, unreadable state, broken YAML, conflicts),
 * orphaned state, and the notes left out of the index (too big, binary, not UTF-8). Clicking a note
 * opens it.
 */
export interface NoteProblems {
  path: string;
  messages: { line: number; message: string }[];
}

export function collectProblems(index: CardIndex, skipped: ReadonlyMap<string, string>): NoteProblems[] {
  const found: NoteProblems[] = [];
  for (const note of index.allNotes()) {
    const messages = note.problems.map((problem) => ({ line: problem.line, message: problem.message }));
    for (const key of note.orphans.keys()) {
      messages.push({ line: 1, message: `state of "${key}" matches no card (kept until "Clean up orphaned card state")` });
    }
    if (messages.length > 0) found.push({ path: note.path, messages });
  }
  for (const [path, reason] of skipped) found.push({ path, messages: [{ line: 1, message: reason }] });
  return found.sort((a, b) => a.path.localeCompare(b.path));
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
