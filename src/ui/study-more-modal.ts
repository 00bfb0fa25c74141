import { Modal, Setting, type App } from "obsidian";
import type { StudyMode } from "../core/study/session";

/**
 * "Study more", as Anki's custom study: extra new cards today, review ahead, or a cram that changes no
 * schedule — of the deck being studied, or of the cards forgotten today.
 */
export interface StudyMoreActions {
  /** What is being studied, for the title ("German basics", "All decks"). */
  scopeName: string;
  /** New cards still waiting in scope beyond today's limit (0 hides the option's hint). */
  newWaiting: number;
  forgottenToday: number;
  addNewToday(count: number): void;
  study(mode: StudyMode): void;
}

const MAX_EXTRA = 9999;
const MAX_AHEAD_DAYS = 365;

export class StudyMoreModal extends Modal {
  constructor(
    app: App,
    private readonly actions: StudyMoreActions,
  ) {
    super(app);
  }

  override onOpen(): void {
    const { actions } = this;
    this.titleEl.setText(`Study more: ${actions.scopeName}`);
    this.contentEl.addClass("hf-study-more");

    let extra = Math.min(10, Math.max(1, actions.newWaiting)) || 10;
    new Setting(this.contentEl)
      .setName("Extra new cards today")
      .setDesc(actions.newWaiting > 0 ? `${actions.newWaiting} new cards wait beyond today's limit.` : "No new cards wait beyond today's limit.")
      .addText((text) => {
        text.inputEl.type = "number";
        text.inputEl.min = "1";
        text.inputEl.setAttr("aria-label", "How many extra new cards");
        text.setValue(String(extra)).onChange((value) => (extra = Number(value)));
      })
      .addButton((button) =>
        button.setButtonText("Add").onClick(() => {
          if (!Number.isInteger(extra) || extra < 1 || extra > MAX_EXTRA) return this.invalid(`Enter a whole number from 1 to ${MAX_EXTRA}.`);
          this.close();
          actions.addNewToday(extra);
        }),
      );

    let days = 3;
    new Setting(this.contentEl)
      .setName("Review ahead")
      .setDesc("Review cards due in the next days now; their schedules move as after any review.")
      .addText((text) => {
        text.inputEl.type = "number";
        text.inputEl.min = "1";
        text.inputEl.setAttr("aria-label", "Days ahead");
        text.setValue(String(days)).onChange((value) => (days = Number(value)));
      })
      .addButton((button) =>
        button.setButtonText("Review").onClick(() => {
          if (!Number.isInteger(days) || days < 1 || days > MAX_AHEAD_DAYS) return this.invalid(`Enter a number of days from 1 to ${MAX_AHEAD_DAYS}.`);
          this.close();
          actions.study({ kind: "ahead", days });
        }),
      );

    new Setting(this.contentEl)
      .setName("Cram every card")
      .setDesc("Go through every card here once more. No schedule changes.")
      .addButton((button) =>
        button.setButtonText("Cram").onClick(() => {
          this.close();
          actions.study({ kind: "cram", cards: "all" });
        }),
      );

    new Setting(this.contentEl)
      .setName("Cram today's forgotten cards")
      .setDesc(actions.forgottenToday === 1 ? "1 card was answered again today. No schedule changes." : `${actions.forgottenToday} cards were answered again today. No schedule changes.`)
      .addButton((button) =>
        button
          .setButtonText("Cram")
          .setDisabled(actions.forgottenToday === 0)
          .onClick(() => {
            this.close();
            actions.study({ kind: "cram", cards: "forgotten" });
          }),
      );
    this.contentEl.createDiv({ cls: "hf-study-more-error", attr: { role: "alert" } });
  }

  private invalid(message: string): void {
    this.contentEl.querySelector(".hf-study-more-error")?.setText(message);
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}
