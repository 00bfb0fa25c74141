import katex from "katex";
import MarkdownIt from "markdown-it";
import footnote from "markdown-it-footnote";
// @ts-expect-error -- markdown-it-task-lists ships no types; it is a markdown-it plugin like the others.
import taskLists from "markdown-it-task-lists";
import type StateBlock from "markdown-it/lib/rules_block/state_block.mjs";
import type StateInline from "markdown-it/lib/rules_inline/state_inline.mjs";
import type { App } from "./app";

/**
 * Markdown as Obsidian renders it, close enough that playground screenshots can be trusted: CommonMark
 * (markdown-it) with Obsidian's defaults (a single newline is a line break), footnotes, task lists,
 * math through KaTeX (a real TeX renderer), callouts, `%% comments %%` hidden, `==highlights==`, tags,
 * internal links and embeds — images, notes, and a note's heading (`![[Note#Heading]]`) — resolved
 * through the metadata cache relative to the source path. Only the Obsidian syntax markdown-it lacks
 * is added here, as markdown-it rules; the parsing itself is markdown-it's.
 */

const IMAGE_EXT = new Set(["png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "avif"]);
/** Embeds inside embeds stop here, as Obsidian stops a note embedding itself. */
const MAX_EMBED_DEPTH = 3;

const md = new MarkdownIt({ html: false, breaks: true, linkify: true }).use(footnote).use(taskLists as (md: MarkdownIt) => void, { enabled: false, label: true });
md.inline.ruler.before("link", "obsidian_link", obsidianLink);
md.inline.ruler.before("escape", "math_inline", mathInline);
md.inline.ruler.before("emphasis", "highlight", highlight);
md.inline.ruler.push("tag", tag);
md.block.ruler.before("fence", "math_block", mathBlock, { alt: ["paragraph", "reference", "blockquote", "list"] });

md.renderer.rules.obsidian_link = (tokens, index) => {
  const { target, alias, embed } = tokens[index].meta as { target: string; alias: string | null; embed: boolean };
  const esc = md.utils.escapeHtml;
  if (embed) return `<span class="internal-embed" src="${esc(target)}"${alias === null ? "" : ` alt="${esc(alias)}"`}></span>`;
  return `<a class="internal-link" data-href="${esc(target)}" href="${esc(target)}" target="_blank" rel="noopener">${esc(alias ?? target)}</a>`;
};
md.renderer.rules.math_inline = (tokens, index) => `<span class="math math-inline">${tex(tokens[index].content, false)}</span>`;
md.renderer.rules.math_block = (tokens, index) => `<div class="math math-block">${tex(tokens[index].content, true)}</div>\n`;
md.renderer.rules.tag = (tokens, index) => {
  const name = md.utils.escapeHtml(tokens[index].content);
  return `<a href="#${name}" class="tag" target="_blank" rel="noopener">#${name}</a>`;
};

function tex(source: string, display: boolean): string {
  return katex.renderToString(source, { displayMode: display, throwOnError: false, output: "htmlAndMathml" });
}

/** `[[target|alias]]` and `![[target|alias]]`. */
function obsidianLink(state: StateInline, silent: boolean): boolean {
  const start = state.pos;
  const embed = state.src.charCodeAt(start) === 0x21; /* ! */
  const open = embed ? start + 1 : start;
  if (state.src.slice(open, open + 2) !== "[[") return false;
  const close = state.src.indexOf("]]", open + 2);
  if (close === -1 || state.src.slice(open + 2, close).includes("\n")) return false;
  const inner = state.src.slice(open + 2, close);
  if (inner.trim() === "") return false;
  if (!silent) {
    const bar = inner.indexOf("|");
    const token = state.push("obsidian_link", "", 0);
    token.meta = { target: (bar === -1 ? inner : inner.slice(0, bar)).trim(), alias: bar === -1 ? null : inner.slice(bar + 1), embed };
  }
  state.pos = close + 2;
  return true;
}

/** `$x^2$` (no space inside the dollars, no digit right after the closing one) and inline `$$…$$`. */
function mathInline(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src.charCodeAt(start) !== 0x24) return false;
  const display = src.charCodeAt(start + 1) === 0x24;
  const marker = display ? "$$" : "$";
  const from = start + marker.length;
  if (!display && (from >= src.length || /\s/.test(src[from]))) return false;
  let end = src.indexOf(marker, from);
  while (end !== -1 && src.charCodeAt(end - 1) === 0x5c) end = src.indexOf(marker, end + 1);
  if (end === -1 || end === from) return false;
  if (!display && (/\s/.test(src[end - 1]) || /\d/.test(src[end + 1] ?? ""))) return false;
  if (!silent) {
    const token = state.push(display ? "math_block" : "math_inline", "math", 0);
    token.content = src.slice(from, end).trim();
  }
  state.pos = end + marker.length;
  return true;
}

/** `$$` on its own lines: display math. */
function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const lineText = (line: number): string => state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
  const first = lineText(startLine);
  if (state.sCount[startLine] - state.blkIndent >= 4 || !first.startsWith("$$")) return false;
  const rest = first.slice(2);
  let content: string;
  let last = startLine;
  if (rest.trimEnd().endsWith("$$") && rest.trim().length > 2) {
    content = rest.trimEnd().slice(0, -2);
  } else {
    const body = [rest];
    for (last = startLine + 1; last < endLine; last++) {
      const text = lineText(last);
      const at = text.indexOf("$$");
      if (at !== -1) {
        body.push(text.slice(0, at));
        break;
      }
      body.push(text);
    }
    content = body.join("\n");
  }
  if (silent) return true;
  const token = state.push("math_block", "math", 0);
  token.block = true;
  token.content = content.trim();
  token.map = [startLine, last + 1];
  state.line = last + 1;
  return true;
}

/** `==highlight==`. */
function highlight(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src.slice(start, start + 2) !== "==" || src[start + 2] === " " || src[start + 2] === "=") return false;
  const end = src.indexOf("==", start + 2);
  if (end === -1 || src.slice(start + 2, end).includes("\n")) return false;
  if (!silent) {
    state.push("mark_open", "mark", 1);
    const oldMax = state.posMax;
    state.pos = start + 2;
    state.posMax = end;
    state.md.inline.tokenize(state);
    state.posMax = oldMax;
    state.push("mark_close", "mark", -1);
  }
  state.pos = end + 2;
  return true;
}

/** `#tag` after a space or at the start: letters, digits, `_`, `-`, `/`, not only digits. */
function tag(state: StateInline, silent: boolean): boolean {
  const start = state.pos;
  if (state.src.charCodeAt(start) !== 0x23) return false;
  if (start > 0 && !/\s/.test(state.src[start - 1])) return false;
  const match = /^#([\p{L}\p{N}_/-]*[\p{L}_/-][\p{L}\p{N}_/-]*)/u.exec(state.src.slice(start));
  if (match === null) return false;
  if (!silent) state.push("tag", "a", 0).content = match[1];
  state.pos = start + match[0].length;
  return true;
}

/** `%% … %%` hidden everywhere outside code, as Obsidian's reading view hides comments. */
export function hideComments(markdown: string): string {
  const lines = markdown.split("\n");
  const out: string[] = [];
  let fence: string | null = null;
  let inComment = false;
  for (const line of lines) {
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (!inComment && fenceMatch) {
      if (fence === null) fence = fenceMatch[1];
      else if (fenceMatch[1].startsWith(fence)) fence = null;
      out.push(line);
      continue;
    }
    if (fence !== null) {
      out.push(line);
      continue;
    }
    let kept = "";
    let rest = line;
    while (rest !== "") {
      const at = rest.indexOf("%%");
      if (at === -1) {
        if (!inComment) kept += rest;
        break;
      }
      if (!inComment) kept += rest.slice(0, at);
      inComment = !inComment;
      rest = rest.slice(at + 2);
    }
    // A line that was all comment disappears, so it does not leave an empty paragraph behind.
    if (kept.trim() !== "" || line.trim() === "") out.push(kept);
  }
  return out.join("\n");
}

/** Renders `markdown` into `el` and resolves links and embeds. */
export async function renderObsidianMarkdown(app: App, markdown: string, el: HTMLElement, sourcePath: string, depth = 0): Promise<void> {
  const html = md.render(hideComments(markdown.replace(/\r\n?/g, "\n")));
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  const holder = el.ownerDocument.createElement("div");
  for (const node of Array.from(doc.body.childNodes)) holder.appendChild(el.ownerDocument.importNode(node, true));
  callouts(holder);
  for (const link of Array.from(holder.querySelectorAll<HTMLElement>("a.internal-link"))) wireLink(app, link, sourcePath);
  for (const link of Array.from(holder.querySelectorAll<HTMLAnchorElement>("a[href]:not(.internal-link):not(.tag)"))) {
    link.addClass("external-link");
    link.setAttr("target", "_blank");
    link.setAttr("rel", "noopener nofollow");
  }
  const embeds = Array.from(holder.querySelectorAll<HTMLElement>("span.internal-embed"));
  while (holder.firstChild) el.appendChild(holder.firstChild);
  for (const embed of embeds) await resolveEmbed(app, embed, sourcePath, depth);
}

function resolveFile(app: App, linktext: string, sourcePath: string) {
  return app.metadataCache.getFirstLinkpathDest(linktext.split("#")[0], sourcePath);
}

function wireLink(app: App, link: HTMLElement, sourcePath: string): void {
  const href = link.getAttr("data-href") ?? "";
  if (!resolveFile(app, href, sourcePath)) link.addClass("is-unresolved");
  // No click handler: in a custom view, rendered links do nothing until the view handles them
  // (design.md §6; Obsidian's sample code for MarkdownRenderer leaves link handling to the caller).
}

async function resolveEmbed(app: App, span: HTMLElement, sourcePath: string, depth: number): Promise<void> {
  const target = span.getAttr("src") ?? "";
  const alt = span.getAttr("alt");
  const file = resolveFile(app, target, sourcePath);
  if (!file) {
    span.addClass("is-unresolved");
    span.setText(target);
    return;
  }
  span.addClass("is-loaded");
  if (IMAGE_EXT.has(file.extension)) {
    span.addClass("image-embed", "media-embed");
    const img = span.createEl("img", { attr: { src: app.vault.getResourcePath(file), alt: alt ?? file.name } });
    const width = alt && /^\d+(x\d+)?$/.test(alt) ? alt.split("x")[0] : null;
    if (width) img.setAttr("width", width);
    return;
  }
  span.addClass("markdown-embed", "inline-embed");
  const hash = target.indexOf("#");
  const heading = hash === -1 ? null : target.slice(hash + 1).replace(/^\^/, "");
  // A heading embed shows the heading itself; a whole note is titled with its name.
  if (heading === null) span.createDiv({ cls: "markdown-embed-title", text: file.basename });
  const content = span.createDiv("markdown-embed-content");
  if (file.extension !== "md" || depth >= MAX_EMBED_DEPTH) return;
  const text = await app.vault.cachedRead(file);
  const section = heading === null ? withoutFrontmatter(text) : headingSection(text, heading);
  if (section === null) {
    content.setText(`"${heading ?? ""}" is not in ${file.basename}.`);
    return;
  }
  await renderObsidianMarkdown(app, section, content, file.path, depth + 1);
}

function withoutFrontmatter(text: string): string {
  return text.replace(/^---\n[\s\S]*?\n(?:---|\.\.\.)(?:\n|$)/, "");
}

/** A heading and what follows it up to the next heading of its level or above, as Obsidian embeds it. */
export function headingSection(text: string, heading: string): string | null {
  const lines = withoutFrontmatter(text).split(/\r?\n/);
  const wanted = heading.trim().toLowerCase();
  let start = -1;
  let level = 0;
  let fenced = false;
  for (let index = 0; index < lines.length; index++) {
    if (/^ {0,3}(`{3,}|~{3,})/.test(lines[index])) fenced = !fenced;
    if (fenced) continue;
    const match = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/.exec(lines[index]);
    if (match === null) continue;
    if (start === -1) {
      if (match[2].trim().toLowerCase() === wanted) {
        start = index;
        level = match[1].length;
      }
    } else if (match[1].length <= level) {
      return lines.slice(start, index).join("\n");
    }
  }
  return start === -1 ? null : lines.slice(start).join("\n");
}

/** `> [!note] Title` blockquotes become Obsidian's callouts. */
function callouts(root: HTMLElement): void {
  for (const quote of Array.from(root.querySelectorAll("blockquote"))) {
    const first = quote.firstElementChild;
    const text = first?.firstChild;
    if (!first || first.tagName !== "P" || !text || text.nodeType !== 3) continue;
    const match = /^\[!([\w-]+)\]([+-]?)[ \t]*([^\n]*)/.exec(text.textContent ?? "");
    if (match === null) continue;
    const type = match[1].toLowerCase();
    const callout = root.ownerDocument.createElement("div");
    callout.className = "callout";
    callout.setAttribute("data-callout", type);
    if (match[2] !== "") callout.addClass("is-collapsible");
    const title = callout.createDiv("callout-title");
    title.createDiv({ cls: "callout-title-inner", text: match[3].trim() || type.charAt(0).toUpperCase() + type.slice(1) });
    const content = callout.createDiv("callout-content");
    // The rest of the first paragraph (after its first line) and everything after it is the content.
    text.textContent = (text.textContent ?? "").slice(match[0].length).replace(/^\n/, "");
    if (text.textContent === "") text.remove();
    if (first.firstChild?.nodeName === "BR") first.firstChild.remove();
    if ((first.textContent ?? "").trim() === "" && first.children.length === 0) first.remove();
    while (quote.firstChild) content.appendChild(quote.firstChild);
    quote.replaceWith(callout);
  }
}
