import type * as obsidian from "obsidian";
import { Vault, type Content } from "./vault";
import { MetadataCache, type CacheFill } from "./metadata-cache";
import { Workspace } from "./workspace";
import { Keymap, Scope, pressKey } from "./keymap";
import { TAbstractFile, TFile, TFolder } from "./files";
import { getFrontMatterInfo, parseYaml, stringifyYaml } from "./frontmatter";
import { MarkdownRenderer } from "./markdown";
import type { Plugin, SettingTab } from "./plugin";
import type { FakedPick } from "./faked";
import { diff_match_patch } from "diff-match-patch";

export class FileManager implements Pick<obsidian.FileManager, "renameFile" | "trashFile" | "getNewFileParent" | "generateMarkdownLink" | "processFrontMatter" | "getAvailablePathForAttachment"> {
  constructor(private app: App) {}
  getNewFileParent(_sourcePath: string, _newFilePath?: string): TFolder {
    return this.app.vault.getRoot();
  }
  async renameFile(file: TAbstractFile, newPath: string): Promise<void> {
    await this.app.vault.rename(file, newPath);
  }
  async trashFile(file: TAbstractFile): Promise<void> {
    await this.app.vault.trash(file, true);
  }
  generateMarkdownLink(file: TFile, sourcePath: string, subpath?: string, alias?: string): string {
    return `[[${this.app.metadataCache.fileToLinktext(file, sourcePath)}${subpath ?? ""}${alias ? "|" + alias : ""}]]`;
  }
  /**
   * Like Obsidian: parses, lets fn mutate, re-serialises the whole block in block style (comments, flow
   * style and quoting are lost, nested maps such as the state property span several lines). Sources:
   * alangrainger/obsidian-frontmatter-modified-date#24 (`[a]` lists become block lists; "this is how
   * Obsidian itself formats frontmatter", with the Obsidian team's forum answer "processFrontMatter
   * removes string quotes, comments, types, formatting"); memrynote/memry#693 (Obsidian's YAML style is
   * js-yaml's CORE_SCHEMA emitter).
   */
  async processFrontMatter(file: TFile, fn: (frontmatter: any) => void, options?: obsidian.DataWriteOptions): Promise<void> {
    await this.app.vault.process(
      file,
      (text) => {
        const info = getFrontMatterInfo(text);
        const data = (info.exists ? parseYaml(info.frontmatter) : {}) ?? {};
        fn(data);
        const yaml = Object.keys(data as object).length ? stringifyYaml(data) : "";
        const body = info.exists ? text.slice(info.contentStart) : text;
        return `---\n${yaml}---\n${body}`;
      },
      options,
    );
  }
  async getAvailablePathForAttachment(filename: string, _sourcePath?: string): Promise<string> {
    let path = filename;
    const dot = filename.lastIndexOf(".");
    for (let n = 1; this.app.vault.getAbstractFileByPath(path); n++) path = `${filename.slice(0, dot)} ${n}${filename.slice(dot)}`;
    return path;
  }
}

/** `app.commands` (not in the public API, but what Obsidian has): run commands as the palette would. */
export class Commands {
  commands: Record<string, obsidian.Command> = {};
  listCommands(): obsidian.Command[] {
    return Object.values(this.commands);
  }
  findCommand(id: string): obsidian.Command | undefined {
    return this.commands[id];
  }
  removeCommand(id: string): void {
    delete this.commands[id];
  }
  /** Full id (`plugin-id:command-id`). False when unknown, or checkCallback(true) says unavailable. */
  executeCommandById(id: string): boolean {
    const cmd = this.commands[id];
    if (!cmd) return false;
    if (cmd.checkCallback) {
      if (!cmd.checkCallback(true)) return false;
      cmd.checkCallback(false);
      return true;
    }
    if (cmd.callback) {
      cmd.callback();
      return true;
    }
    return false; // editor commands need an editor, which the fake does not have
  }
  /** Is the command offered in the palette right now? */
  isAvailable(id: string): boolean {
    const cmd = this.commands[id];
    if (!cmd) return false;
    return cmd.checkCallback ? !!cmd.checkCallback(true) : !!cmd.callback;
  }
}

/** The settings modal: one tab per plugin. */
export class SettingsManager {
  containerEl: HTMLElement;
  tabs = new Map<string, SettingTab>();
  private openTab: SettingTab | null = null;
  constructor(parentEl: HTMLElement) {
    this.containerEl = parentEl.createDiv("modal-container mod-settings");
    this.containerEl.hide();
  }
  addTab(id: string, tab: SettingTab): void {
    this.tabs.set(id, tab);
  }
  removeTab(id: string): void {
    if (this.openTab === this.tabs.get(id)) this.close();
    this.tabs.delete(id);
  }
  /** Test helper: opens the settings on a plugin's tab (display() runs). */
  openTabById(id: string): SettingTab {
    const tab = this.tabs.get(id);
    if (!tab) throw new Error(`No setting tab for ${id}`);
    this.close();
    this.containerEl.show();
    this.containerEl.appendChild(tab.containerEl);
    tab.display();
    this.openTab = tab;
    return tab;
  }
  close(): void {
    if (!this.openTab) return;
    this.openTab.hide();
    this.openTab.containerEl.detach();
    this.openTab = null;
    this.containerEl.hide();
  }
}

export class InternalPlugins {
  searches: string[] = [];
  private readonly search = { enabled: true, instance: { openGlobalSearch: (query: string) => void this.searches.push(query) } };
  getPluginById(id: string): { enabled: boolean; instance: { openGlobalSearch(query: string): void } } | null {
    return id === "global-search" ? this.search : null;
  }
}

const liveApps = new Set<App>();

export class App implements FakedPick<obsidian.App, "keymap" | "scope" | "lastEvent" | "loadLocalStorage" | "saveLocalStorage"> {
  containerEl: HTMLElement;
  ribbonEl: HTMLElement;
  statusBarEl: HTMLElement;
  scope = new Scope();
  keymap = new Keymap(this.scope);
  vault: Vault;
  metadataCache: MetadataCache;
  workspace: Workspace;
  fileManager: FileManager;
  commands = new Commands();
  setting: SettingsManager;
  lastEvent: obsidian.UserEvent | null = null;
  /** Test helper: addStatusBarItem calls while Platform.isMobile (where there is no status bar). */
  statusBarCallsOnMobile = 0;
  /**
   * `app.internalPlugins` (not in the public API): the core Search plugin, as plugins reach it to open
   * a search for a tag, e.g. pjeby/tag-wrangler (src/plugin.js): `app.internalPlugins
   * .getPluginById("global-search")` and `search.openGlobalSearch("tag:" + tagName)`. Test helper: `searches` lists what was searched.
   */
  internalPlugins = new InternalPlugins();
  /** Plugin data.json contents by plugin id, as JSON text. Survives plugin reloads. */
  pluginData: Record<string, string> = {};
  private storage = new Map<string, string>();
  private pending = new Set<Promise<unknown>>();

  /** How a cold metadata cache fills once the layout is ready (null: the cache is warm from the start). */
  coldCacheFill: CacheFill | null;

  constructor(files: Record<string, Content>, coldCacheFill: CacheFill | null = null, loadCacheInBatches = 0) {
    this.containerEl = activeDocument.body.createDiv("app-container");
    this.ribbonEl = this.containerEl.createDiv("side-dock-ribbon mod-left");
    this.vault = new Vault(files);
    this.coldCacheFill = coldCacheFill;
    this.metadataCache = new MetadataCache(this.vault, { cold: coldCacheFill, loadInBatches: loadCacheInBatches });
    this.fileManager = new FileManager(this);
    this.workspace = new Workspace(this, this.containerEl);
    this.statusBarEl = this.containerEl.createDiv("status-bar");
    this.setting = new SettingsManager(activeDocument.body);
    this.keymap.attach(activeDocument);
    MarkdownRenderer.defaultApp = this;
    liveApps.add(this);
  }

  loadLocalStorage(key: string): any | null {
    const v = this.storage.get(key);
    return v === undefined ? null : JSON.parse(v);
  }
  saveLocalStorage(key: string, data: unknown | null): void {
    if (data === null || data === undefined) this.storage.delete(key);
    else this.storage.set(key, JSON.stringify(data));
  }

  /**
   * Test helper: Obsidian Sync brings another device's version of a note that also changed here. Its help
   * pages (Sync → "Conflict resolution"): a Markdown file changed on two devices is merged with Google's
   * diff-match-patch, without conflict markers (the default). As there, the changes from the last synced
   * version (`base`) to the other device's (`remote`) are patched into this device's text, using the real
   * `diff-match-patch` package with default settings, and the result is written like any outside change.
   */
  async obsidianSyncMerge(path: string, base: string, remote: string): Promise<string> {
    const file = this.vault.getFileByPath(path);
    if (file === null) throw new Error(`obsidianSyncMerge: no file ${path}`);
    const dmp = new diff_match_patch();
    const merged = dmp.patch_apply(dmp.patch_make(base, remote), this.vault.textOf(file))[0];
    await this.vault.modify(file, merged);
    return merged;
  }
  /** Test helper: a keydown (+keyup) through the keymap; returns the event (check defaultPrevented). */
  pressKey(key: string, mods: obsidian.Modifier[] = [], target?: EventTarget): KeyboardEvent {
    return pressKey(key, mods, target);
  }
  /** Test helper: resolves once queued metadata events fired and closing views finished, repeatedly. */
  async flushEvents(): Promise<void> {
    for (let round = 0; round < 100; round++) {
      await this.metadataCache.whenIdle();
      await Promise.all([...this.pending]);
      await new Promise((r) => setTimeout(r, 0)); // let handlers' own follow-up work start
      if (!this.pending.size && !(await this.metadataCache.hasPending())) return;
    }
    throw new Error("flushEvents: events keep coming");
  }
  /** @internal tracks async work (view closing) for flushEvents. */
  track(p: Promise<unknown>): void {
    const t = p.catch((e) => console.error(e)).finally(() => this.pending.delete(t));
    this.pending.add(t);
  }
  /**
   * Test teardown, not an Obsidian behaviour: closes every view (their onClose runs, so no view's timers
   * outlive the test), then removes the app's DOM and document listeners.
   */
  destroy(): void {
    const leaves: { detach(): void }[] = [];
    this.workspace.iterateAllLeaves((leaf) => leaves.push(leaf as unknown as { detach(): void }));
    for (const leaf of leaves) leaf.detach();
    this.keymap.detach();
    this.containerEl.detach();
    this.setting.containerEl.detach();
    liveApps.delete(this);
    if (MarkdownRenderer.defaultApp === this) MarkdownRenderer.defaultApp = null;
  }
}

/** The fake app typed as both: fake helpers plus the real API, so it can be passed to a plugin constructor. */
export type FakeApp = App & obsidian.App & { vault: Vault & obsidian.Vault; metadataCache: MetadataCache & obsidian.MetadataCache; workspace: Workspace & obsidian.Workspace };

export interface FakeAppOptions {
  /** Vault contents by path: text, or bytes for binary files (images). */
  files?: Record<string, Content>;
  /** Plugin data.json by plugin id (any JSON value). */
  pluginData?: Record<string, unknown>;
  /** Fire layout ready at once (default false: call app.workspace.setLayoutReady() yourself). */
  layoutReady?: boolean;
  /**
   * A cold metadata cache: still filling when the layout becomes ready, a batch at a time (`true`: half
   * the files known from the last session, then 2 files every 5 ms). Default: warm, every file parsed
   * before the plugin loads.
   */
  coldCache?: boolean | CacheFill;
  /**
   * A warm cache read this many files at a time, yielding to the page between batches, as Obsidian
   * reads its cache from the last session while the vault opens (a big vault, in the browser): await
   * `app.metadataCache.loaded` before loading a plugin. Ignored with `coldCache`.
   */
  loadCacheInBatches?: number;
}

export function createFakeApp(options: FakeAppOptions = {}): FakeApp {
  const half = Math.floor(Object.keys(options.files ?? {}).length / 2);
  const cold = options.coldCache === true ? { alreadyParsed: half, batchSize: 2, intervalMs: 5 } : options.coldCache || null;
  const app = new App(options.files ?? {}, cold, options.loadCacheInBatches ?? 0);
  for (const [id, data] of Object.entries(options.pluginData ?? {})) app.pluginData[id] = JSON.stringify(data);
  if (options.layoutReady) app.workspace.setLayoutReady();
  return app as unknown as FakeApp;
}

/** Constructs and loads a plugin the way Obsidian does, awaiting an async onload. */
export async function loadPlugin<P extends obsidian.Plugin>(
  app: obsidian.App,
  PluginClass: new (app: obsidian.App, manifest: obsidian.PluginManifest) => P,
  manifest: Partial<obsidian.PluginManifest> = {},
): Promise<P> {
  const full: obsidian.PluginManifest = { id: "test-plugin", name: "Test plugin", author: "", version: "0.0.0", minAppVersion: "1.0.0", description: "", ...manifest };
  const plugin = new PluginClass(app, full);
  plugin.load();
  await (plugin as unknown as Plugin)._onloadResult;
  return plugin;
}

/** Test teardown: destroys every app created so far. */
export function destroyAllApps(): void {
  for (const app of [...liveApps]) app.destroy();
}
