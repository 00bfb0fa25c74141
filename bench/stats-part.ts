/**
 * `npm run bench -- --part=stats`: figures (8)–(10) alone (statistics view open and switch, card browser
 * open and keystroke) over the 10,000-note benchmark vault, indexed straight through CardIndex rather than
 * the fake vault, so a change to the statistics or the browser can be measured in a minute. The full
 * `npm run bench` reports the same figures.
 */
import { CardIndex } from "../src/core/study/card-index";
import { DEFAULT_PARSE_OPTIONS } from "../src/core/types";
import { measureBrowser } from "./browser";
import { BENCH_NOW, generateVault } from "./generate-vault";
import { measureStats } from "./stats-bench";

const args = process.argv.slice(2);
const QUICK = args.includes("--quick");
const notes = Number(args.find((a) => a.startsWith("--sizes="))?.slice(8).split(",").pop() ?? 10_000);
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const vault = generateVault(notes);
const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
for (const [path, text] of Object.entries(vault.files)) index.update(path, text);
const stats = measureStats(index, BENCH_NOW, 100_000, QUICK ? 2 : 7);
const browser = measureBrowser(index, vault.files, QUICK ? 3 : 9, median);
const out = { notes, stats, browser };
if (args.includes("--json")) process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
else {
  process.stderr.write(`[${notes}] (8) statistics open ${stats.openMs} ms (prepare ${stats.prepareMs} / compute ${stats.computeMs} / draw ${stats.drawMs}; cpu ${stats.openCpuMs} ms)\n`);
  process.stderr.write(`[${notes}] (9) switch ${stats.switchMs} ms (scope ${stats.scopeSwitchMs}, of it computing ${stats.scopeComputeMs} / period ${stats.periodSwitchMs}; cpu ${stats.switchCpuMs} ms)\n`);
  process.stderr.write(`[${notes}] (10) browser open ${browser.openMs} ms; keystroke median ${browser.keystrokeMs} / p90 ${browser.keystrokeP90} / max ${browser.keystrokeMaxMs} ms over ${browser.keystrokes}\n`);
}
