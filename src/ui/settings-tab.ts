import { debounce, PluginSettingTab, Setting, type App, type Debouncer, type Plugin } from "obsidian";
import type { FlashcardsSettings } from "../settings";
import type { FlashcardsHost } from "./host";
import { canOptimize, renderFsrsParameters } from "./optimizer-settings";

/**
 * The settings tab. Every change goes through `host.updateSettings`, which validates it: an invalid value
 * is not saved, and its message appears under the setting's name. Valid changes apply without reloading
 * the plugin: toggles and menus at once, text fields when typing pauses or the field is left (a new tag
 * or state property, which re-index the vault, only when the field is left).
 */

/** Above this retention the review load grows steeply for little gain; the tab says so. */
const HIGH_RETENTION = 0.97;
/** A text setting is applied this long after the last keystroke (each apply writes data.json and wakes the sync). */
const TEXT_APPLY_MS = 800;

export class FlashcardsSettingTab extends PluginSettingTab {
  constructor(
    app: App,
    private readonly host: Plugin & FlashcardsHost,
  ) {
    super(app, host);
  }

  /** Text settings typed but not applied yet; applied when the tab closes. */
  private pendingTexts: Debouncer<[], void>[] = [];

  display(): void {
    const { containerEl } = this;
    this.applyPendingTexts();
    containerEl.empty();
    containerEl.addClass("hf-settings");
    const settings = this.host.settings;

    new Setting(containerEl).setName("Cards").setHeading();
    this.textOnCommit(
      new Setting(containerEl).setName("Tag").setDesc("Notes with this tag (or a nested tag below it, which names a deck) hold flashcards. Applied when you leave the field."),
      settings.tag,
      "flashcards",
      (value) => ({ tag: value.trim() }),
    );
    this.textOnCommit(
      new Setting(containerEl).setName("State property").setDesc("The note property that keeps each card's schedule, one line per card. Applied when you leave the field."),
      settings.stateProperty,
      "srs",
      (value) => ({ stateProperty: value.trim() }),
    );

    new Setting(containerEl).setName("Scheduling").setHeading();
    this.retention(containerEl, settings.desiredRetention);
    this.text(new Setting(containerEl).setName("Maximum interval").setDesc("The longest time between two reviews of a card, in days."), String(settings.maximumInterval), "36500", (value) => ({
      maximumInterval: toNumber(value),
    }));
    this.text(
      new Setting(containerEl).setName("Learning steps").setDesc("Steps of a new card before it moves to days, separated by spaces: for example 1m 10m. Leave empty to skip them."),
      settings.learningSteps.join(" "),
      "1m 10m",
      (value) => ({ learningSteps: toSteps(value) }),
    );
    this.text(
      new Setting(containerEl).setName("Relearning steps").setDesc("Steps after you forget a card (again), for example 10m."),
      settings.relearningSteps.join(" "),
      "10m",
      (value) => ({ relearningSteps: toSteps(value) }),
    );
    const fuzz = new Setting(containerEl).setName("Fuzz").setDesc("Spread intervals a little, so cards learned together don't keep coming due together.");
    const fuzzError = errorSlot(fuzz);
    fuzz.addToggle((toggle) => toggle.setValue(settings.fuzz).onChange((value) => void this.apply(fuzzError, { fuzz: value })));

    new Setting(containerEl).setName("Daily limits").setHeading();
    this.text(new Setting(containerEl).setName("New cards per day").setDesc("At most this many cards seen for the first time each day."), String(settings.newPerDay), "20", (value) => ({
      newPerDay: toNumber(value),
    }));
    this.text(new Setting(containerEl).setName("Reviews per day").setDesc("At most this many review cards each day."), String(settings.reviewsPerDay), "200", (value) => ({
      reviewsPerDay: toNumber(value),
    }));
    const hour = new Setting(containerEl).setName("Next day starts at").setDesc("Daily limits reset, and cards due the next day count as due, from this hour on.");
    const hourError = errorSlot(hour);
    hour.addDropdown((dropdown) => {
      for (let h = 0; h < 24; h++) dropdown.addOption(String(h), `${h}:00`);
      dropdown.setValue(String(settings.dayStartHour)).onChange((value) => void this.apply(hourError, { dayStartHour: Number(value) }));
    });

    new Setting(containerEl).setName("Review").setHeading();
    const context = new Setting(containerEl).setName("Show context").setDesc("Show the level-1 and level-2 headings above a card as a breadcrumb over its question.");
    const contextError = errorSlot(context);
    context.addToggle((toggle) => toggle.setValue(settings.showContext).onChange((value) => void this.apply(contextError, { showContext: value })));
    const location = new Setting(containerEl).setName("Where reviews open").setDesc("Where studying a deck from the study pane shows its cards.");
    const locationError = errorSlot(location);
    location.addDropdown((dropdown) =>
      dropdown
        .addOptions({ main: "Main area", sidebar: "Right sidebar" })
        .setValue(settings.reviewLocation)
        .onChange((value) => void this.apply(locationError, { reviewLocation: value as FlashcardsSettings["reviewLocation"] })),
    );
    const retention = new Setting(containerEl)
      .setName("Show retention in the study pane")
      .setDesc("Next to each deck's counts, the share of reviews you passed over the last month (true retention).");
    const retentionError = errorSlot(retention);
    retention.addToggle((toggle) => toggle.setValue(settings.studyPaneRetention).onChange((value) => void this.apply(retentionError, { studyPaneRetention: value })));

    new Setting(containerEl).setName("Leeches").setHeading();
    this.text(
      new Setting(containerEl).setName("Leech threshold").setDesc("A card forgotten this many times becomes a leech, and again every half as many more."),
      String(settings.leechThreshold),
      "8",
      (value) => ({ leechThreshold: toNumber(value) }),
    );
    const leech = new Setting(containerEl).setName("Leech action").setDesc("What happens to a card when it becomes a leech.");
    const leechError = errorSlot(leech);
    leech.addDropdown((dropdown) =>
      dropdown
        .addOptions({ suspend: "Suspend it", mark: "Mark it only" })
        .setValue(settings.leechAction)
        .onChange((value) => void this.apply(leechError, { leechAction: value as FlashcardsSettings["leechAction"] })),
    );

    new Setting(containerEl).setName("Devices and sync").setHeading();
    const device = new Setting(containerEl)
      .setName("This device's name")
      .setDesc("Names this device's review log and the reports of what another device changed. Kept on this device only.");
    const deviceError = errorSlot(device);
    device.addText((text) => {
      text.setPlaceholder("Laptop").setValue(this.host.deviceName());
      text.inputEl.addEventListener("change", () => deviceError.setText(this.host.setDeviceName(text.getValue()).join(" ")));
    });
    this.textOnCommit(
      new Setting(containerEl)
        .setName("Review log folder")
        .setDesc("A vault folder for the review logs (one file per device), for sync services that copy the vault but not the plugin's folder. Leave empty to keep them in the plugin's folder."),
      settings.logFolder,
      "Flashcards/logs",
      (value) => ({ logFolder: value }),
    );

    new Setting(containerEl).setName("In notes").setHeading();
    const badges = new Setting(containerEl)
      .setName("Show badges after questions")
      .setDesc("A small label after each question in the editor and in reading view: new, due, in 3d, learning, suspended. Click it for the card's menu.");
    const badgesError = errorSlot(badges);
    badges.addToggle((toggle) => toggle.setValue(settings.showBadges).onChange((value) => void this.apply(badgesError, { showBadges: value })));

    if (canOptimize(this.host)) renderFsrsParameters(containerEl, this.host, () => this.display());
  }

  /** Saves the patch if it is valid; shows the messages otherwise. */
  private async apply(errorEl: HTMLElement, patch: Partial<FlashcardsSettings>): Promise<boolean> {
    const errors = await this.host.updateSettings(patch);
    errorEl.setText(errors.join(" "));
    errorEl.parentElement?.parentElement?.toggleClass("hf-has-error", errors.length > 0);
    return errors.length === 0;
  }

  override hide(): void {
    this.applyPendingTexts();
    super.hide();
  }

  /** A text field applied when typing pauses, when the user leaves it or presses Enter — not on every keystroke. */
  private text(setting: Setting, value: string, placeholder: string, patch: (value: string) => Partial<FlashcardsSettings>): void {
    const errorEl = errorSlot(setting);
    setting.addText((text) => {
      const apply = debounce(() => void this.apply(errorEl, patch(text.getValue())), TEXT_APPLY_MS, true);
      this.pendingTexts.push(apply);
      text.setPlaceholder(placeholder).setValue(value).onChange(() => void apply());
      text.inputEl.addEventListener("change", () => void apply.run());
    });
  }

  private applyPendingTexts(): void {
    for (const apply of this.pendingTexts) apply.run();
    this.pendingTexts = [];
  }

  /** A text field applied when the user leaves it or presses Enter: these changes re-index the vault. */
  private textOnCommit(setting: Setting, value: string, placeholder: string, patch: (value: string) => Partial<FlashcardsSettings>): void {
    const errorEl = errorSlot(setting);
    setting.addText((text) => {
      text.setPlaceholder(placeholder).setValue(value);
      text.inputEl.addEventListener("change", () => void this.apply(errorEl, patch(text.getValue())));
    });
  }

  private retention(containerEl: HTMLElement, value: number): void {
    const setting = new Setting(containerEl).setName("Desired retention");
    const describe = (retention: number): void => {
      const desc = `The chance of remembering a card when it comes due: ${retention.toFixed(2)}. Higher means more reviews.`;
      setting.setDesc(desc);
      if (retention > HIGH_RETENTION) {
        setting.descEl.createDiv({ cls: "hf-setting-warning mod-warning", text: `Above ${HIGH_RETENTION}, the number of reviews grows steeply for little gain in memory.` });
      }
    };
    describe(value);
    const errorEl = errorSlot(setting);
    setting.addSlider((slider) =>
      slider
        .setLimits(0.7, 0.99, 0.01)
        .setValue(value)
        .setDynamicTooltip()
        .onChange(async (next) => {
          if (await this.apply(errorEl, { desiredRetention: next })) describe(next);
        }),
    );
  }
}

function errorSlot(setting: Setting): HTMLElement {
  return setting.infoEl.createDiv({ cls: "hf-setting-error mod-warning", attr: { "aria-live": "polite" } });
}

/**
 * The number typed. Text that is no number is passed on as it is: the host's validation rejects it with a
 * message that quotes it, and nothing is saved.
 */
function toNumber(value: string): number {
  const trimmed = value.trim();
  const number = Number(trimmed);
  return trimmed === "" || Number.isNaN(number) ? (value as unknown as number) : number;
}

function toSteps(value: string): string[] {
  return value.split(/[\s,]+/).filter((step) => step !== "");
}
