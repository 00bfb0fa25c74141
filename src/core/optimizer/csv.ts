/**
 * The review-log CSV that FSRS tools exchange: a header row, columns found by name — `card_id`,
 * `review_rating` (1–4), `review_time` (ISO-8601 with offset, or epoch milliseconds), optional
 * `review_duration` (ms) and `review_state` (0 new, 1 learning, 2 review, 3 relearning).
 * Without `review_state` a card's history starts at its first review.
 */
import type { ReviewEvent } from "./items";

export class CsvFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CsvFormatError";
  }
}

/** Reads the CSV; throws CsvFormatError naming the line of the first bad row. Rating 0 rows (Anki's manual entries) are skipped. */
export function readReviewCsv(text: string): ReviewEvent[] {
  const rows = parseCsv(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (rows.length === 0) throw new CsvFormatError("The CSV is empty; expected a header row with card_id, review_rating and review_time.");
  const header = rows[0].cells.map((name) => name.trim().toLowerCase());
  const column = (name: string): number => header.indexOf(name);
  const cardColumn = column("card_id");
  const ratingColumn = column("review_rating");
  const timeColumn = column("review_time");
  const stateColumn = column("review_state");
  const missing = [
    ["card_id", cardColumn],
    ["review_rating", ratingColumn],
    ["review_time", timeColumn],
  ].filter(([, index]) => index === -1);
  if (missing.length > 0) throw new CsvFormatError(`The CSV header lacks ${missing.map(([name]) => name).join(", ")} (found: ${header.join(", ")}).`);
  const events: ReviewEvent[] = [];
  for (const { cells, line } of rows.slice(1)) {
    if (cells.length === 1 && cells[0].trim() === "") continue;
    const card = (cells[cardColumn] ?? "").trim();
    if (card === "") throw new CsvFormatError(`Line ${line}: card_id is empty.`);
    const ratingText = (cells[ratingColumn] ?? "").trim();
    if (!/^[0-4]$/.test(ratingText)) throw new CsvFormatError(`Line ${line}: review_rating must be 1, 2, 3 or 4, got ${JSON.stringify(ratingText)}.`);
    const rating = Number(ratingText);
    if (rating === 0) continue;
    const time = parseTime((cells[timeColumn] ?? "").trim());
    if (time === null) throw new CsvFormatError(`Line ${line}: review_time must be ISO-8601 with an offset or epoch milliseconds, got ${JSON.stringify(cells[timeColumn] ?? "")}.`);
    let learning = true;
    if (stateColumn !== -1) {
      const stateText = (cells[stateColumn] ?? "").trim();
      if (!/^\d+$/.test(stateText)) throw new CsvFormatError(`Line ${line}: review_state must be a whole number (0 new, 1 learning, 2 review, 3 relearning), got ${JSON.stringify(stateText)}.`);
      learning = stateText === "0" || stateText === "1";
    }
    events.push({ card, time, rating, learning });
  }
  return events;
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

function parseTime(text: string): number | null {
  if (/^\d{1,16}$/.test(text)) return Number(text);
  if (!ISO_WITH_OFFSET.test(text)) return null;
  // Date.parse reads at most milliseconds reliably; trim longer fractions (Python writes microseconds).
  const normalised = text.replace(" ", "T").replace(/(\.\d{3})\d+/, "$1");
  const ms = Date.parse(normalised);
  return Number.isFinite(ms) ? ms : null;
}

/** RFC 4180 rows with their 1-based starting line (quoted fields may hold commas, quotes and newlines). */
function parseCsv(text: string): { cells: string[]; line: number }[] {
  if (!text.includes('"')) {
    // No quoting: every line is a row (the usual export, and much faster to read).
    return text.split(/\r?\n|\r/).map((line, index) => ({ cells: line.split(","), line: index + 1 })).filter(({ cells }, index, rows) => index < rows.length - 1 || cells.length > 1 || cells[0] !== "");
  }
  const rows: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (char === "\n") line++;
        field += char;
      }
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      cells.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      cells.push(field);
      rows.push({ cells, line: rowLine });
      cells = [];
      field = "";
      line++;
      rowLine = line;
    } else field += char;
  }
  if (field !== "" || cells.length > 0) {
    cells.push(field);
    rows.push({ cells, line: rowLine });
  }
  return rows;
}
