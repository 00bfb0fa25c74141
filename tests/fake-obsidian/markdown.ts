import type * as obsidian from "obsidian";
import { Component } from "./component";
import type { App } from "./app";
import type { Faked } from "./faked";

// A small but real Markdown renderer: builds DOM with createEl (never innerHTML), resolves embeds and
// internal links through the metadata cache relative to the source path, as Obsidian does.

export interface RenderCall {
  app: App;
  markdown: string;
  el: HTMLElement;
  sourcePath: string;
  component: obsidian.Component;
}

const IMAGE_EXT = new Set(["png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "avif"]);
const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^`\s]*)/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const HR = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const LIST = /^( *)([-*+]|\d+[.)])[ \t]+(.*)$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const TAG = /(^|\s)#([^\s!"#$%&'()*+,.:;<=>?@[\\\]^`{|}~]*[^\s!"#$%&'()*+,.:;<=>?@[\\\]^`{|}~\d][^\s!"#$%&'()*+,.:;<=>?@[\\\]^`{|}~]*)/g;
const INLINE =
  /(`+)([\s\S]*?[^`])\1(?!`)|!\[\[([^\]\n]+)\]\]|\[\[([^\]\n]+)\]\]|!\[([^\]\n]*)\]\(([^)\n]+)\)|\[([^\]\n]+)\]\(([^)\n]+)\)|\$\$([^$\n]+)\$\$|\$([^\s$](?:[^$\n]*[^\s$])?)\$|\*\*(.+?)\*\*|__(.+?)__|\*([^*\n]+)\*|_([^_\n]+)_|==([^=\n]+)==|~~([^~\n]+)~~/g;

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
    new Renderer(app, sourcePath).blocks(markdown.replace(/\r\n?/g, "\n").split("\n"), el);
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

class Renderer {
  constructor(private app: App, private sourcePath: string) {}

  blocks(lines: string[], el: HTMLElement): void {
    let i = 0;
    const isBlockStart = (l: string) => FENCE.test(l) || HEADING.test(l) || HR.test(l) || LIST.test(l) || QUOTE.test(l) || l.trimStart().startsWith("$$");
    while (i < lines.length) {
      const line = lines[i];
      if (!line.trim()) {
        i++;
        continue;
      }
      const fence = FENCE.exec(line);
      if (fence) {
        const close = new RegExp(`^ {0,3}${fence[1][0] === "`" ? "`" : "~"}{${fence[1].length},}[ \\t]*$`);
        const body: string[] = [];
        for (i++; i < lines.length && !close.test(lines[i]); i++) body.push(lines[i]);
        i++;
        const code = el.createEl("pre").createEl("code", { text: body.join("\n") });
        if (fence[2]) code.addClass(`language-${fence[2]}`);
        continue;
      }
      if (line.trimStart().startsWith("$$")) {
        const first = line.trimStart().slice(2);
        const body: string[] = [];
        if (first.includes("$$")) {
          body.push(first.slice(0, first.indexOf("$$")));
          i++;
        } else {
          if (first.trim()) body.push(first);
          for (i++; i < lines.length && !lines[i].includes("$$"); i++) body.push(lines[i]);
          if (i < lines.length) {
            const last = lines[i].slice(0, lines[i].indexOf("$$"));
            if (last.trim()) body.push(last);
          }
          i++;
        }
        el.createDiv({ cls: "math math-block", text: body.join("\n").trim() });
        continue;
      }
      const h = HEADING.exec(line);
      if (h) {
        this.inline(h[2] ?? "", el.createEl(`h${h[1].length}` as "h1"));
        i++;
        continue;
      }
      if (HR.test(line)) {
        el.createEl("hr");
        i++;
        continue;
      }
      if (LIST.test(line)) {
        const ordered = /\d/.test(LIST.exec(line)![2]);
        const list = el.createEl(ordered ? "ol" : "ul");
        let li: HTMLElement | null = null;
        for (; i < lines.length && lines[i].trim(); i++) {
          const m = LIST.exec(lines[i]);
          if (m) this.inline(m[3], (li = list.createEl("li")));
          else if (li) {
            li.createEl("br");
            this.inline(lines[i].trim(), li);
          }
        }
        continue;
      }
      if (QUOTE.test(line)) {
        const inner: string[] = [];
        for (; i < lines.length && QUOTE.test(lines[i]); i++) inner.push(QUOTE.exec(lines[i])![1]);
        this.blocks(inner, el.createEl("blockquote"));
        continue;
      }
      const p = el.createEl("p");
      let first = true;
      for (; i < lines.length && lines[i].trim() && (first || !isBlockStart(lines[i])); i++) {
        if (!first) p.createEl("br"); // Obsidian's default: a single newline is a line break
        this.inline(lines[i].trim(), p);
        first = false;
      }
    }
  }

  inline(text: string, el: HTMLElement): void {
    let last = 0;
    for (const m of text.matchAll(INLINE)) {
      if (m.index > last) this.text(text.slice(last, m.index), el);
      last = m.index + m[0].length;
      if (m[1]) el.createEl("code", { text: m[2] });
      else if (m[3]) this.embed(m[3], el);
      else if (m[4]) this.internalLink(m[4], el);
      else if (m[6] !== undefined) this.mdImage(m[5] ?? "", m[6], el);
      else if (m[8] !== undefined) this.mdLink(m[7], m[8], el);
      else if (m[9]) el.createDiv({ cls: "math math-block", text: m[9].trim() });
      else if (m[10]) el.createSpan({ cls: "math math-inline", text: m[10] });
      else if (m[11] ?? m[12]) this.inline(m[11] ?? m[12], el.createEl("strong"));
      else if (m[13] ?? m[14]) this.inline(m[13] ?? m[14], el.createEl("em"));
      else if (m[15]) this.inline(m[15], el.createEl("mark"));
      else if (m[16]) this.inline(m[16], el.createEl("del"));
    }
    if (last < text.length) this.text(text.slice(last), el);
  }

  private resolve(linktext: string) {
    const path = linktext.split("#")[0];
    return this.app.metadataCache.getFirstLinkpathDest(path, this.sourcePath);
  }

  private embed(inner: string, el: HTMLElement): void {
    const [target, alt] = splitOnce(inner, "|");
    const file = this.resolve(target.trim());
    const span = el.createSpan({ cls: "internal-embed", attr: { src: target.trim(), alt: alt ?? null } });
    if (!file) {
      span.addClass("is-unresolved");
      span.setText(target);
      return;
    }
    span.addClass("is-loaded");
    if (IMAGE_EXT.has(file.extension)) {
      span.addClass("image-embed", "media-embed");
      const img = span.createEl("img", { attr: { src: this.app.vault.getResourcePath(file), alt: alt ?? file.name } });
      const width = alt && /^\d+(x\d+)?$/.test(alt) ? alt.split("x")[0] : null;
      if (width) img.setAttr("width", width);
    } else {
      span.addClass("markdown-embed");
      span.createDiv({ cls: "markdown-embed-title", text: file.basename });
    }
  }

  private internalLink(inner: string, el: HTMLElement): void {
    const [target, alias] = splitOnce(inner, "|");
    const href = target.trim();
    const a = el.createEl("a", { cls: "internal-link", text: alias ?? href, href, attr: { "data-href": href, target: "_blank", rel: "noopener" } });
    if (!this.resolve(href)) a.addClass("is-unresolved");
    // No click handler: in a custom view, rendered links do nothing until the view handles them
    // (design.md §6; Obsidian's sample code for MarkdownRenderer leaves link handling to the caller).
  }

  /** Plain text with Obsidian's body tags as `a.tag` links (href `#tag`), as Obsidian renders them. */
  private text(text: string, el: HTMLElement): void {
    let last = 0;
    for (const m of text.matchAll(TAG)) {
      const start = m.index + m[1].length;
      if (start > last) el.appendText(text.slice(last, start));
      el.createEl("a", { cls: "tag", text: `#${m[2]}`, href: `#${m[2]}`, attr: { target: "_blank", rel: "noopener" } });
      last = m.index + m[0].length;
    }
    if (last < text.length) el.appendText(text.slice(last));
  }

  private mdImage(alt: string, url: string, el: HTMLElement): void {
    const target = url.trim().replace(/^<|>$/g, "");
    if (isUrl(target)) {
      el.createEl("img", { attr: { src: target, alt } });
      return;
    }
    const file = this.resolve(safeDecode(target));
    if (file) el.createEl("img", { attr: { src: this.app.vault.getResourcePath(file), alt } });
    else el.createSpan({ cls: "internal-embed is-unresolved", text: alt || target });
  }

  private mdLink(text: string, url: string, el: HTMLElement): void {
    const target = url.trim().replace(/^<|>$/g, "");
    if (isUrl(target)) {
      const a = el.createEl("a", { cls: "external-link", href: target, attr: { target: "_blank", rel: "noopener nofollow" } });
      this.inline(text, a);
    } else this.internalLink(`${safeDecode(target)}|${text}`, el);
  }
}

function isUrl(s: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(s);
}
function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}
function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}
