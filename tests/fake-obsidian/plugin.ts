import type * as obsidian from "obsidian";
import { Component } from "./component";
import type { App } from "./app";
import type { View } from "./view";
import type { WorkspaceLeaf } from "./workspace";
import { setIcon } from "./dom";
import { Platform } from "./util";
import type { FakedPick } from "./faked";
import type { Extension } from "@codemirror/state";
import { registryOf } from "./editor-extensions";

type PluginKeys = "registerHoverLinkSource" | "manifest" | "addRibbonIcon" | "addStatusBarItem" | "addCommand" | "removeCommand" | "addSettingTab" | "registerView" | "registerExtensions" | "loadData" | "saveData" | "onUserEnable" | "registerEditorExtension" | "registerMarkdownPostProcessor";

export abstract class Plugin extends Component implements FakedPick<obsidian.Plugin, PluginKeys> {
  constructor(public app: App, public manifest: obsidian.PluginManifest) {
    super();
  }

  addRibbonIcon(icon: string, title: string, callback: (evt: MouseEvent) => unknown): HTMLElement {
    const el = this.app.ribbonEl.createDiv({ cls: "side-dock-ribbon-action clickable-icon", attr: { "aria-label": title } });
    setIcon(el, icon);
    el.addEventListener("click", callback);
    this.register(() => el.detach());
    return el;
  }
  /** "Not available on mobile" (the declarations): there, the item is never shown. */
  addStatusBarItem(): HTMLElement {
    if (Platform.isMobile) {
      this.app.statusBarCallsOnMobile++;
      return createDiv(`status-bar-item plugin-${this.manifest.id}`);
    }
    const el = this.app.statusBarEl.createDiv(`status-bar-item plugin-${this.manifest.id}`);
    this.register(() => el.detach());
    return el;
  }
  registerHoverLinkSource(id: string, info: obsidian.HoverLinkSource): void {
    this.app.workspace.hoverLinkSources[id] = info;
    this.register(() => delete this.app.workspace.hoverLinkSources[id]);
  }
  /** As in Obsidian, the id gets the plugin id as prefix and the name the plugin name. */
  addCommand(command: obsidian.Command): obsidian.Command {
    command.id = `${this.manifest.id}:${command.id}`;
    command.name = `${this.manifest.name}: ${command.name}`;
    this.app.commands.commands[command.id] = command;
    this.register(() => this.app.commands.removeCommand(command.id));
    return command;
  }
  removeCommand(commandId: string): void {
    this.app.commands.removeCommand(`${this.manifest.id}:${commandId}`);
  }
  addSettingTab(settingTab: SettingTab): void {
    this.app.setting.addTab(this.manifest.id, settingTab);
    this.register(() => this.app.setting.removeTab(this.manifest.id));
  }
  /** On unload the view type goes away and its leaves close, as when a plugin is disabled. */
  registerView(type: string, viewCreator: (leaf: WorkspaceLeaf) => View): void {
    this.app.workspace.registerViewType(type, viewCreator);
    this.register(() => this.app.workspace.unregisterViewType(type));
  }
  registerExtensions(_extensions: string[], _viewType: string): void {}
  /** Every Markdown editor opened from now on gets the extension (see editor-extensions.ts). */
  registerEditorExtension(extension: Extension): void {
    const list = registryOf(this.app).editorExtensions;
    list.push(extension);
    this.register(() => list.splice(list.indexOf(extension), 1));
  }
  registerMarkdownPostProcessor(postProcessor: obsidian.MarkdownPostProcessor, sortOrder?: number): obsidian.MarkdownPostProcessor {
    if (sortOrder !== undefined) postProcessor.sortOrder = sortOrder;
    const list = registryOf(this.app).postProcessors;
    list.push(postProcessor);
    list.sort((a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0));
    this.register(() => list.splice(list.indexOf(postProcessor), 1));
    return postProcessor;
  }
  /** data.json lives on the app, so a new plugin instance (a reload) sees what the last one saved. */
  async loadData(): Promise<unknown> {
    const raw = this.app.pluginData[this.manifest.id];
    return raw === undefined ? null : JSON.parse(raw);
  }
  async saveData(data: unknown): Promise<void> {
    this.app.pluginData[this.manifest.id] = JSON.stringify(data);
  }
  onUserEnable(): void {}
}

export abstract class SettingTab implements FakedPick<obsidian.SettingTab, "containerEl" | "display" | "hide"> {
  containerEl: HTMLElement;
  constructor(public app: App) {
    this.containerEl = createDiv("vertical-tab-content");
  }
  abstract display(): void;
  hide(): void {
    this.containerEl.empty();
  }
}

export abstract class PluginSettingTab extends SettingTab {
  constructor(app: App, public plugin: Plugin) {
    super(app);
  }
}
