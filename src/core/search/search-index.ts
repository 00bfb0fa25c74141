import { rowText, type RowTest, type SearchIndex, type SearchRow } from "./evaluate";

/** Rows of one slice of the index: their lowercased texts joined by NUL, and where each starts. */
interface Chunk {
  first: number;
  text: string;
  /** starts[i]: offset of row first + i in text; one more entry for the end. */
  starts: Int32Array;
}

const SEPARATOR = "\u0000";
/** Terms whose answers are kept, for the next keystrokes (a word typed on, the same term again). */
const REMEMBERED = 16;

/** Per row: 0 not asked yet, else 1 + the answer (a term), or a number read once (NaN for none). */
interface RowAnswers {
  known: Uint8Array;
  values: Float64Array;
}

/**
 * The card browser's search over its rows, kept while the browser is open:
 * - free text: every row's text (question, answer, note name, lowercased) joined into a few long strings
 *   as the rows are warmed, so finding a word is one `indexOf` run along each string instead of one
 *   `includes` per row (tens of megabytes of text: a few times faster); a word's answer is kept, so
 *   typing it on only looks again at the rows that held the shorter word;
 * - what a term asks of a card's state (is:, flag:, deck:, the numbers prop: compares) is answered once
 *   per row and kept until a card changes (`cardsChanged`), so the next keystroke reads a byte or a
 *   number per row instead of the card.
 */
export class BrowserSearchIndex implements SearchIndex {
  private readonly chunks: Chunk[] = [];
  private indexed = 0;
  private readonly texts = new Map<string, Uint8Array>();
  private readonly answers = new Map<string, RowAnswers>();

  /** The rows by slot (a row's number here); their texts are read as they are warmed. */
  constructor(private readonly rows: readonly SearchRow[]) {}

  /** Indexes `count` more rows' text; false when all are done. */
  warm(count: number): boolean {
    const first = this.indexed;
    const end = Math.min(this.rows.length, first + count);
    if (end === first) return false;
    const texts: string[] = [];
    const starts = new Int32Array(end - first + 1);
    let offset = 0;
    for (let slot = first; slot < end; slot++) {
      const text = rowText(this.rows[slot]);
      texts.push(text);
      starts[slot - first] = offset;
      offset += text.length + 1;
    }
    starts[end - first] = offset;
    const text = texts.join(SEPARATOR);
    // The rows' own texts become views of the joined one: the text is held once.
    for (let slot = first; slot < end; slot++) this.rows[slot].text = text.slice(starts[slot - first], starts[slot - first + 1] - 1);
    this.chunks.push({ first, text, starts });
    this.indexed = end;
    return end < this.rows.length;
  }

  /** True once some rows' texts were joined (they no longer follow a row whose answer changes). */
  warmedAny(): boolean {
    return this.indexed > 0;
  }

  /** A card's state changed: answers about states are asked again (texts stay). */
  cardsChanged(): void {
    this.answers.clear();
  }

  text(pattern: string): RowTest {
    if (pattern.includes(SEPARATOR)) return (row) => rowText(row).includes(pattern);
    let hits: Uint8Array | null = null;
    return (row, slot) => {
      if (slot < 0) return rowText(row).includes(pattern);
      hits ??= this.textHits(pattern);
      return hits[slot] === 1;
    };
  }

  remember(key: string, test: (row: SearchRow) => boolean): RowTest {
    const { known } = this.answersFor(`?${key}`, false);
    return (row, slot) => {
      if (slot < 0) return test(row);
      let answer = known[slot];
      if (answer === 0) known[slot] = answer = test(row) ? 2 : 1;
      return answer === 2;
    };
  }

  number(key: string, read: (row: SearchRow) => number | null): (row: SearchRow, slot: number) => number | null {
    const { known, values } = this.answersFor(`#${key}`, true);
    return (row, slot) => {
      if (slot < 0) return read(row);
      if (known[slot] === 0) {
        const value = read(row);
        known[slot] = value === null ? 1 : 2;
        values[slot] = value ?? 0;
      }
      return known[slot] === 2 ? values[slot] : null;
    };
  }

  private answersFor(key: string, numbers: boolean): RowAnswers {
    let answers = this.answers.get(key);
    if (answers === undefined) answers = { known: new Uint8Array(this.rows.length), values: new Float64Array(numbers ? this.rows.length : 0) };
    else this.answers.delete(key);
    // Most recently used last; the oldest goes when there are too many.
    this.answers.set(key, answers);
    if (this.answers.size > REMEMBERED) this.answers.delete(this.answers.keys().next().value as string);
    return answers;
  }

  private textHits(pattern: string): Uint8Array {
    const known = this.texts.get(pattern);
    if (known !== undefined) {
      this.rememberText(pattern, known);
      return known;
    }
    while (this.warm(8000));
    // Only rows holding a remembered part of the pattern can hold the pattern.
    let within: Uint8Array | null = null;
    let longest = -1;
    for (const [part, partHits] of this.texts) {
      if (part.length > longest && pattern.includes(part)) {
        within = partHits;
        longest = part.length;
      }
    }
    const hits = new Uint8Array(this.rows.length);
    for (const chunk of this.chunks) find(chunk, pattern, within, hits);
    this.rememberText(pattern, hits);
    return hits;
  }

  private rememberText(pattern: string, hits: Uint8Array): void {
    this.texts.delete(pattern);
    this.texts.set(pattern, hits);
    if (this.texts.size > REMEMBERED) this.texts.delete(this.texts.keys().next().value as string);
  }
}

/** Marks in `hits` the rows of `chunk` (among `within`, when given) whose text contains `pattern`. */
function find(chunk: Chunk, pattern: string, within: Uint8Array | null, hits: Uint8Array): void {
  const { first, text, starts } = chunk;
  const count = starts.length - 1;
  let row = 0;
  while (row < count) {
    if (within !== null) {
      while (row < count && within[first + row] === 0) row++;
      if (row === count) return;
    }
    const at = text.indexOf(pattern, starts[row]);
    if (at === -1) return;
    // The row the match is in: the last one starting at or before it (most often the one searched from).
    let low = row;
    let high = count - 1;
    if (starts[row + 1] > at) high = row;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= at) low = mid;
      else high = mid - 1;
    }
    if (within === null || within[first + low] === 1) hits[first + low] = 1;
    row = low + 1;
  }
}
