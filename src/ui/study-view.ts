import { ItemView, setIcon, type ViewStateResult, type WorkspaceLeaf } from "obsidian";
import { countByDeck, emptyCounts, type Counts } from "../core/study/card-index";
import { dayKey } from "../core/scheduling/day";
import { retentionByDeck } from "../core/stats/deck-retention";
import { retentionRate, type PassFail } from "../core/stats/retention";
import { collectStatsCards } from "./stats/cards";
import { STUDY_VIEW_TYPE, type FlashcardsHost, type StudyScope } from "./host";

/**
 * The study pane (right sidebar), like Anki's deck list: decks as a tree with new · learning · due counts,
 * "Study" per deck and for everything, and today's progress. Nested tags `flashcards/a/b` and folders
 * both give deck names with slashes, so both become nested rows.
 */

/** How often counts are refreshed as time passes (learning cards come due without any note changing). */
const REFRESH_MS = 60_000;
export const ROOT_DECK_LABEL = "Vault root";

interface DeckNode {
  name: string;
  label: string;
  counts: Counts;
  children: DeckNode[];
}

export class StudyView extends ItemView {
  private readonly collapsed = new Set<string>();
  /** Each deck's true retention of the last month, kept until the log, the index or the day changes. */
  private retention: { key: string; table: Map<string, PassFail> } | null = null;

  constructor(
    leaf: WorkspaceLeaf,
    private readonly host: FlashcardsHost,
  ) {
    super(leaf);
    this.icon = "layers";
  }

  getViewType(): string {
    return STUDY_VIEW_TYPE;
  }

  getDisplayText(): string {
    return "Flashcard decks";
  }

  override getState(): Record<string, unknown> {
    return { ...super.getState(), collapsed: [...this.collapsed] };
  }

  override async setState(state: unknown, result: ViewStateResult): Promise<void> {
    await super.setState(state, result);
    const collapsed = (state as { collapsed?: unknown } | null)?.collapsed;
    if (Array.isArray(collapsed)) {
      this.collapsed.clear();
      for (const name of collapsed) if (typeof name === "string") this.collapsed.add(name);
      this.render();
    }
  }

  override async onOpen(): Promise<void> {
    this.contentEl.addClass("hf-study-container");
    this.register(this.host.onIndexChange(() => this.render()));
    this.register(this.host.logStore.onChange(() => this.render()));
    this.registerEvent(this.app.workspace.on("file-open", () => this.render()));
    this.registerInterval(window.setInterval(() => this.render(), REFRESH_MS));
    this.render();
  }

  /** Rebuilt in full: the tree is small and holds no rendered Markdown. */
  render(): void {
    const el = this.contentEl;
    el.empty();
    const root = el.createDiv("hf-study");
    if (!this.host.indexReady) {
      root.createDiv({ cls: "hf-study-message", text: "Loading cards…" });
      return;
    }
    const now = this.host.clock();
    const settings = this.host.settings;
    const { total, decks } = countByDeck(this.host.index, now, settings.dayStartHour, true, new Set(this.host.progress().buried));
    const left = this.limitsLeft(now);

    const header = root.createDiv("hf-study-header");
    const studyAll = header.createEl("button", { cls: "mod-cta hf-study-all", attr: { type: "button" } });
    studyAll.createSpan({ text: "Study all" });
    this.renderCounts(studyAll, total, left);
    studyAll.addEventListener("click", () => this.study({ kind: "all" }));
    const statistics = header.createEl("button", { cls: "clickable-icon hf-study-stats", attr: { type: "button", "aria-label": "Open statistics" } });
    setIcon(statistics, "chart-column");
    statistics.addEventListener("click", () => void this.host.openStatistics({ kind: "all" }));
    root.createDiv({ cls: "hf-progress", text: this.progressText(now) });
    this.renderNoteStatistics(root);

    if (total.total === 0) {
      root.createDiv({ cls: "hf-study-message", text: `No cards yet. Tag a note #${settings.tag}: each level-3 heading in it becomes a card.` });
      return;
    }
    const tree = root.createDiv({ cls: "hf-deck-tree", attr: { role: "tree" } });
    const retention = settings.studyPaneRetention ? this.deckRetention(now) : null;
    for (const node of buildDeckTree(decks)) this.renderNode(tree, node, left, 0, retention);
  }

  /** "Statistics of <note>" for the active note when it holds cards: its statistics one click away. */
  private renderNoteStatistics(parent: HTMLElement): void {
    const file = this.app.workspace.getActiveFile();
    if (file === null || !this.host.index.has(file.path)) return;
    const link = parent.createEl("button", { cls: "hf-note-stats", attr: { type: "button" } });
    setIcon(link.createSpan("hf-note-stats-icon"), "chart-column");
    link.createSpan({ text: `Statistics of ${file.basename}` });
    link.addEventListener("click", () => void this.host.openStatistics({ kind: "note", path: file.path }));
  }

  private deckRetention(now: Date): Map<string, PassFail> {
    const records = this.host.logStore.records();
    const key = `${records.length}|${records.at(-1)?.time ?? ""}|${this.host.index.version}|${dayKey(now, this.host.settings.dayStartHour)}`;
    if (this.retention?.key !== key) this.retention = { key, table: retentionByDeck(records, collectStatsCards(this.host), now, this.host.settings.dayStartHour) };
    return this.retention.table;
  }

  private renderNode(parent: HTMLElement, node: DeckNode, left: { new: number; due: number }, depth: number, retention: Map<string, PassFail> | null): void {
    const item = parent.createDiv({ cls: "hf-deck", attr: { role: "treeitem", "data-deck": node.name } });
    const collapsed = this.collapsed.has(node.name);
    const row = item.createDiv({ cls: `hf-deck-row hf-depth-${Math.min(depth, 6)}` });
    const toggle = row.createEl("button", { cls: "clickable-icon hf-deck-toggle", attr: { type: "button" } });
    if (node.children.length > 0) {
      item.setAttr("aria-expanded", String(!collapsed));
      item.toggleClass("is-collapsed", collapsed);
      toggle.setAttr("aria-label", collapsed ? `Expand ${node.label}` : `Collapse ${node.label}`);
      setIcon(toggle, collapsed ? "chevron-right" : "chevron-down");
      toggle.addEventListener("click", () => {
        if (this.collapsed.has(node.name)) this.collapsed.delete(node.name);
        else this.collapsed.add(node.name);
        this.render();
        // Which decks are collapsed is the view's state: saved with the layout, restored after a restart.
        void this.app.workspace.requestSaveLayout();
      });
    } else {
      toggle.addClass("is-leaf");
      toggle.disabled = true;
      toggle.setAttr("aria-hidden", "true");
    }
    const name = row.createEl("button", { cls: "hf-deck-name", text: node.label, attr: { type: "button", "aria-label": `Study ${node.label}` } });
    name.addEventListener("click", () => this.study({ kind: "deck", deck: node.name }));
    this.renderCounts(row, node.counts, left);
    if (retention !== null) renderRetention(row, retention.get(node.name) ?? { passed: 0, failed: 0 });
    const study = row.createEl("button", { cls: "clickable-icon hf-deck-study", attr: { type: "button", "aria-label": `Study ${node.label}` } });
    setIcon(study, "play");
    study.addEventListener("click", () => this.study({ kind: "deck", deck: node.name }));
    if (collapsed) return;
    const children = item.createDiv({ cls: "hf-deck-children", attr: { role: "group" } });
    for (const child of node.children) this.renderNode(children, child, left, depth + 1, retention);
  }

  /** New and due counts capped by what today's limits still allow, as Anki's deck list shows them. */
  private renderCounts(parent: HTMLElement, counts: Counts, left: { new: number; due: number }): void {
    const el = parent.createSpan("hf-counts");
    const parts: [string, number, string][] = [
      ["new", Math.min(counts.new, left.new), "New"],
      ["learning", counts.learning, "Learning"],
      ["due", Math.min(counts.due, left.due), "Due"],
    ];
    for (const [kind, value, label] of parts) {
      if (el.childElementCount > 0) el.createSpan({ cls: "hf-count-separator", text: " · " });
      el.createSpan({ cls: `hf-count hf-count-${kind}`, text: String(value), attr: { "aria-label": label } }).toggleClass("is-zero", value === 0);
    }
  }

  private limitsLeft(now: Date): { new: number; due: number } {
    const { newDone, reviewsDone } = this.todaysProgress(now);
    const settings = this.host.settings;
    return { new: Math.max(0, settings.newPerDay - newDone), due: Math.max(0, settings.reviewsPerDay - reviewsDone) };
  }

  private todaysProgress(now: Date): { newDone: number; reviewsDone: number } {
    const progress = this.host.progress();
    // Progress saved on an earlier study day is reset lazily by the next session; until then it is zero.
    if (progress.day !== dayKey(now, this.host.settings.dayStartHour)) return { newDone: 0, reviewsDone: 0 };
    return { newDone: progress.newDone, reviewsDone: progress.reviewsDone };
  }

  private progressText(now: Date): string {
    const { newDone, reviewsDone } = this.todaysProgress(now);
    if (newDone === 0 && reviewsDone === 0) return "Nothing studied yet today";
    const reviews = reviewsDone === 1 ? "1 review" : `${reviewsDone} reviews`;
    return `${newDone} new, ${reviews} done today`;
  }

  private study(scope: StudyScope): void {
    void this.host.openReview(scope, this.host.settings.reviewLocation);
  }
}

/** "92%" with its counts for screen readers and on hover; "—" for a deck without reviews last month. */
function renderRetention(row: HTMLElement, cell: PassFail): void {
  const rate = retentionRate(cell);
  const detail = rate === null ? "no reviews of review cards in the last month" : `${cell.passed} of ${cell.passed + cell.failed} reviews passed in the last month`;
  row.createSpan({
    cls: "hf-deck-retention",
    text: rate === null ? "—" : `${Math.round(rate * 100)}%`,
    attr: { "aria-label": `True retention: ${detail}`, title: `True retention: ${detail}` },
  });
}

/** Deck names (`a`, `a/b`, `/`) to a sorted tree; the vault-root deck `/` comes first. */
export function buildDeckTree(decks: ReadonlyMap<string, Counts>): DeckNode[] {
  const nodes = new Map<string, DeckNode>();
  const roots: DeckNode[] = [];
  const names = [...decks.keys()].sort((a, b) => (a === "/" ? -1 : b === "/" ? 1 : a.localeCompare(b)));
  for (const name of names) {
    const slash = name === "/" ? -1 : name.lastIndexOf("/");
    const node: DeckNode = {
      name,
      label: name === "/" ? ROOT_DECK_LABEL : name.slice(slash + 1),
      counts: decks.get(name) ?? emptyCounts(),
      children: [],
    };
    nodes.set(name, node);
    const parent = slash > 0 ? nodes.get(name.slice(0, slash)) : undefined;
    (parent?.children ?? roots).push(node);
  }
  return roots;
}
