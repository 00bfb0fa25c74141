import { Modal, type App } from "obsidian";
import type { CardIndex } from "../core/study/card-index";
import { runInSlices } from "../core/optimizer/optimize";
import { RETENTIONS, simulateRetentions, type RetentionPoint, type SimulatedCard } from "../core/optimizer/simulate";
import type { CardState } from "../core/types";
import type { OptimizerHost } from "./optimize-modal";
import { yieldToUi } from "./optimize-modal";

const DAY_MS = 86_400_000;

/** The cards as the simulation starts them: suspended cards left out. */
export function simulatedCards(index: CardIndex, now: Date): SimulatedCard[] {
  const cards: SimulatedCard[] = [];
  for (const note of index.allNotes()) {
    for (const card of note.cards) {
      const state: CardState | null = card.state;
      if (state?.suspended === true) continue;
      if (state === null || state.state === "new" || state.last_review === null) {
        cards.push(null);
        continue;
      }
      cards.push({
        stability: state.stability,
        difficulty: state.difficulty,
        elapsedDays: Math.max(0, (now.getTime() - Date.parse(state.last_review)) / DAY_MS),
        dueInDays: Math.max(0, (Date.parse(state.due) - now.getTime()) / DAY_MS),
      });
    }
  }
  return cards;
}

/**
 * "Help me decide": a year simulated with the user's weights and cards at every desired retention from
 * 0.70 to 0.97, charted as reviews per day against cards remembered, so a retention can be picked by
 * its cost. Clicking a retention applies it.
 */
export class RetentionModal extends Modal {
  private cancelled = false;

  constructor(
    app: App,
    private readonly host: OptimizerHost & { readonly index?: CardIndex; clock?: () => Date },
    private readonly onApplied: () => void = () => undefined,
  ) {
    super(app);
  }

  override onOpen(): void {
    this.titleEl.setText("Desired retention: help me decide");
    this.contentEl.addClass("hf-retention");
    void this.run();
  }

  override onClose(): void {
    this.cancelled = true;
    this.contentEl.empty();
  }

  private async run(): Promise<void> {
    const { contentEl } = this;
    const status = contentEl.createEl("p", { text: "Simulating the next year…" });
    const index = this.host.index;
    const now = this.host.clock?.() ?? new Date();
    const cards = index === undefined ? [] : simulatedCards(index, now);
    const settings = this.host.settings;
    let points: RetentionPoint[];
    try {
      points = await runInSlices(simulateRetentions(cards, { weights: settings.weights, newPerDay: settings.newPerDay, maximumInterval: settings.maximumInterval }, RETENTIONS), {
        pause: yieldToUi,
        sliceMs: 16,
        cancelled: () => this.cancelled,
      });
    } catch {
      return;
    }
    if (cards.length === 0) {
      status.setText("No cards yet: add some flashcards first.");
      return;
    }
    status.setText(`${cards.length} cards, next 365 days, your FSRS weights. Higher retention: more reviews a day for more cards remembered. Choose a point to use its retention.`);
    this.chart(points);
  }

  private chart(points: RetentionPoint[]): void {
    const width = 560;
    const height = 260;
    const pad = { left: 48, right: 56, top: 16, bottom: 36 };
    const maxReviews = Math.max(1, ...points.map((point) => point.reviewsPerDay));
    const maxRemembered = Math.max(1, ...points.map((point) => point.remembered));
    const x = (retention: number): number => pad.left + ((retention - 0.7) / 0.27) * (width - pad.left - pad.right);
    const yReviews = (value: number): number => height - pad.bottom - (value / maxReviews) * (height - pad.top - pad.bottom);
    const yRemembered = (value: number): number => height - pad.bottom - (value / maxRemembered) * (height - pad.top - pad.bottom);
    const svg = this.contentEl.createSvg("svg", { cls: "hf-retention-chart", attr: { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Reviews per day and cards remembered by desired retention" } });
    svg.createSvg("line", { cls: "hf-chart-axis", attr: { x1: pad.left, y1: height - pad.bottom, x2: width - pad.right, y2: height - pad.bottom } });
    for (const retention of [0.7, 0.75, 0.8, 0.85, 0.9, 0.95]) {
      svgText(svg, "hf-chart-label", retention.toFixed(2), { x: x(retention), y: height - pad.bottom + 16, "text-anchor": "middle" });
    }
    svgText(svg, "hf-chart-label hf-chart-reviews", `${maxReviews < 10 ? maxReviews.toFixed(1) : Math.round(maxReviews)} reviews/day`, { x: 4, y: pad.top });
    svgText(svg, "hf-chart-label hf-chart-remembered", `${Math.round(maxRemembered)} remembered`, { x: width - 4, y: pad.top, "text-anchor": "end" });
    const path = (y: (value: number) => number, key: "reviewsPerDay" | "remembered"): string => points.map((point, i) => `${i === 0 ? "M" : "L"}${x(point.retention).toFixed(1)},${y(point[key]).toFixed(1)}`).join("");
    svg.createSvg("path", { cls: "hf-chart-line hf-chart-reviews", attr: { d: path(yReviews, "reviewsPerDay") } });
    svg.createSvg("path", { cls: "hf-chart-line hf-chart-remembered", attr: { d: path(yRemembered, "remembered") } });
    const legend = this.contentEl.createDiv({ cls: "hf-retention-legend" });
    legend.createSpan({ cls: "hf-chart-reviews", text: "Reviews per day" });
    legend.createSpan({ cls: "hf-chart-remembered", text: "Cards remembered after a year" });
    const table = this.contentEl.createDiv({ cls: "hf-retention-choices" });
    for (const point of points.filter((_, i) => i % 5 === 0 || isCurrent(points[i].retention, this.host.settings.desiredRetention))) {
      const button = table.createEl("button", { text: `${point.retention.toFixed(2)}: ${point.reviewsPerDay.toFixed(1)}/day, ${Math.round(point.remembered)} remembered` });
      if (isCurrent(point.retention, this.host.settings.desiredRetention)) button.addClass("mod-cta");
      button.addEventListener("click", () => {
        void this.host.updateSettings({ desiredRetention: point.retention }).then((errors) => {
          if (errors.length === 0) {
            this.onApplied();
            this.close();
          }
        });
      });
    }
  }
}

function isCurrent(retention: number, current: number): boolean {
  return Math.abs(retention - current) < 0.005;
}

function svgText(svg: SVGElement, cls: string, text: string, attr: Record<string, string | number>): void {
  svg.createSvg("text", { cls, attr }).textContent = text;
}
