// Two devices studying one note offline (design.md §2a): each grades cards on its own copy and appends
// to its own review log, as the plugin does; the sync engines then merge the copies.
import { ReviewHistory } from "../../src/core/log/history";
import { mergeLogs, type LogRecord } from "../../src/core/log/record";
import { parseNote } from "../../src/core/notes/note";
import { Scheduler } from "../../src/core/scheduling/scheduler";
import { healNote, type HealResult } from "../../src/core/state/healing";
import { withCardId } from "../../src/core/state/state-codec";
import { writeCardState } from "../../src/core/state/state-writer";
import { DEFAULT_PARSE_OPTIONS, RATINGS, type CardState, type Rating } from "../../src/core/types";

export const NOTE_PATH = "Decks/Vision.md";
export const KEYS = ["Bias", "Variance", "Dropout", "Batch norm", "Attention", "Residual: why?"];
const BASE_TIME = Date.parse("2026-03-01T08:00:00Z");
const scheduler = new Scheduler();

/** The common note: other properties with a comment, some cards reviewed once, the rest new. */
export function baseNote(reviewedInBase: boolean[], random: () => number): { text: string; records: LogRecord[] } {
  let text = "---\ntitle: Vision  # kept as written\ntags: [flashcards]\nsrs:\naliases:\n  - cv\n---\n# Vision\n\n";
  for (const key of KEYS) text += `### ${key}\nThe answer to ${key.toLowerCase()}.\n\n`;
  text += "Closing words.\n";
  let device: Device = { text, records: [] };
  KEYS.forEach((_key, index) => {
    if (reviewedInBase[index]) device = gradeOn(device, "base", index, "good", new Date(BASE_TIME + index * 1000), random);
  });
  return device;
}

export interface Grade {
  card: number;
  rating: Rating;
  /** Seconds after the base; A grades at odd seconds, B at even ones, so no two reviews share a time. */
  at: number;
}

export interface Device {
  text: string;
  records: LogRecord[];
}

/** Grades one card on a device's copy: the new state line is written, the review appended to its log. */
export function gradeOn(device: Device, name: string, card: number, rating: Rating, now: Date, random: () => number): Device {
  const key = KEYS[card];
  // The device's latest state of the card is the `after` of its own latest review (its text holds the same).
  const own = [...device.records].reverse().find((record) => record.key === key);
  const before = own !== undefined ? own.after : null;
  const after = withCardId(scheduler.grade(before, rating, now), random);
  const written = writeCardState(device.text, key, after, { stateProperty: "srs", order: KEYS });
  if (!written.ok) throw new Error(`device ${name} could not write: ${written.reason}`);
  const record: LogRecord = { v: 1, type: "review", time: now.toISOString(), device: name, card: after.id ?? "", note: NOTE_PATH, key, rating, before, after, tookMs: 1000 };
  return { text: written.text, records: [...device.records, record] };
}

export function runDevice(start: Device, name: string, grades: Grade[], parity: 0 | 1, random: () => number): Device {
  let device = { text: start.text, records: start.records };
  const sorted = [...grades].sort((a, b) => a.at - b.at);
  let previous = -1;
  for (const grade of sorted) {
    // One device grades one card at a time: its reviews never share a second.
    previous = Math.max(previous + 1, grade.at);
    const seconds = 3600 + previous * 2 + parity;
    device = gradeOn(device, name, grade.card, grade.rating, new Date(BASE_TIME + seconds * 1000), random);
  }
  return { text: device.text, records: device.records.slice(start.records.length) };
}

/** What every card must hold after the merge: the `after` of its latest review on any device, else the base state. */
export function expectedStates(base: string, logs: LogRecord[][]): Map<string, CardState | null> {
  const expected = new Map<string, CardState | null>();
  for (const card of parseNote(base, DEFAULT_PARSE_OPTIONS).cards) expected.set(card.key, card.state);
  for (const record of mergeLogs(logs)) expected.set(record.key, record.after);
  return expected;
}

export function statesOf(text: string): Map<string, CardState | null> {
  return new Map(parseNote(text, DEFAULT_PARSE_OPTIONS).cards.map((card) => [card.key, card.state]));
}

export function heal(text: string, logs: LogRecord[][], random: () => number): HealResult {
  return healNote(text, { ...DEFAULT_PARSE_OPTIONS, path: NOTE_PATH, now: new Date(BASE_TIME + 86_400_000), history: new ReviewHistory(mergeLogs(logs)), random });
}

/** The lines of the common note's own properties. */
const USER_LINES = ["title: Vision  # kept as written", "tags: [flashcards]", "aliases:", "  - cv"];

/**
 * Whether the merge left every line of the note's own properties as it was. A character merge can also
 * splice a property's key into a state line (`…}aliases:`).
 */
export function userLinesIntact(text: string): boolean {
  return userLinesIn(text).length === USER_LINES.length;
}

/** The lines of the note's own properties that stand whole in `text`. */
export function userLinesIn(text: string): string[] {
  const lines = new Set(text.split("\n"));
  return USER_LINES.filter((line) => lines.has(line));
}

/** The note without its state property's lines: the bytes healing must never touch. */
export function outsideStateProperty(text: string): string {
  const lines = text.split("\n");
  const header = lines.indexOf("srs:");
  if (header === -1) return text;
  let end = header + 1;
  // A splice may eat a state line's indentation: such a line is still the state property's.
  while (end < lines.length && (/^[ \t]+\S/.test(lines[end]) || /\{due: /.test(lines[end]))) end++;
  return [...lines.slice(0, header), ...lines.slice(end)].join("\n");
}

/** A small seeded generator (the optimiser's mulberry32), so a failing scenario replays exactly. */
export { mulberry32 as seeded } from "../../src/core/optimizer/train";

export { RATINGS };
