import type { ChangeSet, Text } from "@codemirror/state";
import { atxHeading } from "../../core/notes/markdown-scan";
import { scanQuestions } from "../../core/study/question-badges";

/** A level-3 heading in the editor's document: where its line starts, its text, and the card it stood for. */
export interface QuestionLine {
  from: number;
  text: string;
  /** The card key this line was last matched to (kept while its text is edited). */
  key?: string;
}

// What opens or closes a region that hides headings (Q3): fences, %% comments, $$ math, <!-- comments -->.
const REGION_MARKER = /```|~~~|%%|\$\$|<!--|-->/;
const FRONTMATTER_CLOSE = /^(?:---|\.\.\.)[ \t]*$/;

/**
 * The question lines of a document, kept in step with edits without re-reading the document: positions
 * are mapped through each change and only the lines a change touched are looked at again. The whole
 * document is scanned (with the core's scanner, so code, comments and math hide headings exactly as
 * they do for cards) only when needed: at first, when an edit changes a region marker or the
 * frontmatter, or when a new heading appears (it may sit inside a code block).
 */
export class QuestionLines {
  private constructor(
    public entries: QuestionLine[],
    /** 1-based line number of the frontmatter's closing line (the 0-based first body line), or 0 without frontmatter. */
    private frontmatterEnd: number,
  ) {}

  static scan(doc: Text): QuestionLines {
    const { questions, bodyStart } = scanQuestions(doc.toString());
    return new QuestionLines(questions.map(({ from, text }) => ({ from, text })), bodyStart);
  }

  /** Follows an edit; returns true when the question lines changed (added, removed or reworded). */
  apply(changes: ChangeSet, before: Text, after: Text): boolean {
    const touched: { from: number; to: number }[] = [];
    let rescan = false;
    changes.iterChangedRanges((fromA, toA, fromB, toB) => {
      const oldFirst = before.lineAt(fromA);
      const oldLast = before.lineAt(toA);
      const newFirst = after.lineAt(fromB);
      const newLast = after.lineAt(toB);
      if (oldFirst.number <= Math.max(1, this.frontmatterEnd)) rescan = true;
      else if (markers(before, oldFirst.number, oldLast.number) !== markers(after, newFirst.number, newLast.number)) rescan = true;
      touched.push({ from: newFirst.from, to: newLast.to });
    });
    // Lines before the first change keep their place: only the rest are mapped (most keystrokes are in one spot).
    const unmoved = rescan ? 0 : this.firstAtOrAfter(touched.length > 0 ? touched[0].from : 0);
    const mapped = this.entries.slice(unmoved);
    for (const entry of mapped) entry.from = changes.mapPos(entry.from, -1);
    if (rescan) return this.replaceWith(QuestionLines.scan(after), mapped);

    const kept: QuestionLine[] = this.entries.slice(0, unmoved);
    const edited = new Map<number, QuestionLine>();
    // Lines an edit merged map to one position: count them all.
    let editedCount = 0;
    let range = 0;
    for (const entry of mapped) {
      while (range < touched.length && touched[range].to < entry.from) range++;
      if (range < touched.length && touched[range].from <= entry.from) {
        edited.set(entry.from, entry);
        editedCount++;
      } else kept.push(entry);
    }
    const found: QuestionLine[] = [];
    for (const { from, to } of touched) {
      for (let pos = from; pos <= to; ) {
        const line = after.lineAt(pos);
        const heading = atxHeading(line.text, 0, line.length);
        if (heading !== null && heading.level === 3) {
          const was = edited.get(line.from);
          // A heading where there was none may be inside code or a comment: only a full scan can tell.
          if (was === undefined) return this.replaceWith(QuestionLines.scan(after), mapped);
          found.push({ from: line.from, text: heading.text, key: was.key });
        }
        pos = line.to + 1;
      }
    }
    if (editedCount === 0 && found.length === 0) {
      this.entries = kept;
      return false;
    }
    const changed = found.length !== editedCount || found.some((entry) => edited.get(entry.from)?.text !== entry.text);
    this.entries = found.length === 0 ? kept : [...kept, ...found].sort((a, b) => a.from - b.from);
    return changed;
  }

  /** Index of the first entry whose line starts at or after `pos`. */
  firstAtOrAfter(pos: number): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.entries[middle].from < pos) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Takes a fresh scan's lines, keeping the card each line stood for where a line is where it was. */
  private replaceWith(scanned: QuestionLines, mapped: QuestionLine[]): boolean {
    const keyAt = new Map(mapped.filter((entry) => entry.key !== undefined).map((entry) => [entry.from, entry.key]));
    for (const entry of scanned.entries) entry.key = keyAt.get(entry.from);
    const changed = scanned.entries.length !== mapped.length || scanned.entries.some((entry, index) => entry.from !== mapped[index].from || entry.text !== mapped[index].text);
    this.entries = scanned.entries;
    this.frontmatterEnd = scanned.frontmatterEnd;
    return changed;
  }
}

/**
 * The lines among [first, last] that hold a region marker, in full: an edit that leaves them as they were
 * keeps every region where it was. Line breaks are not part of it, so pressing Enter in an answer costs
 * no scan; editing a line with a marker on it does (such lines are few).
 */
function markers(doc: Text, first: number, last: number): string {
  let found = "";
  for (let number = first; number <= last; number++) {
    const text = doc.line(number).text;
    // A `---` or `...` line may close a frontmatter left open above it.
    if (REGION_MARKER.test(text) || FRONTMATTER_CLOSE.test(text)) found += `${text}\n`;
  }
  return found;
}
