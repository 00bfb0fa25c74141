import { Modal, type App } from "obsidian";
import type { LogRecord } from "../core/log/record";
import { reviewEventsFromLog } from "../core/optimizer/items";
import { DEFAULT_WEIGHTS } from "../core/optimizer/model";
import { CancelledError, runInSlices } from "../core/optimizer/optimize";
import { optimizeReviews, TooFewReviewsError, type OptimizeProgress, type OptimizeReport } from "../core/optimizer/report";
import type { FlashcardsSettings } from "../settings";

/** What the optimiser needs from the plugin: the merged review log, the settings, and a way to save. */
export interface OptimizerHost {
  readonly app: App;
  readonly settings: FlashcardsSettings;
  updateSettings(patch: Partial<FlashcardsSettings>): Promise<string[]>;
  readonly logStore: { records(): readonly LogRecord[] };
}

/** A slice of work gets at most this long before the UI gets its turn. */
const SLICE_MS = 16;

/** Gives the UI its turn between slices (a timer, so input and painting run). */
export const yieldToUi = (): Promise<void> => new Promise((resolve) => window.setTimeout(resolve, 0));

/**
 * "Optimize FSRS parameters": fits the weights to this vault's review logs (every device), in slices
 * with a progress bar and Cancel; shows the reviews used and the held-out log loss and RMSE(bins) of the
 * current and the fitted weights; offers to apply the fitted ones only when they predict better.
 */
export class OptimizeModal extends Modal {
  private cancelled = false;
  /** Settles when the run ends (done, cancelled or failed); for tests and the settings tab. */
  finished: Promise<void> = Promise.resolve();

  constructor(
    app: App,
    private readonly host: OptimizerHost,
    private readonly onApplied: () => void = () => undefined,
  ) {
    super(app);
  }

  override onOpen(): void {
    this.titleEl.setText("Optimize FSRS parameters");
    this.contentEl.addClass("hf-optimizer");
    this.finished = this.run();
  }

  override onClose(): void {
    // Closing the window cancels a run still going; nothing is applied.
    this.cancelled = true;
    this.contentEl.empty();
  }

  private async run(): Promise<void> {
    const { contentEl } = this;
    contentEl.empty();
    const events = reviewEventsFromLog(this.host.logStore.records());
    contentEl.createEl("p", { text: `Fitting the FSRS weights to ${events.length} reviews from every device's log…` });
    const bar = contentEl.createEl("progress", { cls: "hf-optimizer-progress", attr: { max: "100", value: "0" } });
    const stage = contentEl.createDiv({ cls: "hf-optimizer-stage", text: "Preparing" });
    const buttons = contentEl.createDiv({ cls: "modal-button-container" });
    const cancel = buttons.createEl("button", { text: "Cancel" });
    cancel.addEventListener("click", () => {
      this.cancelled = true;
      this.close();
    });
    const current = this.host.settings.weights ?? DEFAULT_WEIGHTS;
    let report: OptimizeReport;
    try {
      report = await runInSlices(optimizeReviews(events, this.host.settings.dayStartHour, {}, current), {
        sliceMs: SLICE_MS,
        pause: yieldToUi,
        cancelled: () => this.cancelled,
        onProgress: (progress: OptimizeProgress) => {
          bar.value = Math.round(progress.fraction * 100);
          stage.setText(progress.stage === "fitting" ? "Fitting the weights to all reviews" : "Checking them on reviews held out in time");
        },
      });
    } catch (error) {
      if (error instanceof CancelledError) return;
      contentEl.empty();
      const message = error instanceof TooFewReviewsError ? `Too few reviews: ${error.needed} more needed. Keep reviewing and try again later.` : `The optimizer failed: ${String(error)}`;
      contentEl.createEl("p", { cls: "hf-optimizer-message", text: message });
      contentEl.createDiv({ cls: "modal-button-container" }).createEl("button", { text: "Close" }).addEventListener("click", () => this.close());
      return;
    }
    if (this.cancelled) return;
    this.showReport(report);
  }

  private showReport(report: OptimizeReport): void {
    const { contentEl } = this;
    contentEl.empty();
    contentEl.createEl("p", { text: `Used ${report.reviews} reviews of ${report.cards} cards (${report.items} of them a day or more after the card's previous review).` });
    const table = contentEl.createEl("table", { cls: "hf-optimizer-table" });
    const head = table.createEl("tr");
    for (const label of ["On held-out reviews", "Current", "Optimized"]) head.createEl("th", { text: label });
    for (const [label, key] of [
      ["Log loss", "logLoss"],
      ["RMSE (bins)", "rmseBins"],
    ] as const) {
      const row = table.createEl("tr");
      row.createEl("td", { text: label });
      row.createEl("td", { text: report.default[key].toFixed(4) });
      row.createEl("td", { text: report.optimized[key].toFixed(4) });
    }
    contentEl.createEl("p", { cls: "setting-item-description", text: "Lower is better for both. Each later part of your history was predicted by weights fitted only to the reviews before it." });
    const better = report.optimized.logLoss < report.default.logLoss;
    contentEl.createEl("p", {
      text: better ? "The optimized weights predict your reviews better." : "Your current weights predict your reviews as well or better: nothing to apply.",
    });
    const buttons = contentEl.createDiv({ cls: "modal-button-container" });
    if (better) {
      const apply = buttons.createEl("button", { cls: "mod-cta", text: "Apply" });
      apply.addEventListener("click", () => {
        void this.host.updateSettings({ weights: report.weights }).then((errors) => {
          if (errors.length === 0) {
            this.onApplied();
            this.close();
          } else contentEl.createEl("p", { cls: "mod-warning", text: errors.join(" ") });
        });
      });
    }
    buttons.createEl("button", { text: "Close" }).addEventListener("click", () => this.close());
  }
}
