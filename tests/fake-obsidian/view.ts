import type * as obsidian from "obsidian";
import { Component } from "./component";
import type { App } from "./app";
import type { Scope } from "./keymap";
import { TFile } from "./files";
import { setIcon } from "./dom";
import type { WorkspaceLeaf } from "./workspace";
import { Annotation, Compartment, EditorState } from "@codemirror/state";
import { EditorView, type ViewUpdate } from "@codemirror/view";
import { Editor } from "./editor";
import { noteEditorExtensions } from "./editor-extensions";

/** Marks the editor transactions that load the file's text, which are no edit to save. */
const fromFile = Annotation.define<boolean>();

type ViewKeys = "icon" | "navigation" | "containerEl" | "scope" | "getViewType" | "getState" | "setState" | "getEphemeralState" | "setEphemeralState" | "getIcon" | "onResize" | "getDisplayText";

/** containerEl is `.workspace-leaf-content`; ItemView adds children[0] `.view-header` and children[1] `.view-content`. */
export abstract class View extends Component implements Pick<obsidian.View, ViewKeys> {
  app: App;
  icon = "document";
  navigation = false;
  leaf: WorkspaceLeaf;
  containerEl: HTMLElement;
  scope: Scope | null = null;

  constructor(leaf: WorkspaceLeaf) {
    super();
    this.leaf = leaf;
    this.app = leaf.app;
    this.containerEl = createDiv("workspace-leaf-content");
  }
  // Protected in obsidian.d.ts; public here so the workspace can drive them.
  async onOpen(): Promise<void> {}
  async onClose(): Promise<void> {}
  abstract getViewType(): string;
  abstract getDisplayText(): string;
  getState(): Record<string, unknown> {
    return {};
  }
  async setState(_state: unknown, _result: obsidian.ViewStateResult): Promise<void> {}
  getEphemeralState(): Record<string, unknown> {
    return {};
  }
  setEphemeralState(_state: unknown): void {}
  getIcon(): string {
    return this.icon;
  }
  onResize(): void {}
}

export abstract class ItemView extends View implements Pick<obsidian.ItemView, "contentEl" | "addAction"> {
  contentEl: HTMLElement;
  private actionsEl: HTMLElement;
  constructor(leaf: WorkspaceLeaf) {
    super(leaf);
    const header = this.containerEl.createDiv("view-header");
    header.createDiv("view-header-title-container").createDiv("view-header-title");
    this.actionsEl = header.createDiv("view-actions");
    this.contentEl = this.containerEl.createDiv("view-content");
  }
  addAction(icon: string, title: string, callback: (evt: MouseEvent) => unknown): HTMLElement {
    const el = this.actionsEl.createEl("a", { cls: "view-action clickable-icon", attr: { "aria-label": title } });
    setIcon(el, icon);
    el.addEventListener("click", callback);
    return el;
  }
}

/**
 * What a deferred leaf holds until it loads (Obsidian 1.7.2+, "DeferredView" in the declarations'
 * comment on WorkspaceLeaf.isDeferred): it reports the saved view type, so getLeavesOfType finds it,
 * but it is not an instance of the plugin's view class.
 */
export class DeferredView extends View {
  constructor(
    leaf: WorkspaceLeaf,
    public restoreState: { type: string; state: Record<string, unknown> },
  ) {
    super(leaf);
  }
  getViewType(): string {
    return this.restoreState.type;
  }
  getDisplayText(): string {
    return "";
  }
  override getState(): Record<string, unknown> {
    return this.restoreState.state;
  }
}

/** What a fresh leaf shows; opening a file there replaces it. */
export class EmptyView extends ItemView {
  override navigation = true;
  getViewType(): string {
    return "empty";
  }
  getDisplayText(): string {
    return "New tab";
  }
}

export abstract class FileView extends ItemView implements Pick<obsidian.FileView, "allowNoFile" | "file" | "navigation" | "getState" | "onLoadFile" | "onUnloadFile" | "onRename" | "canAcceptExtension"> {
  allowNoFile = false;
  file: TFile | null = null;
  override navigation = true;
  getDisplayText(): string {
    return this.file?.basename ?? "No file";
  }
  override getState(): Record<string, unknown> {
    return { file: this.file?.path ?? null };
  }
  override async setState(state: { file?: string } | null, _result: obsidian.ViewStateResult): Promise<void> {
    const file = state?.file ? this.app.vault.getFileByPath(state.file) : null;
    if (file === this.file) return;
    if (this.file) await this.onUnloadFile(this.file);
    this.file = file;
    if (file) await this.onLoadFile(file);
  }
  async onLoadFile(_file: obsidian.TFile): Promise<void> {}
  async onUnloadFile(_file: obsidian.TFile): Promise<void> {}
  async onRename(_file: obsidian.TFile): Promise<void> {}
  canAcceptExtension(_extension: string): boolean {
    return false;
  }
}

/** "Debounced save in 2 seconds from now" (obsidian.d.ts, TextFileView.requestSave). */
export const SAVE_DELAY_MS = 2000;

/**
 * A view holding a file's text in memory. `data` is the text as last loaded or saved; edits call
 * requestSave, which saves SAVE_DELAY_MS after the last one; closing the view saves at once.
 *
 * When the file changes on disk while the view is open, a view without unsaved edits shows the new
 * text; a view with unsaved edits keeps its buffer, and its pending save then overwrites what was
 * written around it. That is how writes around an open editor get lost in Obsidian: see
 * eatgrass/obsidian-pomodoro-timer#8 ("If I made some changes in Obsidian afterward, it would overwrite
 * without including the expected appended log") and lishid in dvcrn/obsidian-filename-heading-sync#18
 * urging plugins to use `view.editor` for the open note.
 */
export abstract class TextFileView extends FileView implements Pick<obsidian.TextFileView, "data" | "requestSave" | "save"> {
  data = "";
  private saveTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(leaf: WorkspaceLeaf) {
    super(leaf);
    this.registerEvent(this.app.vault.on("modify", (file) => void this.onFileModified(file)));
  }

  requestSave = (): void => {
    if (this.saveTimer !== null) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      void this.save();
    }, SAVE_DELAY_MS);
  };

  /** Writes the view's text to the file when it differs from what was last loaded or saved. */
  async save(_clear?: boolean): Promise<void> {
    if (this.saveTimer !== null) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    const file = this.file;
    if (!file || this.app.vault.getFileByPath(file.path) !== file) return;
    const text = this.getViewData();
    if (text === this.data) return;
    this.data = text;
    await this.app.vault.modify(file, text);
  }

  /** Test helper: true while edits wait for the delayed save. */
  get hasUnsavedChanges(): boolean {
    return this.file !== null && this.getViewData() !== this.data;
  }

  /** Test helper: "two seconds later": the delayed save runs now, if one is pending. */
  async flushSave(): Promise<void> {
    if (this.saveTimer !== null) await this.save();
  }

  override async onLoadFile(file: obsidian.TFile): Promise<void> {
    const text = await this.app.vault.read(file);
    this.data = text;
    this.setViewData(text, true);
  }
  override async onUnloadFile(_file: obsidian.TFile): Promise<void> {
    await this.save();
  }
  override async onClose(): Promise<void> {
    await this.save();
  }

  private async onFileModified(file: obsidian.TAbstractFile): Promise<void> {
    if (file !== this.file || !(file instanceof TFile)) return;
    const text = this.app.vault.textOf(file);
    if (text === this.data) return; // our own save
    if (this.hasUnsavedChanges) return; // the buffer wins; its pending save will overwrite the file
    this.data = text;
    this.setViewData(text, false);
  }

  abstract getViewData(): string;
  abstract setViewData(data: string, clear: boolean): void;
  abstract clear(): void;
}

/**
 * The note in source mode: a real CodeMirror 6 EditorView (as in Obsidian) behind `editor`. User edits
 * request the delayed save; text set by setViewData (loading, reloading) does not.
 */
export class MarkdownView extends TextFileView implements Pick<obsidian.MarkdownView, "getViewType" | "getMode" | "getViewData" | "setViewData" | "clear"> {
  readonly editor: Editor;
  /** The plugins' editor extensions and the file info, set per file (registerEditorExtension, editorInfoField). */
  private readonly noteExtensions = new Compartment();

  constructor(leaf: WorkspaceLeaf) {
    super(leaf);
    // Live Preview is Obsidian's default editing mode (Settings → Editor → "Default editing mode"); its
    // source view carries `is-live-preview` next to `markdown-source-view mod-cm6`, as in Obsidian's DOM.
    const parent = this.contentEl.createDiv("markdown-source-view cm-s-obsidian mod-cm6 is-live-preview");
    const cm = new EditorView({
      parent,
      state: EditorState.create({ doc: "", extensions: [EditorView.lineWrapping, this.noteExtensions.of([]), EditorView.updateListener.of((update) => this.onEditorUpdate(update))] }),
    });
    this.editor = new Editor(cm);
    this.register(() => cm.destroy());
  }

  getViewType(): string {
    return "markdown";
  }
  getMode(): obsidian.MarkdownViewModeType {
    return "source";
  }
  getViewData(): string {
    return this.editor.getValue();
  }
  setViewData(data: string, clear: boolean): void {
    const cm = this.editor.cm;
    const head = clear ? 0 : Math.min(cm.state.selection.main.head, data.length);
    cm.dispatch({ changes: { from: 0, to: cm.state.doc.length, insert: data }, selection: { anchor: head }, annotations: fromFile.of(true) });
  }
  clear(): void {
    this.setViewData("", true);
  }
  override canAcceptExtension(extension: string): boolean {
    return extension === "md";
  }
  override async onLoadFile(file: obsidian.TFile): Promise<void> {
    this.editor.cm.dispatch({ effects: this.noteExtensions.reconfigure(noteEditorExtensions(this.app, file as TFile)) });
    await super.onLoadFile(file);
  }

  /**
   * Where the view scrolls to: `line` (0-based, as search results pass it) or `subpath` (`#Heading`,
   * as openLinkText passes it) puts the cursor on that line.
   */
  override setEphemeralState(state: unknown): void {
    const { line, subpath } = (state ?? {}) as { line?: unknown; subpath?: unknown };
    let target: number | null = typeof line === "number" ? line : null;
    if (target === null && typeof subpath === "string" && subpath.startsWith("#") && this.file) {
      const heading = subpath.slice(1);
      const found = this.app.metadataCache.getFileCache(this.file)?.headings?.find((h) => h.heading === heading);
      if (found) target = found.position.start.line;
    }
    if (target !== null) this.editor.setCursor({ line: target, ch: 0 });
  }

  private onEditorUpdate(update: ViewUpdate): void {
    if (!update.docChanged || update.transactions.some((tr) => tr.annotation(fromFile))) return;
    this.requestSave();
  }
}

/** Stand-in for Obsidian's image/pdf/... views of non-markdown files. */
export class OtherFileView extends FileView {
  getViewType(): string {
    return "file";
  }
}
