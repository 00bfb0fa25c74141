/**
 * A realistic review log for the statistics benchmark and screenshots: cards introduced over the period,
 * each reviewed by the real scheduler whenever it comes due (a little late at times), recalled with the
 * probability FSRS predicts; new cards mostly Good, some Again; times of day clustered in the morning and
 * the evening; 3–20 seconds per answer. Deterministic for a seed.
 */
import { mergeLogs, type LogRecord } from "../src/core/log/record";
import { Scheduler } from "../src/core/scheduling/scheduler";
import { retrievability } from "../src/core/stats/distributions";
import type { CardState, Rating } from "../src/core/types";
import { mulberry32 } from "./generate-vault";

export interface LogCard {
  note: string;
  key: string;
  id: string;
}

export interface GeneratedLog {
  records: LogRecord[];
  /** Each simulated card's state after its last review (by card id). */
  states: Map<string, CardState>;
}

const DAY = 86_400_000;
const HOURS = [7, 8, 8, 9, 12, 13, 18, 19, 20, 20, 21, 21, 22, 23];

export function generateLog(cards: readonly LogCard[], options: { now: Date; days: number; reviews: number; seed?: number; devices?: string[]; hours?: number[] }): GeneratedLog {
  const hours = options.hours ?? HOURS;
  const random = mulberry32(options.seed ?? 7);
  const scheduler = new Scheduler();
  const devices = options.devices ?? ["phone", "laptop"];
  const nowMs = options.now.getTime();
  const startMs = nowMs - options.days * DAY;
  const records: LogRecord[] = [];
  const states = new Map<string, CardState>();
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  /** A time on the same day as `ms` (or the next, when it has passed), at a typical study hour. */
  const studyTime = (ms: number): number => {
    const day = new Date(ms);
    day.setUTCHours(pick(hours), Math.floor(random() * 60), Math.floor(random() * 60), 0);
    return day.getTime() < ms ? day.getTime() + DAY : day.getTime();
  };
  for (const card of cards) {
    if (records.length >= options.reviews) break;
    let state: CardState | null = null;
    let at = studyTime(startMs + random() * (nowMs - startMs));
    while (at < nowMs) {
      const rating = rate(state, at, random);
      const after = scheduler.grade(state, rating, new Date(at));
      records.push({
        v: 1,
        type: "review",
        time: new Date(at).toISOString(),
        device: pick(devices),
        card: card.id,
        note: card.note,
        key: card.key,
        rating,
        before: state,
        after: { ...after, id: card.id },
        tookMs: Math.round(3000 + random() * random() * 17_000),
      });
      state = { ...after, id: card.id };
      const due = Date.parse(after.due);
      // Learning steps are taken within the session; days-long intervals are met at a study hour, some late.
      at = due - at < DAY / 2 ? due + Math.floor(random() * 120_000) : studyTime(due + (random() < 0.2 ? Math.floor(random() * 3) * DAY : 0));
    }
    if (state !== null) states.set(card.id, state);
  }
  return { records: mergeLogs([records]), states };
}

function rate(state: CardState | null, at: number, random: () => number): Rating {
  const roll = random();
  if (state === null || state.state === "new" || state.state === "learning" || state.state === "relearning") {
    return roll < 0.15 ? "again" : roll < 0.2 ? "hard" : roll < 0.95 ? "good" : "easy";
  }
  const recall = state.last_review === null ? 0.9 : retrievability(state.stability, Date.parse(state.last_review), at);
  if (roll > recall) return "again";
  const grade = random();
  return grade < 0.1 ? "hard" : grade < 0.92 ? "good" : "easy";
}
