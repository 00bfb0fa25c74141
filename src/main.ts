import { debounce, Notice, Platform, Plugin, type WorkspaceLeaf } from "obsidian";
import { countByDeck, inDeck, type CardIndex, type IndexedNote } from "./core/study/card-index";
import { Scheduler } from "./core/scheduling/scheduler";
import { limitsLeft, ReviewSession, rollOverProgress, type DailyProgress, type NoteStore, type ReviewLogRecord, type StudyMode } from "./core/study/session";
import { newDeviceId } from "./core/log/device";
import { formatAnswerPrint, type LogRecord } from "./core/log/record";
import { ReviewLogStore } from "./plugin/review-log-store";
import { NoteWriter } from "./plugin/note-writer";
import { VaultIndexer } from "./plugin/vault-indexer";
import { DEFAULT_SETTINGS, validateSettings, type FlashcardsSettings } from "./settings";
import { CARD_BROWSER_VIEW_TYPE, REVIEW_VIEW_TYPE, STUDY_VIEW_TYPE, type FlashcardsHost, type StudyScope } from "./ui/host";
import { BulkActions, cardAtLine } from "./core/manage/bulk";
import { actionRecord, type ActionEvent } from "./core/manage/records";
import type { CardRef } from "./core/study/card-index";
import { CardBrowserView } from "./ui/card-browser-view";
import { CardInfoModal } from "./ui/card-info-modal";
import { ReviewView } from "./ui/review-view";
import { FlashcardsSettingTab } from "./ui/settings-tab";
import { StudyView } from "./ui/study-view";
import { openStatisticsView, registerStatistics } from "./ui/stats-commands";
import type { StatsScope } from "./core/stats/scope";
import { describeCounts, statusBarText } from "./ui/count-labels";
import { registerDataCommands } from "./ui/orphans-modal";
import { otherDevicesProgress, progressKey, readProgress, sumProgress } from "./plugin/device-progress";
import { SyncHealer } from "./plugin/sync-healer";
import { LoggedAnswerFollower, writeAnswerMoves } from "./plugin/duplicate-history";
import { registerResolveConflictsCommand } from "./ui/resolve-conflicts-modal";
import { collectProblems, copiedIdProblems, ProblemsModal } from "./ui/problems-modal";
import { OPTIMIZE_TITLE, OptimizeModal } from "./ui/optimize-modal";
import { createCardActions } from "./plugin/card-actions";
import { registerEditorBadges } from "./ui/editor-badges/register";

const DEVICE_ID_KEY = "heading-flashcards-device-id";
const DEVICE_NAME_KEY = "heading-flashcards-device-name";

/**
 * What data.json holds: settings, and today's progress under one key per device (`progress:<device id>`),
 * so Obsidian Sync's key-by-key merge of settings files keeps every device's count (design.md §2a).
 * `progress` is the first release's single count, read as this device's. The review logs live apart.
 */
type PluginData = { settings?: unknown; progress?: unknown } & Record<string, unknown>;

/** The plugin: wiring only. Parsing, scheduling and writing live in src/core; the views in src/ui. */
export default class HeadingFlashcardsPlugin extends Plugin implements FlashcardsHost {
  settings: FlashcardsSettings = { ...DEFAULT_SETTINGS };
  private indexer!: VaultIndexer;
  /** Every device's review log (design.md §7), read once and kept up to date. */
  logStore!: ReviewLogStore;
  private deviceIdValue = "";
  /** Card actions of the browser and card info: one undo step per action, logged. */
  cardActions!: BulkActions;
  private scheduler = new Scheduler(DEFAULT_SETTINGS);
  private dailyProgress: DailyProgress = { day: "", newDone: 0, reviewsDone: 0, buried: [] };
  /** Today's progress of the other devices, as last read from data.json. */
  private othersProgress: DailyProgress[] = [];
  private healer!: SyncHealer;
  private answerFollower!: LoggedAnswerFollower;
  private statusBarEl: HTMLElement | null = null;

  override async onload(): Promise<void> {
    await this.loadPluginData();
    this.indexer = new VaultIndexer(this.app, this.parseOptions());
    const pluginDir = this.manifest.dir ?? `${this.app.vault.configDir}/plugins/${this.manifest.id}`;
    this.logStore = new ReviewLogStore(this.app.vault.adapter, {
      folder: () => (this.settings.logFolder === "" ? `${pluginDir}/logs` : this.settings.logFolder),
      legacyPath: `${pluginDir}/review-log.jsonl`,
      deviceId: () => this.deviceId(),
    });
    this.healer = new SyncHealer(this.app, {
      index: () => this.index,
      records: () => this.logStore.records(),
      parseOptions: () => this.parseOptions(),
      clock: () => this.clock(),
      process: (path, edit) => this.noteStore.process(path, edit),
      notify: () => this.indexer.notifyChanged(),
    });
    this.answerFollower = new LoggedAnswerFollower({
      index: () => this.index,
      stateProperty: () => this.settings.stateProperty,
      process: (path, edit) => this.noteStore.process(path, edit),
      notify: () => this.indexer.notifyChanged(),
      records: () => this.logStore.records(),
    });
    // Healing and repeated questions' histories need every device's log and the index: they run once both
    // are read (histories first: healing then sees each entry on its answer), then on each change from outside.
    this.app.workspace.onLayoutReady(
      () =>
        void Promise.all([this.logStore.load(), this.indexer.build()]).then(async () => {
          await this.answerFollower.start();
          await this.healer.start();
        }),
    );

    this.registerView(REVIEW_VIEW_TYPE, (leaf) => new ReviewView(leaf, this));
    // Links in a card show Obsidian's page preview on hover, as in reading view (no Mod key needed).
    this.registerHoverLinkSource(REVIEW_VIEW_TYPE, { display: this.manifest.name, defaultMod: false });
    this.registerView(STUDY_VIEW_TYPE, (leaf) => new StudyView(leaf, this));
    registerStatistics(this, this);
    this.registerView(CARD_BROWSER_VIEW_TYPE, (leaf) => new CardBrowserView(leaf, this));
    this.cardActions = new BulkActions({
      index: this.indexer.index,
      store: this.noteStore,
      clock: () => this.clock(),
      parseOptions: () => this.parseOptions(),
      log: (event) => this.logAction(event),
    });
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
    this.addCommand({ id: "browse-cards", name: "Browse cards", callback: () => void this.openCardBrowser() });
    this.addCommand({
      id: "show-card-info",
      name: "Show card info",
      checkCallback: (checking) => {
        const ref = this.cardUnderCursor();
        if (ref === null) return false;
        if (!checking) this.openCardInfo(ref);
        return true;
      },
    });
    registerDataCommands(this, {
      index: () => this.index,
      parseOptions: () => this.parseOptions(),
      process: (path, edit) => this.noteStore.process(path, edit),
      notify: () => this.indexer.notifyChanged(),
    });
    this.addCommand({
      id: "show-problems",
      name: "Show problems in flashcard notes",
      callback: () => void this.showProblems(),
    });
    this.addCommand({ id: "optimize-fsrs-parameters", name: OPTIMIZE_TITLE, callback: () => new OptimizeModal(this.app, this).open() });
    registerResolveConflictsCommand(this, {
      index: () => this.index,
      parseOptions: () => this.parseOptions(),
      process: (path, edit) => this.noteStore.process(path, edit),
      notify: () => this.indexer.notifyChanged(),
    });
    this.addRibbonIcon("layers", "Review due cards", () => void this.openReview({ kind: "all" }));

    this.indexer.register(this);
    this.registerBadges();
    this.indexer.onExternalChange((path) => void this.healer.heal(path));
    this.indexer.onNoteArrived((path) => void this.answerFollower.follow(path));
    this.indexer.onAnswersMoved(
      (path, moves) =>
        void writeAnswerMoves(path, moves, {
          index: () => this.index,
          stateProperty: () => this.settings.stateProperty,
          process: (notePath, edit) => this.noteStore.process(notePath, edit),
          notify: () => this.indexer.notifyChanged(),
        }),
    );
    // Phones and tablets have no status bar: no item, no counting for it.
    if (!Platform.isMobile) {
      this.statusBarEl = this.addStatusBarItem();
      this.statusBarEl.addClass("heading-flashcards-status", "mod-clickable");
      this.registerDomEvent(this.statusBarEl, "click", () => void this.openReview({ kind: "all" }));
      this.register(this.onIndexChange(this.refreshStatusBar));
      this.registerInterval(window.setInterval(this.refreshStatusBar, 60_000));
    }
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

  createSession(scope: StudyScope, mode?: StudyMode): ReviewSession {
    return new ReviewSession({
      index: this.index,
      scheduler: () => this.scheduler,
      store: this.noteStore,
      clock: () => this.clock(),
      // Other devices' cards done today count against the daily limits too (design.md §2a).
      settings: () => this.limitsLeftByOthers(),
      parseOptions: () => this.parseOptions(),
      progress: this.dailyProgress,
      saveProgress: () => void this.saveProgress(),
      appendLog: (record) => {
        void this.logStore.append(this.logRecord(record));
        // A review or undo changed a card's state in the index: the study pane and status bar follow.
        this.indexer.notifyChanged();
      },
      logAction: (event) => this.logAction(event),
      include: includeFor(scope),
      mode,
      only: scope.kind === "card" ? [{ path: scope.path, key: scope.key }] : scope.kind === "cards" ? scope.cards : undefined,
    });
  }

  async openReview(scope: StudyScope, where: FlashcardsSettings["reviewLocation"] = "main", mode?: StudyMode): Promise<void> {
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
    if (leaf.view instanceof ReviewView) leaf.view.study(scope, mode);
  }

  addNewToday(count: number): void {
    const progress = this.ownProgress();
    progress.extraNew = (progress.extraNew ?? 0) + count;
    void this.savePluginData();
    this.indexer.notifyChanged();
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
    const logged: LogRecord = { v: 1, ...rest, device: this.deviceId(), card: record.after.id ?? record.before?.id ?? "", key };
    const answer = this.answerPrintOf(record.note, key);
    if (answer !== undefined) logged.answer = formatAnswerPrint(answer);
    return logged;
  }

  /** The indexed card's answer print, which each log record of the card carries (design.md Q5). */
  private answerPrintOf(path: string, key: string): number | undefined {
    return this.index.get(path)?.cards.find((card) => card.key === key)?.answerPrint;
  }

  openStatistics(scope: StatsScope): Promise<void> {
    return openStatisticsView(this.app, scope);
  }

  openCardInfo(ref: CardRef): void {
    new CardInfoModal(this.app, this, ref).open();
  }

  logRecords(): readonly LogRecord[] {
    return this.logStore.records();
  }

  setBuried(ids: readonly string[], buried: boolean): void {
    const progress = this.ownProgress();
    const now = this.clock();
    for (const id of ids) {
      const at = progress.buried.indexOf(id);
      if (buried && at === -1) progress.buried.push(id);
      else if (!buried && at !== -1) progress.buried.splice(at, 1);
      else continue;
      const [path, key] = id.split("\u0000");
      const state = this.index.get(path)?.cards.find((card) => card.key === key)?.state ?? null;
      if (buried) this.logAction({ type: "bury", time: now, note: path, key, before: state, after: state });
    }
    void this.savePluginData();
    this.indexer.notifyChanged();
  }

  /** A card action for the review log; a new leech is announced. */
  private logAction(event: ActionEvent): void {
    const { type, time, note, key, before, after, undoes } = event;
    void this.logStore.append(actionRecord(type, { time, device: this.deviceId(), note, key, answer: this.answerPrintOf(note, key) }, before, after, undoes));
    if (type === "leech") new Notice(`"${key}" is a leech: forgotten ${after?.lapses ?? 0} times.${after?.suspended === true ? " It was suspended." : ""}`);
    this.indexer.notifyChanged();
  }

  /** The card whose heading is at or above the cursor in the active note's editor. */
  private cardUnderCursor(): CardRef | null {
    const file = this.app.workspace.getActiveFile();
    const note = file ? this.index.get(file.path) : undefined;
    const editor = this.app.workspace.activeEditor?.editor;
    if (note === undefined || editor === undefined) return null;
    const card = cardAtLine(note.cards, editor.getCursor().line + 1);
    return card === null ? null : { note, card };
  }

  private async showProblems(): Promise<void> {
    const copies = this.healer.copies();
    // Copies are rare: only then are their notes read (for the lines their ids stand on).
    const acrossNotes = copies.length === 0 ? [] : await copiedIdProblems(this.app, copies, this.parseOptions().stateProperty);
    new ProblemsModal(this.app, collectProblems(this.index, this.indexer.skipped, acrossNotes)).open();
  }

  private async openCardBrowser(): Promise<void> {
    const { workspace } = this.app;
    const leaf = workspace.getLeavesOfType(CARD_BROWSER_VIEW_TYPE)[0] ?? workspace.getLeaf("tab");
    await leaf.setViewState({ type: CARD_BROWSER_VIEW_TYPE, active: true });
    await workspace.revealLeaf(leaf);
  }

  /** Today's progress over every device: this device's cards plus what the others did today. */
  progress(): DailyProgress {
    return sumProgress(this.ownProgress(), this.othersProgress);
  }

  /** This device's own progress of today, to change (buried cards, extra new cards): the sum is a copy. */
  private ownProgress(): DailyProgress {
    if (rollOverProgress(this.dailyProgress, this.clock(), this.settings.dayStartHour)) void this.saveProgress();
    return this.dailyProgress;
  }

  deviceName(): string {
    const stored: unknown = this.app.loadLocalStorage(DEVICE_NAME_KEY);
    return typeof stored === "string" ? stored : "";
  }

  setDeviceName(name: string): string[] {
    const trimmed = name.trim();
    if (trimmed.length > 64) return ["A device name has at most 64 characters."];
    this.app.saveLocalStorage(DEVICE_NAME_KEY, trimmed === "" ? null : trimmed);
    return [];
  }

  /**
   * Settings changed on another device arrived (Obsidian calls this when data.json changes on disk):
   * take them, and the other devices' progress, and never write the old ones back.
   */
  override async onExternalSettingsChange(): Promise<void> {
    const before = this.settings;
    await this.loadPluginData();
    if (this.settings.tag !== before.tag || this.settings.stateProperty !== before.stateProperty) await this.indexer.rebuild(this.parseOptions());
    else this.indexer.notifyChanged();
    if (this.settings.logFolder !== before.logFolder) await this.logStore.load();
  }

  async updateSettings(patch: Partial<FlashcardsSettings>): Promise<string[]> {
    const before = this.settings;
    const { settings, errors } = validateSettings({ ...before, ...patch });
    // An invalid value is never saved: the settings tab shows the messages and the old value stays.
    if (errors.length > 0) return errors;
    this.settings = settings;
    this.scheduler = new Scheduler(settings);
    await this.savePluginData(true);
    if (settings.logFolder !== before.logFolder) await this.logStore.load();
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
        const progress = this.ownProgress();
        if (!progress.buried.includes(id)) progress.buried.push(id);
        void this.savePluginData();
      },
      showInfo: (target) => {
        const note = this.index.get(target.path);
        const card = note?.cards.find((candidate) => candidate.key === target.key);
        if (note === undefined || card === undefined) new Notice(`"${target.key}" is no longer a card in ${target.path}.`);
        else this.openCardInfo({ note, card });
      },
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
    await leaf.loadIfDeferred(); // restored at startup in a background tab (Obsidian 1.7.2+)
  }

  /** Writes notes on their latest text; a note open in an editor through that editor. */
  private readonly noteStore: NoteStore = new NoteWriter(this.app, (path, text) => this.indexer.expectOwnWrite(path, text));

  /**
   * The status bar counts every card of the vault: once changes settle (a review step makes several),
   * and then when the app is idle, so the count never delays the next card or a keystroke.
   */
  private readonly refreshStatusBar = debounce(() => this.whenIdle(this.drawStatusBar), 250, true);
  private statusBarQueued = false;

  private whenIdle(draw: () => void): void {
    if (this.statusBarQueued) return;
    // A debounced call may come after a test's window is gone; without requestIdleCallback, count at once.
    const idle = typeof window === "undefined" ? undefined : (window as { requestIdleCallback?: (callback: () => void, options: { timeout: number }) => number });
    if (idle?.requestIdleCallback === undefined) {
      draw();
      return;
    }
    this.statusBarQueued = true;
    idle.requestIdleCallback(
      () => {
        this.statusBarQueued = false;
        draw();
      },
      { timeout: 2000 },
    );
  }

  private readonly drawStatusBar = (): void => {
    if (this.statusBarEl === null) return;
    const counts = this.studyableNow();
    const text = statusBarText(counts);
    this.statusBarEl.setText(text);
    this.statusBarEl.setAttr("aria-label", text === "" ? "" : `Flashcards: ${describeCounts(counts)}. Click to review.`);
    this.statusBarEl.setAttr("data-tooltip-position", "top");
    this.statusBarEl.toggleClass("is-empty", text === "");
  };

  /** What "Review due cards" would show now: learning and due cards, and new ones, within today's limits. */
  private studyableNow(): { new: number; learning: number; due: number } {
    const now = this.clock();
    const progress = this.progress();
    const { total } = countByDeck(this.index, now, this.settings.dayStartHour, false, new Set(progress.buried));
    const left = limitsLeft(progress, this.settings, now);
    return { new: Math.min(total.new, left.new), learning: total.learning, due: Math.min(total.due, left.reviews) };
  }

  private parseOptions(): { tag: string; stateProperty: string } {
    return { tag: this.settings.tag, stateProperty: this.settings.stateProperty };
  }

  /** The daily limits left once the other devices' cards done today are counted. */
  private limitsLeftByOthers(): FlashcardsSettings {
    const others = sumProgress({ day: this.dailyProgress.day, newDone: 0, reviewsDone: 0, buried: [] }, this.othersProgress);
    return { ...this.settings, newPerDay: Math.max(0, this.settings.newPerDay - others.newDone), reviewsPerDay: Math.max(0, this.settings.reviewsPerDay - others.reviewsDone) };
  }

  private async loadPluginData(): Promise<void> {
    const data = ((await this.loadData()) ?? {}) as PluginData;
    const { settings, errors } = validateSettings(data.settings ?? {});
    this.settings = settings;
    this.scheduler = new Scheduler(settings);
    if (errors.length > 0) new Notice(`Heading Flashcards: some settings were invalid and were reset.\n${errors.join("\n")}`);
    const mine = readProgress(data[progressKey(this.deviceId())] ?? data.progress);
    // Counts only grow during a day: what this device holds in memory is never older than its own key.
    if (mine !== null && (mine.day !== this.dailyProgress.day || mine.newDone + mine.reviewsDone >= this.dailyProgress.newDone + this.dailyProgress.reviewsDone)) {
      Object.assign(this.dailyProgress, mine);
    }
    this.othersProgress = otherDevicesProgress(data, this.deviceId());
  }

  /** Writes this device's progress; the settings on disk are kept unless `withSettings` (this device changed them). */
  private async savePluginData(withSettings = false): Promise<void> {
    const onDisk = ((await this.loadData()) ?? {}) as PluginData;
    const data: PluginData = { ...onDisk, [progressKey(this.deviceId())]: this.dailyProgress };
    if (withSettings) data.settings = this.settings;
    delete data.progress;
    await this.saveData(data);
  }

  private saveProgress(): Promise<void> {
    return this.savePluginData(false);
  }
}

function includeFor(scope: StudyScope): ((note: IndexedNote) => boolean) | undefined {
  if (scope.kind === "deck") return (note) => inDeck(note, scope.deck);
  if (scope.kind === "note" || scope.kind === "card") return (note) => note.path === scope.path;
  if (scope.kind === "cards") {
    const paths = new Set(scope.cards.map((card) => card.path));
    return (note) => paths.has(note.path);
  }
  return undefined;
}
