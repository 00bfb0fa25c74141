import { Modal, type App } from "obsidian";
import { cardBadge } from "../../core/study/badge";
import type { FlashcardsHost } from "../host";
import type { CardTarget } from "./card-actions";

/**
 * "Card info" until the card-management work (issue 13) brings its card info modal: the card's
 * question, note, decks and schedule, as the badge's tooltip tells them.
 */
export class CardInfoPlaceholder extends Modal {
  constructor(
    app: App,
    private readonly host: FlashcardsHost,
    private readonly target: CardTarget,
  ) {
    super(app);
  }

  override onOpen(): void {
    const note = this.host.index.get(this.target.path);
    const card = note?.cards.find((candidate) => candidate.key === this.target.key);
    this.titleEl.setText(card?.question ?? this.target.key);
    const body = this.contentEl.createDiv("hf-card-info");
    if (note === undefined || card === undefined) {
      body.createDiv({ text: "This card is no longer in its note." });
      return;
    }
    const rows: [string, string][] = [
      ["Note", note.path],
      ["Deck", note.decks.join(", ")],
      ["Context", card.context.join(" › ") || "—"],
    ];
    for (const [label, value] of rows) {
      const row = body.createDiv("hf-card-info-row");
      row.createSpan({ cls: "hf-card-info-label", text: label });
      row.createSpan({ text: value });
    }
    const badge = cardBadge(card.state, this.host.clock(), this.host.settings.dayStartHour);
    for (const line of badge.tooltip.split("\n")) body.createDiv({ cls: "hf-card-info-line", text: line });
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}
