import type * as obsidian from "obsidian";
import { Events, type EventRef } from "./events";
import type { App } from "./app";
import { TFile } from "./files";
import { DeferredView, EmptyView, FileView, MarkdownView, OtherFileView, View } from "./view";
import { Keymap } from "./keymap";
import { debounce } from "./util";
import { getLinkpath, parseLinktext } from "./util";
import type { FakedPick } from "./faked";

export type Side = "root" | "left" | "right";
type ViewCreator = (leaf: WorkspaceLeaf) => View;

type LeafKeys = "openFile" | "getViewState" | "setViewState" | "getEphemeralState" | "setEphemeralState" | "togglePinned" | "setPinned" | "detach" | "getIcon" | "getDisplayText" | "onResize" | "loadIfDeferred" | "isDeferred";

export class WorkspaceLeaf extends Events implements FakedPick<obsidian.WorkspaceLeaf, LeafKeys> {
  view: View;
  containerEl: HTMLElement;
  pinned = false;
  /** Test helper: the last ephemeral state passed in (openFile eState, setEphemeralState). */
  lastEState: unknown = null;

  constructor(public app: App, public side: Side, parentEl: HTMLElement) {
    super();
    this.containerEl = parentEl.createDiv("workspace-leaf");
    this.view = new EmptyView(this);
    this.mount(this.view);
  }
  get workspace(): Workspace {
    return this.app.workspace;
  }
  /**
   * Obsidian 1.7.2+: a leaf restored at startup in a background tab holds a DeferredView until it is
   * shown (loadIfDeferred, or revealing/activating it); only then is the real view created.
   */
  get isDeferred(): boolean {
    return this.view instanceof DeferredView;
  }
  async loadIfDeferred(): Promise<void> {
    const view = this.view;
    if (!(view instanceof DeferredView)) return;
    const { type, state } = view.restoreState;
    this.view = new EmptyView(this);
    view.containerEl.detach();
    view.unload();
    await this.setViewState({ type, state, active: this.workspace.activeLeaf === this });
  }

  getViewState(): obsidian.ViewState {
    return { type: this.view.getViewType(), state: this.view.getState(), active: this.workspace.activeLeaf === this, pinned: this.pinned };
  }

  /** Same view type: only setState. Otherwise the old view closes, the new one is created by its factory, loaded and opened. */
  async setViewState(viewState: obsidian.ViewState, eState?: unknown): Promise<void> {
    if (this.view instanceof DeferredView && this.view.getViewType() === viewState.type) {
      // Same type on a deferred leaf: the restored state, updated, when it loads.
      this.view.restoreState = { type: viewState.type, state: { ...this.view.restoreState.state, ...viewState.state } };
      if (viewState.active) this.workspace.setActiveLeaf(this);
      return;
    }
    if (this.view.getViewType() !== viewState.type || this.view instanceof DeferredView) {
      const creator = this.workspace.viewCreator(viewState.type);
      const old = this.view;
      const next = creator ? creator(this) : new EmptyView(this);
      if (!creator) console.warn(`fake-obsidian: no view registered for type "${viewState.type}"`);
      if (this.workspace.activeLeaf === this && old.scope) this.app.keymap.popScope(old.scope);
      old.containerEl.detach();
      await old.onClose();
      old.unload();
      this.view = next;
      this.mount(next);
      next.load();
      await next.onOpen();
      if (this.workspace.activeLeaf === this && next.scope) this.app.keymap.pushScope(next.scope);
    }
    await this.view.setState(viewState.state ?? {}, { history: false });
    if (eState !== undefined) this.setEphemeralState(eState);
    if (viewState.active) this.workspace.setActiveLeaf(this);
    else this.workspace.noteFileChange();
    this.workspace.trigger("layout-change");
  }

  async openFile(file: obsidian.TFile, openState?: obsidian.OpenViewState): Promise<void> {
    const type = file.extension === "md" ? "markdown" : "file";
    // In practice an opened file becomes the active one unless the caller says otherwise.
    await this.setViewState({ type, state: { ...openState?.state, file: file.path }, active: openState?.active ?? true }, openState?.eState);
  }

  /** The area the leaf sits in (Obsidian: a WorkspaceItem; compare with workspace.rightSplit etc.). */
  getRoot(): WorkspaceArea {
    const ws = this.workspace;
    return this.side === "left" ? ws.leftSplit : this.side === "right" ? ws.rightSplit : ws.rootSplit;
  }

  getEphemeralState(): unknown {
    return this.view.getEphemeralState();
  }
  setEphemeralState(state: unknown): void {
    this.lastEState = state;
    this.view.setEphemeralState(state);
  }
  togglePinned(): void {
    this.pinned = !this.pinned;
  }
  setPinned(pinned: boolean): void {
    this.pinned = pinned;
  }
  getIcon(): string {
    return this.view.getIcon();
  }
  getDisplayText(): string {
    return this.view.getDisplayText();
  }
  onResize(): void {
    this.view.onResize();
  }

  /** Removes the leaf now; the view's onClose/unload run after (tracked by flushEvents). */
  detach(): void {
    this.workspace.removeLeaf(this);
    this.containerEl.detach();
    const view = this.view;
    if (view.scope) this.app.keymap.popScope(view.scope);
    this.app.track(
      (async () => {
        await view.onClose();
        view.unload();
      })(),
    );
  }

  private mount(view: View): void {
    view.containerEl.setAttr("data-type", view.getViewType());
    this.containerEl.appendChild(view.containerEl);
  }
}

/** A sidebar or the root area: a container element and the collapse state. */
export class WorkspaceArea {
  collapsed = false;
  constructor(public containerEl: HTMLElement) {}
  expand(): void {
    this.collapsed = false;
    this.containerEl.removeClass("is-collapsed");
  }
  collapse(): void {
    this.collapsed = true;
    this.containerEl.addClass("is-collapsed");
  }
  toggle(): void {
    if (this.collapsed) this.expand();
    else this.collapse();
  }
}

type WorkspaceKeys = "requestSaveLayout" | "activeLeaf" | "containerEl" | "layoutReady" | "onLayoutReady" | "getLeaf" | "getLeftLeaf" | "getRightLeaf" | "getLeavesOfType" | "detachLeavesOfType" | "revealLeaf" | "getActiveFile" | "iterateAllLeaves" | "iterateRootLeaves" | "getMostRecentLeaf" | "ensureSideLeaf" | "openLinkText" | "setActiveLeaf" | "getLastOpenFiles"; // getActiveViewOfType: generic, checked by hand

export class Workspace extends Events implements FakedPick<obsidian.Workspace, WorkspaceKeys> {
  containerEl: HTMLElement;
  leftSplit: WorkspaceArea;
  rootSplit: WorkspaceArea;
  rightSplit: WorkspaceArea;
  activeLeaf: WorkspaceLeaf | null = null;
  layoutReady = false;
  activeEditor = null;
  /** Sources registered with registerHoverLinkSource (the Page preview core plugin's list). */
  hoverLinkSources: Record<string, obsidian.HoverLinkSource> = {};
  /** Test helper: the previews Page preview showed, from 'hover-link' events of registered sources. */
  pagePreviews: { source: string; linktext: string; sourcePath: string }[] = [];
  /** Test helper: how many times the layout was saved. */
  layoutSaves = 0;
  /**
   * A Debouncer in the declarations; its delay is not documented (2 s is this fake's choice). Tests call
   * `requestSaveLayout.run()` to save now.
   */
  requestSaveLayout = debounce(
    async (): Promise<void> => {
      this.layoutSaves++;
    },
    2000,
    true,
  );
  /** Test helper: every openLinkText call and the file it opened. */
  openedLinks: { linktext: string; sourcePath: string; newLeaf: unknown; file: TFile }[] = [];
  private leaves: WorkspaceLeaf[] = [];
  private recent: WorkspaceLeaf[] = [];
  private creators = new Map<string, ViewCreator>();
  private readyCallbacks: (() => unknown)[] = [];
  private activeFile: TFile | null = null;
  private lastOpenFiles: string[] = [];

  constructor(private app: App, parentEl: HTMLElement) {
    super();
    this.containerEl = parentEl.createDiv("workspace");
    this.leftSplit = new WorkspaceArea(this.containerEl.createDiv("workspace-split mod-horizontal mod-left-split"));
    this.rootSplit = new WorkspaceArea(this.containerEl.createDiv("workspace-split mod-vertical mod-root"));
    this.rightSplit = new WorkspaceArea(this.containerEl.createDiv("workspace-split mod-horizontal mod-right-split"));
    this.creators.set("markdown", (leaf) => new MarkdownView(leaf));
    this.creators.set("file", (leaf) => new OtherFileView(leaf));
    this.creators.set("empty", (leaf) => new EmptyView(leaf));
    // Obsidian always has a root leaf; at startup it is the active one.
    this.setActiveLeaf(this.createLeaf("root"));
    // Page preview: shows the linked note for a registered source; with defaultMod, only with Mod held.
    this.on("hover-link", (info: { event: MouseEvent; source: string; linktext: string; sourcePath?: string }) => {
      const source = this.hoverLinkSources[info.source];
      if (!source || (source.defaultMod && !Keymap.isModEvent(info.event))) return;
      this.pagePreviews.push({ source: info.source, linktext: info.linktext, sourcePath: info.sourcePath ?? "" });
    });
  }

  override on(name: "file-open", callback: (file: TFile | null) => unknown, ctx?: unknown): EventRef;
  override on(name: "active-leaf-change", callback: (leaf: WorkspaceLeaf | null) => unknown, ctx?: unknown): EventRef;
  override on(name: "layout-change" | "resize" | "css-change", callback: () => unknown, ctx?: unknown): EventRef;
  override on(name: string, callback: (...data: any[]) => unknown, ctx?: unknown): EventRef;
  override on(name: string, callback: (...data: any[]) => unknown, ctx?: unknown): EventRef {
    return super.on(name, callback, ctx);
  }

  /** Runs now if the layout is ready, else when setLayoutReady() is called. */
  onLayoutReady(callback: () => unknown): void {
    if (this.layoutReady) callback();
    else this.readyCallbacks.push(callback);
  }
  /** Test helper: what Obsidian does once the workspace is restored at startup. */
  setLayoutReady(): void {
    if (this.layoutReady) return;
    this.layoutReady = true;
    for (const cb of this.readyCallbacks.splice(0)) {
      try {
        cb();
      } catch (e) {
        console.error(e);
      }
    }
    this.trigger("layout-change");
    // A cold cache starts filling now ('resolved' after each batch); a warm one has resolved already.
    if (this.app.coldCacheFill) void this.app.metadataCache.startFilling(this.app.coldCacheFill);
    else this.app.metadataCache.trigger("resolved");
  }

  /**
   * false: "an existing leaf which can be navigated is returned, or a new leaf will be created" (the
   * declarations): a leaf whose view has `navigation` false (a plugin's custom view) is never replaced.
   */
  getLeaf(newLeaf?: obsidian.PaneType | boolean): WorkspaceLeaf {
    if (!newLeaf) {
      const navigable = (l: WorkspaceLeaf | null): l is WorkspaceLeaf => l !== null && l.side === "root" && !l.pinned && l.view.navigation;
      if (navigable(this.activeLeaf)) return this.activeLeaf;
      const recent = this.recent.find(navigable);
      if (recent) return recent;
    }
    return this.createLeaf("root");
  }
  getLeftLeaf(_split: boolean): WorkspaceLeaf {
    return this.createLeaf("left");
  }
  getRightLeaf(_split: boolean): WorkspaceLeaf {
    return this.createLeaf("right");
  }
  async ensureSideLeaf(type: string, side: "left" | "right", options?: { active?: boolean; split?: boolean; reveal?: boolean; state?: unknown }): Promise<WorkspaceLeaf> {
    let leaf = this.getLeavesOfType(type).find((l) => l.side === side);
    if (!leaf) {
      leaf = this.createLeaf(side);
      await leaf.setViewState({ type, state: options?.state as Record<string, unknown>, active: options?.active });
    }
    if (options?.reveal !== false) await this.revealLeaf(leaf);
    return leaf;
  }
  getLeavesOfType(viewType: string): WorkspaceLeaf[] {
    return this.leaves.filter((l) => l.view.getViewType() === viewType);
  }
  detachLeavesOfType(viewType: string): void {
    for (const l of this.getLeavesOfType(viewType)) l.detach();
  }
  /** Brings the leaf's tab to front (loading a deferred view) and expands its sidebar; does not change the active leaf. */
  async revealLeaf(l: WorkspaceLeaf): Promise<void> {
    if (l.side === "left") this.leftSplit.expand();
    if (l.side === "right") this.rightSplit.expand();
    await l.loadIfDeferred();
  }
  iterateAllLeaves(callback: (leaf: WorkspaceLeaf) => unknown): void {
    for (const l of this.leaves.slice()) callback(l);
  }
  iterateRootLeaves(callback: (leaf: WorkspaceLeaf) => unknown): void {
    for (const l of this.leaves.filter((x) => x.side === "root")) callback(l);
  }
  getMostRecentLeaf(): WorkspaceLeaf | null {
    return this.recent.find((l) => l.side === "root") ?? null;
  }
  getActiveFile(): TFile | null {
    return this.activeFile;
  }
  getLastOpenFiles(): string[] {
    return this.lastOpenFiles.slice();
  }
  getActiveViewOfType<T extends View>(type: abstract new (...args: any[]) => T): T | null {
    const v = this.activeLeaf?.view;
    return v instanceof type ? v : null;
  }

  setActiveLeaf(l: WorkspaceLeaf, _params?: unknown, _focus?: boolean): void {
    if (l.isDeferred) void l.loadIfDeferred(); // an activated tab is shown, so it loads
    if (this.activeLeaf === l) return this.noteFileChange();
    const prev = this.activeLeaf;
    if (prev) {
      prev.containerEl.removeClass("mod-active");
      if (prev.view.scope) this.app.keymap.popScope(prev.view.scope);
    }
    this.activeLeaf = l;
    l.containerEl.addClass("mod-active");
    if (l.view.scope) this.app.keymap.pushScope(l.view.scope);
    this.recent = [l, ...this.recent.filter((x) => x !== l)];
    this.trigger("active-leaf-change", l);
    this.noteFileChange();
  }

  /** Resolves the link like Obsidian (creating the note if unresolved) and opens it. */
  async openLinkText(linktext: string, sourcePath: string, newLeaf?: obsidian.PaneType | boolean, openViewState?: obsidian.OpenViewState): Promise<void> {
    const { path, subpath } = parseLinktext(linktext);
    let file = path ? this.app.metadataCache.getFirstLinkpathDest(getLinkpath(linktext), sourcePath) : this.app.vault.getFileByPath(sourcePath);
    if (!file) file = await this.app.vault.create(/\.[^/]+$/.test(path) ? path : `${path}.md`, "");
    this.openedLinks.push({ linktext, sourcePath, newLeaf, file });
    const eState = subpath ? { subpath, ...openViewState?.eState } : openViewState?.eState;
    await this.getLeaf(newLeaf).openFile(file, { active: true, ...openViewState, eState });
  }

  /**
   * Test helper: a leaf as Obsidian restores it from the saved layout at startup, in a background tab:
   * deferred (a DeferredView holding the saved type and state) until something shows it.
   */
  restoreDeferredLeaf(side: Side, viewState: { type: string; state?: Record<string, unknown> }): WorkspaceLeaf {
    const leaf = this.createLeaf(side);
    leaf.view.containerEl.detach();
    leaf.view = new DeferredView(leaf, { type: viewState.type, state: viewState.state ?? {} });
    leaf.containerEl.appendChild(leaf.view.containerEl);
    return leaf;
  }

  /** Called by Plugin.registerView. */
  registerViewType(type: string, creator: ViewCreator): void {
    this.creators.set(type, creator);
  }
  unregisterViewType(type: string): void {
    this.creators.delete(type);
    this.detachLeavesOfType(type);
  }
  /** @internal */
  viewCreator(type: string): ViewCreator | undefined {
    return this.creators.get(type);
  }
  /** @internal */
  createLeaf(side: Side): WorkspaceLeaf {
    const area = side === "left" ? this.leftSplit : side === "right" ? this.rightSplit : this.rootSplit;
    const leaf = new WorkspaceLeaf(this.app, side, area.containerEl);
    this.leaves.push(leaf);
    return leaf;
  }
  /** @internal */
  removeLeaf(leaf: WorkspaceLeaf): void {
    this.leaves = this.leaves.filter((l) => l !== leaf);
    this.recent = this.recent.filter((l) => l !== leaf);
    if (!this.leaves.some((l) => l.side === "root")) this.createLeaf("root"); // never without a root leaf
    if (this.activeLeaf === leaf) {
      this.activeLeaf = null;
      this.setActiveLeaf(this.getMostRecentLeaf() ?? this.leaves.find((l) => l.side === "root")!);
    }
    this.trigger("layout-change");
  }
  /** @internal 'file-open' fires when the active leaf shows a different file than before. */
  noteFileChange(): void {
    const v = this.activeLeaf?.view;
    if (!(v instanceof FileView) && v?.getViewType() !== "empty") return; // sidebars keep the active file
    const file = v instanceof FileView ? v.file : null;
    if (file === this.activeFile) return;
    this.activeFile = file;
    if (file) this.lastOpenFiles = [file.path, ...this.lastOpenFiles.filter((p) => p !== file.path)];
    this.trigger("file-open", file);
  }
}
