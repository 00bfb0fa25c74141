import { expect } from "vitest";
// Loads the real plugin (src/main.ts) on a fake vault the way Obsidian does, with an injected clock.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import HeadingFlashcardsPlugin from "../../src/main";
import { REVIEW_VIEW_TYPE, STUDY_VIEW_TYPE } from "../../src/ui/host";
import { ReviewView } from "../../src/ui/review-view";
import { StudyView } from "../../src/ui/study-view";
import { createFakeApp, loadPlugin, type FakeApp } from "../fake-obsidian";
export { lineDiff } from "../support/line-diff";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SAMPLE_PATH = "The future of DL+CV.md";
export const SAMPLE_TEXT = readFileSync(path.join(REPO, "sample-vault", SAMPLE_PATH), "utf8");
export const MANIFEST = JSON.parse(readFileSync(path.join(REPO, "manifest.json"), "utf8")) as { id: string; name: string };
export const PLUGIN_ID = MANIFEST.id;
/** A Monday morning, after the 4:00 day start (tests run with TZ=UTC). */
export const START = new Date("2026-03-02T10:00:00Z");

/** The sample note plus a few more: a nested-tag deck, a folder deck, an untagged note and an image. */
export function sampleVault(extra: Record<string, string | Uint8Array> = {}): Record<string, string | Uint8Array> {
  return {
    [SAMPLE_PATH]: SAMPLE_TEXT,
    "lang/German.md": "---\ntags: [flashcards/lang/de]\n---\n# Words\n### der Hund\nthe dog\n\n### die Katze\nthe cat\n",
    "courses/eecs498/Lecture 1.md": "#flashcards\n\n### What is a [[Glossary|tensor]]?\nA multi-dimensional array. ![[pic.png]]\n",
    "courses/eecs498/pic.png": new Uint8Array([137, 80, 78, 71]),
    "Glossary.md": "Untagged: no cards here.\n### Not a card\nbecause the note has no tag\n",
    ...extra,
  };
}

export interface Loaded {
  app: FakeApp;
  plugin: HeadingFlashcardsPlugin;
  /** The plugin's clock; set `clock.now` to move time. */
  clock: { now: Date };
}

/** Creates an app on `files` (or reuses `app`), loads the plugin, fires layout-ready and waits for the index. */
export async function loadFlashcards(
  files: Record<string, string | Uint8Array>,
  options: { now?: Date; app?: FakeApp; clock?: { now: Date }; pluginData?: unknown } = {},
): Promise<Loaded> {
  const app = options.app ?? createFakeApp({ files, pluginData: options.pluginData === undefined ? {} : { [PLUGIN_ID]: options.pluginData } });
  const clock = options.clock ?? { now: options.now ?? START };
  const plugin = await loadPlugin(app, HeadingFlashcardsPlugin, MANIFEST);
  plugin.clock = () => new Date(clock.now.getTime());
  app.workspace.setLayoutReady();
  // Generous: on a loaded machine a 100,000-heading note takes seconds (speed is npm run bench's job).
  await until(() => plugin.indexReady, 30_000);
  await settle(app);
  return { app, plugin, clock };
}

/** Lets queued work finish: metadata events, the plugin's serialized writes, deferred notifications. */
export async function settle(app: FakeApp): Promise<void> {
  for (let round = 0; round < 3; round++) {
    await app.flushEvents();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

export async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("until: condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function reviewView(app: FakeApp): ReviewView {
  const leaf = app.workspace.getLeavesOfType(REVIEW_VIEW_TYPE)[0];
  if (!leaf || !(leaf.view instanceof ReviewView)) throw new Error("no review view open");
  return leaf.view;
}

export function studyView(app: FakeApp): StudyView {
  const leaf = app.workspace.getLeavesOfType(STUDY_VIEW_TYPE)[0];
  if (!leaf || !(leaf.view instanceof StudyView)) throw new Error("no study view open");
  return leaf.view;
}

/** Runs a command by its short id, as the command palette would. */
export function run(app: FakeApp, command: string): boolean {
  return app.commands.executeCommandById(`${PLUGIN_ID}:${command}`);
}

/** Opens the review for everything and waits until it shows a card or the done screen. */
export async function openReview(app: FakeApp): Promise<ReviewView> {
  run(app, "review-due-cards");
  await settle(app);
  return reviewView(app);
}

/** Presses a key through the app's keymap and lets the resulting writes finish. */
export async function press(app: FakeApp, key: string, mods: ("Mod" | "Shift")[] = []): Promise<KeyboardEvent> {
  const evt = app.pressKey(key, mods);
  await settle(app);
  return evt;
}

/** What the review pane shows, as text. */
export function screen(view: ReviewView): { note: string; context: string; question: string; answer: string | null; counts: string; buttons: string[]; done: string | null } {
  const el = view.contentEl;
  const text = (selector: string): string => el.querySelector(selector)?.textContent?.trim() ?? "";
  return {
    note: text(".hf-review-note"),
    context: text(".hf-context"),
    question: text(".hf-question"),
    answer: el.querySelector(".hf-answer") ? text(".hf-answer") : null,
    counts: text(".hf-review-top .hf-counts"),
    // A button's label without the key it shows (`.hf-key`, asserted on its own).
    buttons: Array.from(el.querySelectorAll(".hf-review-footer button")).map((b) =>
      Array.from(b.childNodes)
        .filter((node) => !(node instanceof HTMLElement && node.hasClass("hf-key")))
        .map((node) => node.textContent ?? "")
        .join("")
        .trim(),
    ),
    done: el.querySelector(".hf-done") ? text(".hf-done") : null,
  };
}


/** The review log's lines (JSON records) of this device, from the plugin's `logs/` folder. */
export async function reviewLogLines(app: FakeApp): Promise<string[]> {
  const folder = `${app.vault.configDir}/plugins/${PLUGIN_ID}/logs`;
  if (!(await app.vault.adapter.exists(folder))) return [];
  const { files } = await app.vault.adapter.list(folder);
  expect(files).toHaveLength(1);
  return (await app.vault.adapter.read(files[0]!)).split("\n").filter((line) => line !== "");
}

/** The open modal's panel, or null when no modal is open. */
export function openModal(): HTMLElement | null {
  return document.body.querySelector<HTMLElement>(".modal-container .modal");
}

/** The open modal's button with exactly this text; throws when there is none. */
export function modalButton(text: string): HTMLButtonElement {
  const found = [...(openModal()?.querySelectorAll("button") ?? [])].find((b) => b.textContent === text);
  if (!found) throw new Error(`no button "${text}"`);
  return found;
}
