// The statistics scenario's vault additions (bundled by tests/e2e/run.mjs with esbuild): a vocabulary
// note of 80 cards whose state lines and two devices' review logs come from a year of simulated study
// (bench/generate-log.ts), ending at `now`.
import { serialiseRecord } from "../../src/core/log/record";
import { encodeEntry } from "../../src/core/state/state-codec";
import { generateLog } from "../../bench/generate-log";

const WORDS = ["casa", "perro", "gato", "agua", "libro", "mesa", "silla", "ventana", "puerta", "calle", "ciudad", "pueblo", "río", "mar", "montaña", "árbol", "flor", "sol", "luna", "estrella"];

export function statsVault(now: Date, pluginDir: string): Record<string, string> {
  const keys = Array.from({ length: 80 }, (_, index) => `${WORDS[index % WORDS.length]} ${Math.floor(index / WORDS.length) + 1}`);
  const note = "Spanish vocabulary.md";
  const { records, states } = generateLog(
    keys.map((key, index) => ({ note, key, id: `sp${String(index).padStart(4, "0")}` })),
    // Study hours include the hour before now, so today has reviews for the screenshots.
    { now, days: 365, reviews: 2500, seed: 14, hours: [7, 8, 12, 18, 19, 20, 21, 22, ...Array<number>(4).fill((now.getUTCHours() + 23) % 24)] },
  );
  const lines = keys.flatMap((key, index) => {
    const state = states.get(`sp${String(index).padStart(4, "0")}`);
    return state === undefined ? [] : [`  ${encodeEntry(key, state)}`];
  });
  const text = ["---", "tags: [flashcards/lang/es]", "srs:", ...lines, "---", ...keys.flatMap((key) => [`### ${key}`, `The Spanish word "${key}".`, ""])].join("\n");
  const files: Record<string, string> = { [note]: text };
  for (const device of ["phone", "laptop"]) {
    files[`${pluginDir}/logs/${device}.jsonl`] = records.filter((record) => record.device === device).map(serialiseRecord).join("");
  }
  return files;
}
