import { Modal, Notice, type App } from "obsidian";
import { flagState, parseDueDays, randomDays, rescheduleState, resetState, suspendState, unsuspendState } from "../core/manage/actions";
import type { BulkActionType, CardTarget } from "../core/manage/bulk";
import { standingReviews, type LogRecord } from "../core/log/record";
import type { CardRef } from "../core/study/card-index";
import { FLAGS, type CardState, type Flag } from "../core/types";
import { capitalise, formatDue, formatInstant, formatInterval, formatNumber, formatRetrievability, phaseLabel, statusLabel } from "./card-format";
import type { FlashcardsHost } from "./host";

/**
 * One card: what it is, where it stands, its history from the review log (with a chart of stability
 * over time), and the card actions. Opened from the review (`I`), the browser and the editor command.
 */
export class CardInfoModal extends Modal {
  private ref: CardRef;

  constructor(
    app: App,
    private readonly host: FlashcardsHost,
    ref: CardRef,
  ) {
    super(app);
    this.ref = ref;
  }

  override onOpen(): void {
    this.modalEl.addClass("hf-card-info");
    this.render();
  }

  override onClose(): void {
    this.contentEl.empty();
  }

  private render(): void {
    // The index may have re-read the note since: show the card as it is now.
    const note = this.host.index.get(this.ref.note.path);
    const card = note?.cards.find((candidate) => candidate.key === this.ref.card.key);
    if (note && card) this.ref = { note, card };
    const { note: current, card: shown } = this.ref;
    const state = shown.state;
    const now = this.host.clock();
    this.setTitle(shown.question);
    const { contentEl } = this;
    contentEl.empty();

    const where = contentEl.createDiv({ cls: "hf-info-where" });
    const link = where.createEl("a", { cls: "internal-link", text: current.path.replace(/\.md$/i, ""), href: "#" });
    link.addEventListener("click", (evt) => {
      evt.preventDefault();
      this.openNote();
    });
    where.createSpan({ cls: "hf-info-deck", text: ` · ${current.decks.join(", ")}` });
    if (shown.context.length > 0) contentEl.createDiv({ cls: "hf-info-context", text: shown.context.join(" › ") });

    const history = cardHistory(this.host.logRecords(), current.path, shown.key, state?.id);
    const facts: [string, string][] = [
      ["State", phaseLabel(state)],
      ["Due", formatDue(state)],
      ["Interval", formatInterval(state)],
      ["Stability", state && state.state !== "new" ? `${formatNumber(state.stability)}d` : ""],
      ["Difficulty", state && state.state !== "new" ? formatNumber(state.difficulty) : ""],
      ["Retrievability", formatRetrievability(state, now)],
      ["Reviews", String(state?.reps ?? 0)],
      ["Lapses", String(state?.lapses ?? 0)],
      ["First review", formatInstant(history[0]?.time)],
      ["Last review", formatInstant(state?.last_review)],
      ["Flag", state?.flag ? capitalise(state.flag) : "None"],
      ["Status", statusLabel(state) || "Active"],
    ];
    const grid = contentEl.createDiv({ cls: "hf-info-facts" });
    for (const [label, value] of facts) {
      grid.createDiv({ cls: "hf-info-label", text: label });
      grid.createDiv({ cls: "hf-info-value", text: value === "" ? "—" : value });
    }

    this.renderActions(contentEl.createDiv({ cls: "hf-info-actions" }), state);

    contentEl.createEl("h4", { text: "History" });
    if (history.length === 0) {
      contentEl.createDiv({ cls: "hf-info-empty", text: "No reviews in the log yet." });
      return;
    }
    stabilityChart(contentEl, history);
    const table = contentEl.createEl("table", { cls: "hf-info-history" });
    const head = table.createEl("thead").createEl("tr");
    for (const title of ["Date", "Rating", "Interval", "Time"]) head.createEl("th", { text: title });
    const body = table.createEl("tbody");
    for (const record of [...history].reverse()) {
      const row = body.createEl("tr");
      row.createEl("td", { text: formatInstant(record.time) });
      row.createEl("td", { text: capitalise(record.rating ?? "") });
      row.createEl("td", { text: formatInterval(record.after) });
      row.createEl("td", { text: record.tookMs === undefined ? "" : `${(record.tookMs / 1000).toFixed(1)}s` });
    }
  }

  private renderActions(el: HTMLElement, state: CardState | null): void {
    const button = (text: string, action: () => void): HTMLButtonElement => {
      const b = el.createEl("button", { text });
      b.addEventListener("click", action);
      return b;
    };
    if (state?.suspended === true) button("Unsuspend", () => void this.act("unsuspend", (s) => unsuspendState(s, this.host.clock())));
    else button("Suspend", () => void this.act("suspend", (s) => suspendState(s, this.host.clock())));
    const flag = el.createEl("select", { cls: "dropdown hf-info-flag", attr: { "aria-label": "Flag" } });
    flag.createEl("option", { text: "No flag", value: "none" });
    for (const name of FLAGS) flag.createEl("option", { text: capitalise(name), value: name });
    flag.value = state?.flag ?? "none";
    flag.addEventListener("change", () => {
      const chosen = flag.value === "none" ? null : (flag.value as Flag);
      void this.act("flag", (s) => flagState(s, chosen, this.host.clock()));
    });
    button("Reset", () => void this.act("reset", (s) => resetState(s, this.host.clock())));
    const days = el.createEl("input", { type: "text", cls: "hf-info-days", attr: { placeholder: "Days: 3 or 1-7", "aria-label": "Due in days" } });
    button("Reschedule", () => {
      const range = parseDueDays(days.value);
      if (typeof range === "string") {
        new Notice(range);
        return;
      }
      const settings = this.host.settings;
      void this.act("reschedule", (s) => rescheduleState(s, randomDays(range.from, range.to), this.host.clock(), settings.dayStartHour));
    });
    button("Open note", () => this.openNote());
  }

  private async act(type: BulkActionType, transform: (state: CardState | null) => CardState): Promise<void> {
    const target: CardTarget = { path: this.ref.note.path, key: this.ref.card.key };
    const outcome = await this.host.cardActions.apply(type, [target], transform);
    if (outcome.skipped.length > 0) new Notice(`Not saved: ${outcome.skipped[0].reason}`);
    this.render();
  }

  private openNote(): void {
    const { note, card } = this.ref;
    this.close();
    void this.app.workspace.openLinkText(`${note.path}#${card.question}`, "", "tab");
  }
}

/** The card's standing reviews, oldest first: by its id, or by note and key for records without one. */
export function cardHistory(records: readonly LogRecord[], path: string, key: string, id: string | undefined): LogRecord[] {
  const mine = records.filter((record) => (id !== undefined && record.card === id) || (record.note === path && record.key === key));
  return standingReviews(mine);
}

const CHART_WIDTH = 320;
const CHART_HEIGHT = 90;
const CHART_PAD = 6;

/** A small line of stability (days) after each review, over time. */
function stabilityChart(parent: HTMLElement, history: readonly LogRecord[]): void {
  const points = history.filter((record) => record.after !== null).map((record) => ({ t: Date.parse(record.time), s: record.after?.stability ?? 0 }));
  if (points.length === 0) return;
  const t0 = points[0].t;
  const t1 = Math.max(points[points.length - 1].t, t0 + 1);
  const sMax = Math.max(...points.map((p) => p.s), 1);
  const x = (t: number): number => CHART_PAD + ((t - t0) / (t1 - t0)) * (CHART_WIDTH - 2 * CHART_PAD);
  const y = (s: number): number => CHART_HEIGHT - CHART_PAD - (s / sMax) * (CHART_HEIGHT - 2 * CHART_PAD);
  const wrap = parent.createDiv({ cls: "hf-info-chart" });
  wrap.createDiv({ cls: "hf-info-chart-label", text: `Stability over time (max ${formatNumber(sMax, 1)}d)` });
  const svg = wrap.createSvg("svg", { attr: { viewBox: `0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`, role: "img", "aria-label": "Stability over time" } });
  svg.createSvg("path", { cls: "hf-chart-line", attr: { d: points.map((p, i) => `${i === 0 ? "M" : "L"}${x(p.t).toFixed(1)},${y(p.s).toFixed(1)}`).join(" ") } });
  for (const p of points) svg.createSvg("circle", { cls: "hf-chart-dot", attr: { cx: x(p.t).toFixed(1), cy: y(p.s).toFixed(1), r: 2.5 } });
}
