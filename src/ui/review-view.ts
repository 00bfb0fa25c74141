import { Component, ItemView, Keymap, MarkdownRenderer, Notice, Scope, setIcon, type ViewStateResult, type WorkspaceLeaf } from "obsidian";
import { cardId, inDeck, type CardRef, type IndexedNote } from "../core/study/card-index";
import { classify, dayKey, dayStart, nextDayStart } from "../core/scheduling/day";
import type { ReviewSession } from "../core/study/session";
import { RATINGS, type Rating } from "../core/types";
import { REVIEW_VIEW_TYPE, type FlashcardsHost, type StudyScope } from "./host";

/**
 * Anki's review screen inside Obsidian: the question (and, once revealed, the answer) rendered as
 * Markdown from the card's note, the remaining counts, and four grade buttons labelled with the interval
 * each would give. Every key goes through this view's Scope; the plugin registers no default hotkeys.
 */

const RATING_LABEL: Record<Rating, string> = { again: "Again", hard: "Hard", good: "Good", easy: "Easy" };
/** How often the view looks whether a learning card has come due (and whether the study day changed). */
const TICK_MS = 15_000;
const MINUTE_MS = 60_000;

export class ReviewView extends ItemView {
  private session: ReviewSession | null = null;
  private scopeOfSession: StudyScope = { kind: "all" };
  /** Settings object and study day the session's queue was built with; either changing rebuilds it. */
  private builtWith: { settings: unknown; day: string } | null = null;
  private pendingStart: number | null = null;
  /** An index change arrived while a grade was being written: rebuild once it is done. */
  private staleWhileBusy = false;

  private rootEl!: HTMLElement;
  private noteLinkEl!: HTMLElement;
  private countEls!: Record<"new" | "learning" | "due", HTMLElement>;
  private bodyEl!: HTMLElement;
  private footerEl!: HTMLElement;
  private toolButtons!: Record<"undo" | "skip" | "bury" | "open", HTMLButtonElement>;

  /** What the body shows now: a card (by id and text), the done state, or the loading state. */
  private shownSignature = "";
  private answerShown = false;
  private cardComponent: Component | null = null;
  private answerEl: HTMLElement | null = null;
  private doneDetailEl: HTMLElement | null = null;

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
    key(" ", () => this.primaryAction());
    key("Enter", () => this.primaryAction());
    RATINGS.forEach((rating, i) => key(String(i + 1), () => void this.grade(rating)));
    key("u", () => void this.undo());
    key("z", () => void this.undo(), ["Mod"]);
    key("s", () => this.skip());
    key("b", () => this.bury());
    key("o", () => this.openNote());
  }

  getViewType(): string {
    return REVIEW_VIEW_TYPE;
  }

  getDisplayText(): string {
    return "Review";
  }

  /** Starts a new session over `scope`; replaces whatever was being studied. */
  study(scope: StudyScope): void {
    this.cancelPendingStart();
    this.scopeOfSession = scope;
    this.session = this.host.createSession(scope);
    this.builtWith = this.buildStamp();
    this.staleWhileBusy = false;
    this.update();
    this.focusView();
  }

  override getState(): Record<string, unknown> {
    return { ...super.getState(), scope: this.scopeOfSession };
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
    const counts = top.createDiv({ cls: "hf-counts", attr: { "aria-label": "Remaining: new, learning, due" } });
    const count = (kind: "new" | "learning" | "due", label: string): HTMLElement => {
      if (counts.childElementCount > 0) counts.createSpan({ cls: "hf-count-separator", text: " · " });
      return counts.createSpan({ cls: `hf-count hf-count-${kind}`, attr: { "aria-label": label } });
    };
    this.countEls = { new: count("new", "New"), learning: count("learning", "Learning"), due: count("due", "Due") };

    this.bodyEl = this.rootEl.createDiv("hf-review-body");
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
      open: tool("file-text", "Open note (O)", () => this.openNote()),
    };

    // Internal links in the rendered card open their target; the note is the source of the link.
    this.registerDomEvent(this.bodyEl, "click", (evt: MouseEvent) => this.onBodyClick(evt), { capture: true });
    this.register(this.host.onIndexChange(() => this.onIndexChange()));
    this.registerEvent(this.app.workspace.on("layout-change", () => this.updateLayoutClass()));
    this.registerInterval(window.setInterval(() => this.onTick(), TICK_MS));
    this.updateLayoutClass();
    this.update();
    this.focusView();
  }

  override async onClose(): Promise<void> {
    this.cancelPendingStart();
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
    this.afterAction(session);
  }

  private skip(): void {
    const session = this.session;
    if (session === null || session.busy || session.card === null) return;
    session.skip();
    this.update();
  }

  private bury(): void {
    const session = this.session;
    if (session === null || session.busy || session.card === null) return;
    session.bury();
    this.update();
  }

  /** Opens the card's note at its heading, beside the review (a new tab, or the main area from the sidebar). */
  private openNote(evt?: MouseEvent): void {
    const ref = this.session?.card;
    if (!ref) return;
    const { note, card } = ref;
    // Beside the review: a new tab from the main area; from a sidebar, the main area's current tab.
    const newLeaf = (evt && Keymap.isModEvent(evt)) || (this.inSidebar() ? false : "tab");
    // A heading link scrolls to the heading; characters that end a link's subpath can't be in one.
    if (!/[#|^[\]]/.test(card.question)) {
      void this.app.workspace.openLinkText(`${note.path}#${card.question}`, note.path, newLeaf);
      return;
    }
    const file = this.app.vault.getFileByPath(note.path);
    if (file === null) return;
    void this.app.workspace.getLeaf(newLeaf).openFile(file, { active: true, eState: { line: card.line - 1 } });
  }

  private onBodyClick(evt: MouseEvent): void {
    const link = (evt.target as HTMLElement | null)?.closest?.("a.internal-link");
    const source = this.session?.card?.note.path;
    if (!link || source === undefined) return;
    evt.preventDefault();
    evt.stopPropagation();
    const target = link.getAttr("data-href") ?? link.getAttr("href");
    if (target) void this.app.workspace.openLinkText(target, source, Keymap.isModEvent(evt));
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
      this.doneDetailEl = null;
      if (signature === "loading") this.renderLoading();
      else if (ref === null) this.renderDone();
      else this.renderQuestion(ref);
    }
    if (ref !== null && session?.revealed && !this.answerShown) this.renderAnswer(ref);
    if (ref === null && this.doneDetailEl !== null && session !== null) this.renderDoneDetail(session);

    this.updateHeader(session, ref);
    this.updateFooter(session, ref);
    this.updateTools(session, ref);
  }

  private cardSignature(ref: CardRef): string {
    const { card } = ref;
    const context = this.host.settings.showContext ? card.context.join("\u0000") : "";
    return [cardId(ref.note.path, card.key), card.question, card.answer, context].join("\u0001");
  }

  private renderLoading(): void {
    this.bodyEl.createDiv({ cls: "hf-review-message", text: "Loading cards…" });
  }

  private renderQuestion(ref: CardRef): void {
    const { note, card } = ref;
    this.cardComponent = this.addChild(new Component());
    const front = this.bodyEl.createDiv("hf-card");
    if (this.host.settings.showContext && card.context.length > 0) {
      const crumbs = front.createDiv({ cls: "hf-context", attr: { "aria-label": "Context" } });
      for (const part of [...card.context, card.question]) {
        if (crumbs.childElementCount > 0) crumbs.createSpan({ cls: "hf-context-separator", text: " › " });
        crumbs.createSpan({ cls: "hf-context-part", text: part });
      }
    }
    const question = front.createDiv("hf-question markdown-rendered");
    this.renderMarkdown(card.question, question, note, this.cardComponent);
    this.answerEl = front.createDiv("hf-answer-area");
  }

  private renderAnswer(ref: CardRef): void {
    if (this.answerEl === null || this.cardComponent === null) return;
    this.answerShown = true;
    this.answerEl.createEl("hr", "hf-answer-separator");
    const answer = this.answerEl.createDiv("hf-answer markdown-rendered");
    this.renderMarkdown(ref.card.answer, answer, ref.note, this.cardComponent);
  }

  private renderMarkdown(markdown: string, el: HTMLElement, note: IndexedNote, component: Component): void {
    MarkdownRenderer.render(this.app, markdown, el, note.path, component).catch((error: unknown) => {
      console.error("Heading Flashcards: could not render a card", error);
      el.setText(markdown);
    });
  }

  private renderDone(): void {
    const done = this.bodyEl.createDiv("hf-done");
    const icon = done.createDiv("hf-done-icon");
    setIcon(icon, "check-circle-2");
    done.createDiv({ cls: "hf-done-title", text: "All done for now" });
    this.doneDetailEl = done.createDiv("hf-done-detail");
  }

  private renderDoneDetail(session: ReviewSession): void {
    const el = this.doneDetailEl;
    if (el === null) return;
    el.empty();
    for (const line of this.doneLines(session)) el.createDiv({ cls: "hf-done-line", text: line });
  }

  /** What the done screen says: when the next card comes, and why cards are held back. */
  private doneLines(session: ReviewSession): string[] {
    const now = this.host.clock();
    const settings = this.host.settings;
    const notes = [...this.host.index.allNotes()].filter((note) => this.inScope(note));
    const cardCount = notes.reduce((sum, note) => sum + note.cards.length, 0);
    if (cardCount === 0) {
      return this.scopeOfSession.kind === "all"
        ? [`No cards yet. Tag a note #${settings.tag}: each level-3 heading in it becomes a card.`]
        : ["There are no cards here."];
    }
    const lines: string[] = [];
    // A learning step later today: say how long until it comes. Anything later is a review on a later day.
    const next = session.nextDueAt();
    const endOfDay = nextDayStart(now, settings.dayStartHour).getTime();
    const learningLater = next !== null && next.getTime() > now.getTime() && next.getTime() < endOfDay;
    if (learningLater) lines.push(`Next card in ${describeWait(next.getTime() - now.getTime())}.`);

    const progress = this.host.progress();
    const today = dayKey(now, settings.dayStartHour);
    const newDone = progress.day === today ? progress.newDone : 0;
    const reviewsDone = progress.day === today ? progress.reviewsDone : 0;
    let newWaiting = 0;
    let reviewsWaiting = 0;
    let nextReview: number | null = null;
    for (const note of notes) {
      for (const card of note.cards) {
        const kind = classify(card.state, now, settings.dayStartHour);
        if (kind === "new") newWaiting++;
        else if (kind === "due") reviewsWaiting++;
        else if (kind === "later" && card.state !== null) {
          const due = Date.parse(card.state.due);
          if (due >= endOfDay && (nextReview === null || due < nextReview)) nextReview = due;
        }
      }
    }
    if (newWaiting > 0 && newDone >= settings.newPerDay) lines.push(`Today's limit of ${settings.newPerDay} new cards is reached.`);
    if (reviewsWaiting > 0 && reviewsDone >= settings.reviewsPerDay) lines.push(`Today's limit of ${settings.reviewsPerDay} reviews is reached.`);
    if (!learningLater && nextReview !== null) lines.push(describeNextReview(nextReview, now, settings.dayStartHour));
    if (lines.length === 0 && (newWaiting > 0 || reviewsWaiting > 0)) lines.push("The remaining cards were skipped or buried.");
    return lines;
  }

  private inScope(note: IndexedNote): boolean {
    const scope = this.scopeOfSession;
    if (scope.kind === "deck") return inDeck(note, scope.deck);
    if (scope.kind === "note" || scope.kind === "card") return note.path === scope.path;
    return true;
  }

  private updateHeader(session: ReviewSession | null, ref: CardRef | null): void {
    this.noteLinkEl.toggle(ref !== null);
    if (ref !== null) {
      const name = ref.note.path.replace(/^.*\//, "").replace(/\.md$/i, "");
      this.noteLinkEl.setText(name);
      this.noteLinkEl.setAttr("aria-label", `Open ${ref.note.path}`);
      this.noteLinkEl.setAttr("data-path", ref.note.path);
    }
    const counts = session?.counts() ?? { new: 0, learning: 0, due: 0 };
    const current = ref === null ? null : classify(ref.card.state, this.host.clock(), this.host.settings.dayStartHour);
    for (const kind of ["new", "learning", "due"] as const) {
      this.countEls[kind].setText(String(counts[kind]));
      this.countEls[kind].toggleClass("is-current", current === kind);
    }
  }

  private updateFooter(session: ReviewSession | null, ref: CardRef | null): void {
    this.footerEl.empty();
    if (session === null || ref === null) return;
    const busy = session.busy;
    if (!session.revealed) {
      const show = this.footerEl.createEl("button", { cls: "mod-cta hf-show-answer", attr: { type: "button", "aria-label": "Show answer (space)" } });
      show.createSpan({ text: "Show answer" });
      show.disabled = busy;
      show.addEventListener("click", () => {
        this.reveal();
        this.focusView();
      });
      return;
    }
    const previews = session.previews();
    const grid = this.footerEl.createDiv("hf-grade-buttons");
    RATINGS.forEach((rating, i) => {
      const label = previews?.[rating].label ?? "";
      const button = grid.createEl("button", {
        cls: `hf-grade hf-grade-${rating}`,
        attr: { type: "button", "data-rating": rating, "aria-label": `${RATING_LABEL[rating]}: ${label} (${i + 1})` },
      });
      button.createSpan({ cls: "hf-grade-interval", text: label });
      button.createSpan({ cls: "hf-grade-label", text: RATING_LABEL[rating] });
      button.disabled = busy;
      button.addEventListener("click", () => void this.grade(rating));
    });
  }

  private updateTools(session: ReviewSession | null, ref: CardRef | null): void {
    const busy = session?.busy ?? true;
    this.toolButtons.undo.disabled = busy || !session?.canUndo;
    this.toolButtons.skip.disabled = busy || ref === null;
    this.toolButtons.bury.disabled = busy || ref === null;
    this.toolButtons.open.disabled = ref === null;
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

function parseScope(value: unknown): StudyScope | null {
  if (typeof value !== "object" || value === null) return null;
  const scope = value as Record<string, unknown>;
  if (scope.kind === "all") return { kind: "all" };
  if (scope.kind === "deck" && typeof scope.deck === "string") return { kind: "deck", deck: scope.deck };
  if (scope.kind === "note" && typeof scope.path === "string") return { kind: "note", path: scope.path };
  if (scope.kind === "card" && typeof scope.path === "string" && typeof scope.key === "string") return { kind: "card", path: scope.path, key: scope.key };
  return null;
}

/** "8 minutes", "1 minute", "2 hours" — how long until a card becomes available. */
export function describeWait(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / MINUTE_MS));
  if (minutes < 60) return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours === 1 ? "1 hour" : `${hours} hours`;
}

/** "Next review tomorrow." or "Next review in 5 days." counted in study days. */
export function describeNextReview(dueMs: number, now: Date, dayStartHour: number): string {
  const days = Math.round((dayStart(new Date(dueMs), dayStartHour).getTime() - dayStart(now, dayStartHour).getTime()) / (24 * 60 * MINUTE_MS));
  if (days <= 0) return "Next review later today.";
  if (days === 1) return "Next review tomorrow.";
  return `Next review in ${days} days.`;
}
