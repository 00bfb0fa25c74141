/**
 * Figures (8) and (9) of `npm run bench`: the statistics view over 100,000 logged reviews and the
 * benchmark vault's index. (8) opening: the log prepared (every review's day, hour and kind), the cards
 * collected, every panel's figures computed and drawn into a DOM; (9) a scope or period switch: the
 * figures recomputed from the prepared log and drawn again as the view does (a new scope afresh, a
 * new period over the opened view, redrawing the panels it changes). The DOM is happy-dom's, which is slower
 * than a browser's, so the drawing part is an upper bound. The log is generated, written as each
 * device's file and read back as the plugin reads it.
 */
import { Window } from "happy-dom";
import { mergeLogs, parseLogText, serialiseRecord, type LogRecord } from "../src/core/log/record";
import { StatsModel } from "../src/core/stats/report";
import type { StatsCard } from "../src/core/stats/scope";
import type { CardIndex } from "../src/core/study/card-index";
import { updatePanels } from "../src/ui/stats/panels";
import { installDomHelpers } from "../tests/fake-obsidian/dom";
import { generateLog, type LogCard } from "./generate-log";

export interface StatsFigure {
  reviews: number;
  cards: number;
  generateMs: number;
  runs: number;
  /** (8) prepare + compute + draw, and the parts. */
  openMs: number;
  prepareMs: number;
  computeMs: number;
  drawMs: number;
  /** (8) CPU time of the same (the machine is shared: wall time includes waiting for a core). */
  openCpuMs: number;
  /** (9) the slower of a scope switch and a period switch, compute + draw. */
  switchMs: number;
  switchCpuMs: number;
  scopeSwitchMs: number;
  /** (9) of the scope switch, working out the new scope's figures (the rest is drawing). */
  scopeComputeMs: number;
  periodSwitchMs: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round1 = (value: number): number => Math.round(value * 10) / 10;

/**
 * The log as the plugin holds it: each device's file read back (ReviewLogStore.load), then merged. Only
 * that copy stays alive, as in the plugin (a second one would make every garbage collection slower).
 */
function readBack(generated: readonly LogRecord[]): LogRecord[] {
  const perDevice = new Map<string, LogRecord[]>();
  for (const record of generated) {
    const list = perDevice.get(record.device);
    if (list === undefined) perDevice.set(record.device, [record]);
    else list.push(record);
  }
  return mergeLogs([...perDevice].map(([device, list]) => parseLogText(list.map(serialiseRecord).join(""), `${device}.jsonl`, device).records));
}

export function measureStats(index: CardIndex, now: Date, reviews: number, runs: number): StatsFigure {
  const window = new Window();
  installDomHelpers(window as unknown as Parameters<typeof installDomHelpers>[0]);
  const document = window.document as unknown as Document;

  const cards: StatsCard[] = [];
  const logCards: LogCard[] = [];
  let deck = "";
  for (const { note, card } of index.cards()) {
    cards.push({ path: note.path, key: card.key, decks: note.decks, state: card.state });
    logCards.push({ note: note.path, key: card.key, id: card.state?.id ?? `${note.path}#${card.key}` });
    deck ||= note.decks[0] ?? "";
  }
  let start = performance.now();
  const records = readBack(generateLog(logCards, { now, days: 365, reviews }).records);
  const generateMs = performance.now() - start;

  /** Draws a report into `el` as the view does: every panel into a new view, else only the panels that change. */
  const draw = (report: ReturnType<StatsModel["report"]>, el: HTMLElement = document.createElement("div")): { ms: number; el: HTMLElement } => {
    const t = performance.now();
    updatePanels(el, report, false, () => {});
    return { ms: performance.now() - t, el };
  };
  const open: number[] = [];
  const prepare: number[] = [];
  const compute: number[] = [];
  const drawn: number[] = [];
  const scope: number[] = [];
  const scopeCompute: number[] = [];
  const period: number[] = [];
  const openCpu: number[] = [];
  const switchCpu: number[] = [];
  const cpuMs = (since: NodeJS.CpuUsage): number => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  for (let run = 0; run < runs; run++) {
    let cpu = process.cpuUsage();
    start = performance.now();
    const model = new StatsModel(records, cards, now, 4);
    const prepared = performance.now();
    const report = model.report({ kind: "all" }, "month");
    const computed = performance.now();
    const { ms: drawMs, el: opened } = draw(report);
    open.push(performance.now() - start);
    openCpu.push(cpuMs(cpu));
    prepare.push(prepared - start);
    compute.push(computed - prepared);
    drawn.push(drawMs);

    cpu = process.cpuUsage();
    start = performance.now();
    // A scope switch draws the view afresh; a period switch redraws the opened view's period panels.
    const scopeReport = model.report({ kind: "deck", deck }, "month");
    scopeCompute.push(performance.now() - start);
    draw(scopeReport);
    scope.push(performance.now() - start);
    start = performance.now();
    draw(model.report({ kind: "all" }, "year"), opened);
    period.push(performance.now() - start);
    switchCpu.push(cpuMs(cpu) / 2);
  }
  window.close();
  const scopeSwitchMs = round1(median(scope));
  const periodSwitchMs = round1(median(period));
  return {
    reviews: records.length,
    cards: cards.length,
    generateMs: Math.round(generateMs),
    runs,
    openMs: round1(median(open)),
    prepareMs: round1(median(prepare)),
    computeMs: round1(median(compute)),
    drawMs: round1(median(drawn)),
    openCpuMs: round1(median(openCpu)),
    switchMs: Math.max(scopeSwitchMs, periodSwitchMs),
    switchCpuMs: round1(median(switchCpu)),
    scopeSwitchMs,
    scopeComputeMs: round1(median(scopeCompute)),
    periodSwitchMs,
  };
}
