import { debounce, ItemView, type ViewStateResult, type WorkspaceLeaf } from "obsidian";
import { STATS_PERIODS, type StatsPeriod } from "../core/stats/period";
import { StatsModel, type StatsReport } from "../core/stats/report";
import type { StatsScope } from "../core/stats/scope";
import { deckAndAncestors, emptyCounts, type Counts } from "../core/study/card-index";
import { STATS_VIEW_TYPE, type FlashcardsHost } from "./host";
import { collectStatsCards } from "./stats/cards";
import { attachTooltip } from "./stats/charts";
import { updatePanels } from "./stats/panels";
import { ROOT_DECK_LABEL } from "../core/study/card-index";
import { buildDeckTree } from "./study-view";

/**
 * The statistics view (main area): panels 1–9 over a scope (collection, a deck, a note) and a period.
 * The log and the cards are prepared once into a StatsModel and kept until the log, the index or the
 * study day changes; a scope or period switch only recomputes the report from it.
 */

const PERIOD_LABEL: Record<StatsPeriod, string> = { month: "1 month", quarter: "3 months", year: "1 year", all: "All" };

function scopeValue(scope: StatsScope): string {
  return scope.kind === "all" ? "all" : scope.kind === "deck" ? `deck:${scope.deck}` : `note:${scope.path}`;
}

function parseScope(value: unknown): StatsScope | null {
  if (typeof value !== "string") return null;
  if (value === "all") return { kind: "all" };
  if (value.startsWith("deck:")) return { kind: "deck", deck: value.slice(5) };
  if (value.startsWith("note:")) return { kind: "note", path: value.slice(5) };
  return null;
}

export class StatsView extends ItemView {
  private statsScope: StatsScope = { kind: "all" };
  private period: StatsPeriod = "month";
  private reviewsAsTime = false;
  private model: StatsModel | null = null;
  private modelDay = "";
  private panelsEl: HTMLElement | null = null;

  constructor(
    leaf: WorkspaceLeaf,
    private readonly host: FlashcardsHost,
  ) {
    super(leaf);
    this.icon = "chart-column";
  }

  getViewType(): string {
    return STATS_VIEW_TYPE;
  }

  getDisplayText(): string {
    return "Flashcard statistics";
  }

  override getState(): Record<string, unknown> {
    return { ...super.getState(), scope: scopeValue(this.statsScope), period: this.period };
  }

  override async setState(state: unknown, result: ViewStateResult): Promise<void> {
    await super.setState(state, result);
    const raw = (state ?? {}) as { scope?: unknown; period?: unknown };
    this.statsScope = parseScope(raw.scope) ?? this.statsScope;
    if (typeof raw.period === "string" && (STATS_PERIODS as readonly string[]).includes(raw.period)) this.period = raw.period as StatsPeriod;
    this.render();
  }

  override async onOpen(): Promise<void> {
    this.contentEl.addClass("hf-stats-container");
    const stale = debounce(() => {
      this.model = null;
      this.render();
    }, 300, true);
    this.register(this.host.logStore.onChange(stale));
    this.register(this.host.onIndexChange(stale));
    this.registerEvent(this.app.workspace.on("file-open", () => this.renderControls()));
    this.render();
  }

  /** Shows a scope (and optionally a period) without rebuilding the prepared log. */
  show(scope: StatsScope, period?: StatsPeriod): void {
    this.statsScope = scope;
    if (period !== undefined) this.period = period;
    this.render();
  }

  get currentScope(): StatsScope {
    return this.statsScope;
  }

  get currentPeriod(): StatsPeriod {
    return this.period;
  }

  render(): void {
    const el = this.contentEl;
    el.empty();
    const root = el.createDiv("hf-stats");
    root.createDiv("hf-stats-controls");
    this.panelsEl = root.createDiv("hf-stats-panels");
    attachTooltip(root);
    this.renderControls();
    this.renderPanels();
  }

  private renderControls(): void {
    const controls = this.contentEl.querySelector<HTMLElement>(".hf-stats-controls");
    if (controls === null) return;
    controls.empty();
    const scopeLabel = controls.createEl("label", { cls: "hf-stats-scope" });
    scopeLabel.createSpan({ text: "Show" });
    const select = scopeLabel.createEl("select", { cls: "dropdown", attr: { "aria-label": "Scope" } });
    select.createEl("option", { text: "Whole collection", value: "all" });
    const addDecks = (nodes: ReturnType<typeof buildDeckTree>, depth: number): void => {
      for (const node of nodes) {
        select.createEl("option", { text: `${"\u00a0\u00a0".repeat(depth + 1)}${node.label}`, value: `deck:${node.name}` });
        addDecks(node.children, depth + 1);
      }
    };
    addDecks(buildDeckTree(this.deckNames()), 0);
    const notePaths = new Set<string>();
    const active = this.app.workspace.getActiveFile();
    if (active !== null && this.host.index.has(active.path)) notePaths.add(active.path);
    if (this.statsScope.kind === "note") notePaths.add(this.statsScope.path);
    for (const path of notePaths) select.createEl("option", { text: `Note: ${path.replace(/\.md$/, "")}`, value: `note:${path}` });
    select.value = scopeValue(this.statsScope);
    select.addEventListener("change", () => this.show(parseScope(select.value) ?? { kind: "all" }));

    const periods = controls.createDiv({ cls: "hf-stats-toggle hf-stats-period", attr: { role: "group", "aria-label": "Period" } });
    for (const period of STATS_PERIODS) {
      const button = periods.createEl("button", { text: PERIOD_LABEL[period], attr: { type: "button", "aria-pressed": String(this.period === period), "data-period": period } });
      button.toggleClass("is-active", this.period === period);
      button.addEventListener("click", () => {
        this.period = period;
        this.renderControls();
        this.renderPanels();
      });
    }
  }

  /** Every deck the index knows, parents included, for the picker's tree. */
  private deckNames(): Map<string, Counts> {
    const decks = new Map<string, Counts>();
    for (const note of this.host.index.allNotes()) {
      for (const deck of note.decks) for (const name of deckAndAncestors(deck)) if (!decks.has(name)) decks.set(name, emptyCounts());
    }
    return decks;
  }

  /** The prepared log and cards, rebuilt when stale or when the study day has changed. */
  private currentModel(): StatsModel {
    const now = this.host.clock();
    const day = `${now.toDateString()}@${this.host.settings.dayStartHour}`;
    if (this.model === null || this.modelDay !== day || this.model.days.startOf(1) <= now.getTime()) {
      this.model = new StatsModel(this.host.logStore.records(), collectStatsCards(this.host), now, this.host.settings.dayStartHour);
      this.modelDay = day;
    }
    return this.model;
  }

  report(): StatsReport {
    return this.currentModel().report(this.statsScope, this.period);
  }

  /** Draws the panels, or, over panels already drawn (a period switch, Count/Time), only those that change. */
  private renderPanels(): void {
    const el = this.panelsEl;
    if (el === null) return;
    if (!this.host.indexReady) {
      el.empty();
      el.createDiv({ cls: "hf-stats-message", text: "Loading cards…" });
      return;
    }
    const report = this.report();
    let title = el.querySelector<HTMLElement>(":scope > .hf-stats-title");
    if (title === null) {
      el.empty();
      title = el.createEl("h2", { cls: "hf-stats-title" });
    }
    title.setText(`Statistics: ${this.scopeTitle()}`);
    // A panel's inner width: the view's, less the panels' borders and padding (about 2 × 17 px).
    updatePanels(el, report, this.reviewsAsTime, (asTime) => {
      this.reviewsAsTime = asTime;
      this.renderPanels();
    }, el.clientWidth - 34);
  }

  private scopeTitle(): string {
    if (this.statsScope.kind === "all") return "whole collection";
    if (this.statsScope.kind === "note") return this.statsScope.path.replace(/\.md$/, "");
    return this.statsScope.deck === "/" ? ROOT_DECK_LABEL : this.statsScope.deck.split("/").join(" › ");
  }
}
