import { TFile, type Editor, type Menu, type Plugin } from "obsidian";
import { noteLookup, resolveQuestions, scanQuestions } from "../../core/study/question-badges";
import type { FlashcardsHost } from "../host";
import type { BadgeContext } from "./badge-context";
import type { CardActions } from "./card-actions";
import { cardMenu, noteMenu } from "./card-menu";
import { editorBadges } from "./editor-extension";
import { readingViewBadges } from "./reading-view";

/** Badges read "due" or "in 3h" against the clock: they are looked at again this often. */
const CLOCK_REFRESH_MS = 60_000;

/**
 * Issue 16 in the plugin: badges after each question in the editor and in Reading view, their menu,
 * and "Review this card" / "Review this note" in the editor's context menu and the note's file menu.
 */
export function registerEditorBadges(plugin: Plugin, host: FlashcardsHost, actions: CardActions): void {
  const listeners = new Set<() => void>();
  const notify = (): void => {
    for (const listener of listeners) listener();
  };
  plugin.register(host.onIndexChange(notify));
  plugin.registerInterval(window.setInterval(notify, CLOCK_REFRESH_MS));

  const context: BadgeContext = {
    enabled: () => host.settings.showBadges,
    note: (path) => host.index.get(path),
    now: () => host.clock(),
    dayStartHour: () => host.settings.dayStartHour,
    openMenu: (evt, path, key) => {
      const note = host.index.get(path);
      const card = key === null || note === undefined ? undefined : noteLookup(note).byKey.get(key);
      const menu = card === undefined ? noteMenu(path, actions) : cardMenu({ path, key: card.key }, card.state, actions);
      menu.showAtMouseEvent(evt);
    },
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  plugin.registerEditorExtension(editorBadges(context));
  plugin.registerMarkdownPostProcessor(readingViewBadges(context));

  plugin.registerEvent(
    plugin.app.workspace.on("editor-menu", (menu: Menu, editor: Editor, info) => {
      const path = info.file?.path;
      if (path === undefined || !host.index.has(path)) return;
      const key = questionKeyAtCursor(host, path, editor);
      if (key !== null) menu.addItem((item) => item.setTitle("Review this card").setIcon("play").setSection("flashcards").onClick(() => actions.reviewCard({ path, key })));
      menu.addItem((item) => item.setTitle("Review this note").setIcon("layers").setSection("flashcards").onClick(() => actions.reviewNote(path)));
    }),
  );
  plugin.registerEvent(
    plugin.app.workspace.on("file-menu", (menu, file) => {
      if (!(file instanceof TFile) || !host.index.has(file.path)) return;
      menu.addItem((item) => item.setTitle("Review this note").setIcon("layers").setSection("flashcards").onClick(() => actions.reviewNote(file.path)));
    }),
  );
}

/** The key of the card whose question is on the cursor's line, or null. Read on demand, once per context menu. */
function questionKeyAtCursor(host: FlashcardsHost, path: string, editor: Editor): string | null {
  const note = host.index.get(path);
  if (note === undefined) return null;
  const { questions } = scanQuestions(editor.getValue());
  const at = questions.findIndex((heading) => heading.line === editor.getCursor().line);
  if (at === -1) return null;
  const target = resolveQuestions(note, questions)[at];
  return target.kind === "card" ? target.card.key : null;
}
