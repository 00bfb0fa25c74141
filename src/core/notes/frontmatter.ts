import { lineAt, LineTable } from "./lines";

/**
 * Where a note's frontmatter is (rule T2) and where its state property sits inside it, in lines.
 * Nothing here parses YAML: locating by lines is what lets the writer change one line and nothing else.
 */
export interface FrontmatterRange {
  /** Line index of the opening `---` (always 0). */
  open: number;
  /** Line index of the closing `---` or `...`. */
  close: number;
}

const OPENING = /^---[ \t]*$/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*$/;

export function locateFrontmatter(lines: LineTable): FrontmatterRange | null {
  if (lines.count < 2) return null;
  let first = lineAt(lines, 0);
  if (first.charCodeAt(0) === 0xfeff) first = first.slice(1);
  if (!OPENING.test(first)) return null;
  for (let index = 1; index < lines.count; index++) {
    const text = lines.text;
    const start = lines.starts[index];
    // Cheap first-character test before the regex: this loop runs over every frontmatter line.
    const first = text.charCodeAt(start);
    if ((first === 45 || first === 46) && CLOSING.test(lineAt(lines, index))) return { open: 0, close: index };
  }
  return null;
}

/**
 * The note's frontmatter and a line table of its lines only (through the closing line), so reading a
 * note never splits its body into lines. `lines` holds just the first line when the note has no
 * frontmatter, and every line when one is opened and never closed.
 */
export function readFrontmatterLines(text: string): { lines: LineTable; frontmatter: FrontmatterRange | null } {
  const starts: number[] = [];
  const ends: number[] = [];
  const lines: LineTable = { text, starts, ends, count: 0 };
  let pos = 0;
  const length = text.length;
  while (pos < length) {
    const newline = text.indexOf("\n", pos);
    const end = newline === -1 ? length : newline > pos && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
    starts.push(pos);
    ends.push(end);
    lines.count++;
    const index = lines.count - 1;
    if (index === 0) {
      const first = text.charCodeAt(0) === 0xfeff ? text.slice(1, end) : text.slice(0, end);
      if (!OPENING.test(first)) break;
    } else {
      const first = text.charCodeAt(pos);
      if ((first === 45 || first === 46) && CLOSING.test(text.slice(pos, end))) {
        return { lines, frontmatter: { open: 0, close: index } };
      }
    }
    if (newline === -1) break;
    pos = newline + 1;
  }
  return { lines, frontmatter: null };
}

/** Where the line after line `index` starts (the end of the text when it is the last line). */
export function nextLineStart(lines: LineTable, index: number): number {
  const newline = lines.text.indexOf("\n", lines.ends[index]);
  return newline === -1 ? lines.text.length : newline + 1;
}

/**
 * The state property's lines: its key line and the lines that belong to its value. `end` is exclusive
 * and stops after the last value line, so trailing blank lines and comments stay outside.
 */
export interface PropertyRange {
  header: number;
  end: number;
  /** What follows `key:` on the header line, comment removed and trimmed (`""` for a block value). */
  inlineValue: string;
}

/**
 * Finds every top-level occurrence of `name:` in the frontmatter (more than one is a problem the
 * caller reports). Only block-style frontmatter is understood; a flow-style top level (`{...}`)
 * yields no ranges and the caller falls back to a full YAML parse.
 */
export function findPropertyRanges(lines: LineTable, frontmatter: FrontmatterRange, name: string): PropertyRange[] {
  const ranges: PropertyRange[] = [];
  const text = lines.text;
  for (let index = frontmatter.open + 1; index < frontmatter.close; index++) {
    const start = lines.starts[index];
    const first = text.charCodeAt(start);
    // Only a line starting in column 0 with the key's first character (or a quote) can be the key.
    if (first !== name.charCodeAt(0) && first !== 34 && first !== 39) continue;
    const inlineValue = matchTopLevelKey(lineAt(lines, index), name);
    if (inlineValue === null) continue;
    const end = propertyEnd(lines, index, frontmatter.close);
    ranges.push({ header: index, end, inlineValue });
    index = end - 1;
  }
  return ranges;
}

function matchTopLevelKey(line: string, name: string): string | null {
  let rest: string;
  if (line.startsWith(name)) rest = line.slice(name.length);
  else if (line.startsWith(`"${name}"`) || line.startsWith(`'${name}'`)) rest = line.slice(name.length + 2);
  else return null;
  const match = /^[ \t]*:(?:[ \t]+(.*))?$/.exec(rest);
  if (!match) return null;
  return stripComment(match[1] ?? "").trim();
}

/** Drops a trailing ` # comment` from a plain value; quoted values with `#` are rare here and kept. */
function stripComment(value: string): string {
  if (value.startsWith("#")) return "";
  const hash = value.search(/[ \t]#/);
  return hash === -1 || /["']/.test(value) ? value : value.slice(0, hash);
}

function propertyEnd(lines: LineTable, header: number, close: number): number {
  const text = lines.text;
  let end = header + 1;
  for (let index = header + 1; index < close; index++) {
    const start = lines.starts[index];
    const first = text.charCodeAt(start);
    if (first === 32 || first === 9) {
      // Indented: part of the value unless it is only whitespace or a comment.
      const trimmed = lineAt(lines, index).trimStart();
      if (trimmed !== "" && !trimmed.startsWith("#")) end = index + 1;
      continue;
    }
    if (lines.ends[index] === start) continue; // empty line
    if (first === 35) continue; // a comment in column 0 does not end a YAML block
    if (first === 45 && /^-(?:[ \t]|$)/.test(lineAt(lines, index))) {
      end = index + 1; // a compact sequence item belongs to the key above it
      continue;
    }
    break;
  }
  return end;
}
