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
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
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
    if (!mayStartHeading(masked, start)) continue;
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

/** Whether the line at `start` begins with up to three spaces and a `#` (what HEADING needs first). */
function mayStartHeading(text: string, start: number): boolean {
  let i = start;
  while (i < start + 3 && text.charCodeAt(i) === 32) i++;
  return text.charCodeAt(i) === 35;
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
  // The ranges to blank, in order (they never overlap); the text is copied once at the end.
  const ranges: number[] = [];
  const blank = (a: number, b: number) => {
    if (b > a) ranges.push(a, b);
  };
  blank(0, from);
  let i = from;
  let fence: { ch: string; len: number } | null = null;
  let region: string | null = null; // closing marker of an open %%, <!-- or $$ region
  let regionStart = 0;
  let fenceClose: RegExp | null = null;
  // Where each marker next occurs: searched once, not again from every line (an unclosed region or a
  // lone `$` would otherwise scan the rest of the note once per line).
  const found = new Map<string, { from: number; at: number }>();
  const find = (marker: string, from: number): number => {
    const last = found.get(marker);
    if (last !== undefined && last.from <= from && (last.at === -1 || last.at >= from)) return last.at;
    const at = text.indexOf(marker, from);
    found.set(marker, { from, at });
    return at;
  };
  const specials = /[%$<`]/g;
  let specialFrom = -1;
  let specialAt = -1;
  const nextSpecial = (from: number): number => {
    if (specialFrom !== -1 && specialFrom <= from && (specialAt === -1 || specialAt >= from)) return specialAt;
    specials.lastIndex = from;
    specialFrom = from;
    specialAt = specials.exec(text)?.index ?? -1;
    return specialAt;
  };
  while (i < text.length) {
    const newline = text.indexOf("\n", i);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(i, lineEnd);
    if (fence) {
      fenceClose ??= new RegExp(`^ {0,3}${fence.ch === "`" ? "`" : "~"}{${fence.len},}[ \\t]*\\r?$`);
      if (fenceClose.test(line)) {
        fence = null;
        fenceClose = null;
      }
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
        const k = find(region, j);
        if (k < 0 || k >= lineEnd) {
          j = lineEnd;
          break;
        }
        blank(regionStart, k + region.length);
        region = null;
        j = k + 2 + (text.startsWith("-->", k) ? 1 : 0);
        continue;
      }
      // Only `%`, `$`, `<` and a backtick can start a region: skip to the next one on the line.
      const special = nextSpecial(j);
      if (special < 0 || special >= lineEnd) break;
      j = special;
      // No marker holds a line break, so looking at `text` from j is looking at the rest of the line.
      const opener = text.startsWith("%%", j) ? "%%" : text.startsWith("$$", j) ? "$$" : text.startsWith("<!--", j) ? "<!--" : null;
      if (opener !== null) {
        region = opener === "<!--" ? "-->" : opener;
        regionStart = j;
        j += opener.length;
        continue;
      }
      if (text[j] === "`") {
        let runEnd = j + 1;
        while (text[runEnd] === "`") runEnd++;
        const run = text.slice(j, runEnd);
        const close = find(run, j + run.length);
        if (close >= 0 && close < lineEnd) {
          blank(j, close + run.length);
          j = close + run.length;
        } else j += run.length;
        continue;
      }
      if (text[j] === "$" && j + 1 < lineEnd && !/\s/.test(text[j + 1])) {
        const close = find("$", j + 1);
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
  if (ranges.length === 0) return text;
  const out: string[] = [];
  let copied = 0;
  for (let r = 0; r < ranges.length; r += 2) {
    const a = Math.max(ranges[r], copied);
    const b = ranges[r + 1];
    if (b <= a) continue;
    const piece = text.slice(a, b);
    out.push(text.slice(copied, a), /[\n\r]/.test(piece) ? piece.replace(/[^\n\r]+/g, (run) => " ".repeat(run.length)) : " ".repeat(piece.length));
    copied = b;
  }
  out.push(text.slice(copied));
  return out.join("");
}
