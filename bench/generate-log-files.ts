/**
 * The review log of `npm run bench:browser`'s statistics figures: a generated year of reviews
 * (bench/generate-log.ts) for the cards of the generated vault of `notes` notes (bench/generate-vault.ts,
 * the same bytes the playground reads), as each device's log file, keyed by file name. Bundled and run
 * by bench/phone.mjs, as bench/stats-bench.ts builds its log for figures (8) and (9).
 */
import { serialiseRecord } from "../src/core/log/record";
import { CardIndex } from "../src/core/study/card-index";
import { DEFAULT_PARSE_OPTIONS } from "../src/core/types";
import { generateLog, type LogCard } from "./generate-log";
import { generateVault } from "./generate-vault";

export interface GeneratedLogFiles {
  /** Log file name (`<device>.jsonl`) → its text. */
  files: Record<string, string>;
  reviews: number;
  cards: number;
}

export function generateLogFiles(notes: number, now: Date, reviews: number): GeneratedLogFiles {
  const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
  for (const [path, text] of Object.entries(generateVault(notes).files)) if (path.endsWith(".md")) index.update(path, text);
  const cards: LogCard[] = [];
  for (const { note, card } of index.cards()) cards.push({ note: note.path, key: card.key, id: card.state?.id ?? `${note.path}#${card.key}` });
  const { records } = generateLog(cards, { now, days: 365, reviews });
  const perDevice = new Map<string, string[]>();
  for (const record of records) {
    const lines = perDevice.get(record.device);
    if (lines === undefined) perDevice.set(record.device, [serialiseRecord(record)]);
    else lines.push(serialiseRecord(record));
  }
  const files: Record<string, string> = {};
  for (const [device, lines] of perDevice) files[`${device}.jsonl`] = lines.join("");
  return { files, reviews: records.length, cards: cards.length };
}
