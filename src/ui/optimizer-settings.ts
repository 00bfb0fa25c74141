import { Notice, Setting, type ButtonComponent } from "obsidian";
import { DEFAULT_WEIGHTS } from "../core/optimizer/model";
import { evaluateReviewsSteps, TooFewReviewsError } from "../core/optimizer/report";
import { runInSlices } from "../core/optimizer/slices";
import { parseWeights } from "../core/optimizer/weights";
import { logEvents, OPTIMIZE_TITLE, OptimizeModal, yieldToUi, type OptimizerHost } from "./optimize-modal";
import { RetentionModal } from "./retention-modal";

/** Whether the host can give the optimiser its review log (the plugin can; some test hosts can't). */
export function canOptimize<T extends object>(host: T): host is T & OptimizerHost {
  return "logStore" in host && "updateSettings" in host;
}

/**
 * The "FSRS parameters" part of the settings tab: the 21 weights (editable, checked), "Reset to
 * defaults", "Optimize", "Evaluate" and "Help me decide" for the desired retention.
 */
export function renderFsrsParameters(containerEl: HTMLElement, host: OptimizerHost, redisplay: () => void): void {
  new Setting(containerEl).setName("FSRS parameters").setHeading();
  const weights = host.settings.weights ?? DEFAULT_WEIGHTS;
  const editor = new Setting(containerEl)
    .setName("Weights")
    .setDesc("The 21 numbers FSRS predicts your memory with, separated by commas. Optimize fits them to your reviews; changes apply to the next review at once.");
  editor.settingEl.addClass("hf-weights-setting");
  const errorEl = editor.infoEl.createDiv({ cls: "hf-setting-error mod-warning", attr: { "aria-live": "polite" } });
  editor.addTextArea((area) => {
    area.setValue(weights.map(formatWeight).join(", "));
    area.inputEl.rows = 4;
    area.inputEl.addClass("hf-weights");
    area.inputEl.addEventListener("change", () => {
      const parsed = parseWeights(area.getValue());
      if ("error" in parsed) {
        errorEl.setText(`Not saved: ${parsed.error}.`);
        return;
      }
      void host.updateSettings({ weights: parsed.weights }).then((errors) => errorEl.setText(errors.join(" ")));
    });
  });
  editor.addButton((button) =>
    button.setButtonText("Reset to defaults").onClick(async () => {
      await host.updateSettings({ weights: undefined });
      redisplay();
    }),
  );

  /** A setting whose button (named like the setting, or `label` for the call to action) runs `onClick`. */
  const action = (name: string, desc: string, onClick: (button: ButtonComponent, setting: Setting) => unknown, label?: string): void => {
    const setting = new Setting(containerEl).setName(name).setDesc(desc);
    setting.addButton((button) => {
      button.setButtonText(label ?? name).onClick(() => onClick(button, setting));
      if (label !== undefined) button.setCta();
    });
  };
  action(
    OPTIMIZE_TITLE,
    "Fit the weights to your own reviews (all devices). Worth doing once you have a few hundred reviews, then every month or so.",
    () => new OptimizeModal(host.app, host, redisplay).open(),
    "Optimize",
  );
  action("Evaluate", "How well the current weights predict your reviews: log loss and RMSE (bins), lower is better.", async (button, setting) => {
    button.setDisabled(true);
    try {
      const result = await runInSlices(evaluateReviewsSteps(logEvents(host), host.settings.dayStartHour, host.settings.weights), { pause: yieldToUi });
      setting.setDesc(`Log loss ${result.logLoss.toFixed(4)}, RMSE (bins) ${result.rmseBins.toFixed(4)}, over ${result.items} reviews.`);
    } catch (error) {
      new Notice(error instanceof TooFewReviewsError ? "No review to evaluate yet: it takes reviews on a later day than a card's previous one." : String(error));
    } finally {
      button.setDisabled(false);
    }
  });
  action("Help me decide", "Simulate the next year with your weights and cards at each desired retention: reviews per day against cards remembered.", () => new RetentionModal(host.app, host, redisplay).open());
}

function formatWeight(value: number): string {
  return String(Math.round(value * 1e4) / 1e4);
}
