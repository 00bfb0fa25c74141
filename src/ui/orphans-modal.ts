import { Modal, Notice, type App, type Plugin } from "obsidian";
import type { CardIndex } from "../core/study/card-index";
import { mayHoldConflict, resolveStateConflicts } from "../core/state/conflicts";
import { answerText, parseNote } from "../core/notes/note";
import { writeCardState } from "../core/state/state-writer";
import type { ParsedNote, ParseOptions } from "../core/types";

/**
 * Data-care commands (issue 6): "Clean up orphaned card state" lists, per note, the state entries that
 * match no card and removes them only after the user confirms; "Resolve state merge conflicts" resolves
 * conflicts inside the state property (each card keeps its later review). Every edit runs inside
 * Vault.process on the note's latest text, through the surgical writer, and is checked before it is kept.
 */
export interface DataCommandDeps {
  index: () => CardIndex;
  parseOptions: () => ParseOptions;
  /** Serialised Vault.process for one note. */
  process: (path: string, edit: (text: string) => string) => Promise<void>;
  /** The index changed (views and status bar refresh). */
  notify: () => void;
}

export interface OrphanedEntries {
  path: string;
  keys: string[];
}

export function registerDataCommands(plugin: Plugin, deps: DataCommandDeps): void {
  plugin.addCommand({
    id: "clean-up-orphaned-state",
    name: "Clean up orphaned card state",
    callback: () => {
      const plan = findOrphans(deps.index());
      if (plan.length === 0) {
        new Notice("No orphaned card state found.");
        return;
      }
      new OrphansModal(plugin.app, plan, () => removeOrphans(plan, deps)).open();
    },
  });
  plugin.addCommand({
    id: "resolve-state-merge-conflicts",
    name: "Resolve state merge conflicts",
    callback: () => void resolveConflicts(plugin.app, deps),
  });
}

/** Notes with state entries that match no card, in path order. */
export function findOrphans(index: CardIndex): OrphanedEntries[] {
  const plan: OrphanedEntries[] = [];
  for (const note of index.allNotes()) {
    if (note.orphans.size > 0 && note.writable) plan.push({ path: note.path, keys: [...note.orphans.keys()] });
  }
  return plan.sort((a, b) => a.path.localeCompare(b.path));
}

/** The cards as the user sees them: a data-care edit must leave them exactly as they were. */
function cardsOf(note: ParsedNote): string {
  return JSON.stringify(note.cards.map((card) => ({ key: card.key, question: card.question, answer: answerText(note.text, card), context: card.context, state: card.state })));
}

/**
 * Removes `keys` from the note's state property, one verified write each. Only entries that are still
 * orphans in the latest text go; anything unexpected throws, and Vault.process then writes nothing.
 */
export function removeOrphanLines(text: string, keys: readonly string[], options: ParseOptions): { text: string; removed: number } {
  const before = parseNote(text, options);
  if (!before.writable) throw new Error(before.problems[0]?.message ?? "the note can't be written");
  let removed = 0;
  for (const key of keys) {
    if (!before.orphans.has(key)) continue;
    const result = writeCardState(text, key, null, { stateProperty: options.stateProperty });
    if (!result.ok) throw new Error(result.reason);
    text = result.text;
    removed++;
  }
  const after = parseNote(text, options);
  if (cardsOf(after) !== cardsOf(before) || keys.some((key) => after.orphans.has(key))) throw new Error("the cleaned note would not read back as expected");
  return { text, removed };
}

async function removeOrphans(plan: readonly OrphanedEntries[], deps: DataCommandDeps): Promise<void> {
  let removed = 0;
  let notes = 0;
  const failures: string[] = [];
  for (const { path, keys } of plan) {
    let written: string | null = null;
    let count = 0;
    try {
      await deps.process(path, (text) => {
        const result = removeOrphanLines(text, keys, deps.parseOptions());
        count = result.removed;
        written = result.text;
        return result.text;
      });
    } catch (error) {
      failures.push(`${path}: ${(error as Error).message}`);
      continue;
    }
    if (written !== null) deps.index().update(path, written);
    if (count > 0) notes++;
    removed += count;
  }
  deps.notify();
  const summary = `Removed ${removed} orphaned ${removed === 1 ? "entry" : "entries"} from ${notes} ${notes === 1 ? "note" : "notes"}.`;
  new Notice(failures.length === 0 ? summary : `${summary}\nNot changed:\n${failures.join("\n")}`);
}

/**
 * Resolves merge conflicts inside the state property in every flashcard note that has one. Every
 * markdown file is looked at, not only indexed ones: conflict markers in the frontmatter make it invalid
 * YAML to Obsidian, so its metadata cache no longer shows the note's tags.
 */
async function resolveConflicts(app: App, deps: DataCommandDeps): Promise<void> {
  const options = deps.parseOptions();
  let resolved = 0;
  const failures: string[] = [];
  for (const file of app.vault.getMarkdownFiles()) {
    const current = await app.vault.cachedRead(file);
    if (!mayHoldConflict(current) || !parseNote(current, options).tagged) continue;
    let written: string | null = null;
    try {
      await deps.process(file.path, (text) => {
        const resolution = resolveStateConflicts(text, options.stateProperty);
        if (resolution.status === "none") return text;
        if (resolution.status === "unresolvable") throw new Error(resolution.reason);
        const expected = parseNote(text, options);
        const after = parseNote(resolution.text, options);
        if (!after.tagged || !after.writable || mayHoldConflictInState(resolution.text, options) || cardsOf(after) !== cardsOf(expected)) {
          throw new Error("the resolved note would not read back as expected");
        }
        written = resolution.text;
        return resolution.text;
      });
    } catch (error) {
      failures.push(`${file.path}: ${(error as Error).message}`);
      continue;
    }
    if (written !== null) {
      deps.index().update(file.path, written);
      resolved++;
    }
  }
  deps.notify();
  const summary = resolved === 0 ? "No merge conflicts in card state found." : `Resolved merge conflicts in ${resolved} ${resolved === 1 ? "note" : "notes"}.`;
  new Notice(failures.length === 0 ? summary : `${summary}\nNot changed:\n${failures.join("\n")}`);
}

function mayHoldConflictInState(text: string, options: ParseOptions): boolean {
  return resolveStateConflicts(text, options.stateProperty).status !== "none";
}

/** Shows what would be removed, per note, and removes it only when the user confirms. */
export class OrphansModal extends Modal {
  constructor(
    app: App,
    private readonly plan: readonly OrphanedEntries[],
    private readonly onConfirm: () => Promise<void>,
  ) {
    super(app);
  }

  override onOpen(): void {
    const total = this.plan.reduce((sum, note) => sum + note.keys.length, 0);
    this.setTitle("Clean up orphaned card state");
    const { contentEl } = this;
    contentEl.empty();
    contentEl.addClass("heading-flashcards-orphans");
    contentEl.createEl("p", {
      text: `${total === 1 ? "This review history matches" : `These ${total} review histories match`} no card any more (the heading was deleted, or renamed beyond recognition). Removing deletes ${total === 1 ? "its line" : "their lines"} from the note's properties; nothing else changes.`,
    });
    for (const note of this.plan) {
      const section = contentEl.createDiv({ cls: "heading-flashcards-orphans-note" });
      section.createEl("h4", { text: note.path });
      const list = section.createEl("ul");
      for (const key of note.keys) list.createEl("li", { text: key });
    }
    const buttons = contentEl.createDiv({ cls: "modal-button-container" });
    const remove = buttons.createEl("button", { text: total === 1 ? "Remove 1 entry" : `Remove ${total} entries`, cls: "mod-warning" });
    remove.addEventListener("click", () => {
      remove.disabled = true;
      this.close();
      void this.onConfirm();
    });
    buttons.createEl("button", { text: "Cancel" }).addEventListener("click", () => this.close());
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}
