import type { DailyProgress } from "../core/study/session";

/**
 * Today's progress per device in data.json (design.md §2a): one top-level key per device, so Obsidian
 * Sync's key-by-key merge of plugin settings keeps every device's count; the daily limits use the sum.
 */
const PREFIX = "progress:";

export function progressKey(deviceId: string): string {
  return `${PREFIX}${deviceId}`;
}

/** A stored progress value, checked; null when it isn't one. */
export function readProgress(value: unknown): DailyProgress | null {
  if (typeof value !== "object" || value === null) return null;
  const raw = value as Record<string, unknown>;
  if (typeof raw.day !== "string" || !Array.isArray(raw.buried)) return null;
  const strings = (list: unknown): string[] => (Array.isArray(list) ? list.filter((id): id is string => typeof id === "string") : []);
  return {
    day: raw.day,
    newDone: Number(raw.newDone) || 0,
    reviewsDone: Number(raw.reviewsDone) || 0,
    buried: strings(raw.buried),
    graded: Number(raw.graded) || 0,
    studyMs: Number(raw.studyMs) || 0,
    forgotten: strings(raw.forgotten),
    extraNew: Number(raw.extraNew) || 0,
  };
}

/** Every other device's stored progress. */
export function otherDevicesProgress(data: Record<string, unknown>, deviceId: string): DailyProgress[] {
  const mine = progressKey(deviceId);
  const others: DailyProgress[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (!key.startsWith(PREFIX) || key === mine) continue;
    const progress = readProgress(value);
    if (progress !== null) others.push(progress);
  }
  return others;
}

/** This device's progress plus the other devices' counts of the same study day (their buried cards are theirs). */
export function sumProgress(mine: DailyProgress, others: readonly DailyProgress[]): DailyProgress {
  let newDone = mine.newDone;
  let reviewsDone = mine.reviewsDone;
  let graded = mine.graded ?? 0;
  let studyMs = mine.studyMs ?? 0;
  for (const other of others) {
    if (other.day !== mine.day) continue;
    newDone += other.newDone;
    reviewsDone += other.reviewsDone;
    graded += other.graded ?? 0;
    studyMs += other.studyMs ?? 0;
  }
  // Buried and forgotten cards and extra new cards are this device's own choices.
  return { ...mine, newDone, reviewsDone, graded, studyMs };
}
