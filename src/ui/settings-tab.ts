import { PluginSettingTab, Setting, type App, type Plugin } from "obsidian";
import type { FlashcardsSettings } from "../settings";
import type { FlashcardsHost } from "./host";

/**
 * The settings tab. Every change goes through `host.updateSettings`, which validates it: an invalid value
 * is not saved, and its message appears under the setting's name. Valid changes apply at once (a new tag
 * or state property re-indexes the vault), without reloading the plugin.
 */

/** Above this retention the review load grows steeply for little gain; the tab says so. */
const HIGH_RETENTION = 0.97;

export class FlashcardsSettingTab extends PluginSettingTab {
  constructor(
    app: App,
    private readonly host: Plugin & FlashcardsHost,
  ) {
    super(app, host);
  }

  display(): void {
    const { containerEl } = this;
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

    new Setting(containerEl).setName("In notes").setHeading();
    const badges = new Setting(containerEl)
      .setName("Show badges after questions")
      .setDesc("A small label after each question in the editor and in reading view: new, due, in 3d, learning, suspended. Click it for the card's menu.");
    const badgesError = errorSlot(badges);
    badges.addToggle((toggle) => toggle.setValue(settings.showBadges).onChange((value) => void this.apply(badgesError, { showBadges: value })));
  }

  /** Saves the patch if it is valid; shows the messages otherwise. */
  private async apply(errorEl: HTMLElement, patch: Partial<FlashcardsSettings>): Promise<boolean> {
    const errors = await this.host.updateSettings(patch);
    errorEl.setText(errors.join(" "));
    errorEl.parentElement?.parentElement?.toggleClass("hf-has-error", errors.length > 0);
    return errors.length === 0;
  }

  /** A text field applied on every change (cheap settings). */
  private text(setting: Setting, value: string, placeholder: string, patch: (value: string) => Partial<FlashcardsSettings>): void {
    const errorEl = errorSlot(setting);
    setting.addText((text) => text.setPlaceholder(placeholder).setValue(value).onChange((next) => void this.apply(errorEl, patch(next))));
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
