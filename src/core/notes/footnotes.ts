/**
 * Footnotes (design.md Q6): a definition (`[^1]: …`) anywhere in the note serves every card that
 * references it, and is never shown as part of another card's answer.
 */

const DEFINITION = /^ {0,3}\[\^([^\]\s]+)\]:[ \t]?/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Every footnote definition of a note, label → its Markdown (continuation lines included). */
export function footnoteDefinitions(text: string): Map<string, string> {
  const definitions = new Map<string, string>();
  const lines = text.split(/\r\n?|\n/);
  for (const { label, start, end } of definitionRanges(lines)) {
    if (!definitions.has(label)) definitions.set(label, lines.slice(start, end).join("\n"));
  }
  return definitions;
}

/** Where definitions are, outside fenced code: line ranges [start, end). */
function definitionRanges(lines: string[]): { label: string; start: number; end: number }[] {
  const ranges: { label: string; start: number; end: number }[] = [];
  let fence: string | null = null;
  for (let index = 0; index < lines.length; index++) {
    const fenceMatch = FENCE.exec(lines[index]);
    if (fenceMatch) {
      if (fence === null) fence = fenceMatch[1];
      else if (fenceMatch[1].startsWith(fence)) fence = null;
      continue;
    }
    if (fence !== null) continue;
    const match = DEFINITION.exec(lines[index]);
    if (match === null) continue;
    const end = definitionEnd(lines, index);
    ranges.push({ label: match[1], start: index, end });
    index = end - 1;
  }
  return ranges;
}

/** A definition runs on over indented lines (and blank lines followed by indented ones). */
function definitionEnd(lines: string[], start: number): number {
  let end = start + 1;
  while (end < lines.length) {
    if (/^( {4}|\t)/.test(lines[end])) end++;
    else if (lines[end].trim() === "" && end + 1 < lines.length && /^( {4}|\t)/.test(lines[end + 1])) end += 2;
    else break;
  }
  return end;
}

/**
 * A card's answer as it is shown: definitions that happen to sit under it are left out, and the
 * definitions its question or answer reference are added at the end, so the renderer shows them.
 */
export function withFootnotes(question: string, answer: string, definitions: ReadonlyMap<string, string>): string {
  const ownLines = answer.split("\n");
  const dropped = new Set<number>();
  for (const { start, end } of definitionRanges(ownLines)) for (let index = start; index < end; index++) dropped.add(index);
  const body = ownLines.filter((_, index) => !dropped.has(index)).join("\n").trimEnd();
  const referenced = new Set<string>();
  for (const match of `${question}\n${body}`.matchAll(/\[\^([^\]\s]+)\](?!:)/g)) referenced.add(match[1]);
  const notes = [...referenced].map((label) => definitions.get(label)).filter((definition): definition is string => definition !== undefined);
  return notes.length === 0 ? body : `${body}\n\n${notes.join("\n")}`;
}
