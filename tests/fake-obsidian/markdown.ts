import type * as obsidian from "obsidian";
import { Component } from "./component";
import type { App } from "./app";
import type { Faked } from "./faked";
import { renderObsidianMarkdown } from "./markdown-it-renderer";

// Obsidian's MarkdownRenderer, rendering with markdown-it and Obsidian's own syntax (markdown-it-renderer.ts):
// embeds and internal links resolve through the metadata cache relative to the source path, as Obsidian does.

export interface RenderCall {
  app: App;
  markdown: string;
  el: HTMLElement;
  sourcePath: string;
  component: obsidian.Component;
}


export class MarkdownRenderChild extends Component implements obsidian.MarkdownRenderChild {
  constructor(public containerEl: HTMLElement) {
    super();
  }
}

export abstract class MarkdownRenderer extends MarkdownRenderChild {
  /** Test helper: every render call, oldest first (check the source path and the Component passed). */
  static log: RenderCall[] = [];
  /** @internal set by createFakeApp, for the deprecated renderMarkdown(). */
  static defaultApp: App | null = null;

  static async render(app: App, markdown: string, el: HTMLElement, sourcePath: string, component: obsidian.Component): Promise<void> {
    MarkdownRenderer.log.push({ app, markdown, el, sourcePath, component });
    await renderObsidianMarkdown(app, markdown, el, sourcePath);
  }
  static async renderMarkdown(markdown: string, el: HTMLElement, sourcePath: string, component: obsidian.Component): Promise<void> {
    if (!MarkdownRenderer.defaultApp) throw new Error("fake-obsidian: no app created yet");
    return MarkdownRenderer.render(MarkdownRenderer.defaultApp, markdown, el, sourcePath, component);
  }
}
// Drift check of the static signatures against obsidian.d.ts.
const _render: Faked<typeof obsidian.MarkdownRenderer.render> = MarkdownRenderer.render;
const _renderMarkdown: typeof obsidian.MarkdownRenderer.renderMarkdown = MarkdownRenderer.renderMarkdown;
void _render;
void _renderMarkdown;
