import { debounce, Notice, Plugin, TFile, type WorkspaceLeaf } from "obsidian";
import { countByDeck, inDeck, type CardIndex, type IndexedNote } from "./core/study/card-index";
import { Scheduler } from "./core/scheduling/scheduler";
import { ReviewSession, rollOverProgress, type DailyProgress, type NoteStore, type ReviewLogRecord } from "./core/study/session";
import { newDeviceId } from "./core/log/device";
import type { LogRecord } from "./core/log/record";
import { ReviewLogStore } from "./plugin/review-log-store";
import { VaultIndexer } from "./plugin/vault-indexer";
import { DEFAULT_SETTINGS, validateSettings, type FlashcardsSettings } from "./settings";
import { REVIEW_VIEW_TYPE, STUDY_VIEW_TYPE, type FlashcardsHost, type StudyScope } from "./ui/host";
import { ReviewView } from "./ui/review-view";
import { FlashcardsSettingTab } from "./ui/settings-tab";
import { StudyView } from "./ui/study-view";
import { registerDataCommands } from "./ui/orphans-modal";
import { collectProblems, ProblemsModal } from "./ui/problems-modal";
import { createCardActions } from "./plugin/card-actions";
import { CardInfoPlaceholder } from "./ui/editor-badges/card-info-placeholder";
import { registerEditorBadges } from "./ui/editor-badges/register";

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
  /** Writes per note, one after another, so rapid grades of one note never race. */
  private readonly writeChains = new Map<string, Promise<void>>();

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
    this.registerView(STUDY_VIEW_TYPE, (leaf) => new StudyView(leaf, this));
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
    this.addRibbonIcon("layers", "Review due cards", () => void this.openReview({ kind: "all" }));

    this.statusBarEl = this.addStatusBarItem();
    this.statusBarEl.addClass("heading-flashcards-status", "mod-clickable");
    this.registerDomEvent(this.statusBarEl, "click", () => void this.openReview({ kind: "all" }));

    this.indexer.register(this);
    this.registerBadges();
    this.register(this.onIndexChange(this.refreshStatusBar));
    this.registerInterval(window.setInterval(this.refreshStatusBar, 60_000));
    this.app.workspace.onLayoutReady(() => void this.indexer.build());
  }

  // ---- FlashcardsHost --------------------------------------------------------------------------------

  get index(): CardIndex {
    return this.indexer.index;
  }

  get indexReady(): boolean {
    return this.indexer.ready;
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
      only: scope.kind === "card" ? { path: scope.path, key: scope.key } : undefined,
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

  /** Badges after each question in notes, and their menu (issue 16). */
  private registerBadges(): void {
    const actions = createCardActions({
      index: () => this.index,
      store: this.noteStore,
      parseOptions: () => this.parseOptions(),
      clock: () => this.clock(),
      openReview: (scope) => this.openReview(scope),
      appendLog: (record) => void this.logStore.append(record),
      deviceId: () => this.deviceId(),
      notify: () => this.indexer.notifyChanged(),
      bury: (id) => {
        const progress = this.progress();
        if (!progress.buried.includes(id)) progress.buried.push(id);
        void this.savePluginData();
      },
      // Until issue 13's card info modal is wired in.
      showInfo: (target) => new CardInfoPlaceholder(this.app, this, target).open(),
    });
    registerEditorBadges(this, this, actions);
  }

  private async openStudyPane(): Promise<void> {
    const { workspace } = this.app;
    let leaf: WorkspaceLeaf | null = workspace.getLeavesOfType(STUDY_VIEW_TYPE)[0] ?? null;
    if (leaf === null) {
      leaf = workspace.getRightLeaf(false);
      if (leaf === null) return;
      await leaf.setViewState({ type: STUDY_VIEW_TYPE, active: true });
    }
    await workspace.revealLeaf(leaf);
  }

  /** Vault.process on the note's latest text, one write per note at a time. */
  private readonly noteStore: NoteStore = {
    process: (path, edit) => {
      const previous = this.writeChains.get(path) ?? Promise.resolve();
      const next = previous.then(async () => {
        const file = this.app.vault.getFileByPath(path);
        if (!(file instanceof TFile)) throw new Error(`${path} no longer exists`);
        const written = await this.app.vault.process(file, edit);
        this.indexer.expectOwnWrite(path, written);
      });
      const settled = next.catch(() => undefined);
      this.writeChains.set(path, settled);
      void settled.then(() => {
        if (this.writeChains.get(path) === settled) this.writeChains.delete(path);
      });
      return next;
    },
  };

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
  if (scope.kind === "note" || scope.kind === "card") return (note) => note.path === scope.path;
  return undefined;
}
