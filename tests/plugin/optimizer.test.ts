// The optimiser in the plugin, on the fake Obsidian: fitted from the per-device logs, cancelled halfway
// (nothing changes), applied (the next review follows the new weights), and the weights in the settings.
import { describe, expect, it } from "vitest";
import { DEFAULT_WEIGHTS } from "../../src/core/optimizer/model";
import { OptimizeModal } from "../../src/ui/optimize-modal";
import { FlashcardsSettingTab } from "../../src/ui/settings-tab";
import { simulatedDeviceLogs } from "../core/optimizer/simulated-history";
import { loadFlashcards, openReview, PLUGIN_ID, press, run, SAMPLE_PATH, SAMPLE_TEXT, settle, until } from "./helpers";

/** A simulated history as two devices' log files in the plugin's logs folder. */
function logFiles(): Record<string, string> {
  const text = simulatedDeviceLogs(3);
  const folder = `.obsidian/plugins/${PLUGIN_ID}/logs`;
  return { [`${folder}/phone.jsonl`]: text.phone, [`${folder}/laptop.jsonl`]: text.laptop };
}

async function loadWithLogs(): Promise<Awaited<ReturnType<typeof loadFlashcards>>> {
  const loaded = await loadFlashcards({ [SAMPLE_PATH]: SAMPLE_TEXT, ...logFiles() });
  await until(() => loaded.plugin.logStore.records().length > 0, 5000);
  return loaded;
}

function buttons(el: HTMLElement): HTMLButtonElement[] {
  return Array.from(el.querySelectorAll("button"));
}

describe("Optimize FSRS parameters", () => {
  it("is a command, fits the weights from every device's log and shows reviews used and held-out metrics", async () => {
    const { app, plugin } = await loadWithLogs();
    expect(run(app, "optimize-fsrs-parameters")).toBe(true);
    const modalEl = document.querySelector(".hf-optimizer") as HTMLElement;
    expect(modalEl).not.toBeNull();
    expect(modalEl.querySelector("progress")).not.toBeNull();
    await until(() => modalEl.querySelector("table") !== null, 60_000);
    const reviews = plugin.logStore.records().length;
    expect(modalEl.textContent).toContain(`Used ${reviews} reviews of 150 cards`);
    const cells = Array.from(modalEl.querySelectorAll("td")).map((cell) => cell.textContent);
    expect(cells[0]).toBe("Log loss");
    expect(cells[3]).toBe("RMSE (bins)");
    expect(Number(cells[1])).toBeGreaterThan(0);
  }, 60_000);

  it("cancelled halfway changes nothing", async () => {
    const { app, plugin } = await loadWithLogs();
    const modal = new OptimizeModal(app, plugin);
    modal.open();
    const bar = modal.contentEl.querySelector("progress") as HTMLProgressElement;
    await until(() => bar.value > 0, 30_000);
    const cancel = buttons(modal.contentEl).find((button) => button.textContent === "Cancel");
    cancel?.click();
    await modal.finished;
    expect(document.querySelector(".hf-optimizer")).toBeNull();
    expect(plugin.settings.weights).toBeUndefined();
    expect(JSON.stringify(await plugin.loadData())).not.toContain("weights");
  }, 60_000);

  it("applied, the scheduler uses the new weights for the next review at once", async () => {
    const { app, plugin } = await loadWithLogs();
    const modal = new OptimizeModal(app, plugin);
    modal.open();
    await modal.finished;
    const apply = buttons(modal.contentEl).find((button) => button.textContent === "Apply");
    // The simulated learner's weights are far from the defaults: the fitted ones predict better.
    expect(apply).toBeDefined();
    apply?.click();
    await until(() => plugin.settings.weights !== undefined);
    const weights = plugin.settings.weights ?? [];
    expect(weights).toHaveLength(21);
    expect(weights).not.toEqual(DEFAULT_WEIGHTS);
    // A new card graded Good starts at stability w2: the fitted w2, not the default 2.3065.
    await openReview(app);
    await press(app, " ");
    await press(app, "3");
    await settle(app);
    const line = app.vault.getText(SAMPLE_PATH).split("\n").find((text) => text.includes("stability"));
    expect(line).toContain(`stability: ${Math.round(weights[2] * 1e4) / 1e4},`);
    expect(Math.round(weights[2] * 1e4) / 1e4).not.toBe(2.3065);
  }, 60_000);

  it("says how many more reviews it needs when the log is too short", async () => {
    const { app, plugin } = await loadFlashcards({ [SAMPLE_PATH]: SAMPLE_TEXT });
    const modal = new OptimizeModal(app, plugin);
    modal.open();
    await modal.finished;
    expect(modal.contentEl.textContent).toMatch(/Too few reviews: 64 more needed/);
  });
});

describe("FSRS weights in the settings", () => {
  it("shows 21 numbers, refuses a wrong list with a message, saves a valid one, and resets to defaults", async () => {
    const { app, plugin } = await loadFlashcards({ [SAMPLE_PATH]: SAMPLE_TEXT });
    const tab = new FlashcardsSettingTab(app, plugin);
    tab.display();
    const area = tab.containerEl.querySelector("textarea.hf-weights") as HTMLTextAreaElement;
    expect(area.value.split(",").map(Number)).toEqual([...DEFAULT_WEIGHTS]);
    area.value = "1, 2, 3";
    area.dispatchEvent(new Event("change"));
    await settle(app);
    expect(tab.containerEl.textContent).toContain("Not saved: expected 21 numbers, got 3.");
    expect(plugin.settings.weights).toBeUndefined();
    const custom = [...DEFAULT_WEIGHTS];
    custom[2] = 3.5;
    area.value = custom.join(", ");
    area.dispatchEvent(new Event("change"));
    await until(() => plugin.settings.weights !== undefined);
    expect(plugin.settings.weights).toEqual(custom);
    const reset = buttons(tab.containerEl).find((button) => button.textContent === "Reset to defaults");
    reset?.click();
    await until(() => plugin.settings.weights === undefined);
    await settle(app);
    expect((tab.containerEl.querySelector("textarea.hf-weights") as HTMLTextAreaElement).value.split(",").map(Number)).toEqual([...DEFAULT_WEIGHTS]);
  });

  it("Evaluate shows the current weights' log loss and RMSE (bins) over the logged reviews", async () => {
    const { app, plugin } = await loadWithLogs();
    const tab = new FlashcardsSettingTab(app, plugin);
    tab.display();
    buttons(tab.containerEl).find((button) => button.textContent === "Evaluate")?.click();
    await until(() => /Log loss \d\.\d{4}, RMSE \(bins\) \d\.\d{4}, over \d+ reviews\./.test(tab.containerEl.textContent ?? ""), 30_000);
  }, 60_000);

  it("Help me decide charts reviews per day against cards remembered and applies the retention chosen", async () => {
    const { app, plugin } = await loadFlashcards({ [SAMPLE_PATH]: SAMPLE_TEXT });
    const tab = new FlashcardsSettingTab(app, plugin);
    tab.display();
    buttons(tab.containerEl).find((button) => button.textContent === "Help me decide")?.click();
    await until(() => document.querySelector(".hf-retention-chart path.hf-chart-remembered") !== null, 30_000);
    const modal = document.querySelector(".hf-retention") as HTMLElement;
    expect(modal.textContent).toContain("8 cards, next 365 days");
    const choice = buttons(modal).find((button) => button.textContent?.startsWith("0.80:"));
    expect(choice).toBeDefined();
    choice?.click();
    await until(() => plugin.settings.desiredRetention === 0.8);
    await until(() => document.querySelector(".hf-retention") === null);
  }, 60_000);
});
