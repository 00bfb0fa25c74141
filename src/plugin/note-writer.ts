import { MarkdownView, TFile, type App } from "obsidian";
import type { NoteStore } from "../core/study/session";

/**
 * Writes notes for the review: on the note's latest text, one write per note at a time. A note open in
 * an editor is written through that editor (its text may hold typing Obsidian has not saved yet, and
 * a write around it would be overwritten by that save): one transaction replaces only the changed
 * lines, then the editor saves. Other notes go through `Vault.process`.
 */
export class NoteWriter implements NoteStore {
  /** Writes per note, one after another, so rapid grades of one note never race. */
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly app: App,
    /** Told the text each write produced, before Obsidian reports it as a change. */
    private readonly onWritten: (path: string, text: string) => void,
  ) {}

  process(path: string, edit: (text: string) => string): Promise<void> {
    const previous = this.chains.get(path) ?? Promise.resolve();
    const next = previous.then(() => this.write(path, edit));
    const settled = next.catch(() => undefined);
    this.chains.set(path, settled);
    void settled.then(() => {
      if (this.chains.get(path) === settled) this.chains.delete(path);
    });
    return next;
  }

  private async write(path: string, edit: (text: string) => string): Promise<void> {
    const file = this.app.vault.getFileByPath(path);
    if (!(file instanceof TFile)) throw new Error(`${path} no longer exists`);
    const view = this.openEditorOf(file);
    if (view === null) {
      this.onWritten(path, await this.app.vault.process(file, edit));
      return;
    }
    const saved = await this.app.vault.read(file);
    const before = view.editor.getValue();
    const after = edit(before); // throws to refuse: nothing changes
    if (after !== before) replaceChangedLines(view, before, after);
    // With typing the index has not seen (Obsidian indexes a note when it is saved), the save must be
    // parsed like any edit; without, it is only our state line, which the index already holds.
    if (before === saved) this.onWritten(path, view.editor.getValue());
    await view.save();
  }

  /** The editor that shows the note, if one does (any of them: Obsidian keeps them in sync). */
  private openEditorOf(file: TFile): MarkdownView | null {
    for (const leaf of this.app.workspace.getLeavesOfType("markdown")) {
      const view = leaf.view;
      if (view instanceof MarkdownView && view.file === file) return view;
    }
    return null;
  }
}

/**
 * One editor transaction that replaces the lines where `before` and `after` differ (the state line)
 * and nothing else, so the cursor, the selection and the typing around it stay where they are.
 */
function replaceChangedLines(view: MarkdownView, before: string, after: string): void {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < shorter - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  // Whole lines: from the start of the first changed line to the end of the last one.
  const lineStart = before.lastIndexOf("\n", start - 1) + 1;
  const from = view.editor.offsetToPos(lineStart);
  const to = view.editor.offsetToPos(before.length - end);
  view.editor.transaction({ changes: [{ from, to, text: after.slice(lineStart, after.length - end) }] }, "heading-flashcards");
}
