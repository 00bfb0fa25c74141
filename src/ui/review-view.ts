import { registerCardKeys } from "./review-card-keys";
import { Component, ItemView, type App, Keymap, MarkdownRenderer, Notice, Scope, setIcon, type HoverParent, type HoverPopover, type PaneType, type ViewStateResult, type WorkspaceLeaf } from "obsidian";
import { cardId, deckLabel, inDeck, type CardRef, type IndexedNote } from "../core/study/card-index";
import { classify, dayKey } from "../core/scheduling/day";
import { shownAnswer } from "../core/notes/note";
import { inlinePlainText } from "../core/notes/plain-text";
import type { ReviewSession, StudyMode, UndoneAction } from "../core/study/session";
import { RATINGS, type Rating } from "../core/types";
import { renderCounts } from "./count-labels";
import { REVIEW_VIEW_TYPE, type FlashcardsHost, type StudyScope } from "./host";
import { KeyListModal } from "./key-list";
import { doneLines, renderDone } from "./review-done";
import { StudyMoreModal } from "./study-more-modal";

/**
 * Anki's review screen inside Obsidian: the question (and, once revealed, the answer) rendered as
 * Markdown from the card's note, the remaining counts, and four grade buttons labelled with the interval
 * each would give. Every key goes through this view's Scope; the plugin registers no default hotkeys.
 */

const RATING_LABEL: Record<Rating, string> = { again: "Again", hard: "Hard", good: "Good", easy: "Easy" };
/** How often the view looks whether a learning card has come due (and whether the study day changed). */
const TICK_MS = 15_000;
/** A "Review these now" over more cards than this is not kept in the workspace layout. */
const MAX_SAVED_CARDS = 200;
/** What an undo says it took back. */
const UNDONE: Record<UndoneAction, string> = { grade: "Grade undone.", cram: "Answer undone.", skip: "Skip undone.", bury: "Bury undone." };

export class ReviewView extends ItemView implements HoverParent {
  /** Page preview's popover for a hovered link in the card (HoverParent). */
  hoverPopover: HoverPopover | null = null;
  private session: ReviewSession | null = null;
  private scopeOfSession: StudyScope = { kind: "all" };
  /** The notes of a "cards" scope, to tell fast whether a note is in it. */
  private notesOfChosen: ReadonlySet<string> = new Set();
  private modeOfSession: StudyMode | undefined = undefined;
  /** Settings object and study day the session's queue was built with; either changing rebuilds it. */
  private builtWith: { settings: unknown; day: string } | null = null;
  private pendingStart: number | null = null;
  /** An index change arrived while a grade was being written: rebuild once it is done. */
  private staleWhileBusy = false;

  private rootEl!: HTMLElement;
  private noteLinkEl!: HTMLElement;
  private modeEl!: HTMLElement;
  private countsEl!: HTMLElement;
  private bodyEl!: HTMLElement;
  private footerEl!: HTMLElement;
  private messageEl!: HTMLElement;
  private messageTimer: number | null = null;
  private toolButtons!: Record<"undo" | "skip" | "bury" | "edit" | "open" | "more" | "keys", HTMLButtonElement>;

  /** What the body shows now: a card (by id and text), the done state, or the loading state. */
  private shownSignature = "";
  /** What the header shows now (see updateHeader). */
  private headerDrawn = "";
  /** What the footer was last drawn for: its buttons (and the four interval previews) are drawn once per showing. */
  private footerDrawn: { ref: CardRef | null; state: CardRef["card"]["state"]; revealed: boolean; cram: boolean; signature: string | null } | null = null;
  private answerShown = false;
  /** The note object whose text the shown answer came from, and that answer's Markdown (null: the card was gone). */
  private answerNote: IndexedNote | null = null;
  private shownAnswer: string | null = null;
  private cardComponent: Component | null = null;
  private answerEl: HTMLElement | null = null;
  private doneEl: HTMLElement | null = null;

  constructor(
    leaf: WorkspaceLeaf,
    private readonly host: FlashcardsHost,
  ) {
    super(leaf);
    this.icon = "layers";
    this.scope = new Scope(this.app.scope);
    const key = (key: string, action: () => void, modifiers: ("Mod" | "Shift")[] = []): void => {
      this.scope?.register(modifiers, key, (evt) => {
        if (evt.repeat) return false;
        action();
        return false;
      });
    };
    // Space and Enter on a focused button or link inside the pane belong to that control.
    for (const name of [" ", "Enter"]) {
      this.scope.register([], name, (evt) => {
        if (this.isFocusedControl(evt.target)) return true;
        if (!evt.repeat) this.primaryAction();
        return false;
      });
    }
    RATINGS.forEach((rating, i) => key(String(i + 1), () => void this.grade(rating)));
    key("u", () => void this.undo());
    key("z", () => void this.undo(), ["Mod"]);
    key("s", () => this.skip());
    key("b", () => this.bury());
    key("e", () => this.editNote());
    key("o", () => this.openNote());
    // `?` is Shift+/ on most layouts; either way it is the key list.
    key("?", () => this.showKeys());
    key("?", () => this.showKeys(), ["Shift"]);
    registerCardKeys(this.scope, {
      session: () => this.session,
      afterAction: (session) => this.afterAction(session),
      update: () => this.update(),
      bury: () => this.bury(),
      openCardInfo: (ref) => this.host.openCardInfo(ref),
    });
  }

  getViewType(): string {
    return REVIEW_VIEW_TYPE;
  }

  getDisplayText(): string {
    return "Review";
  }

  /** Starts a new session over `scope` (custom study with `mode`); replaces whatever was being studied. */
  study(scope: StudyScope, mode?: StudyMode): void {
    this.cancelPendingStart();
    this.scopeOfSession = scope;
    this.notesOfChosen = new Set(scope.kind === "cards" ? scope.cards.map((card) => card.path) : []);
    this.modeOfSession = mode;
    this.session = this.host.createSession(scope, mode);
    this.say("");
    this.builtWith = this.buildStamp();
    this.staleWhileBusy = false;
    this.update();
    this.focusView();
    // The scope is part of the view's state: a restart restores what was being studied.
    void this.app.workspace.requestSaveLayout();
  }

  override getState(): Record<string, unknown> {
    // A long list of chosen cards is not written into the workspace layout (which syncs): after a
    // restart such a review starts over on everything due.
    const scope = this.scopeOfSession.kind === "cards" && this.scopeOfSession.cards.length > MAX_SAVED_CARDS ? { kind: "all" } : this.scopeOfSession;
    return { ...super.getState(), scope };
  }

  override async setState(state: unknown, result: ViewStateResult): Promise<void> {
    await super.setState(state, result);
    const scope = parseScope((state as { scope?: unknown } | null)?.scope);
    if (scope !== null) this.study(scope);
    else if (this.session === null) this.scheduleStart();
  }

  override async onOpen(): Promise<void> {
    this.contentEl.empty();
    this.contentEl.addClass("hf-review-container");
    this.contentEl.setAttr("tabindex", "0");
    this.rootEl = this.contentEl.createDiv("hf-review");

    const top = this.rootEl.createDiv("hf-review-top");
    this.noteLinkEl = top.createEl("a", { cls: "hf-review-note", href: "#" });
    this.noteLinkEl.addEventListener("click", (evt) => {
      evt.preventDefault();
      this.openNote(evt);
    });
    this.modeEl = top.createSpan("hf-review-mode");
    this.countsEl = renderCounts(top, { new: 0, learning: 0, due: 0 });
    this.headerDrawn = "";
    this.footerDrawn = null;

    this.bodyEl = this.rootEl.createDiv("hf-review-body");
    // Skip, bury and undo say what they did here, where the eyes are (and to screen readers).
    this.messageEl = this.rootEl.createDiv({ cls: "hf-review-message-line", attr: { role: "status", "aria-live": "polite" } });
    this.footerEl = this.rootEl.createDiv("hf-review-footer");
    const tools = this.rootEl.createDiv("hf-review-tools");
    const tool = (icon: string, label: string, action: () => void): HTMLButtonElement => {
      const button = tools.createEl("button", { cls: "clickable-icon hf-tool", attr: { "aria-label": label, type: "button" } });
      setIcon(button, icon);
      button.addEventListener("click", () => {
        action();
        this.focusView();
      });
      return button;
    };
    this.toolButtons = {
      undo: tool("undo-2", "Undo (U)", () => void this.undo()),
      skip: tool("skip-forward", "Skip for this session (S)", () => this.skip()),
      bury: tool("calendar-clock", "Bury until tomorrow (B)", () => this.bury()),
      edit: tool("pencil", "Edit card beside the review (E)", () => this.editNote()),
      open: tool("file-text", "Open note (O)", () => this.openNote()),
      more: tool("circle-plus", "Study more", () => this.studyMore()),
      keys: tool("keyboard", "Keys (?)", () => this.showKeys()),
    };

    // Links and tags in the rendered card work as in a note; the card's note is the source of a link.
    this.registerDomEvent(this.bodyEl, "click", (evt: MouseEvent) => this.onBodyClick(evt), { capture: true });
    this.registerDomEvent(this.bodyEl, "auxclick", (evt: MouseEvent) => {
      if (evt.button === 1) this.onBodyClick(evt);
    });
    this.registerDomEvent(this.bodyEl, "mouseover", (evt: MouseEvent) => this.onBodyHover(evt));
    this.register(this.host.onIndexChange(() => this.onIndexChange()));
    this.registerEvent(this.app.workspace.on("layout-change", () => this.updateLayoutClass()));
    this.registerInterval(window.setInterval(() => this.onTick(), TICK_MS));
    this.updateLayoutClass();
    this.update();
    this.focusView();
  }

  override async onClose(): Promise<void> {
    this.cancelPendingStart();
    if (this.messageTimer !== null) window.clearTimeout(this.messageTimer);
    this.dropCardComponent();
    this.session = null;
  }

  override onResize(): void {
    this.updateLayoutClass();
  }

  // ---- actions ---------------------------------------------------------------------------------------

  /** Space and Enter: show the answer, or grade Good once it is shown. */
  private primaryAction(): void {
    const session = this.session;
    if (session === null || session.busy || session.card === null) return;
    if (!session.revealed) this.reveal();
    else void this.grade("good");
  }

  private reveal(): void {
    const session = this.session;
    if (session === null || session.busy) return;
    session.reveal();
    this.update();
  }

  private async grade(rating: Rating): Promise<void> {
    const session = this.session;
    if (session === null || session.busy || session.card === null || !session.revealed) return;
    const pending = session.grade(rating);
    this.update();
    const result = await pending;
    if (!result.ok) new Notice(`Review not saved: ${result.reason}`);
    this.afterAction(session);
  }

  private async undo(): Promise<void> {
    const session = this.session;
    if (session === null || session.busy) return;
    if (!session.canUndo) {
      new Notice("Nothing to undo in this session.");
      return;
    }
    const pending = session.undo();
    this.update();
    const result = await pending;
    if (!result.ok) new Notice(result.reason);
    else this.say(UNDONE[result.undone]);
    this.afterAction(session);
  }

  private skip(): void {
    const session = this.session;
    if (session === null || session.busy || session.card === null) return;
    session.skip();
    this.say("Skipped for this session. U undoes it.");
    this.update();
  }

  private bury(): void {
    const session = this.session;
    if (session === null || session.busy || session.card === null) return;
    session.bury();
    this.say("Buried until tomorrow. U undoes it.");
    this.update();
  }

  /** A short message under the card that fades after a few seconds. */
  private say(message: string): void {
    if (this.messageEl === undefined) return;
    if (this.messageTimer !== null) window.clearTimeout(this.messageTimer);
    this.messageTimer = null;
    this.messageEl.setText(message);
    this.messageEl.toggleClass("is-shown", message !== "");
    if (message === "") return;
    this.messageTimer = window.setTimeout(() => {
      this.messageTimer = null;
      this.messageEl.removeClass("is-shown");
      this.messageEl.setText("");
    }, 4000);
  }

  private showKeys(): void {
    new KeyListModal(this.app).open();
  }

  /** Custom study over what this pane studies: extra new cards, review ahead, cram. */
  private studyMore(): void {
    const session = this.session;
    if (session === null) return;
    const scope = this.scopeOfSession;
    const progress = this.host.progress();
    const forgotten = new Set(progress.forgotten ?? []);
    let forgottenToday = 0;
    for (const note of this.host.index.allNotes()) {
      if (!this.inScope(note)) continue;
      for (const card of note.cards) if (forgotten.has(cardId(note.path, card.key))) forgottenToday++;
    }
    new StudyMoreModal(this.app, {
      scopeName: this.scopeName(),
      newWaiting: session.heldBack().new,
      forgottenToday,
      addNewToday: (count) => {
        this.host.addNewToday(count);
        this.study(scope);
      },
      study: (mode) => this.study(scope, mode),
    }).open();
  }

  private scopeName(): string {
    const scope = this.scopeOfSession;
    if (scope.kind === "deck") return deckLabel(scope.deck);
    if (scope.kind === "note") return scope.path.replace(/^.*\//, "").replace(/\.md$/i, "");
    if (scope.kind === "cards") return scope.cards.length === 1 ? "1 chosen card" : `${scope.cards.length} chosen cards`;
    return "All decks";
  }

  /**
   * E: the card's note beside the review, at its heading, in editing mode. Edits flow back through the
   * index: the card shows its new text, and a reworded question is followed (session.rebuild).
   */
  private editNote(): void {
    const ref = this.session?.card;
    if (!ref) return;
    const file = this.app.vault.getFileByPath(ref.note.path);
    if (file === null) return;
    const line = ref.card.line - 1;
    const leaf = this.inSidebar() ? this.app.workspace.getLeaf(false) : this.app.workspace.getLeaf("split", "vertical");
    void leaf.openFile(file, { active: true, state: { mode: "source", source: false }, eState: { line, cursor: { from: { line, ch: 0 }, to: { line, ch: 0 } } } });
  }

  /** Opens the card's note at its heading, beside the review (a new tab, or the main area from the sidebar). */
  private openNote(evt?: MouseEvent): void {
    const ref = this.session?.card;
    if (!ref) return;
    const file = this.app.vault.getFileByPath(ref.note.path);
    if (file === null) return;
    // The TFile itself, not a link text: file names may hold #, ^ or |, which a link text can't. A heading
    // subpath scrolls to the heading; a heading that can't be a subpath is opened at its line.
    const { card } = ref;
    const eState = /[#|^[\]]/.test(card.question) ? { line: card.line - 1 } : { subpath: `#${card.question}` };
    void this.app.workspace.getLeaf(this.paneFor(evt)).openFile(file, { active: true, eState });
  }

  /** Where a link opens: as Obsidian reads the modifiers (middle-click, Mod: tab; Mod+Alt: split); else beside the review, never in its place. */
  private paneFor(evt?: MouseEvent): PaneType | boolean {
    return Keymap.isModEvent(evt) || (this.inSidebar() ? false : "tab");
  }

  private onBodyClick(evt: MouseEvent): void {
    const target = evt.target instanceof HTMLElement ? evt.target : null;
    const source = this.session?.card?.note.path;
    if (target === null || source === undefined) return;
    const tag = target.closest("a.tag");
    if (tag !== null) {
      evt.preventDefault();
      evt.stopPropagation();
      openTagSearch(this.app, tag.getAttr("href") ?? tag.getText());
      return;
    }
    const link = target.closest("a.internal-link");
    if (link === null) return;
    evt.preventDefault();
    evt.stopPropagation();
    const linktext = link.getAttr("data-href") ?? link.getAttr("href");
    if (linktext) void this.app.workspace.openLinkText(linktext, source, this.paneFor(evt));
  }

  /** Hovering an internal link asks Obsidian's Page preview for the linked note. */
  private onBodyHover(evt: MouseEvent): void {
    const link = evt.target instanceof HTMLElement ? evt.target.closest("a.internal-link") : null;
    const sourcePath = this.session?.card?.note.path;
    const linktext = link?.getAttr("data-href") ?? link?.getAttr("href");
    if (!link || !linktext || sourcePath === undefined) return;
    this.app.workspace.trigger("hover-link", { event: evt, source: REVIEW_VIEW_TYPE, hoverParent: this, targetEl: link, linktext, sourcePath });
  }

  /** A button, link or field inside the pane that has the keyboard focus. */
  private isFocusedControl(target: EventTarget | null): boolean {
    return target instanceof HTMLElement && target !== this.contentEl && this.contentEl.contains(target) && target.matches("button, a[href], input, select, textarea, [role=button]");
  }

  private afterAction(session: ReviewSession): void {
    if (this.session !== session) return;
    if (this.staleWhileBusy) {
      this.staleWhileBusy = false;
      session.rebuild();
    }
    this.update();
    this.focusView();
  }

  // ---- keeping up with the index and the clock -------------------------------------------------------

  private onIndexChange(): void {
    const session = this.session;
    if (session === null) return;
    if (session.busy) {
      this.staleWhileBusy = true;
      return;
    }
    if (this.needsRebuild()) {
      this.builtWith = this.buildStamp();
      session.rebuild();
    } else {
      session.refreshIfStale();
    }
    this.update();
  }

  private onTick(): void {
    const session = this.session;
    if (session === null || session.busy) return;
    if (this.needsRebuild()) {
      this.builtWith = this.buildStamp();
      session.rebuild();
    } else {
      session.tick();
    }
    this.update();
  }

  /** Settings changed (limits, steps) or a new study day began: the queue must be built again. */
  private needsRebuild(): boolean {
    const stamp = this.buildStamp();
    return this.builtWith === null || stamp.settings !== this.builtWith.settings || stamp.day !== this.builtWith.day;
  }

  private buildStamp(): { settings: unknown; day: string } {
    return { settings: this.host.settings, day: dayKey(this.host.clock(), this.host.settings.dayStartHour) };
  }

  private scheduleStart(): void {
    this.cancelPendingStart();
    // A restored leaf has no scope: study everything, unless study() is called right after opening.
    this.pendingStart = window.setTimeout(() => {
      this.pendingStart = null;
      if (this.session === null) this.study({ kind: "all" });
    }, 0);
  }

  private cancelPendingStart(): void {
    if (this.pendingStart !== null) window.clearTimeout(this.pendingStart);
    this.pendingStart = null;
  }

  // ---- rendering -------------------------------------------------------------------------------------

  /** Brings the screen in line with the session; Markdown is rendered only when the card itself changed. */
  private update(): void {
    if (this.rootEl === undefined) return;
    const session = this.session;
    const ref = session?.card ?? null;
    this.rootEl.toggleClass("is-busy", session?.busy ?? false);

    const signature = session === null || !this.host.indexReady ? "loading" : ref === null ? "done" : this.cardSignature(ref);
    // The same card shown again (a learning step within the learn-ahead) is a new showing: question only.
    const shownAgain = ref !== null && this.answerShown && session?.revealed === false;
    if (signature !== this.shownSignature || shownAgain) {
      this.shownSignature = signature;
      this.dropCardComponent();
      this.bodyEl.empty();
      this.answerShown = false;
      this.doneEl = null;
      if (signature === "loading") this.renderLoading();
      else if (ref === null) this.doneEl = this.bodyEl.createDiv("hf-done-screen");
      else this.renderQuestion(ref);
    }
    if (ref !== null && session?.revealed && !this.answerShown) this.renderAnswer(ref);
    else if (ref !== null && this.answerShown && ref.note !== this.answerNote) this.refreshAnswer(ref);
    if (ref === null && this.doneEl !== null && session !== null) this.renderDoneScreen(session);

    this.updateHeader(session, ref);
    this.updateFooter(session, ref);
    this.updateTools(session, ref);
  }

  private cardSignature(ref: CardRef): string {
    const { card } = ref;
    const context = this.host.settings.showContext ? card.context.join("\u0000") : "";
    return [cardId(ref.note.path, card.key), card.question, context].join("\u0001");
  }

  private renderLoading(): void {
    this.bodyEl.createDiv({ cls: "hf-review-message", text: "Loading cards…" });
  }

  private renderQuestion(ref: CardRef): void {
    const { note, card } = ref;
    this.cardComponent = this.addChild(new Component());
    const front = this.bodyEl.createDiv("hf-card");
    const crumbs = this.host.settings.showContext ? breadcrumb(card.context, noteName(note.path)) : [];
    if (crumbs.length > 0) {
      const text = crumbs.join(" › ");
      const el = front.createDiv({ cls: "hf-context", attr: { "aria-label": `Context: ${text}`, "data-tooltip-position": "top" } });
      crumbs.forEach((part, index) => {
        if (index > 0) el.createSpan({ cls: "hf-context-separator", text: " › " });
        el.createSpan({ cls: "hf-context-part", text: part });
      });
    }
    const question = front.createDiv("hf-question markdown-rendered");
    this.renderMarkdown(card.question, question, note, this.cardComponent);
    if (card.tags !== undefined && card.tags.length > 0) {
      const tags = front.createDiv({ cls: "hf-card-tags", attr: { "aria-label": "Tags" } });
      for (const tag of card.tags) tags.createEl("a", { cls: "tag", text: `#${tag}`, href: `#${tag}` });
    }
    this.answerEl = front.createDiv("hf-answer-area");
  }

  /**
   * Shows the answer, read from the note's text as Obsidian caches it (the index keeps no answers). The
   * read takes a moment: if another card is shown by then, this one's answer is dropped.
   */
  private renderAnswer(ref: CardRef): void {
    if (this.answerEl === null || this.cardComponent === null) return;
    this.answerShown = true;
    this.answerNote = ref.note;
    this.answerEl.createEl("hr", "hf-answer-separator");
    const answer = this.answerEl.createDiv("hf-answer markdown-rendered");
    const component = this.cardComponent;
    void this.readAnswer(ref).then((markdown) => {
      if (this.cardComponent !== component) return;
      this.shownAnswer = markdown;
      if (markdown === null) answer.createDiv({ cls: "hf-review-message", text: "This card is no longer in its note." });
      else this.renderMarkdown(markdown, answer, ref.note, component);
    });
  }

  /** The note was read again while its card's answer is shown: the answer is drawn again if it changed. */
  private refreshAnswer(ref: CardRef): void {
    this.answerNote = ref.note;
    const component = this.cardComponent;
    void this.readAnswer(ref).then((markdown) => {
      if (this.cardComponent !== component || component === null || markdown === this.shownAnswer) return;
      this.answerEl?.empty();
      this.answerShown = false;
      this.renderAnswer(ref);
    });
  }

  /** The card's answer as the review shows it (footnotes added), from the note's current text; null when the card is gone from it. */
  private async readAnswer(ref: CardRef): Promise<string | null> {
    const file = this.app.vault.getFileByPath(ref.note.path);
    if (file === null) return null;
    try {
      return shownAnswer(await this.app.vault.cachedRead(file), ref.card, this.host.index.parseOptions);
    } catch (error) {
      console.error("Heading Flashcards: could not read a card's note", error);
      return null;
    }
  }

  private renderMarkdown(markdown: string, el: HTMLElement, note: IndexedNote, component: Component): void {
    MarkdownRenderer.render(this.app, markdown, el, note.path, component).catch((error: unknown) => {
      console.error("Heading Flashcards: could not render a card", error);
      el.setText(markdown);
    });
  }

  private renderDoneScreen(session: ReviewSession): void {
    if (this.doneEl === null) return;
    const settings = this.host.settings;
    const lines = doneLines({
      session,
      index: this.host.index,
      now: this.host.clock(),
      settings,
      progress: this.host.progress(),
      inScope: (note) => this.inScope(note),
      scopeIsAll: this.scopeOfSession.kind === "all",
    });
    renderDone(
      this.doneEl,
      lines,
      {
        studyLearningNow: () => {
          session.studyNextLearningNow();
          this.update();
          this.focusView();
        },
        studyAll: () => this.study({ kind: "all" }),
        studyMore: () => this.studyMore(),
      },
      this.host.index.noteCount > 0,
    );
  }

  private inScope(note: IndexedNote): boolean {
    const scope = this.scopeOfSession;
    if (scope.kind === "deck") return inDeck(note, scope.deck);
    if (scope.kind === "note" || scope.kind === "card") return note.path === scope.path;
    if (scope.kind === "cards") return this.notesOfChosen.has(note.path);
    return true;
  }

  private updateHeader(session: ReviewSession | null, ref: CardRef | null): void {
    const counts = session?.counts() ?? { new: 0, learning: 0, due: 0 };
    const held = session?.heldBack();
    const current = ref === null ? null : session?.isCram ? "due" : classify(ref.card.state, this.host.clock(), this.host.settings.dayStartHour);
    const mode = session?.mode ?? { kind: "normal" };
    // A review step calls for an update several times (grading, written, the index told); the header is
    // drawn again only when something it shows changed.
    const drawn = JSON.stringify([ref?.note.path ?? null, counts, held ?? null, current, mode]);
    if (drawn === this.headerDrawn) return;
    this.headerDrawn = drawn;
    this.noteLinkEl.toggle(ref !== null);
    if (ref !== null) {
      const name = ref.note.path.replace(/^.*\//, "").replace(/\.md$/i, "");
      this.noteLinkEl.setText(name);
      this.noteLinkEl.setAttr("aria-label", `Open ${ref.note.path}`);
      this.noteLinkEl.setAttr("data-path", ref.note.path);
    }
    renderCounts(this.rootEl, counts, held, this.countsEl);
    for (const kind of ["new", "learning", "due"] as const) this.countsEl.querySelector(`.hf-count-${kind}`)?.toggleClass("is-current", current === kind);
    const modeText = mode.kind === "cram" ? "Cram: no schedule changes" : mode.kind === "ahead" ? `Reviewing ${mode.days === 1 ? "1 day" : `${mode.days} days`} ahead` : "";
    this.modeEl.setText(modeText);
    this.modeEl.toggle(modeText !== "");
  }

  private updateFooter(session: ReviewSession | null, ref: CardRef | null): void {
    const busy = session?.busy ?? false;
    // A review step calls for an update several times (grading, written, the index told): the buttons
    // are drawn again only for another card, another state of it, or the other side; otherwise only
    // whether they can be pressed changes.
    const drawn = this.footerDrawn;
    const revealed = session?.revealed ?? false;
    const cram = session?.isCram ?? false;
    if (session !== null && drawn !== null && drawn.ref === ref && drawn.state === ref?.card.state && drawn.revealed === revealed && drawn.cram === cram && drawn.signature === this.shownSignature) {
      for (const button of Array.from(this.footerEl.querySelectorAll("button"))) button.disabled = busy;
      return;
    }
    this.footerDrawn = session === null ? null : { ref, state: ref?.card.state ?? null, revealed, cram, signature: this.shownSignature };
    this.footerEl.empty();
    if (session === null || ref === null) return;
    if (!session.revealed) {
      const show = this.footerEl.createEl("button", { cls: "mod-cta hf-show-answer", attr: { type: "button", "aria-label": "Show answer (space)" } });
      show.createSpan({ text: "Show answer" });
      show.createEl("kbd", { cls: "hf-key", text: "Space" });
      show.disabled = busy;
      show.addEventListener("click", () => {
        this.reveal();
        this.focusView();
      });
      return;
    }
    // A cram changes no schedule: its buttons show no interval.
    const previews = session.isCram ? null : session.previews();
    const grid = this.footerEl.createDiv("hf-grade-buttons");
    RATINGS.forEach((rating, i) => {
      const label = previews?.[rating].label ?? "";
      const button = grid.createEl("button", {
        cls: `hf-grade hf-grade-${rating}`,
        attr: { type: "button", "data-rating": rating, "aria-label": label === "" ? `${RATING_LABEL[rating]} (${i + 1})` : `${RATING_LABEL[rating]}: ${label} (${i + 1})` },
      });
      button.createSpan({ cls: "hf-grade-interval", text: label });
      button.createSpan({ cls: "hf-grade-label", text: RATING_LABEL[rating] });
      button.createEl("kbd", { cls: "hf-key", text: String(i + 1) });
      button.disabled = busy;
      button.addEventListener("click", () => void this.grade(rating));
    });
  }

  private updateTools(session: ReviewSession | null, ref: CardRef | null): void {
    const busy = session?.busy ?? true;
    this.toolButtons.undo.disabled = busy || !session?.canUndo;
    this.toolButtons.skip.disabled = busy || ref === null;
    this.toolButtons.bury.disabled = busy || ref === null;
    this.toolButtons.edit.disabled = ref === null;
    this.toolButtons.open.disabled = ref === null;
    this.toolButtons.more.disabled = session === null;
  }

  private updateLayoutClass(): void {
    this.rootEl?.toggleClass("is-compact", this.inSidebar());
  }

  private inSidebar(): boolean {
    const root = this.leaf.getRoot();
    const { leftSplit, rightSplit } = this.app.workspace;
    return root === (rightSplit as unknown) || root === (leftSplit as unknown);
  }

  private focusView(): void {
    if (this.app.workspace.getActiveViewOfType(ReviewView) === this) this.contentEl.focus({ preventScroll: true });
  }

  private dropCardComponent(): void {
    if (this.cardComponent !== null) this.removeChild(this.cardComponent);
    this.cardComponent = null;
    this.answerEl = null;
  }
}

/**
 * Opens Obsidian's search for a tag, as clicking a tag in a note does. The core Search plugin has no
 * public API; this is how plugins reach it (e.g. pjeby/tag-wrangler, src/plugin.js). Nothing happens if
 * it is off.
 */
function openTagSearch(app: App, tag: string): void {
  const internal = (app as unknown as { internalPlugins?: { getPluginById(id: string): { enabled?: boolean; instance?: { openGlobalSearch?(query: string): void } } | null } }).internalPlugins;
  const search = internal?.getPluginById("global-search");
  if (search?.enabled === false) return;
  search?.instance?.openGlobalSearch?.(`tag:${tag.startsWith("#") ? tag : `#${tag}`}`);
}

function parseScope(value: unknown): StudyScope | null {
  if (typeof value !== "object" || value === null) return null;
  const scope = value as Record<string, unknown>;
  if (scope.kind === "all") return { kind: "all" };
  if (scope.kind === "deck" && typeof scope.deck === "string") return { kind: "deck", deck: scope.deck };
  if (scope.kind === "note" && typeof scope.path === "string") return { kind: "note", path: scope.path };
  if (scope.kind === "card" && typeof scope.path === "string" && typeof scope.key === "string") return { kind: "card", path: scope.path, key: scope.key };
  if (scope.kind === "cards" && Array.isArray(scope.cards)) {
    const cards = (scope.cards as unknown[]).filter((card): card is { path: string; key: string } => typeof card === "object" && card !== null && typeof (card as { path?: unknown }).path === "string" && typeof (card as { key?: unknown }).key === "string");
    return { kind: "cards", cards: cards.map(({ path, key }) => ({ path, key })) };
  }
  return null;
}

function noteName(path: string): string {
  return path.replace(/^.*\//, "").replace(/\.md$/i, "");
}

/**
 * The headings above a card as plain text, without what the pane already shows: the note's name (a
 * first heading that repeats it) and the question itself.
 */
export function breadcrumb(context: readonly string[], name: string): string[] {
  const parts = context.map(inlinePlainText).filter((part) => part !== "");
  if (parts.length > 0 && parts[0].toLowerCase() === name.toLowerCase()) parts.shift();
  return parts;
}
