import { Modal, type App } from "obsidian";
import type { LogRecord } from "../core/log/record";
import { reviewEventsFromLog } from "../core/optimizer/items";
import { CancelledError, runInSlices } from "../core/optimizer/optimize";
import { optimizeReviews, TooFewReviewsError, type OptimizeReport } from "../core/optimizer/report";
import type { CardIndex } from "../core/study/card-index";
import type { FlashcardsSettings } from "../settings";
import { capitalise } from "./card-format";

/** What the optimiser needs from the plugin: the merged review log, the settings, and a way to save. */
export interface OptimizerHost {
  readonly app: App;
  readonly settings: FlashcardsSettings;
  updateSettings(patch: Partial<FlashcardsSettings>): Promise<string[]>;
  readonly logStore: { records(): readonly LogRecord[] };
  /** The cards, for the retention simulator (a host without them simulates none). */
  readonly index?: CardIndex;
  clock?: () => Date;
}

/** The command's, the modal's and the setting's name. */
export const OPTIMIZE_TITLE = "Optimize FSRS parameters";

/** Gives the UI its turn between slices (a timer, so input and painting run). */
export const yieldToUi = (): Promise<void> => new Promise((resolve) => window.setTimeout(resolve, 0));

/** The review events of every device's log, as the optimiser reads them. */
export const logEvents = (host: OptimizerHost): ReturnType<typeof reviewEventsFromLog> => reviewEventsFromLog(host.logStore.records());

/** A button that calls `onClick`. */
export function button(parent: HTMLElement, text: string, onClick: () => void, cls?: string): HTMLButtonElement {
  const el = parent.createEl("button", { text, cls });
  el.addEventListener("click", onClick);
  return el;
}

/** A modal's row of buttons, here with Close at its end once `close` is given. */
function buttonRow(el: HTMLElement, close?: () => void): HTMLElement {
  const row = el.createDiv({ cls: "modal-button-container" });
  if (close) button(row, "Close", close);
  return row;
}

/**
 * The optimiser's and the simulator's modal: work run in slices that closing the modal cancels, and
 * settings applied from its result.
 */
export abstract class OptimizerModal extends Modal {
  protected cancelled = false;
  /** Settles when the run ends (done, cancelled or failed); for tests. Set when opened. */
  finished?: Promise<void>;

  constructor(
    app: App,
    protected readonly host: OptimizerHost,
    private readonly onApplied: () => void = () => undefined,
  ) {
    super(app);
  }

  protected abstract run(el: HTMLElement): Promise<void>;

  override onOpen(): void {
    this.finished = this.run(this.contentEl);
  }

  override onClose(): void {
    // Closing the window cancels a run still going; nothing is applied.
    this.cancelled = true;
    this.contentEl.empty();
  }

  /** Runs `work` in slices of a frame with the UI getting its turn; a CancelledError once the modal is closed. */
  protected slices<P, R>(work: Generator<P, R>, onProgress?: (progress: P) => void): Promise<R> {
    return runInSlices(work, { pause: yieldToUi, cancelled: () => this.cancelled, onProgress });
  }

  /** Saves `patch` and closes; what the settings refuse is said under the buttons. */
  protected apply(patch: Partial<FlashcardsSettings>): void {
    void this.host.updateSettings(patch).then((errors) => {
      if (errors.length === 0) {
        this.onApplied();
        this.close();
      } else this.contentEl.createEl("p", { cls: "mod-warning", text: errors.join(" ") });
    });
  }
}

/**
 * "Optimize FSRS parameters": fits the weights to this vault's review logs (every device), in slices
 * with a progress bar and Cancel; shows the reviews used and the held-out log loss and RMSE(bins) of the
 * current and the fitted weights; offers to apply the fitted ones only when they predict better.
 */
export class OptimizeModal extends OptimizerModal {
  protected async run(el: HTMLElement): Promise<void> {
    this.titleEl.setText(OPTIMIZE_TITLE);
    el.addClass("hf-optimizer");
    const events = logEvents(this.host);
    const { settings } = this.host;
    /** A paragraph of the modal. */
    const say = (text: string, cls?: string): HTMLElement => el.createEl("p", { text, cls });
    say(`Fitting the FSRS weights to ${events.length} reviews from every device's log…`);
    const bar = el.createEl("progress", { cls: "hf-optimizer-progress", attr: { max: "100", value: "0" } });
    const stage = el.createDiv({ cls: "hf-optimizer-stage", text: "Preparing" });
    button(buttonRow(el), "Cancel", () => this.close());
    let report: OptimizeReport;
    try {
      report = await this.slices(optimizeReviews(events, settings.dayStartHour, {}, settings.weights), (progress) => {
        bar.value = Math.round(progress.fraction * 100);
        stage.setText(progress.checking ? "Checking them on reviews held out in time" : "Fitting the weights to all reviews");
      });
    } catch (error) {
      if (error instanceof CancelledError) return;
      el.empty();
      // "Too few reviews: 64 more needed. Keep reviewing and try again later."
      say(error instanceof TooFewReviewsError ? `${capitalise(error.message)}. Keep reviewing and try again later.` : `The optimizer failed: ${String(error)}`, "hf-optimizer-message");
      buttonRow(el, () => this.close());
      return;
    }
    if (this.cancelled) return;
    el.empty();
    say(`Used ${report.reviews} reviews of ${report.cards} cards (${report.items} of them a day or more after the card's previous review).`);
    const table = el.createEl("table", { cls: "hf-optimizer-table" });
    const rows = [
      ["On held-out reviews", "Current", "Optimized"],
      ...(["logLoss", "rmseBins"] as const).map((key, i) => [i === 0 ? "Log loss" : "RMSE (bins)", report.default[key].toFixed(4), report.optimized[key].toFixed(4)]),
    ];
    rows.forEach((cells, i) => {
      const row = table.createEl("tr");
      for (const text of cells) row.createEl(i === 0 ? "th" : "td", { text });
    });
    say("Lower is better for both. Each later part of your history was predicted by weights fitted only to the reviews before it.", "setting-item-description");
    const better = report.optimized.logLoss < report.default.logLoss;
    say(better ? "The optimized weights predict your reviews better." : "Your current weights predict your reviews as well or better: nothing to apply.");
    const buttons = buttonRow(el);
    if (better) button(buttons, "Apply", () => this.apply({ weights: report.weights }), "mod-cta");
    button(buttons, "Close", () => this.close());
  }
}
