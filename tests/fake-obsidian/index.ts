// Fake of the `obsidian` runtime module for tests: vitest aliases `obsidian` to this file, and the
// browser harness bundles it (browser-entry.ts). Browser-only code: no Node APIs.
export { installDomHelpers, setIcon } from "./dom";
export { Events, EventRef, handlerErrors } from "./events";
export { TAbstractFile, TFile, TFolder } from "./files";
export { Vault } from "./vault";
export { MetadataCache } from "./metadata-cache";
export { Component } from "./component";
export { Scope, Keymap, pressKey } from "./keymap";
export { Notice, Modal } from "./notice";
export { View, ItemView, FileView, TextFileView, MarkdownView, EmptyView, SAVE_DELAY_MS } from "./view";
export { Editor } from "./editor";
export { Workspace, WorkspaceLeaf } from "./workspace";
export { Plugin, PluginSettingTab, SettingTab } from "./plugin";
export { Setting } from "./setting";
export {
  BaseComponent,
  ValueComponent,
  ButtonComponent,
  ExtraButtonComponent,
  AbstractTextComponent,
  TextComponent,
  TextAreaComponent,
  ToggleComponent,
  SliderComponent,
  DropdownComponent,
} from "./components";
export { MarkdownRenderer, MarkdownRenderChild, type RenderCall } from "./markdown";
export { App, FileManager, createFakeApp, loadPlugin, destroyAllApps, type FakeApp, type FakeAppOptions } from "./app";
export {
  getAllTags,
  getFrontMatterInfo,
  parseFrontMatterAliases,
  parseFrontMatterEntry,
  parseFrontMatterStringArray,
  parseFrontMatterTags,
  parseYaml,
  stringifyYaml,
} from "./frontmatter";
export { normalizePath, debounce, Platform, parseLinktext, getLinkpath, apiVersion, requireApiVersion } from "./util";
export { resetFake } from "./reset";
export { Menu, MenuItem } from "./menu";
export { editorInfoField, createNoteEditor, renderReadingView, noteEditorExtensions } from "./editor-extensions";
