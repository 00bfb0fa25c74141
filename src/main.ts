import { debounce, Notice, Platform, Plugin, type WorkspaceLeaf } from "obsidian";
import { countByDeck, inDeck, type CardIndex, type IndexedNote } from "./core/study/card-index";
import { Scheduler } from "./core/scheduling/scheduler";
import { ReviewSession, rollOverProgress, type DailyProgress, type NoteStore, type ReviewLogRecord } from "./core/study/session";
import { newDeviceId } from "./core/log/device";
import type { LogRecord } from "./core/log/record";
import { ReviewLogStore } from "./plugin/review-log-store";
import { NoteWriter } from "./plugin/note-writer";
import { VaultIndexer } from "./plugin/vault-indexer";
import { DEFAULT_SETTINGS, validateSettings, type FlashcardsSettings } from "./settings";
import { REVIEW_VIEW_TYPE, STUDY_VIEW_TYPE, type FlashcardsHost, type StudyScope } from "./ui/host";
import { ReviewView } from "./ui/review-view";
import { FlashcardsSettingTab } from "./ui/settings-tab";
import { StudyView } from "./ui/study-view";
import { openStatisticsView, registerStatistics } from "./ui/stats-commands";
import type { StatsScope } from "./core/stats/scope";
import { registerDataCommands } from "./ui/orphans-modal";
import { collectProblems, ProblemsModal } from "./ui/problems-modal";
import { OptimizeModal } from "./ui/optimize-modal";

const DEVICE_ID_KEY = "heading-flashcards-device-id";

/** What data.json holds. The review log lives beside it in its own append-only file. */
interface PluginData {
  settings?: unknown;
  progress?: DailyProgress;
}

/** The plugin: wiring only. Parsing, scheduling and writing live in src/core; the views in src/ui. */
export default class HeadingFlashcardsPlugin extends Plugin implements FlashcardsHost {
  settings: FlashcardsSettings = { ...DEFAULT_SETTINGS };
  private indexer!: VaultIndexer;
  /** Every device's review log (design.md §7), read once and kept up to date. */
  logStore!: ReviewLogStore;
  private deviceIdValue = "";
  private scheduler = new Scheduler(DEFAULT_SETTINGS);
  private dailyProgress: DailyProgress = { day: "", newDone: 0, reviewsDone: 0, buried: [] };
  private statusBarEl: HTMLElement | null = null;

  override async onload(): Promise<void> {
    await this.loadPluginData();
    this.indexer = new VaultIndexer(this.app, this.parseOptions());
    const pluginDir = this.manifest.dir ?? `${this.app.vault.configDir}/plugins/${this.manifest.id}`;
    this.logStore = new ReviewLogStore(this.app.vault.adapter, {
      folder: () => `${pluginDir}/logs`,
      legacyPath: `${pluginDir}/review-log.jsonl`,
      deviceId: () => this.deviceId(),
    });
    this.app.workspace.onLayoutReady(() => void this.logStore.load());

    this.registerView(REVIEW_VIEW_TYPE, (leaf) => new ReviewView(leaf, this));
    // Links in a card show Obsidian's page preview on hover, as in reading view (no Mod key needed).
    this.registerHoverLinkSource(REVIEW_VIEW_TYPE, { display: this.manifest.name, defaultMod: false });
    this.registerView(STUDY_VIEW_TYPE, (leaf) => new StudyView(leaf, this));
    registerStatistics(this, this);
    this.addSettingTab(new FlashcardsSettingTab(this.app, this));

    this.addCommand({ id: "review-due-cards", name: "Review due cards", callback: () => void this.openReview({ kind: "all" }) });
    this.addCommand({
      id: "review-current-note",
      name: "Review due cards in current note",
      checkCallback: (checking) => {
        const file = this.app.workspace.getActiveFile();
        if (!file || !this.index.has(file.path)) return false;
        if (!checking) void this.openReview({ kind: "note", path: file.path });
        return true;
      },
    });
    this.addCommand({ id: "open-study-pane", name: "Open study pane", callback: () => void this.openStudyPane() });
    registerDataCommands(this, {
      index: () => this.index,
      parseOptions: () => this.parseOptions(),
      process: (path, edit) => this.noteStore.process(path, edit),
      notify: () => this.indexer.notifyChanged(),
    });
    this.addCommand({
      id: "show-problems",
      name: "Show problems in flashcard notes",
      callback: () => new ProblemsModal(this.app, collectProblems(this.index, this.indexer.skipped)).open(),
    });
    this.addCommand({ id: "optimize-fsrs-parameters", name: "Optimize FSRS parameters", callback: () => new OptimizeModal(this.app, this).open() });
    this.addRibbonIcon("layers", "Review due cards", () => void this.openReview({ kind: "all" }));

    this.indexer.register(this);
    // Phones and tablets have no status bar: no item, no counting for it.
    if (!Platform.isMobile) {
      this.statusBarEl = this.addStatusBarItem();
      this.statusBarEl.addClass("heading-flashcards-status", "mod-clickable");
      this.registerDomEvent(this.statusBarEl, "click", () => void this.openReview({ kind: "all" }));
      this.register(this.onIndexChange(this.refreshStatusBar));
      this.registerInterval(window.setInterval(this.refreshStatusBar, 60_000));
    }
    this.app.workspace.onLayoutReady(() => void this.indexer.build());
  }

  // ---- FlashcardsHost --------------------------------------------------------------------------------

  get index(): CardIndex {
    return this.indexer.index;
  }

  get indexReady(): boolean {
    return this.indexer.ready;
  }

  /** Notes left out of the index, with why (too big, binary, unreadable). */
  get skippedNotes(): ReadonlyMap<string, string> {
    return this.indexer.skipped;
  }

  clock(): Date {
    return new Date();
  }

  onIndexChange(listener: () => void): () => void {
    return this.indexer.onChange(listener);
  }

  createSession(scope: StudyScope): ReviewSession {
    return new ReviewSession({
      index: this.index,
      scheduler: () => this.scheduler,
      store: this.noteStore,
      clock: () => this.clock(),
      settings: () => this.settings,
      parseOptions: () => this.parseOptions(),
      progress: this.dailyProgress,
      saveProgress: () => void this.savePluginData(),
      appendLog: (record) => {
        void this.logStore.append(this.logRecord(record));
        // A review or undo changed a card's state in the index: the study pane and status bar follow.
        this.indexer.notifyChanged();
      },
      include: includeFor(scope),
    });
  }

  async openReview(scope: StudyScope, where: FlashcardsSettings["reviewLocation"] = "main"): Promise<void> {
    const { workspace } = this.app;
    let leaf: WorkspaceLeaf | null = null;
    for (const existing of workspace.getLeavesOfType(REVIEW_VIEW_TYPE)) {
      const inSidebar = existing.getRoot() === workspace.rightSplit;
      if (inSidebar === (where === "sidebar")) leaf = existing;
    }
    leaf ??= where === "sidebar" ? workspace.getRightLeaf(false) : workspace.getLeaf("tab");
    if (leaf === null) return;
    await leaf.setViewState({ type: REVIEW_VIEW_TYPE, active: true });
    await leaf.loadIfDeferred();
    await workspace.revealLeaf(leaf);
    if (leaf.view instanceof ReviewView) leaf.view.study(scope);
  }

  /**
   * This device's id, kept in the app's local storage (per vault, per device; never in the synced
   * data.json), so each device appends to a log file of its own.
   */
  deviceId(): string {
    if (this.deviceIdValue !== "") return this.deviceIdValue;
    const stored: unknown = this.app.loadLocalStorage(DEVICE_ID_KEY);
    if (typeof stored === "string" && stored !== "") this.deviceIdValue = stored;
    else {
      this.deviceIdValue = newDeviceId();
      this.app.saveLocalStorage(DEVICE_ID_KEY, this.deviceIdValue);
    }
    return this.deviceIdValue;
  }

  private logRecord(record: ReviewLogRecord): LogRecord {
    const { card: key, ...rest } = record;
    return { v: 1, ...rest, device: this.deviceId(), card: record.after.id ?? record.before?.id ?? "", key };
  }

  openStatistics(scope: StatsScope): Promise<void> {
    return openStatisticsView(this.app, scope);
  }

  progress(): DailyProgress {
    if (rollOverProgress(this.dailyProgress, this.clock(), this.settings.dayStartHour)) void this.savePluginData();
    return this.dailyProgress;
  }

  async updateSettings(patch: Partial<FlashcardsSettings>): Promise<string[]> {
    const before = this.settings;
    const { settings, errors } = validateSettings({ ...before, ...patch });
    // An invalid value is never saved: the settings tab shows the messages and the old value stays.
    if (errors.length > 0) return errors;
    this.settings = settings;
    this.scheduler = new Scheduler(settings);
    await this.savePluginData();
    if (settings.tag !== before.tag || settings.stateProperty !== before.stateProperty) {
      await this.indexer.rebuild(this.parseOptions());
    } else {
      this.indexer.notifyChanged();
    }
    return errors;
  }

  // ---- internals ---------------------------------------------------------------------------------------

  private async openStudyPane(): Promise<void> {
    const { workspace } = this.app;
    let leaf: WorkspaceLeaf | null = workspace.getLeavesOfType(STUDY_VIEW_TYPE)[0] ?? null;
    if (leaf === null) {
      leaf = workspace.getRightLeaf(false);
      if (leaf === null) return;
      await leaf.setViewState({ type: STUDY_VIEW_TYPE, active: true });
    }
    await workspace.revealLeaf(leaf);
    await leaf.loadIfDeferred(); // restored at startup in a background tab (Obsidian 1.7.2+)
  }

  /** Writes notes on their latest text; a note open in an editor through that editor. */
  private readonly noteStore: NoteStore = new NoteWriter(this.app, (path, text) => this.indexer.expectOwnWrite(path, text));

  private readonly refreshStatusBar = debounce(
    () => {
      if (this.statusBarEl === null) return;
      const count = this.studyableNow();
      this.statusBarEl.setText(count === 1 ? "1 card due" : `${count} cards due`);
      this.statusBarEl.toggleClass("is-empty", count === 0);
    },
    250,
    true,
  );

  /** Cards the review would show now: learning and due cards, plus new ones within today's limit. */
  private studyableNow(): number {
    const now = this.clock();
    const progress = this.progress();
    const { total } = countByDeck(this.index, now, this.settings.dayStartHour, false, new Set(progress.buried));
    const newLeft = Math.max(0, this.settings.newPerDay - progress.newDone);
    const reviewsLeft = Math.max(0, this.settings.reviewsPerDay - progress.reviewsDone);
    return Math.min(total.new, newLeft) + total.learning + Math.min(total.due, reviewsLeft);
  }

  private parseOptions(): { tag: string; stateProperty: string } {
    return { tag: this.settings.tag, stateProperty: this.settings.stateProperty };
  }

  private async loadPluginData(): Promise<void> {
    const data = ((await this.loadData()) ?? {}) as PluginData;
    const { settings, errors } = validateSettings(data.settings ?? {});
    this.settings = settings;
    this.scheduler = new Scheduler(settings);
    if (errors.length > 0) new Notice(`Heading Flashcards: some settings were invalid and were reset.\n${errors.join("\n")}`);
    const progress = data.progress;
    if (progress && typeof progress.day === "string" && Array.isArray(progress.buried)) {
      this.dailyProgress = { day: progress.day, newDone: Number(progress.newDone) || 0, reviewsDone: Number(progress.reviewsDone) || 0, buried: progress.buried.filter((id) => typeof id === "string") };
    }
  }

  private async savePluginData(): Promise<void> {
    const data: PluginData = { settings: this.settings, progress: this.dailyProgress };
    await this.saveData(data);
  }
}

function includeFor(scope: StudyScope): ((note: IndexedNote) => boolean) | undefined {
  if (scope.kind === "deck") return (note) => inDeck(note, scope.deck);
  if (scope.kind === "note") return (note) => note.path === scope.path;
  return undefined;
}
