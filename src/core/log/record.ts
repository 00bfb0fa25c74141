import type { CardState, Rating } from "../types";
import { RATINGS } from "../types";

/**
 * The review log (design.md §7): one JSON object per line, append-only, one file per device. Statistics,
 * card history and the optimiser read only these records and the index.
 */

export const LOG_RECORD_VERSION = 1;

export type LogEventType = "review" | "undo" | "suspend" | "unsuspend" | "flag" | "bury" | "reset" | "reschedule" | "leech";
export const LOG_EVENT_TYPES: readonly LogEventType[] = ["review", "undo", "suspend", "unsuspend", "flag", "bury", "reset", "reschedule", "leech"];

export interface LogRecord {
  v: number;
  type: LogEventType;
  /** ISO-8601 UTC instant of the event. */
  time: string;
  /** Device id of the writer (the file's name without `.jsonl`); "" for the legacy single log. */
  device: string;
  /** The card's state-line `id`; "" when the card had none yet (legacy records). */
  card: string;
  /** Note path at the time of the event. */
  note: string;
  /** Card key at the time of the event. */
  key: string;
  /** Set for `review` (the grade) and for `undo` (the grade that was undone). */
  rating?: Rating;
  /** Whole states before and after the event; `before` is null for a card never reviewed. */
  before: CardState | null;
  after: CardState | null;
  /** `review`: milliseconds from showing the card to grading it. */
  tookMs?: number;
  /** `undo`: the `time` of the record it takes back (same device, same card). */
  undoes?: string;
  /**
   * The card's answer print at the time (`formatAnswerPrint`), when the writer knew the answer: how a
   * repeated question's history finds its answer again after an edit nobody saw (design.md Q5).
   * Records written before it existed have none; readers that don't know it ignore it.
   */
  answer?: string;
}

/** An answer print (core/state/duplicate-history.ts, 32 bits) as it is logged: 8 hex digits. */
export function formatAnswerPrint(print: number): string {
  return (print >>> 0).toString(16).padStart(8, "0");
}

/** The print a record carries, or undefined when it carries none. */
export function loggedAnswerPrint(record: Pick<LogRecord, "answer">): number | undefined {
  return record.answer === undefined ? undefined : Number.parseInt(record.answer, 16);
}

const ANSWER_PRINT = /^[0-9a-f]{8}$/;

export interface LogReadProblem {
  source: string;
  line: number;
  message: string;
}

/**
 * Reads one log file's text. A torn last line (a write cut short, or a sync that copied a file while it
 * grew) and any line that isn't a record are skipped and reported; they never stop the rest.
 * `device` names the file's device for records that don't carry one (the legacy single log).
 */
export function parseLogText(text: string, source: string, device = ""): { records: LogRecord[]; problems: LogReadProblem[] } {
  const records: LogRecord[] = [];
  const problems: LogReadProblem[] = [];
  let lineNumber = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    const complete = end !== -1;
    if (!complete) end = text.length;
    lineNumber++;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push({ source, line: lineNumber, message: complete ? "not a JSON record; skipped" : "torn last line (an unfinished write); skipped" });
      continue;
    }
    const record = normaliseRecord(value, device);
    if (typeof record === "string") problems.push({ source, line: lineNumber, message: record });
    else records.push(record);
  }
  return { records, problems };
}

/** Checks one parsed JSON value; legacy records (no `v`: `card` held the key) are read as version 1. */
export function normaliseRecord(value: unknown, device: string): LogRecord | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not a JSON object; skipped";
  const raw = value as Record<string, unknown>;
  const type = raw.type;
  if (typeof type !== "string" || !(LOG_EVENT_TYPES as readonly string[]).includes(type)) return `unknown record type ${JSON.stringify(type)}; skipped`;
  const time = raw.time;
  if (typeof time !== "string" || !Number.isFinite(Date.parse(time))) return "record without a valid time; skipped";
  const legacy = raw.v === undefined;
  const note = typeof raw.note === "string" ? raw.note : "";
  const key = legacy ? (typeof raw.card === "string" ? raw.card : "") : typeof raw.key === "string" ? raw.key : "";
  const card = legacy ? "" : typeof raw.card === "string" ? raw.card : "";
  const rating = typeof raw.rating === "string" && (RATINGS as readonly string[]).includes(raw.rating) ? (raw.rating as Rating) : undefined;
  if (type === "review" && rating === undefined) return "review without a rating; skipped";
  const record: LogRecord = {
    v: typeof raw.v === "number" ? raw.v : LOG_RECORD_VERSION,
    type: type as LogEventType,
    time,
    device: typeof raw.device === "string" ? raw.device : device,
    card,
    note,
    key,
    before: asState(raw.before),
    after: asState(raw.after),
  };
  if (rating !== undefined) record.rating = rating;
  if (typeof raw.tookMs === "number" && Number.isFinite(raw.tookMs) && raw.tookMs >= 0) record.tookMs = raw.tookMs;
  if (typeof raw.undoes === "string") record.undoes = raw.undoes;
  // A print in another form is no evidence: the record stands without it.
  if (typeof raw.answer === "string" && ANSWER_PRINT.test(raw.answer)) record.answer = raw.answer;
  return record;
}

function asState(value: unknown): CardState | null {
  if (typeof value !== "object" || value === null) return null;
  const raw = value as Record<string, unknown>;
  if (typeof raw.due !== "string" || typeof raw.stability !== "number" || typeof raw.difficulty !== "number") return null;
  return value as CardState;
}

/** One line of a log file, newline included. */
export function serialiseRecord(record: LogRecord): string {
  return `${JSON.stringify(record)}\n`;
}

/** All devices' records in time order (stable for equal times: device, then file order). */
export function mergeLogs(perDevice: readonly (readonly LogRecord[])[]): LogRecord[] {
  const all: { record: LogRecord; order: number }[] = [];
  let order = 0;
  for (const records of perDevice) for (const record of records) all.push({ record, order: order++ });
  all.sort((a, b) => compareTime(a.record.time, b.record.time) || (a.record.device < b.record.device ? -1 : a.record.device > b.record.device ? 1 : 0) || a.order - b.order);
  return all.map((entry) => entry.record);
}

function compareTime(a: string, b: string): number {
  return Date.parse(a) - Date.parse(b);
}

/**
 * The reviews that stand: `review` records not taken back by an `undo`. Legacy undo records carry no
 * `undoes`; they take back the latest standing review of the same note and key before them.
 */
export function standingReviews(records: readonly LogRecord[]): LogRecord[] {
  const undone = new Set<LogRecord>();
  const byTime = new Map<string, LogRecord[]>();
  const latestByCard = new Map<string, LogRecord[]>();
  for (const record of records) {
    if (record.type === "review") {
      const at = `${record.device}\u0000${record.time}`;
      const list = byTime.get(at);
      if (list === undefined) byTime.set(at, [record]);
      else list.push(record);
      const cardKey = `${record.note}\u0000${record.key}`;
      const stack = latestByCard.get(cardKey);
      if (stack === undefined) latestByCard.set(cardKey, [record]);
      else stack.push(record);
    } else if (record.type === "undo") {
      let target: LogRecord | undefined;
      if (record.undoes !== undefined) {
        target = byTime.get(`${record.device}\u0000${record.undoes}`)?.find((candidate) => !undone.has(candidate) && (record.card === "" || candidate.card === record.card || candidate.card === ""));
      } else {
        const stack = latestByCard.get(`${record.note}\u0000${record.key}`);
        while (stack !== undefined && stack.length > 0 && target === undefined) {
          const last = stack.pop();
          if (last !== undefined && !undone.has(last)) target = last;
        }
      }
      if (target !== undefined) undone.add(target);
    }
  }
  return records.filter((record) => record.type === "review" && !undone.has(record));
}
