import { htmlBlockStart, isThematicBreak, listItemContentOffset, setextLevel, type HtmlBlockEnd } from "./block-starts";
import type { LineTable } from "./lines";

/**
 * One pass over a note's body that finds what the card rules need: ATX headings (Q1) and inline tags
 * (T1), skipping what Obsidian hides or treats as code (Q3): fenced code, `%% %%` and `<!-- -->`
 * comments, `$$ $$` math, inline code and inline math. Regions opened and left unclosed run to the end.
 */
export interface ScannedHeading {
  /** Line index in the note (for a setext heading, its text's first line). */
  line: number;
  /** 1–3: deeper headings are part of an answer and are not reported. */
  level: number;
  /** Text with the closing hashes dropped, trimmed. */
  text: string;
  /** Offset of the heading's first line in the note (before a byte order mark on the first line). */
  start: number;
  /** Offset just past the heading's last line, its line ending included (where the text under it starts). */
  next: number;
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

/** A region opened on one line and closed on a later one: `%%` and `$$` (Obsidian's), or an inline HTML comment within a paragraph. */
type Region = { close: string } | null;

const COMMENT_IN_PARAGRAPH = { close: "-->" };

/**
 * With `tag`, only lines that may hold that tag (`#tag…`, any case) or a region marker are scanned
 * inline, so `tags` lists at least every tag that could match it — not every tag of the note.
 */
export function scanBody(lines: LineTable, firstLine: number, tag?: string): BodyScan {
  const from = firstLine < lines.count ? lines.starts[firstLine] : lines.text.length;
  return scanText(lines.text, from, firstLine, tag);
}

/** The same scan over `text` from offset `from` (a line start), which is line `firstLine`: no line table needed. */
export function scanText(text: string, from: number, firstLine: number, tag?: string): BodyScan {
  const scanner = new BodyScanner(text, tag === undefined ? null : tagSearch(tag));
  scanner.run(firstLine, from);
  return { headings: scanner.headings, tags: scanner.tags, fences: scanner.fences };
}

/**
 * Characters that may start a block other than a paragraph (or be blank): a line whose first character
 * is none of these is paragraph text, whatever follows, and needs no closer look.
 */
const BLOCK_START = new Uint8Array(128);
for (const char of "#`~<-*_+=>0123456789 \t\n\v\f\r") BLOCK_START[char.charCodeAt(0)] = 1;

function isParagraphStart(code: number): boolean {
  return code < 128 ? BLOCK_START[code] === 0 : !isUnicodeWhitespace(code);
}

/** Whitespace beyond ASCII that `trim()` removes (no-break spaces, the BOM, line separators…). */
function isUnicodeWhitespace(code: number): boolean {
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

class BodyScanner {
  readonly headings: ScannedHeading[] = [];
  readonly tags: string[] = [];
  readonly fences: { from: number; to: number }[] = [];
  private fence: { char: number; length: number } | null = null;
  /** The HTML block being skipped (design.md Q3), or null. */
  private html: HtmlBlockEnd | null = null;
  /** First line of the top-level paragraph being read (a setext heading's text starts there), or -1. */
  private paragraph = -1;
  /** Offset of that line's start. */
  private paragraphStart = 0;
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
  // The line being read: its index, where it starts (byte order mark included), and where the next one starts.
  private index = 0;
  private lineStart = 0;
  private lineNext = 0;

  constructor(
    private readonly text: string,
    /** Finds the next `#tag` of the wanted tag; null to treat every `#` as a possible tag. */
    private readonly tagPattern: TagSearch | null,
  ) {}

  /**
   * Reads the lines from offset `from` (line `firstLine`) to the end, finding each line's end as it
   * goes: lines are `\n`-terminated, a `\r` before the `\n` is not content, a last line without `\n`
   * counts when it is not empty.
   */
  run(firstLine: number, from: number): void {
    const text = this.text;
    const length = text.length;
    this.index = firstLine;
    this.lineStart = from;
    while (this.lineStart < length) {
      const lineStart = this.lineStart;
      const end = this.lineEnd(lineStart);
      const index = this.index;
      // A byte order mark is not part of the first line's text (a heading or tag may start there).
      const start = index === 0 && text.charCodeAt(0) === 0xfeff ? 1 : lineStart;
      if (this.fence !== null) {
        if (this.closesFence(start, end)) {
          this.fence = null;
          this.fences[this.fences.length - 1].to = index;
        }
      } else if (this.html !== null) {
        if (this.html.marker === null ? this.isBlank(start, end) : this.html.marker.test(text.slice(start, end))) this.html = null;
        if (this.html === null && this.isBlank(start, end)) this.endBlocks();
      } else if (this.isBlank(start, end)) {
        this.endBlocks();
      } else if (this.topLevelBlock(index, start, end) && this.mayHoldInline(start, end)) {
        const region = this.scanInline(start, end, start);
        // A %% or $$ region spanning lines: its lines are hidden, and no paragraph continues across it.
        // Reading resumes on the line after the one where it closes; unclosed, it hides the rest.
        if (region !== null) {
          // A comment within a paragraph leaves it open (its lines are the paragraph's); Obsidian's
          // regions do not.
          if (region !== COMMENT_IN_PARAGRAPH) this.paragraph = -1;
          if (!this.skipRegion(region, end)) break;
        }
      }
      this.lineStart = this.lineNext;
      this.index++;
    }
    const open = this.fences[this.fences.length - 1];
    if (open !== undefined && open.to === -1) open.to = this.lineCountFrom(this.lineStart, this.index);
  }

  /** The end of the content of the line starting at `lineStart`; sets where the next line starts. */
  private lineEnd(lineStart: number): number {
    const text = this.text;
    const newline = text.indexOf("\n", lineStart);
    if (newline === -1) {
      this.lineNext = text.length;
      return text.length;
    }
    this.lineNext = newline + 1;
    return newline > lineStart && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
  }

  /** The number of lines of the note, counting on from line `index` starting at `from`. */
  private lineCountFrom(from: number, index: number): number {
    let count = index;
    for (let at = from; at < this.text.length; count++) {
      const newline = this.text.indexOf("\n", at);
      if (newline === -1) return count + 1;
      at = newline + 1;
    }
    return count;
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
    const pos = this.skipIndent(start, end);
    const columns = this.indentColumns;
    // Most lines are headings or plain text: the line's text is sliced only when needed.
    const first = text.charCodeAt(pos);
    if (columns < 4 && isParagraphStart(first)) {
      // Nothing but a paragraph starts with this character: it continues a list item's or quote's
      // paragraph lazily (or is the item's own text), else it is (or continues) the note's paragraph.
      if (this.list !== null && (columns >= this.list.contentIndent || this.list.lazy)) {
        if (columns >= this.list.contentIndent) this.list.lazy = true;
        return true;
      }
      this.list = null;
      if (this.quote && this.quoteLazy) return true;
      this.quote = false;
      if (this.paragraph === -1) this.startParagraph(index);
      return true;
    }
    if (this.list === null && !this.quote && columns < 4 && first === 35) {
      if (this.heading(index, start, end)) {
        this.paragraph = -1;
        return true;
      }
    }
    const content = columns < 4 ? text.slice(pos, end) : "";
    if (this.list !== null) {
      if (columns >= this.list.contentIndent) return this.containerLine(text.slice(pos, end), columns - this.list.contentIndent);
      if (this.list.lazy && this.isLazyContinuation(content, columns, true)) return true;
      this.list = null;
    }
    if (this.quote) {
      if (this.quoteLazy && this.isLazyContinuation(content, columns, true)) return true;
      this.quote = false;
    }
    if (columns >= 4) {
      // Indented code, or a paragraph's continuation: either way no heading.
      return true;
    }
    if (this.opensFence(start, end)) {
      this.paragraph = -1;
      this.fences.push({ from: index + 1, to: -1 });
      return false;
    }
    if (this.heading(index, start, end)) {
      this.paragraph = -1;
      return true;
    }
    const inParagraph = this.paragraph !== -1;
    const underline = inParagraph ? setextLevel(content) : 0;
    if (underline !== 0) {
      this.headings.push({ line: this.paragraph, level: underline, text: this.paragraphText(index), start: this.paragraphStart, next: this.lineNext });
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
    if (this.paragraph === -1) this.startParagraph(index);
    return true;
  }

  private startParagraph(index: number): void {
    this.paragraph = index;
    this.paragraphStart = this.lineStart;
  }

  /**
   * A line inside a list item (`indent` columns past the item's content): its headings are the item's,
   * not the note's. A setext underline there ends the item's paragraph (as a heading of the item).
   */
  private containerLine(content: string, indent: number): boolean {
    const underline = this.list!.lazy && indent < 4 && setextLevel(content) !== 0;
    this.list!.lazy = !underline && this.startsParagraph(content);
    return true;
  }

  /** Text that is (or continues) a paragraph: not blank and no other block's start. */
  private startsParagraph(content: string): boolean {
    return content.trim() !== "" && this.isLazyContinuation(content.trimStart(), 0);
  }

  /**
   * A line that continues a paragraph lazily: nothing that starts a block. `inContainer`: the paragraph
   * is a list item's or blockquote's and the line is outside it, where any list item starts a list (a
   * top-level paragraph is interrupted only by a non-empty item, numbered 1 when ordered).
   */
  private isLazyContinuation(content: string, columns: number, inContainer = false): boolean {
    if (columns >= 4) return true;
    const first = content.charCodeAt(0);
    if (first === 35 || first === 62 || first === 96 || first === 126 || first === 60) {
      if (first === 35 && /^#{1,6}(?:[ \t]|$)/.test(content)) return false;
      if (first === 62) return false;
      if ((first === 96 || first === 126) && /^(?:`{3,}|~{3,})/.test(content)) return false;
      if (first === 60 && htmlBlockStart(content, true) !== null) return false;
    }
    return !isThematicBreak(content) && listItemContentOffset(content, !inContainer) === -1;
  }

  /** A setext heading's text: its paragraph's lines (up to line `to`), trimmed and joined by spaces. */
  private paragraphText(to: number): string {
    const text = this.text;
    const parts: string[] = [];
    let lineStart = this.paragraphStart;
    for (let line = this.paragraph; line < to; line++) {
      const newline = text.indexOf("\n", lineStart);
      const end = newline === -1 ? text.length : newline > lineStart && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      // The BOM before the first line is not part of its text.
      const start = line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : lineStart;
      parts.push(trimSpacesAndTabs(text.slice(start, end)));
      lineStart = newline + 1;
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
    if (this.nextHash < start) this.nextHash = this.tagPattern ? this.tagPattern(text, start) : indexFrom(text, "#", start);
    if (this.nextHash < end) return true;
    if (this.nextPercents < start) this.nextPercents = indexFrom(text, "%%", start);
    if (this.nextPercents < end) return true;
    if (this.nextComment < start) this.nextComment = indexFrom(text, "<!--", start);
    if (this.nextComment < end) return true;
    if (this.nextDollars < start) this.nextDollars = indexFrom(text, "$$", start);
    return this.nextDollars < end;
  }

  /**
   * Skips a comment or math region that opened on the current line, whose content ends at `end`; moves
   * the current line to the one where the region closes (the rest of that line is scanned inline).
   * False when the region runs to the end of the note.
   */
  private skipRegion(region: { close: string }, end: number): boolean {
    const text = this.text;
    let searchFrom = end;
    let lineEnd = end;
    let region_: Region = region;
    while (region_ !== null) {
      const closeAt = text.indexOf(region_.close, searchFrom);
      if (closeAt === -1) return false;
      while (this.lineNext <= closeAt) {
        this.lineStart = this.lineNext;
        lineEnd = this.lineEnd(this.lineStart);
        this.index++;
      }
      region_ = this.scanInline(closeAt + region_.close.length, lineEnd, this.lineStart);
      if (region_ !== null && region_ !== COMMENT_IN_PARAGRAPH) this.paragraph = -1;
      searchFrom = lineEnd;
    }
    return true;
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

  /** Records the ATX heading of levels 1–3 on line [start, end); true when the line is an ATX heading of any level. */
  private heading(index: number, start: number, end: number): boolean {
    const level = atxLevel(this.text, start, end);
    if (level === 0) return false;
    if (level <= 3) this.headings.push({ line: index, level, text: atxText(this.text, start, end, level), start: this.lineStart, next: this.lineNext });
    return true;
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
      if (!INLINE_SPECIAL.test(text)) return null;
      const at = INLINE_SPECIAL.lastIndex - 1;
      if (at >= end) return null;
      const char = text.charCodeAt(at);
      const next = text.charCodeAt(at + 1);
      if (char === 96) {
        pos = this.skipCodeSpan(at, end);
      } else if (char === 37 && next === 37) {
        const close = text.indexOf("%%", at + 2);
        if (close === -1 || close >= end) return { close: "%%" };
        pos = close + 2;
      } else if (char === 60 && text.startsWith("<!--", at)) {
        // An inline comment hides tags up to its close: on this line, or on a later line of the same
        // paragraph (design.md Q3); unclosed within the paragraph, `<!--` is plain text. (A comment at
        // the start of a line is an HTML block, handled before the inline scan.)
        const close = this.commentClose(at + 4);
        if (close < end) pos = close + 3;
        else if (close !== Infinity && this.paragraphContinuesTo(end, close)) return COMMENT_IN_PARAGRAPH;
        else pos = at + 4;
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
  /** The next `-->` at or after `commentFrom` (Infinity: none), so many unclosed `<!--` cost one search. */
  private commentFrom = Infinity;
  private commentAt = Infinity;

  private commentClose(from: number): number {
    if (!(from >= this.commentFrom && from <= this.commentAt)) {
      this.commentFrom = from;
      this.commentAt = indexFrom(this.text, "-->", from);
    }
    return this.commentAt;
  }

  /** Lines checked by paragraphContinuesTo: from one line start, through `to`, in one kind of paragraph; `breakAt` ends it. */
  private continuation = { kind: "", from: -1, to: -1, breakAt: Infinity };

  /**
   * Whether the paragraph the current line belongs to — the note's own, a list item's or a blockquote's
   * — goes on through the line holding offset `to`: every later line up to that one continues it (not
   * blank, and no block start that interrupts a paragraph there: a heading, fence, quote, list item,
   * HTML block, thematic break or setext underline; outside a list item or quote, a lazy continuation).
   * What was checked is kept, so many comments in one long paragraph are checked in linear time.
   */
  private paragraphContinuesTo(end: number, to: number): boolean {
    const kind = this.list !== null ? (this.list.lazy ? "list" : "") : this.quote ? (this.quoteLazy ? "quote" : "") : this.paragraph !== -1 ? "top" : "";
    if (kind === "") return false;
    const text = this.text;
    const newline = text.indexOf("\n", end);
    if (newline === -1) return false;
    const first = newline + 1;
    const known = this.continuation;
    if (known.kind !== kind || first < known.from || first > known.to) {
      this.continuation = { kind, from: first, to: first, breakAt: Infinity };
    }
    const checked = this.continuation;
    let lineStart = checked.to;
    while (lineStart <= to && lineStart < checked.breakAt) {
      const lineNewline = text.indexOf("\n", lineStart);
      const lineEnd = lineNewline === -1 ? text.length : lineNewline > lineStart && text.charCodeAt(lineNewline - 1) === 13 ? lineNewline - 1 : lineNewline;
      if (!this.continuesParagraph(kind, lineStart, lineEnd)) {
        checked.breakAt = lineStart;
        break;
      }
      lineStart = lineNewline === -1 ? text.length + 1 : lineNewline + 1;
      checked.to = lineStart;
    }
    return to < checked.breakAt && to < checked.to;
  }

  /** Columns of the indentation `skipIndent` last skipped (a tab advances to the next multiple of 4). */
  private indentColumns = 0;

  /** Skips a line's leading spaces and tabs; returns where its content starts (columns in `indentColumns`). */
  private skipIndent(start: number, end: number): number {
    const text = this.text;
    let pos = start;
    let columns = 0;
    while (pos < end && (text.charCodeAt(pos) === 32 || text.charCodeAt(pos) === 9)) {
      columns += text.charCodeAt(pos) === 9 ? 4 - (columns % 4) : 1;
      pos++;
    }
    this.indentColumns = columns;
    return pos;
  }

  /** A line [start, end) that continues a paragraph of `kind` (see paragraphContinuesTo). */
  private continuesParagraph(kind: string, start: number, end: number): boolean {
    if (this.isBlank(start, end)) return false;
    const text = this.text;
    const pos = this.skipIndent(start, end);
    const columns = this.indentColumns;
    const content = columns < 4 ? text.slice(pos, end) : "";
    if (kind === "list" && columns >= this.list!.contentIndent) {
      // A line of the item: its paragraph goes on unless a block starts there.
      const inner = text.slice(pos, end);
      return columns - this.list!.contentIndent >= 4 || (this.isLazyContinuation(inner, 0) && setextLevel(inner) === 0);
    }
    if (kind === "quote" && content.charCodeAt(0) === 62) {
      const inner = content.replace(/^>[ \t]?/, "");
      return this.startsParagraph(inner) && setextLevel(inner.trimStart()) === 0;
    }
    if (kind === "top") return columns >= 4 || (this.isLazyContinuation(content, columns) && setextLevel(content) === 0);
    // A lazy line outside the item or quote.
    return this.isLazyContinuation(content, columns, true);
  }

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
  const level = atxLevel(text, start, end);
  return level === 0 ? null : { level, text: atxText(text, start, end, level) };
}

/** The level of the ATX heading on [start, end), or 0 when the line is none. */
function atxLevel(text: string, start: number, end: number): number {
  let pos = start;
  while (pos < end && pos - start < 3 && text.charCodeAt(pos) === 32) pos++;
  if (text.charCodeAt(pos) !== 35) return 0;
  let run = pos;
  while (run < end && text.charCodeAt(run) === 35) run++;
  const level = run - pos;
  if (level > 6) return 0;
  if (run < end) {
    const after = text.charCodeAt(run);
    if (after !== 32 && after !== 9) return 0;
  }
  return level;
}

/** The text of an ATX heading of `level` on [start, end): closing hashes dropped, spaces and tabs trimmed. */
function atxText(text: string, start: number, end: number, level: number): string {
  let from = start;
  while (text.charCodeAt(from) === 32) from++;
  from += level;
  // Spaces and tabs only: an NBSP or BOM at either end is part of the question (Q1).
  while (from < end && isSpaceOrTab(text.charCodeAt(from))) from++;
  let to = end;
  while (to > from && isSpaceOrTab(text.charCodeAt(to - 1))) to--;
  // The closing sequence: `#`s at the end, preceded by a space or tab (or making up the whole text).
  let hashes = to;
  while (hashes > from && text.charCodeAt(hashes - 1) === 35) hashes--;
  if (hashes < to && (hashes === from || isSpaceOrTab(text.charCodeAt(hashes - 1)))) {
    to = hashes;
    while (to > from && isSpaceOrTab(text.charCodeAt(to - 1))) to--;
  }
  return text.slice(from, to);
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

/** Finds the next `#tag` (the tag in any letter case) at or after `from`: its offset, or Infinity. */
type TagSearch = (text: string, from: number) => number;

const tagSearches = new Map<string, TagSearch>();

function tagSearch(tag: string): TagSearch {
  let search = tagSearches.get(tag);
  if (search === undefined) {
    search = /^[\x20-\x7e]*$/.test(tag) ? asciiTagSearch(tag.toLowerCase()) : patternSearch(new RegExp(`#${tag.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "gi"));
    tagSearches.set(tag, search);
  }
  return search;
}

/**
 * For a tag of ASCII characters: each `#` compared with the tag, letters in either case — what
 * `/#tag/i` matches (case-insensitive matching never maps a character beyond ASCII onto an ASCII
 * letter), at the speed of a character search.
 */
function asciiTagSearch(lower: string): TagSearch {
  const length = lower.length;
  return (text, from) => {
    for (let at = text.indexOf("#", from); at !== -1; at = text.indexOf("#", at + 1)) {
      if (at + length >= text.length) return Infinity;
      let index = 0;
      while (index < length) {
        let code = text.charCodeAt(at + 1 + index);
        if (code >= 65 && code <= 90) code += 32;
        if (code !== lower.charCodeAt(index)) break;
        index++;
      }
      if (index === length) return at;
    }
    return Infinity;
  };
}

function patternSearch(pattern: RegExp): TagSearch {
  return (text, from) => {
    pattern.lastIndex = from;
    const match = pattern.exec(text);
    return match === null ? Infinity : match.index;
  };
}

/** Whether `text` holds `#tag` (any case) at or after `from`: without one, no body tag can be that tag. */
export function mayHoldTag(text: string, from: number, tag: string): boolean {
  return tagSearch(tag)(text, from) !== Infinity;
}

function indexFrom(text: string, marker: string, from: number): number {
  const at = text.indexOf(marker, from);
  return at === -1 ? Infinity : at;
}
