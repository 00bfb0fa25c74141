/**
 * CommonMark's block starts that decide which lines are top-level headings (design.md Q2, Q3): HTML
 * blocks, list items, thematic breaks and setext underlines. Each test takes one line's text after its
 * indentation (at most 3 spaces; the caller checks) and runs in time linear in the line.
 */

/** How an HTML block ends: at a line containing `marker`, or (null) at the next blank line. */
export interface HtmlBlockEnd {
  marker: RegExp | null;
}

// The block-level tag names of CommonMark (as markdown-it lists them).
const BLOCK_TAGS = new Set(
  "address article aside base basefont blockquote body caption center col colgroup dd details dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link main menu menuitem nav noframes ol optgroup option p param search section summary table tbody td tfoot th thead title tr track ul".split(
    " ",
  ),
);
const RAW_TAG = /^<(script|pre|style|textarea)(?:[ \t>]|$)/i;
const RAW_END = /<\/(?:script|pre|style|textarea)>/i;
const TAG_NAME = /^<\/?([A-Za-z][A-Za-z0-9-]*)/;
// A complete open or closing tag alone on the line (kind 7). Every repetition is anchored on a
// required whitespace-then-name step, so the match can't backtrack catastrophically; very long lines
// are not tried at all.
const OPEN_TAG = /^<[A-Za-z][A-Za-z0-9-]*(?:[ \t]+[A-Za-z_:][A-Za-z0-9_.:-]*(?:[ \t]*=[ \t]*(?:[^"'=<>`\s]+|'[^']*'|"[^"]*"))?)*[ \t]*\/?>[ \t]*$/;
const CLOSE_TAG = /^<\/[A-Za-z][A-Za-z0-9-]*[ \t]*>[ \t]*$/;
const MAX_TAG_LINE = 2000;

/**
 * The HTML block a line opens, or null. Kind 7 (any other complete tag alone on its line) can't
 * interrupt a paragraph, so it counts only when `inParagraph` is false.
 */
export function htmlBlockStart(content: string, inParagraph: boolean): HtmlBlockEnd | null {
  if (content.charCodeAt(0) !== 60) return null; // "<"
  if (RAW_TAG.test(content)) return { marker: RAW_END };
  if (content.startsWith("<!--")) return { marker: /-->/ };
  if (content.startsWith("<?")) return { marker: /\?>/ };
  if (content.startsWith("<![CDATA[")) return { marker: /\]\]>/ };
  if (/^<![A-Za-z]/.test(content)) return { marker: />/ };
  const name = TAG_NAME.exec(content);
  if (name !== null && BLOCK_TAGS.has(name[1].toLowerCase())) {
    const after = content.charCodeAt(name[0].length);
    const slashClose = content.startsWith("/>", name[0].length);
    if (Number.isNaN(after) || after === 32 || after === 9 || after === 62 || slashClose) return { marker: null };
  }
  if (inParagraph || content.length > MAX_TAG_LINE) return null;
  return OPEN_TAG.test(content) || CLOSE_TAG.test(content) ? { marker: null } : null;
}

/** `***`, `---`, `___` (three or more, spaces and tabs between allowed). */
export function isThematicBreak(content: string): boolean {
  const marker = content.charCodeAt(0);
  if (marker !== 42 && marker !== 45 && marker !== 95) return false;
  let count = 0;
  for (let at = 0; at < content.length; at++) {
    const code = content.charCodeAt(at);
    if (code === marker) count++;
    else if (code !== 32 && code !== 9) return false;
  }
  return count >= 3;
}

/** A setext underline: `=` (level 1) or `-` (level 2) repeated, trailing spaces allowed; 0 if none. */
export function setextLevel(content: string): 0 | 1 | 2 {
  const marker = content.charCodeAt(0);
  if (marker !== 61 && marker !== 45) return 0;
  let at = 0;
  while (content.charCodeAt(at) === marker) at++;
  for (; at < content.length; at++) {
    const code = content.charCodeAt(at);
    if (code !== 32 && code !== 9) return 0;
  }
  return marker === 61 ? 1 : 2;
}

/**
 * A list item's marker (`-`, `+`, `*`, `1.`, `1)`): the column its content starts at, relative to
 * the marker's column, or -1 when the line is no list item. In a paragraph only a non-empty item, and
 * for ordered lists only one numbered 1, may start a list (CommonMark).
 */
export function listItemContentOffset(content: string, inParagraph: boolean): number {
  let at = 0;
  const first = content.charCodeAt(0);
  if (first === 45 || first === 43 || first === 42) {
    at = 1;
  } else {
    while (at < 9 && isDigit(content.charCodeAt(at))) at++;
    const delimiter = content.charCodeAt(at);
    if (at === 0 || (delimiter !== 46 && delimiter !== 41)) return -1;
    if (inParagraph && content.slice(0, at) !== "1") return -1;
    at++;
  }
  let columns = 0;
  let pos = at;
  while (pos < content.length && columns < 5) {
    const code = content.charCodeAt(pos);
    if (code === 32) columns += 1;
    else if (code === 9) columns += 4;
    else break;
    pos++;
  }
  if (pos === content.length) return inParagraph ? -1 : at + 1; // an empty item
  if (columns === 0) return -1;
  return columns >= 5 ? at + 1 : at + columns;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
