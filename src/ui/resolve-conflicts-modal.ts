import { Modal, Notice, TFile, type App, type Plugin } from "obsidian";
import { conflictCopyOriginal } from "../core/notes/conflict-copies";
import { mergeConflictCopy } from "../core/state/merge-copy";
import type { CardIndex } from "../core/study/card-index";
import type { ParseOptions } from "../core/types";

/**
 * "Resolve sync conflicts" (design.md §2a): every conflict copy a sync engine left beside a flashcard
 * note is listed with what merging it does (per card, the later review goes into the original); after
 * the user confirms, the reviews are merged and the copies go to the trash. A copy with cards the
 * original lacks is merged but kept, so nothing the user wrote is deleted.
 */
export interface ResolveConflictsDeps {
  index: () => CardIndex;
  parseOptions: () => ParseOptions;
  process: (path: string, edit: (text: string) => string) => Promise<void>;
  /** The index changed (views and status bar refresh). */
  notify: () => void;
}

export interface CopyPlan {
  copy: TFile;
  original: TFile;
  merged: string[];
  onlyInCopy: string[];
}

export function registerResolveConflictsCommand(plugin: Plugin, deps: ResolveConflictsDeps): void {
  plugin.addCommand({
    id: "resolve-sync-conflicts",
    name: "Resolve sync conflicts",
    callback: async () => {
      const plans = await planCopies(plugin.app, deps.parseOptions());
      if (plans.length === 0) {
        new Notice("No sync conflict copies of flashcard notes found.");
        return;
      }
      new ResolveConflictsModal(plugin.app, plans, () => resolveCopies(plugin.app, plans, deps)).open();
    },
  });
}

/** Conflict copies whose original exists, with what merging each would change. */
export async function planCopies(app: App, options: ParseOptions): Promise<CopyPlan[]> {
  const plans: CopyPlan[] = [];
  for (const copy of app.vault.getMarkdownFiles()) {
    const originalPath = conflictCopyOriginal(copy.path);
    const original = originalPath === null ? null : app.vault.getFileByPath(originalPath);
    if (!(original instanceof TFile)) continue;
    const merged = mergeConflictCopy(await app.vault.read(original), await app.vault.read(copy), options);
    if (merged.ok) plans.push({ copy, original, merged: merged.merged, onlyInCopy: merged.onlyInCopy });
  }
  return plans.sort((a, b) => a.copy.path.localeCompare(b.copy.path));
}

async function resolveCopies(app: App, plans: readonly CopyPlan[], deps: ResolveConflictsDeps): Promise<void> {
  const done: string[] = [];
  for (const plan of plans) {
    try {
      const copyText = await app.vault.read(plan.copy);
      let merged: string[] = [];
      let onlyInCopy: string[] = [];
      let written: string | null = null;
      // Recomputed on the original's latest text; a refusal leaves both notes as they are.
      await deps.process(plan.original.path, (text) => {
        const result = mergeConflictCopy(text, copyText, deps.parseOptions());
        if (!result.ok) throw new Error(result.reason);
        merged = result.merged;
        onlyInCopy = result.onlyInCopy;
        written = result.text === text ? null : result.text;
        return result.text;
      });
      // The indexer takes this write for one of ours and skips it: the index learns the merged states here.
      if (written !== null) deps.index().update(plan.original.path, written);
      if (onlyInCopy.length === 0) await app.fileManager.trashFile(plan.copy);
      done.push(`${plan.original.path}: ${merged.length} later review(s) merged${onlyInCopy.length === 0 ? "; the copy went to the trash" : `; the copy is kept (cards only in it: ${onlyInCopy.join(", ")})`}`);
    } catch (error) {
      done.push(`${plan.copy.path}: not merged (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  deps.notify();
  new Notice(`Heading Flashcards resolved sync conflicts:\n${done.join("\n")}`, 15_000);
}

export class ResolveConflictsModal extends Modal {
  constructor(
    app: App,
    private readonly plans: readonly CopyPlan[],
    private readonly onConfirm: () => Promise<void>,
  ) {
    super(app);
  }

  override onOpen(): void {
    this.setTitle("Resolve sync conflicts");
    const { contentEl } = this;
    contentEl.empty();
    contentEl.addClass("heading-flashcards-orphans");
    contentEl.createEl("p", {
      text: "A sync service kept these copies of flashcard notes. Their cards are left out of reviews. Resolving merges each card's later review into the original note and moves the copy to the trash.",
    });
    for (const plan of this.plans) {
      const section = contentEl.createDiv({ cls: "heading-flashcards-orphans-note" });
      section.createEl("h4", { text: plan.copy.path });
      const list = section.createEl("ul");
      list.createEl("li", { text: `Into ${plan.original.path}: ${plan.merged.length === 0 ? "no later reviews" : plan.merged.join(", ")}` });
      if (plan.onlyInCopy.length > 0) list.createEl("li", { text: `Kept, because only the copy has: ${plan.onlyInCopy.join(", ")}` });
    }
    const buttons = contentEl.createDiv({ cls: "modal-button-container" });
    const resolve = buttons.createEl("button", { text: "Merge and delete copies", cls: "mod-warning" });
    resolve.addEventListener("click", () => {
      resolve.disabled = true;
      this.close();
      void this.onConfirm();
    });
    buttons.createEl("button", { text: "Cancel" }).addEventListener("click", () => this.close());
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}
