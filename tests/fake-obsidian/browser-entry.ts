// Bundled to an IIFE for headless Chromium: the production main.js is evaluated with a `require`
// that returns window.__obsidian.
import * as obsidian from "./index";

obsidian.installDomHelpers(window);
(window as unknown as { __obsidian: typeof obsidian }).__obsidian = obsidian;
