// Bundled to an IIFE for headless Chromium: the production main.js is evaluated with a `require`
// that returns window.__obsidian.
import * as cmState from "@codemirror/state";
import * as cmView from "@codemirror/view";
import * as obsidian from "./index";

obsidian.installDomHelpers(window);
(window as unknown as { __obsidian: typeof obsidian }).__obsidian = obsidian;
// Obsidian hands plugins its own CodeMirror modules (they are externals of main.js): the same instances
// its editors use, so a plugin's extensions work in them.
(window as unknown as { __codemirror: { state: typeof cmState; view: typeof cmView } }).__codemirror = { state: cmState, view: cmView };
