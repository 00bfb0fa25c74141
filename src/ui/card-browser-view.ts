import { debounce, ItemView, Notice, Scope, type WorkspaceLeaf } from "obsidian";
import { flagState, parseDueDays, randomDays, rescheduleState, resetState, suspendState, unsuspendState } from "../core/manage/actions";
import type { BulkActionType, BulkOutcome } from "../core/manage/bulk";
import { BrowserModel, COLUMN_IDS, type ColumnId } from "../core/search/browser-model";
import { noteName, type SearchRow } from "../core/search/evaluate";
import { reviewedSinceFromLog } from "../core/search/search";
import { cardId, deckLabel } from "../core/study/card-index";
import { FLAGS, type CardState, type Flag } from "../core/types";
import { capitalise, formatDue, formatInterval, formatNumber, formatRetrievability, phaseLabel, statusLabel } from "./card-format";
import { CARD_BROWSER_VIEW_TYPE, type FlashcardsHost } from "./host";

/**
 * Every card in one table (a main-area view): Anki's search, sort by any column, resizable columns,
 * keyboard and multi-select, and the card actions on the selection. Only the rows in sight are in the
 * DOM, so 70,000 cards scroll like 70.
 */
const ROW_HEIGHT = 28;
/** How long one slice of reading answers for search may run before the view yields to the UI. */
const WARM_SLICE_MS = 8;
/** Rows drawn beyond the visible ones, and how many to draw before the pane has a height. */
const OVERSCAN = 10;
const FALLBACK_ROWS = 40;

const TITLES: Record<ColumnId, string> = {
  question: "Question",
  deck: "Deck",
  note: "Note",
  state: "State",
  due: "Due",
  interval: "Interval",
  stability: "Stability",
  difficulty: "Difficulty",
  retrievability: "Retrievability",
  reps: "Reviews",
  lapses: "Lapses",
  flag: "Flag",
  status: "Status",
};

const WIDTHS: Record<ColumnId, number> = {
  question: 260,
  deck: 110,
  note: 140,
  state: 90,
  due: 130,
  interval: 70,
  stability: 80,
  difficulty: 80,
  retrievability: 100,
  reps: 70,
  lapses: 70,
  flag: 80,
  status: 110,
};

export class CardBrowserView extends ItemView {
  readonly model: BrowserModel;
  private readonly widths: Record<ColumnId, number> = { ...WIDTHS };
  /** Selected cards by `cardId`; the cursor row and the anchor of a Shift range, as indexes into `shown`. */
  readonly selected = new Set<string>();
  cursor = 0;
  private anchor = 0;
  private searchEl!: HTMLInputElement;
  private errorEl!: HTMLElement;
  private countEl!: HTMLElement;
  private tableEl!: HTMLElement;
  private headerEl!: HTMLElement;
  private scrollEl!: HTMLElement;
  private spacerEl!: HTMLElement;
  private rowsEl!: HTMLElement;
  private daysEl!: HTMLInputElement;

  constructor(
    leaf: WorkspaceLeaf,
    private readonly host: FlashcardsHost,
  ) {
    super(leaf);
    this.icon = "table";
    this.model = new BrowserModel(() => ({
      now: this.host.clock(),
      dayStartHour: this.host.settings.dayStartHour,
      buried: new Set(this.host.progress().buried),
      reviewedSince: (since) => reviewedSinceFromLog(this.host.logRecords())(since),
    }));
    this.scope = new Scope(this.app.scope);
    const key = (modifiers: ("Mod" | "Shift")[], name: string, action: () => void): void => {
      this.scope?.register(modifiers, name, (evt) => {
        // Typing in the search box or the days field keeps its own keys.
        if (evt.target instanceof HTMLInputElement && !(name === "ArrowDown" || name === "Enter")) return true;
        action();
        return false;
      });
    };
    key([], "ArrowDown", () => this.moveCursor(1, false));
    key([], "ArrowUp", () => this.moveCursor(-1, false));
    key(["Shift"], "ArrowDown", () => this.moveCursor(1, true));
    key(["Shift"], "ArrowUp", () => this.moveCursor(-1, true));
    key([], "PageDown", () => this.moveCursor(this.visibleRows(), false));
    key([], "PageUp", () => this.moveCursor(-this.visibleRows(), false));
    key([], "Home", () => this.moveCursor(-Infinity, false));
    key([], "End", () => this.moveCursor(Infinity, false));
    key(["Mod"], "a", () => this.selectAll());
    key([], "Enter", () => this.showInfo());
    key(["Mod"], "z", () => void this.undo());
  }

  getViewType(): string {
    return CARD_BROWSER_VIEW_TYPE;
  }

  getDisplayText(): string {
    return "Card browser";
  }

  override async onOpen(): Promise<void> {
    const root = this.contentEl;
    root.empty();
    root.addClass("hf-browser");
    const top = root.createDiv({ cls: "hf-browser-top" });
    this.searchEl = top.createEl("input", { type: "search", cls: "hf-browser-search", attr: { placeholder: "Search: deck:lang is:due flag:1 prop:ivl>10 -is:suspended", "aria-label": "Search cards", spellcheck: "false" } });
    this.countEl = top.createDiv({ cls: "hf-browser-count" });
    this.errorEl = root.createDiv({ cls: "hf-browser-error" });
    this.renderActions(root.createDiv({ cls: "hf-browser-actions" }));

    this.tableEl = root.createDiv({ cls: "hf-browser-table", attr: { role: "grid", "aria-multiselectable": "true" } });
    this.headerEl = this.tableEl.createDiv({ cls: "hf-browser-header", attr: { role: "row" } });
    this.scrollEl = this.tableEl.createDiv({ cls: "hf-browser-scroll", attr: { tabindex: "0" } });
    this.spacerEl = this.scrollEl.createDiv({ cls: "hf-browser-spacer" });
    this.rowsEl = this.spacerEl.createDiv({ cls: "hf-browser-rows" });

    this.registerDomEvent(this.searchEl, "input", () => this.runSearch());
    this.registerDomEvent(this.scrollEl, "scroll", () => this.renderRows());
    this.registerDomEvent(this.rowsEl, "click", (evt) => this.onRowClick(evt));
    this.registerDomEvent(this.rowsEl, "dblclick", (evt) => {
      const index = this.rowIndexOf(evt.target);
      if (index !== null) this.showInfo(index);
    });
    this.register(this.host.onIndexChange(this.reload));

    this.model.load(this.host.index);
    this.renderHeader();
    this.applyWidths();
    this.renderAll();
    this.warmInBackground();
  }

  private closed = false;
  private warmTimer: number | undefined = undefined;

  /** Bumped by every reload: a warm-up of rows that are gone stops. */
  private warmGeneration = 0;

  /**
   * Reads the cards' answers from their notes (the index keeps none) and prepares the rows' search
   * text, in slices between frames; a free-text query is run again once every answer is there.
   */
  private warmInBackground(): void {
    if (this.closed) return;
    window.clearTimeout(this.warmTimer);
    const generation = ++this.warmGeneration;
    const notes = this.model.notesToRead();
    const options = this.host.index.parseOptions;
    let next = 0;
    const live = (): boolean => generation === this.warmGeneration && !this.closed && this.contentEl.isConnected;
    const step = async (): Promise<void> => {
      const sliceStart = Date.now();
      while (next < notes.length && Date.now() - sliceStart < WARM_SLICE_MS) {
        const note = notes[next++];
        const text = await this.readNote(note.path);
        if (!live()) return;
        this.model.setAnswers(note, text, options);
      }
      if (next < notes.length) this.warmTimer = window.setTimeout(() => void step(), 0);
      else {
        if (/[^\s]/.test(this.model.query)) {
          this.model.searchAgain();
          this.renderAll();
        }
        this.warmSearchText(live);
      }
    };
    this.warmTimer = window.setTimeout(() => void step(), 0);
  }

  /** Joins the rows' search text in slices once every answer is in, so the first typed word answers fast. */
  private warmSearchText(live: () => boolean): void {
    const step = (): void => {
      if (live() && this.model.warm(4000)) this.warmTimer = window.setTimeout(step, 0);
    };
    this.warmTimer = window.setTimeout(step, 0);
  }

  /** A note's text as Obsidian caches it, or null when it can't be read. */
  private async readNote(path: string): Promise<string | null> {
    const file = this.app.vault.getFileByPath(path);
    if (file === null) return null;
    try {
      return await this.app.vault.cachedRead(file);
    } catch {
      return null;
    }
  }

  /** Nothing keeps running for a closed view: no pending reload, no warm-up slice. */
  override async onClose(): Promise<void> {
    this.closed = true;
    this.reload.cancel();
    window.clearTimeout(this.warmTimer);
    await super.onClose();
  }

  /** Sets the query as if typed (tests, "Browse cards" with a query). */
  setQuery(query: string): void {
    this.searchEl.value = query;
    this.runSearch();
  }

  // ---- search and table ------------------------------------------------------------------------------

  private runSearch(): void {
    this.model.search(this.searchEl.value);
    this.cursor = 0;
    this.anchor = 0;
    this.renderAll();
  }

  private readonly reload = debounce(
    () => {
      this.model.load(this.host.index);
      this.renderAll();
      this.warmInBackground();
    },
    300,
    true,
  );

  private renderAll(): void {
    const error = this.model.error;
    this.errorEl.empty();
    this.errorEl.toggleClass("is-visible", error !== null);
    this.searchEl.toggleClass("hf-has-error", error !== null);
    if (error !== null) {
      const query = this.model.query;
      this.errorEl.createSpan({ text: `${capitalise(error.message)} (at character ${error.position + 1}): ` });
      this.errorEl.createEl("code", { text: query.slice(0, error.position) });
      this.errorEl.createEl("code", { cls: "hf-browser-error-at", text: query.slice(error.position, error.position + 1) || " " });
      this.errorEl.createEl("code", { text: query.slice(error.position + 1) });
    }
    const total = this.model.rows.length;
    const shown = this.model.shown.length;
    const selected = this.selected.size;
    this.countEl.setText(`${shown} of ${total} cards${selected > 0 ? ` · ${selected} selected` : ""}`);
    this.spacerEl.style.height = `${shown * ROW_HEIGHT}px`;
    this.renderRows();
  }

  private renderHeader(): void {
    this.headerEl.empty();
    for (const column of COLUMN_IDS) {
      const cell = this.headerEl.createDiv({ cls: "hf-browser-cell hf-browser-th", attr: { role: "columnheader", "data-column": column } });
      const sorted = this.model.sort.column === column;
      cell.createSpan({ text: TITLES[column] + (sorted ? (this.model.sort.descending ? " ▼" : " ▲") : "") });
      cell.setAttr("aria-sort", sorted ? (this.model.sort.descending ? "descending" : "ascending") : "none");
      cell.addEventListener("click", () => {
        this.model.sortBy(column);
        this.renderHeader();
        this.renderAll();
      });
      const handle = cell.createDiv({ cls: "hf-browser-resize", attr: { "aria-hidden": "true" } });
      handle.addEventListener("click", (evt) => evt.stopPropagation());
      handle.addEventListener("pointerdown", (evt) => this.startResize(evt, column));
    }
  }

  /** Drag a header's right edge to resize its column. */
  private startResize(evt: PointerEvent, column: ColumnId): void {
    evt.preventDefault();
    evt.stopPropagation();
    const startX = evt.clientX;
    const startWidth = this.widths[column];
    const doc = this.contentEl.doc;
    const move = (moveEvt: PointerEvent): void => {
      this.widths[column] = Math.max(40, Math.round(startWidth + moveEvt.clientX - startX));
      this.applyWidths();
    };
    const up = (): void => {
      doc.removeEventListener("pointermove", move);
      doc.removeEventListener("pointerup", up);
    };
    doc.addEventListener("pointermove", move);
    doc.addEventListener("pointerup", up);
  }

  /** Sets a column's width (a resize by keyboard or test). */
  setColumnWidth(column: ColumnId, width: number): void {
    this.widths[column] = Math.max(40, Math.round(width));
    this.applyWidths();
  }

  private applyWidths(): void {
    const template = COLUMN_IDS.map((column) => `${this.widths[column]}px`).join(" ");
    this.tableEl.style.setProperty("--hf-browser-columns", template);
    this.tableEl.style.setProperty("--hf-browser-width", `${COLUMN_IDS.reduce((sum, column) => sum + this.widths[column], 0)}px`);
  }

  private visibleRows(): number {
    const height = this.scrollEl.clientHeight;
    return height > 0 ? Math.ceil(height / ROW_HEIGHT) : FALLBACK_ROWS;
  }

  /** Draws the rows in sight (plus a few), positioned inside a spacer as tall as all rows. */
  private renderRows(): void {
    const shown = this.model.shown;
    const first = Math.max(0, Math.floor(this.scrollEl.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(shown.length, first + this.visibleRows() + 2 * OVERSCAN);
    this.rowsEl.empty();
    this.rowsEl.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
    const now = this.host.clock();
    for (let index = first; index < last; index++) {
      const row = shown[index];
      const id = cardId(row.note.path, row.card.key);
      const rowEl = this.rowsEl.createDiv({ cls: "hf-browser-row", attr: { role: "row", "data-index": String(index), "aria-selected": String(this.selected.has(id)) } });
      rowEl.toggleClass("is-selected", this.selected.has(id));
      rowEl.toggleClass("is-cursor", index === this.cursor);
      rowEl.toggleClass("is-suspended", row.card.state?.suspended === true);
      const flag = row.card.state?.flag;
      if (flag !== undefined) rowEl.dataset.flag = flag;
      for (const column of COLUMN_IDS) rowEl.createDiv({ cls: `hf-browser-cell hf-col-${column}`, text: cellText(column, row, now), attr: { role: "gridcell" } });
    }
  }

  private rowIndexOf(target: EventTarget | null): number | null {
    const rowEl = target instanceof HTMLElement ? target.closest<HTMLElement>(".hf-browser-row") : null;
    const index = Number(rowEl?.dataset.index);
    return rowEl && Number.isInteger(index) ? index : null;
  }

  // ---- selection ---------------------------------------------------------------------------------------

  private onRowClick(evt: MouseEvent): void {
    const index = this.rowIndexOf(evt.target);
    if (index === null) return;
    if (evt.shiftKey) this.selectRange(this.anchor, index);
    else if (evt.ctrlKey || evt.metaKey) {
      const id = this.idAt(index);
      if (this.selected.has(id)) this.selected.delete(id);
      else this.selected.add(id);
      this.anchor = index;
    } else {
      this.selected.clear();
      this.selected.add(this.idAt(index));
      this.anchor = index;
    }
    this.cursor = index;
    this.scrollEl.focus();
    this.renderAll();
  }

  private moveCursor(delta: number, extend: boolean): void {
    const count = this.model.shown.length;
    if (count === 0) return;
    this.cursor = Math.min(count - 1, Math.max(0, this.cursor + delta));
    if (extend) this.selectRange(this.anchor, this.cursor);
    else {
      this.anchor = this.cursor;
      this.selected.clear();
      this.selected.add(this.idAt(this.cursor));
    }
    // Keep the cursor row in sight.
    const top = this.cursor * ROW_HEIGHT;
    if (top < this.scrollEl.scrollTop) this.scrollEl.scrollTop = top;
    else if (top + ROW_HEIGHT > this.scrollEl.scrollTop + this.scrollEl.clientHeight && this.scrollEl.clientHeight > 0) this.scrollEl.scrollTop = top + ROW_HEIGHT - this.scrollEl.clientHeight;
    this.renderAll();
  }

  private selectRange(from: number, to: number): void {
    this.selected.clear();
    for (let index = Math.min(from, to); index <= Math.max(from, to); index++) this.selected.add(this.idAt(index));
  }

  selectAll(): void {
    for (let index = 0; index < this.model.shown.length; index++) this.selected.add(this.idAt(index));
    this.renderAll();
  }

  private idAt(index: number): string {
    const row = this.model.shown[index];
    return cardId(row.note.path, row.card.key);
  }

  /** The selected rows in table order; the cursor row when nothing is selected. */
  selection(): SearchRow[] {
    const rows = this.model.shown.filter((row) => this.selected.has(cardId(row.note.path, row.card.key)));
    if (rows.length > 0) return rows;
    const atCursor = this.model.shown[this.cursor];
    return atCursor ? [atCursor] : [];
  }

  // ---- actions -----------------------------------------------------------------------------------------

  private renderActions(el: HTMLElement): void {
    const button = (text: string, action: () => void): void => {
      el.createEl("button", { text }).addEventListener("click", action);
    };
    button("Suspend", () => void this.apply("suspend", (s) => suspendState(s, this.host.clock())));
    button("Unsuspend", () => void this.apply("unsuspend", (s) => unsuspendState(s, this.host.clock())));
    const flag = el.createEl("select", { cls: "dropdown", attr: { "aria-label": "Flag the selection" } });
    flag.createEl("option", { text: "Flag…", value: "" });
    flag.createEl("option", { text: "No flag", value: "none" });
    for (const name of FLAGS) flag.createEl("option", { text: capitalise(name), value: name });
    flag.addEventListener("change", () => {
      const value = flag.value;
      flag.value = "";
      if (value === "") return;
      const chosen = value === "none" ? null : (value as Flag);
      void this.apply("flag", (s) => flagState(s, chosen, this.host.clock()));
    });
    button("Bury", () => this.bury());
    button("Reset", () => void this.apply("reset", (s) => resetState(s, this.host.clock())));
    this.daysEl = el.createEl("input", { type: "text", cls: "hf-browser-days", attr: { placeholder: "Days: 3 or 1-7", "aria-label": "Due in days" } });
    button("Reschedule", () => this.reschedule());
    button("Review these now", () => this.reviewSelection());
    button("Card info", () => this.showInfo());
    button("Open note", () => this.openNote());
    button("Undo", () => void this.undo());
  }

  /** Runs one card action on the selection: one undo step; notes that can't be written are reported. */
  async apply(type: BulkActionType, transform: (state: CardState | null) => CardState): Promise<BulkOutcome | null> {
    const targets = this.selection().map((row) => ({ path: row.note.path, key: row.card.key }));
    if (targets.length === 0) return null;
    const outcome = await this.host.cardActions.apply(type, targets, transform);
    report(outcome, type);
    this.model.load(this.host.index);
    this.renderAll();
    return outcome;
  }

  reschedule(days = this.daysEl.value): void {
    const range = parseDueDays(days);
    if (typeof range === "string") {
      new Notice(range);
      return;
    }
    const hour = this.host.settings.dayStartHour;
    void this.apply("reschedule", (s) => rescheduleState(s, randomDays(range.from, range.to), this.host.clock(), hour));
  }

  private bury(): void {
    const rows = this.selection();
    if (rows.length === 0) return;
    this.host.setBuried(rows.map((row) => cardId(row.note.path, row.card.key)), true);
    new Notice(rows.length === 1 ? "Buried 1 card until tomorrow." : `Buried ${rows.length} cards until tomorrow.`);
    this.model.load(this.host.index);
    this.renderAll();
  }

  async undo(): Promise<void> {
    const outcome = await this.host.cardActions.undo();
    if (outcome === null) new Notice("Nothing to undo.");
    else report(outcome, "undo");
    this.model.load(this.host.index);
    this.renderAll();
  }

  /**
   * "Review these now": a review of the selection alone, in the table's order, due or not (as "Review
   * this card now" does for one card). Suspended cards stay out: a suspended card is never shown.
   */
  reviewSelection(): void {
    const rows = this.selection();
    if (rows.length === 0) return;
    const cards = rows.filter((row) => row.card.state?.suspended !== true).map((row) => ({ path: row.note.path, key: row.card.key }));
    if (cards.length === 0) {
      new Notice(rows.length === 1 ? "This card is suspended; unsuspend it to review it." : "These cards are suspended; unsuspend them to review them.");
      return;
    }
    const suspended = rows.length - cards.length;
    if (suspended > 0) new Notice(`Reviewing ${cards.length} ${cards.length === 1 ? "card" : "cards"}; ${suspended} suspended left out.`);
    void this.host.openReview({ kind: "cards", cards }, this.host.settings.reviewLocation);
  }

  private showInfo(index = this.cursor): void {
    const row = this.model.shown[index];
    if (row) this.host.openCardInfo({ note: row.note, card: row.card });
  }

  private openNote(): void {
    const row = this.selection()[0];
    if (row) void this.app.workspace.openLinkText(`${row.note.path}#${row.card.question}`, "", "tab");
  }
}

function report(outcome: BulkOutcome, what: string): void {
  const cards = outcome.changed === 1 ? "1 card" : `${outcome.changed} cards`;
  if (outcome.skipped.length === 0) {
    new Notice(`${capitalise(what)}: ${cards} changed.`);
    return;
  }
  const skipped = outcome.skipped.map((skip) => `${skip.path}: ${skip.reason}`).join("\n");
  new Notice(`${capitalise(what)}: ${cards} changed; ${outcome.skipped.length} note(s) skipped:\n${skipped}`, 10_000);
}

function cellText(column: ColumnId, row: SearchRow, now: Date): string {
  const state = row.card.state;
  const reviewed = state !== null && state.state !== "new";
  switch (column) {
    case "question":
      return row.card.question;
    case "deck":
      return row.note.decks.map(deckLabel).join(", ");
    case "note":
      return noteName(row.note.path);
    case "state":
      return phaseLabel(state);
    case "due":
      return formatDue(state);
    case "interval":
      return formatInterval(state);
    case "stability":
      return reviewed ? formatNumber(state.stability) : "";
    case "difficulty":
      return reviewed ? formatNumber(state.difficulty) : "";
    case "retrievability":
      return formatRetrievability(state, now);
    case "reps":
      return String(state?.reps ?? 0);
    case "lapses":
      return String(state?.lapses ?? 0);
    case "flag":
      return state?.flag === undefined ? "" : capitalise(state.flag);
    case "status":
      return statusLabel(state);
  }
}
