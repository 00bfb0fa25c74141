import { findPropertyRanges, type FrontmatterRange } from "../notes/frontmatter";
import { lineAt, type LineTable } from "../notes/lines";
import { isCardId } from "./state-codec";

/**
 * What can still be read from a state line that is no longer what the plugin wrote: a sync engine that
 * merged two devices' versions of one line character by character (design.md §2a) leaves a line whose
 * values may be wrong or no longer YAML, while its key and id are usually intact.
 */

export const STATE_LINE_CHANGED = (key: string): string =>
  `the state line of "${key}" was changed outside Heading Flashcards (its checksum doesn't match); it is restored from the review log, or made due now`;

const KEYED_LINE = /^[ \t]+("(?:[^"\\]|\\.)*"|[^"'\s{}[\],#][^{}]*?):[ \t]+\{/;

const STATE_FIELD = /(?:due|stability|difficulty|reps|lapses|state|step|last|id|h):[ \t]/g;

/** The key of a line shaped `  key: {…`, whatever follows; null when the line has no such start. */
export function guessEntryKey(line: string): string | null {
  const match = KEYED_LINE.exec(line);
  if (match === null) {
    // The splice ate the `{`: a line with state fields is still a (damaged) state line; its label is what precedes them.
    if (!/^[ \t]+\S/.test(line) || (line.match(STATE_FIELD) ?? []).length < 2) return null;
    const label = /^[ \t]+([^:{]*)/.exec(line)?.[1].trim() ?? "";
    return label === "" ? "(unreadable)" : label;
  }
  const raw = match[1];
  // A key the splice reached into is still a label for the damaged line (healing finds its card by id).
  if (!raw.startsWith('"') || !raw.endsWith('"')) return raw;
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw;
  }
}

/** The card id in a damaged line (`id: k3f9q2`), when exactly one readable id is there. */
export function guessEntryId(line: string): string | null {
  const ids = [...line.matchAll(/[{,][ \t]*id:[ \t]*([a-z0-9]+)[ \t]*[,}]/g)].map((match) => match[1]).filter(isCardId);
  return ids.length === 1 ? ids[0] : null;
}

const STRAY_STATE_LINE = /^[^\s#-].*\{\s*(?:due|stability|difficulty|reps|lapses|state|last|id|h):/;

/**
 * A splice can eat the indentation of a state line (`  Batch norm: {…}` + `  Bias: {…}` merged into
 * `  B  Bias: {…}` and `atch norm: {…}`): the unindented rest then reads as a property of its own and
 * the frontmatter is no longer YAML. Lines right after the state property that look like state lines
 * are indented back into it; the checksum then marks them as damaged. Null when there are none.
 */
export function reindentStrayStateLines(lines: LineTable, frontmatter: FrontmatterRange, stateProperty: string): string | null {
  const range = findPropertyRanges(lines, frontmatter, stateProperty)[0];
  if (range === undefined || range.inlineValue !== "") return null;
  const firstEntry = range.end > range.header + 1 ? lineAt(lines, range.header + 1) : "  ";
  const indent = /^[ \t]+/.exec(firstEntry)?.[0] ?? "  ";
  const text = lines.text;
  let output = "";
  let copiedUpTo = 0;
  for (let index = range.end; index < frontmatter.close; index++) {
    const line = lineAt(lines, index);
    if (/^[ \t]+\S/.test(line) && guessEntryKey(line) !== null) continue; // an entry that belongs to the property
    if (!STRAY_STATE_LINE.test(line)) break;
    output += text.slice(copiedUpTo, lines.starts[index]) + indent;
    copiedUpTo = lines.starts[index];
  }
  return copiedUpTo === 0 ? null : output + text.slice(copiedUpTo);
}
