import type * as obsidian from "obsidian";
import { Component } from "./component";
import type { App } from "./app";
import type { Scope } from "./keymap";
import { TFile } from "./files";
import { setIcon } from "./dom";
import type { WorkspaceLeaf } from "./workspace";

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

/** What a fresh leaf shows. */
export class EmptyView extends ItemView {
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

export abstract class TextFileView extends FileView implements Pick<obsidian.TextFileView, "data" | "requestSave"> {
  data = "";
  requestSave = (): void => {
    if (this.file) void this.app.vault.modify(this.file, this.getViewData());
  };
  override async onLoadFile(file: obsidian.TFile): Promise<void> {
    this.setViewData(await this.app.vault.read(file), true);
  }
  abstract getViewData(): string;
  abstract setViewData(data: string, clear: boolean): void;
  abstract clear(): void;
}

/** Minimal: shows the note's source text; no editor. */
export class MarkdownView extends TextFileView implements Pick<obsidian.MarkdownView, "getViewType" | "getMode" | "getViewData" | "setViewData" | "clear"> {
  getViewType(): string {
    return "markdown";
  }
  getMode(): obsidian.MarkdownViewModeType {
    return "source";
  }
  getViewData(): string {
    return this.data;
  }
  setViewData(data: string, _clear: boolean): void {
    this.data = data;
    this.contentEl.empty();
    this.contentEl.createDiv({ cls: "markdown-source-view", text: data });
  }
  clear(): void {
    this.data = "";
    this.contentEl.empty();
  }
  override canAcceptExtension(extension: string): boolean {
    return extension === "md";
  }
}

/** Stand-in for Obsidian's image/pdf/... views of non-markdown files. */
export class OtherFileView extends FileView {
  getViewType(): string {
    return "file";
  }
}
