import type { CardIndex } from "../core/study/card-index";
import { RETENTIONS, simulateRetentions, type RetentionPoint, type SimulatedCard } from "../core/optimizer/simulate";
import { button, OptimizerModal } from "./optimize-modal";
import { polyline, text } from "./stats/charts";

const DAY_MS = 86_400_000;

/** The cards as the simulation starts them: suspended cards left out. */
export function simulatedCards(index: CardIndex, now: Date): SimulatedCard[] {
  const cards: SimulatedCard[] = [];
  const time = now.getTime();
  for (const {
    card: { state },
  } of index.cards()) {
    if (state !== null && state.suspended === true) continue;
    cards.push(
      state === null || state.state === "new" || state.last_review === null
        ? null
        : [state.stability, state.difficulty, Math.max(0, (time - Date.parse(state.last_review)) / DAY_MS), Math.max(0, (Date.parse(state.due) - time) / DAY_MS)],
    );
  }
  return cards;
}

/** Every fifth retention (0.70, 0.75 … 0.95): the chart's ticks and the choices offered. */
const tick = (_: unknown, index: number): boolean => index % 5 === 0;

/**
 * "Help me decide": a year simulated with the user's weights and cards at every desired retention from
 * 0.70 to 0.97, charted as reviews per day against cards remembered, so a retention can be picked by
 * its cost. Clicking a retention applies it.
 */
export class RetentionModal extends OptimizerModal {
  protected async run(el: HTMLElement): Promise<void> {
    this.titleEl.setText("Desired retention: help me decide");
    el.addClass("hf-retention");
    const status = el.createEl("p", { text: "Simulating the next year…" });
    const { index, settings } = this.host;
    const { host } = this;
    const cards = index === undefined ? [] : simulatedCards(index, host.clock ? host.clock() : new Date());
    let points: RetentionPoint[];
    try {
      points = await this.slices(simulateRetentions(cards, { weights: settings.weights, newPerDay: settings.newPerDay, maximumInterval: settings.maximumInterval }));
    } catch {
      return;
    }
    if (cards.length === 0) {
      status.setText("No cards yet: add some flashcards first.");
      return;
    }
    status.setText(`${cards.length} cards, next 365 days, your FSRS weights. Higher retention: more reviews a day for more cards remembered. Choose a point to use its retention.`);
    chart(el, points);
    const choices = el.createDiv({ cls: "hf-retention-choices" });
    const current = (point: RetentionPoint): boolean => Math.abs(point.retention - settings.desiredRetention) < 0.005;
    for (const point of points.filter((point, i) => tick(point, i) || current(point))) {
      const label = `${point.retention.toFixed(2)}: ${point.reviewsPerDay.toFixed(1)}/day, ${Math.round(point.remembered)} remembered`;
      button(choices, label, () => this.apply({ desiredRetention: point.retention }), current(point) ? "mod-cta" : undefined);
    }
  }
}

/** Reviews per day (left scale) and cards remembered (right scale) by desired retention, with a legend. */
function chart(el: HTMLElement, points: RetentionPoint[]): void {
  const width = 560;
  const height = 260;
  const left = 48;
  const right = width - 56;
  const top = 16;
  const bottom = height - 36;
  const x = (retention: number): number => left + ((retention - 0.7) / 0.27) * (right - left);
  const svg = el.createSvg("svg", { cls: "hf-retention-chart", attr: { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Reviews per day and cards remembered by desired retention" } });
  svg.createSvg("line", { cls: "hf-chart-axis", attr: { x1: left, y1: bottom, x2: right, y2: bottom } });
  for (const retention of RETENTIONS.filter(tick)) text(svg, x(retention), bottom + 16, retention.toFixed(2), "hf-chart-label");
  const legend = el.createDiv({ cls: "hf-retention-legend" });
  // Each series: its class, legend, values, and its scale's top labelled at the left or the right.
  for (const [cls, name, value, labelX, anchor, label] of [
    ["hf-chart-reviews", "Reviews per day", (point: RetentionPoint) => point.reviewsPerDay, 4, "start", (max: number) => `${max < 10 ? max.toFixed(1) : Math.round(max)} reviews/day`],
    ["hf-chart-remembered", "Cards remembered after a year", (point: RetentionPoint) => point.remembered, width - 4, "end", (max: number) => `${Math.round(max)} remembered`],
  ] as const) {
    const values = points.map(value);
    const max = Math.max(1, ...values);
    text(svg, labelX, top, label(max), `hf-chart-label ${cls}`, anchor);
    svg.createSvg("path", { cls: `hf-chart-line ${cls}`, attr: { d: polyline(values, (i) => x(points[i].retention), (v) => bottom - (v / max) * (bottom - top)) } });
    legend.createSpan({ cls, text: name });
  }
}
