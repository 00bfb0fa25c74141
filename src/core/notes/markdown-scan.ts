import { htmlBlockStart, isThematicBreak, listItemContentOffset, setextLevel, type HtmlBlockEnd } from "./block-starts";
import type { LineTable } from "./lines";

/**
 * One pass over a note's body that finds what the card rules need: ATX headings (Q1) and inline tags
 * (T1), skipping what Obsidian hides or treats as code (Q3): fenced code, `%% %%` and `<!-- -->`
 * comments, `$$ $$` math, inline code and inline math. Regions opened and left unclosed run to the end.
 */
export interface ScannedHeading {
  /** Line index in the note. */
  line: number;
  level: number;
  /** Text with the closing hashes dropped, trimmed. */
  text: string;
}

export interface BodyScan {
  headings: ScannedHeading[];
  /** Inline tags without `#`, as written. */
  tags: string[];
  /** Fenced code blocks: content lines [from, to); `to` is the line count for a fence left open. */
  fences: { from: number; to: number }[];
}

// Characters that can start something the inline scan cares about.
const INLINE_SPECIAL = /[`%<$#]/g;
const TAG_CHAR = /[\p{L}\p{N}\p{M}_\-/]/u;
const TAG_RUN = /[\p{L}\p{N}\p{M}_\-/]+/uy;

type Region = { close: string } | null;

/**
 * With `tag`, only lines that may hold that tag (`#tag…`, any case) or a region marker are scanned
 * inline, so `tags` lists at least every tag that could match it — not every tag of the note.
 */
export function scanBody(lines: LineTable, firstLine: number, tag?: string): BodyScan {
  const scanner = new BodyScanner(lines, tag === undefined ? null : tagFinder(tag));
  scanner.run(firstLine);
  return { headings: scanner.headings, tags: scanner.tags, fences: scanner.fences };
}

class BodyScanner {
  readonly headings: ScannedHeading[] = [];
  readonly tags: string[] = [];
  readonly fences: { from: number; to: number }[] = [];
  private readonly text: string;
  private fence: { char: number; length: number } | null = null;
  /** The HTML block being skipped (design.md Q3), or null. */
  private html: HtmlBlockEnd | null = null;
  /** First line of the top-level paragraph being read (a setext heading's text starts there), or -1. */
  private paragraph = -1;
  /** The top-level list item being read: lines indented to its content belong to it; `lazy` while a paragraph of it may continue. */
  private list: { contentIndent: number; lazy: boolean } | null = null;
  /** True while a blockquote's lines (and its lazy continuations) are being read. */
  private quote = false;
  /** True when the blockquote's last line was paragraph text, which an unmarked line may continue. */
  private quoteLazy = false;
  // Where the next `#`, `%%`, `<!--` and `$$` are (or Infinity): a line holding none of them has no tag
  // and opens no region, so its inline scan can be skipped. Most lines of a note are such lines.
  private nextHash = -1;
  private nextPercents = -1;
  private nextComment = -1;
  private nextDollars = -1;

  constructor(
    private readonly lines: LineTable,
    /** Finds the next `#tag` of the wanted tag; null to treat every `#` as a possible tag. */
    private readonly tagPattern: RegExp | null,
  ) {
    this.text = lines.text;
  }

  run(firstLine: number): void {
    const { starts, ends, count } = this.lines;
    for (let index = firstLine; index < count; index++) {
      // A byte order mark is not part of the first line's text (a heading or tag may start there).
      const start = index === 0 && this.text.charCodeAt(0) === 0xfeff ? 1 : starts[index];
      const end = ends[index];
      if (this.fence !== null) {
        if (this.closesFence(start, end)) {
          this.fence = null;
          this.fences[this.fences.length - 1].to = index;
        }
        continue;
      }
      if (this.html !== null) {
        if (this.html.marker === null ? this.isBlank(start, end) : this.html.marker.test(this.text.slice(start, end))) this.html = null;
        if (this.html === null && this.isBlank(start, end)) this.endBlocks();
        continue;
      }
      if (this.isBlank(start, end)) {
        this.endBlocks();
        continue;
      }
      if (!this.topLevelBlock(index, start, end)) continue;
      if (!this.mayHoldInline(start, end)) continue;
      const region = this.scanInline(start, end, start);
      if (region !== null) {
        // A %% or $$ region spanning lines: its lines are hidden, and no paragraph continues across it.
        this.paragraph = -1;
        const resumeLine = this.skipRegion(region, end, index);
        if (resumeLine === -1) return;
        index = resumeLine;
      }
    }
  }

  /** A blank line ends a paragraph and a blockquote, and keeps a list open only for indented lines. */
  private endBlocks(): void {
    this.paragraph = -1;
    this.quote = false;
    if (this.list !== null) this.list.lazy = false;
  }

  /**
   * Reads one non-blank line's block structure: records top-level ATX and setext headings, opens fences
   * and HTML blocks, follows lists and blockquotes (whose headings are not top-level). Returns whether
   * the line's inline content is to be scanned for tags and regions (false for fences and HTML).
   */
  private topLevelBlock(index: number, start: number, end: number): boolean {
    const text = this.text;
    let pos = start;
    let columns = 0;
    while (pos < end && (text.charCodeAt(pos) === 32 || text.charCodeAt(pos) === 9)) {
      columns += text.charCodeAt(pos) === 9 ? 4 - (columns % 4) : 1;
      pos++;
    }
    // Most lines are headings or plain text outside any list: the line's text is sliced only when needed.
    const first = text.charCodeAt(pos);
    if (this.list === null && !this.quote && columns < 4 && first === 35) {
      const heading = this.heading(start, end);
      if (heading !== null) {
        this.paragraph = -1;
        this.headings.push({ line: index, ...heading });
        return true;
      }
    }
    const content = columns < 4 ? text.slice(pos, end) : "";
    if (this.list !== null) {
      if (columns >= this.list.contentIndent) return this.containerLine(text.slice(pos, end));
      if (this.list.lazy && this.isLazyContinuation(content, columns)) return true;
      this.list = null;
    }
    if (this.quote) {
      if (this.quoteLazy && this.isLazyContinuation(content, columns)) return true;
      this.quote = false;
    }
    if (columns >= 4) {
      // Indented code, or a paragraph's continuation: either way no heading.
      return true;
    }
    if (this.opensFence(start, end)) {
      this.paragraph = -1;
      this.fences.push({ from: index + 1, to: this.lines.count });
      return false;
    }
    const heading = this.heading(start, end);
    if (heading !== null) {
      this.paragraph = -1;
      this.headings.push({ line: index, ...heading });
      return true;
    }
    const inParagraph = this.paragraph !== -1;
    const underline = inParagraph ? setextLevel(content) : 0;
    if (underline !== 0) {
      this.headings.push({ line: this.paragraph, level: underline, text: this.paragraphText(this.paragraph, index) });
      this.paragraph = -1;
      return false;
    }
    const html = htmlBlockStart(content, inParagraph);
    if (html !== null) {
      this.paragraph = -1;
      // Kinds 1-5 may end on the line that opens them (`<!-- note -->`).
      if (html.marker === null || !html.marker.test(content)) this.html = html;
      return false;
    }
    if (isThematicBreak(content)) {
      this.paragraph = -1;
      return false;
    }
    if (content.charCodeAt(0) === 62) {
      this.paragraph = -1;
      this.quote = true;
      // Only a paragraph continues lazily: after `> ### Title` an unmarked line is the note's again.
      this.quoteLazy = this.startsParagraph(content.replace(/^>[ \t]?/, ""));
      return true;
    }
    const offset = listItemContentOffset(content, inParagraph);
    if (offset !== -1) {
      this.paragraph = -1;
      this.list = { contentIndent: columns + offset, lazy: this.startsParagraph(content.slice(offset)) };
      return true;
    }
    if (this.paragraph === -1) this.paragraph = index;
    return true;
  }

  /** A line inside a list item: its headings are the item's, not the note's. */
  private containerLine(content: string): boolean {
    this.list!.lazy = this.startsParagraph(content);
    return true;
  }

  /** Text that is (or continues) a paragraph: not blank and no other block's start. */
  private startsParagraph(content: string): boolean {
    return content.trim() !== "" && this.isLazyContinuation(content.trimStart(), 0);
  }

  /** A line that continues a list item's or blockquote's paragraph lazily: nothing that starts a block. */
  private isLazyContinuation(content: string, columns: number): boolean {
    if (columns >= 4) return true;
    const first = content.charCodeAt(0);
    if (first === 35 || first === 62 || first === 96 || first === 126 || first === 60) {
      if (first === 35 && /^#{1,6}(?:[ \t]|$)/.test(content)) return false;
      if (first === 62) return false;
      if ((first === 96 || first === 126) && /^(?:`{3,}|~{3,})/.test(content)) return false;
      if (first === 60 && htmlBlockStart(content, true) !== null) return false;
    }
    return !isThematicBreak(content) && listItemContentOffset(content, true) === -1;
  }

  /** A setext heading's text: its paragraph's lines, trimmed and joined by spaces. */
  private paragraphText(from: number, to: number): string {
    const parts: string[] = [];
    for (let line = from; line < to; line++) {
      // The BOM before the first line is not part of its text.
      const start = line === 0 && this.text.charCodeAt(0) === 0xfeff ? 1 : this.lines.starts[line];
      parts.push(trimSpacesAndTabs(this.text.slice(start, this.lines.ends[line])));
    }
    return parts.join(" ");
  }

  private isBlank(start: number, end: number): boolean {
    for (let pos = start; pos < end; pos++) {
      const code = this.text.charCodeAt(pos);
      if (code !== 32 && code !== 9) return false;
    }
    return true;
  }

  /**
   * False when [start, end) holds none of the markers scanInline acts on (`#` for tags; `%%`, `<!--`,
   * `$$` for regions): scanning such a line records nothing and returns null. Code spans and inline math
   * only hide those markers, so without any marker they change nothing either.
   */
  private mayHoldInline(start: number, end: number): boolean {
    const text = this.text;
    if (this.nextHash < start) this.nextHash = this.tagPattern ? searchFrom(this.tagPattern, text, start) : indexFrom(text, "#", start);
    if (this.nextHash < end) return true;
    if (this.nextPercents < start) this.nextPercents = indexFrom(text, "%%", start);
    if (this.nextPercents < end) return true;
    if (this.nextComment < start) this.nextComment = indexFrom(text, "<!--", start);
    if (this.nextComment < end) return true;
    if (this.nextDollars < start) this.nextDollars = indexFrom(text, "$$", start);
    return this.nextDollars < end;
  }

  /**
   * Skips a comment or math region that opened on line `index`; returns the line on which scanning
   * resumes (after the closing marker, on that same line), or -1 when the region runs to the end.
   */
  private skipRegion(region: { close: string }, from: number, index: number): number {
    const { starts, ends, count } = this.lines;
    let searchFrom = from;
    let region_: Region = region;
    let line = index;
    while (region_ !== null) {
      const closeAt = this.text.indexOf(region_.close, searchFrom);
      if (closeAt === -1) return -1;
      line = lineContaining(starts, closeAt, line, count);
      region_ = this.scanInline(closeAt + region_.close.length, ends[line], starts[line]);
      searchFrom = ends[line];
    }
    return line;
  }

  private opensFence(start: number, end: number): boolean {
    const text = this.text;
    let pos = start;
    while (pos < end && pos - start < 3 && text.charCodeAt(pos) === 32) pos++;
    const char = text.charCodeAt(pos);
    if (char !== 96 && char !== 126) return false;
    let run = pos;
    while (run < end && text.charCodeAt(run) === char) run++;
    const length = run - pos;
    if (length < 3) return false;
    // A backtick fence's info string may not contain a backtick (CommonMark).
    if (char === 96 && text.indexOf("`", run) !== -1 && text.indexOf("`", run) < end) return false;
    this.fence = { char, length };
    return true;
  }

  private closesFence(start: number, end: number): boolean {
    const fence = this.fence!;
    const text = this.text;
    let pos = start;
    while (pos < end && pos - start < 3 && text.charCodeAt(pos) === 32) pos++;
    let run = pos;
    while (run < end && text.charCodeAt(run) === fence.char) run++;
    if (run - pos < fence.length) return false;
    for (let rest = run; rest < end; rest++) {
      const char = text.charCodeAt(rest);
      if (char !== 32 && char !== 9) return false;
    }
    return true;
  }

  private heading(start: number, end: number): { level: number; text: string } | null {
    return atxHeading(this.text, start, end);
  }

  /**
   * Scans [from, end) of one line outside any region. Records tags; returns the region a marker opens
   * and leaves unclosed on this line, or null.
   */
  private scanInline(from: number, end: number, lineStart: number): Region {
    const text = this.text;
    let pos = from;
    while (pos < end) {
      INLINE_SPECIAL.lastIndex = pos;
      const found = INLINE_SPECIAL.exec(text);
      if (found === null || found.index >= end) return null;
      const at = found.index;
      const char = text.charCodeAt(at);
      const next = text.charCodeAt(at + 1);
      if (char === 96) {
        pos = this.skipCodeSpan(at, end);
      } else if (char === 37 && next === 37) {
        const close = text.indexOf("%%", at + 2);
        if (close === -1 || close >= end) return { close: "%%" };
        pos = close + 2;
      } else if (char === 60 && text.startsWith("<!--", at)) {
        // An inline comment hides tags up to its close on this line; unclosed, `<!--` is plain text
        // (a comment at the start of a line is an HTML block, handled before the inline scan).
        const close = text.indexOf("-->", at + 4);
        pos = close === -1 || close >= end ? at + 4 : close + 3;
      } else if (char === 36 && next === 36) {
        const close = text.indexOf("$$", at + 2);
        if (close === -1 || close >= end) return { close: "$$" };
        pos = close + 2;
      } else if (char === 36) {
        pos = this.inlineMathEnd(at, end);
      } else if (char === 35) {
        pos = this.readTag(at, end, lineStart);
      } else {
        pos = at + 1;
      }
    }
    return null;
  }

  // Searches that failed (or found) once need not run again from a later point of the same line: a
  // line of 50,000 `$a ` or unmatched backticks is then scanned in linear time, not quadratic.
  private mathCloser = { from: -1, end: -1, at: -1 };
  private readonly codeClosers = new Map<number, { from: number; end: number; at: number }>();

  /**
   * Inline math `$...$` as Obsidian reads it: the opening `$` is followed by a non-space, the closing one
   * preceded by a non-space (so `$5 and $10` is no math). Returns where scanning resumes.
   */
  private inlineMathEnd(at: number, end: number): number {
    const text = this.text;
    const first = text.charCodeAt(at + 1);
    if (at + 1 >= end || first === 32 || first === 9) return at + 1;
    const from = at + 2;
    const cached = this.mathCloser;
    let close: number;
    if (cached.end === end && cached.from <= from && cached.at >= from) {
      close = cached.at;
    } else {
      close = text.indexOf("$", from);
      while (close !== -1 && close < end) {
        const before = text.charCodeAt(close - 1);
        if (before !== 32 && before !== 9) break;
        close = text.indexOf("$", close + 1);
      }
      if (close === -1 || close >= end) close = Infinity;
      this.mathCloser = { from, end, at: close };
    }
    return close === Infinity ? at + 1 : close + 1;
  }

  /** A code span: a backtick run closed by a run of the same length on the same line. */
  private skipCodeSpan(at: number, end: number): number {
    const text = this.text;
    let run = at;
    while (run < end && text.charCodeAt(run) === 96) run++;
    const length = run - at;
    const cached = this.codeClosers.get(length);
    if (cached !== undefined && cached.end === end && cached.from <= run && cached.at >= run) {
      return cached.at === Infinity ? run : cached.at + length;
    }
    let found = Infinity;
    let search = run;
    while (search < end) {
      const close = text.indexOf("`", search);
      if (close === -1 || close >= end) break;
      let closeEnd = close;
      while (closeEnd < end && text.charCodeAt(closeEnd) === 96) closeEnd++;
      if (closeEnd - close === length) {
        found = close;
        break;
      }
      search = closeEnd;
    }
    this.codeClosers.set(length, { from: run, end, at: found });
    return found === Infinity ? run : found + length;
  }

  private readTag(at: number, end: number, lineStart: number): number {
    const text = this.text;
    if (at > lineStart) {
      const before = text.charCodeAt(at - 1);
      if (before !== 32 && before !== 9) return at + 1;
    }
    if (at + 1 >= end || !TAG_CHAR.test(text[at + 1])) return at + 1;
    TAG_RUN.lastIndex = at + 1;
    const run = TAG_RUN.exec(text);
    if (run === null) return at + 1;
    const tagEnd = Math.min(at + 1 + run[0].length, end);
    const tag = text.slice(at + 1, tagEnd);
    // Obsidian does not treat a purely numeric `#123` as a tag.
    if (!/^\d+$/.test(tag)) this.tags.push(tag);
    return tagEnd;
  }
}

/**
 * The ATX heading on the line [start, end) of `text` (Q1: up to 3 spaces of indent, 1–6 `#`, then a
 * space/tab or the end of the line), or null. Shared with the editor, which checks single lines as they
 * are typed.
 */
export function atxHeading(text: string, start: number, end: number): { level: number; text: string } | null {
  let pos = start;
  while (pos < end && pos - start < 3 && text.charCodeAt(pos) === 32) pos++;
  if (text.charCodeAt(pos) !== 35) return null;
  let run = pos;
  while (run < end && text.charCodeAt(run) === 35) run++;
  const level = run - pos;
  if (level > 6) return null;
  if (run < end) {
    const after = text.charCodeAt(run);
    if (after !== 32 && after !== 9) return null;
  }
  // Spaces and tabs only: an NBSP or BOM at either end is part of the question (Q1).
  return { level, text: trimSpacesAndTabs(withoutClosingHashes(text.slice(run, end))) };
}

/** Drops an ATX heading's closing sequence, as `/(?:^|[ \t]+)#+[ \t]*$/` would (without a regex per heading). */
function withoutClosingHashes(content: string): string {
  let end = content.length;
  while (end > 0 && isSpaceOrTab(content.charCodeAt(end - 1))) end--;
  let hashes = end;
  while (hashes > 0 && content.charCodeAt(hashes - 1) === 35) hashes--;
  if (hashes === end || (hashes > 0 && !isSpaceOrTab(content.charCodeAt(hashes - 1)))) return content;
  while (hashes > 0 && isSpaceOrTab(content.charCodeAt(hashes - 1))) hashes--;
  return content.slice(0, hashes);
}

/** CommonMark strips only spaces and tabs around a heading's text: a no-break space or BOM is content. */
function trimSpacesAndTabs(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isSpaceOrTab(text.charCodeAt(start))) start++;
  while (end > start && isSpaceOrTab(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

function isSpaceOrTab(code: number): boolean {
  return code === 32 || code === 9;
}

const tagFinders = new Map<string, RegExp>();

function tagFinder(tag: string): RegExp {
  let finder = tagFinders.get(tag);
  if (finder === undefined) {
    finder = new RegExp(`#${tag.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "gi");
    tagFinders.set(tag, finder);
  }
  return finder;
}

/** Offset of the pattern's next match at or after `from`, or Infinity. */
function searchFrom(pattern: RegExp, text: string, from: number): number {
  pattern.lastIndex = from;
  const match = pattern.exec(text);
  return match === null ? Infinity : match.index;
}

function indexFrom(text: string, marker: string, from: number): number {
  const at = text.indexOf(marker, from);
  return at === -1 ? Infinity : at;
}

/** The index of the line holding `offset`, searching forward from `from` (binary search). */
function lineContaining(starts: number[], offset: number, from: number, count: number): number {
  let low = from;
  let high = count - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}
