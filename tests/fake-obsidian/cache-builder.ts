import type * as obsidian from "obsidian";
import { getFrontMatterInfo, parseYaml } from "./frontmatter";

// Builds CachedMetadata from a note's text the way Obsidian indexes it: headings, body tags, links and
// embeds, frontmatter. Code (fenced and inline), %% comments %%, <!-- comments --> and math hold none.

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const TAG = /(^|\s)#([^\s!"#$%&'()*+,.:;<=>?@[\\\]^`{|}~]+)/g;
const WIKI = /(!?)\[\[([^\]\n]+?)\]\]/g;
const MDLINK = /(!?)\[([^\]\n]*)\]\(([^)\n]+)\)/g;

export function buildCache(text: string): obsidian.CachedMetadata {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const loc = (offset: number): obsidian.Loc => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, col: offset - lineStarts[lo], offset };
  };
  const pos = (start: number, end: number): obsidian.Pos => ({ start: loc(start), end: loc(end) });

  const cache: obsidian.CachedMetadata = {};
  const fm = getFrontMatterInfo(text);
  let bodyStart = 0;
  if (fm.exists) {
    cache.frontmatterPosition = pos(0, fm.closeLineEnd);
    bodyStart = fm.contentStart;
    try {
      const data = parseYaml(fm.frontmatter);
      // Invalid YAML (or a scalar) gives no frontmatter at all, as in Obsidian.
      if (data && typeof data === "object" && !Array.isArray(data)) cache.frontmatter = data as obsidian.FrontMatterCache;
    } catch {
      /* invalid YAML: no frontmatter */
    }
  }

  const masked = maskNonText(text, bodyStart);
  const headings: obsidian.HeadingCache[] = [];
  const tags: obsidian.TagCache[] = [];
  const links: obsidian.LinkCache[] = [];
  const embeds: obsidian.EmbedCache[] = [];

  for (let ln = 0; ln < lineStarts.length; ln++) {
    const start = lineStarts[ln];
    if (start < bodyStart) continue;
    const end = ln + 1 < lineStarts.length ? lineStarts[ln + 1] - 1 : text.length;
    const line = masked.slice(start, end).replace(/\r$/, "");
    const h = HEADING.exec(line);
    if (h) headings.push({ heading: (h[2] ?? "").trim(), level: h[1].length, position: pos(start, start + line.length) });
  }

  const body = masked.slice(bodyStart);
  for (const m of body.matchAll(TAG)) {
    if (/^\d+$/.test(m[2])) continue; // purely numeric is not a tag
    const s = bodyStart + m.index + m[1].length;
    tags.push({ tag: "#" + m[2], position: pos(s, s + 1 + m[2].length) });
  }
  for (const m of body.matchAll(WIKI)) {
    const s = bodyStart + m.index;
    const [target, alias] = splitOnce(m[2], "|");
    const ref = { link: target.trim(), original: m[0], displayText: alias ?? target.trim(), position: pos(s, s + m[0].length) };
    (m[1] ? embeds : links).push(ref);
  }
  for (const m of body.matchAll(MDLINK)) {
    const target = m[3].trim().replace(/^<|>$/g, "");
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // external URL, not a vault link
    const s = bodyStart + m.index;
    const ref = { link: safeDecode(target), original: m[0], displayText: m[2], position: pos(s, s + m[0].length) };
    (m[1] ? embeds : links).push(ref);
  }

  if (headings.length) cache.headings = headings;
  if (tags.length) cache.tags = tags;
  if (links.length) cache.links = links;
  if (embeds.length) cache.embeds = embeds;
  return cache;
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

/**
 * Returns `text` with code, comments and math replaced by spaces (newlines kept, so offsets and line
 * numbers stay valid). Regions left open run to the end of the file.
 */
export function maskNonText(text: string, from: number): string {
  const out = text.split("");
  const blank = (a: number, b: number) => {
    for (let i = a; i < b; i++) if (out[i] !== "\n" && out[i] !== "\r") out[i] = " ";
  };
  blank(0, from);
  let i = from;
  let fence: { ch: string; len: number } | null = null;
  let region: string | null = null; // closing marker of an open %%, <!-- or $$ region
  let regionStart = 0;
  while (i < text.length) {
    const lineEnd = text.indexOf("\n", i) < 0 ? text.length : text.indexOf("\n", i);
    const line = text.slice(i, lineEnd);
    if (fence) {
      const close = new RegExp(`^ {0,3}${fence.ch === "`" ? "`" : "~"}{${fence.len},}[ \\t]*\\r?$`);
      if (close.test(line)) fence = null;
      blank(i, lineEnd);
      i = lineEnd + 1;
      continue;
    }
    const open = region === null ? FENCE_OPEN.exec(line) : null;
    if (open) {
      fence = { ch: open[1][0], len: open[1].length };
      blank(i, lineEnd);
      i = lineEnd + 1;
      continue;
    }
    // Scan the line for inline regions.
    let j = i;
    while (j < lineEnd) {
      if (region !== null) {
        const k = text.indexOf(region, j);
        if (k < 0 || k >= lineEnd) {
          j = lineEnd;
          break;
        }
        blank(regionStart, k + region.length);
        region = null;
        j = k + 2 + (text.startsWith("-->", k) ? 1 : 0);
        continue;
      }
      const rest = text.slice(j, lineEnd);
      if (rest.startsWith("%%") || rest.startsWith("$$") || rest.startsWith("<!--")) {
        region = rest.startsWith("<!--") ? "-->" : rest.slice(0, 2);
        regionStart = j;
        j += rest.startsWith("<!--") ? 4 : 2;
        continue;
      }
      if (text[j] === "`") {
        const run = /^`+/.exec(rest)![0];
        const close = text.indexOf(run, j + run.length);
        if (close >= 0 && close < lineEnd) {
          blank(j, close + run.length);
          j = close + run.length;
        } else j += run.length;
        continue;
      }
      if (text[j] === "$" && j + 1 < lineEnd && !/\s/.test(text[j + 1])) {
        const close = text.indexOf("$", j + 1);
        if (close > j + 1 && close < lineEnd && !/\s/.test(text[close - 1])) {
          blank(j, close + 1);
          j = close + 1;
          continue;
        }
      }
      j++;
    }
    i = lineEnd + 1;
  }
  if (region !== null) blank(regionStart, text.length);
  return out.join("");
}
