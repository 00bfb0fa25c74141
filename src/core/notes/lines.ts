/**
 * A note as lines, without copying it: each line is a [start, end) range of the original string plus
 * the length of its line ending, so any edit can put every other byte back exactly as it was.
 */
export interface LineTable {
  text: string;
  /** Start offset of each line. */
  starts: number[];
  /** Offset just past each line's content, before its `\n` or `\r\n`. */
  ends: number[];
  count: number;
}

export function splitLines(text: string): LineTable {
  const starts: number[] = [];
  const ends: number[] = [];
  let pos = 0;
  const length = text.length;
  while (pos <= length) {
    const newline = text.indexOf("\n", pos);
    if (newline === -1) {
      if (pos < length) {
        starts.push(pos);
        ends.push(length);
      }
      break;
    }
    starts.push(pos);
    ends.push(newline > pos && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline);
    pos = newline + 1;
  }
  return { text, starts, ends, count: starts.length };
}

export function lineAt(table: LineTable, index: number): string {
  return table.text.slice(table.starts[index], table.ends[index]);
}

/** The line ending the note mostly uses, so that lines we add look like the user's own. */
export function dominantLineEnding(text: string): "\n" | "\r\n" {
  const firstNewline = text.indexOf("\n");
  if (firstNewline === -1) return "\n";
  return firstNewline > 0 && text.charCodeAt(firstNewline - 1) === 13 ? "\r\n" : "\n";
}

export function isBlank(line: string): boolean {
  return line.trim() === "";
}

/**
 * The string's own copy when it may be a slice of a longer one (V8 keeps the whole parent string alive
 * for a slice of 13 characters or more; shorter slices are copies already). A JSON round trip of the
 * one string is the cheapest way JavaScript has to make a flat copy: it refers to nothing else and
 * takes no more memory than its characters (concatenating and slicing again would keep a slice of the
 * copy, 32 bytes more per string). Any string, lone surrogates included, comes back exactly.
 */
export function ownString(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}
