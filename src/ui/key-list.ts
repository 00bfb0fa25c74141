import { Modal, type App } from "obsidian";

/** Every key of the review, one keypress away (`?`). */
export const REVIEW_KEYS: readonly [string, string][] = [
  ["Space or Enter", "Show answer, then Good"],
  ["1 2 3 4", "Again, Hard, Good, Easy"],
  ["U or Ctrl/Cmd+Z", "Undo (grades, skips and burials)"],
  ["S", "Skip this card for this session"],
  ["B", "Bury this card until tomorrow"],
  ["E", "Edit the card in its note, beside the review"],
  ["O", "Open the note at the card"],
  ["?", "This list of keys"],
];

export class KeyListModal extends Modal {
  constructor(app: App) {
    super(app);
  }

  override onOpen(): void {
    this.titleEl.setText("Review keys");
    const list = this.contentEl.createEl("dl", { cls: "hf-key-list" });
    for (const [keys, action] of REVIEW_KEYS) {
      const term = list.createEl("dt");
      keys.split(" or ").forEach((key, index) => {
        if (index > 0) term.appendText(" or ");
        term.createEl("kbd", { text: key });
      });
      list.createEl("dd", { text: action });
    }
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}
