/**
 * Review histories simulated with ts-fsrs from known weights: a learner who recalls with the probability
 * those weights predict, for the optimiser to recover. Deterministic per seed.
 */
import { createEmptyCard, fsrs, Rating, State, type Card, type Grade } from "ts-fsrs";
import { serialiseRecord, type LogRecord } from "../../../src/core/log/record";
import type { ReviewEvent } from "../../../src/core/optimizer/items";
import { mulberry32 } from "../../../src/core/optimizer/train";

/** A learner's weights unlike the defaults (longer initial stabilities, faster forgetting curve). */
export const KNOWN_WEIGHTS = [
  0.4, 1.8, 4.2, 12.5, 6.8, 0.6, 2.4, 0.02, 1.6, 0.2, 1.0, 1.7, 0.08, 0.35, 1.9, 0.5, 2.2, 0.4, 0.2, 0.1, 0.3,
];

export interface SimulationOptions {
  cards: number;
  newPerDay: number;
  days: number;
  seed: number;
  weights?: readonly number[];
}

const START = Date.UTC(2024, 0, 1, 9, 0, 0);
const DAY = 86_400_000;

export function simulateHistory(options: SimulationOptions): ReviewEvent[] {
  const random = mulberry32(options.seed);
  const scheduler = fsrs({
    w: [...(options.weights ?? KNOWN_WEIGHTS)],
    request_retention: 0.9,
    enable_fuzz: false,
    enable_short_term: true,
    learning_steps: ["1m", "10m"],
    relearning_steps: ["10m"],
  });
  const end = START + options.days * DAY;
  const events: ReviewEvent[] = [];
  for (let index = 0; index < options.cards; index++) {
    let now = START + Math.floor(index / options.newPerDay) * DAY + Math.floor(random() * 6 * 3_600_000);
    if (now >= end) break;
    let card: Card = createEmptyCard(new Date(now));
    while (now < end) {
      const rating = card.state === State.New ? firstRating(random()) : laterRating(random(), scheduler.get_retrievability(card, new Date(now), false));
      events.push({ card: `c${index}`, time: now, rating, learning: card.state === State.New || card.state === State.Learning });
      card = scheduler.next(card, new Date(now), rating).card;
      const due = card.due.getTime();
      // Learning steps are taken on time; days-long intervals at some hour of the due day.
      now = due - now < DAY / 2 ? Math.max(due, now + 60_000) : due + Math.floor(random() * 8 * 3_600_000);
    }
  }
  return events;
}

function firstRating(x: number): Grade {
  return x < 0.25 ? Rating.Again : x < 0.35 ? Rating.Hard : x < 0.9 ? Rating.Good : Rating.Easy;
}

function laterRating(x: number, recall: number): Grade {
  if (x >= recall) return Rating.Again;
  const within = x / recall;
  return within < 0.12 ? Rating.Hard : within < 0.92 ? Rating.Good : Rating.Easy;
}

const RATING_NAMES = ["again", "hard", "good", "easy"] as const;

/**
 * The standard simulated history (150 cards, 150 days, seed 7) as two devices' review logs, device →
 * JSONL text: every `phoneEvery`-th review was made on the phone, the rest on the laptop.
 */
export function simulatedDeviceLogs(phoneEvery: number): { phone: string; laptop: string } {
  const text = { phone: "", laptop: "" };
  simulateHistory({ cards: 150, newPerDay: 5, days: 150, seed: 7 }).forEach((event, index) => {
    const device = index % phoneEvery === 0 ? "phone" : "laptop";
    const record: LogRecord = {
      v: 1,
      type: "review",
      time: new Date(event.time).toISOString(),
      device,
      card: event.card,
      note: "n.md",
      key: event.card,
      rating: RATING_NAMES[event.rating - 1],
      before: event.learning ? null : { due: "2024-01-01T00:00:00Z", stability: 1, difficulty: 5, reps: 1, lapses: 0, state: "review", step: 0, last_review: "2024-01-01T00:00:00Z" },
      after: null,
    };
    text[device] += serialiseRecord(record);
  });
  return text;
}
