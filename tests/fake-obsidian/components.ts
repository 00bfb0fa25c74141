import type * as obsidian from "obsidian";
import { setIcon } from "./dom";

// Setting controls built on real DOM inputs: tests set `.value` / click and dispatch 'input'/'change'
// exactly as a user would, and the component's onChange runs.

export abstract class BaseComponent implements obsidian.BaseComponent {
  disabled = false;
  then(cb: (component: this) => unknown): this {
    cb(this);
    return this;
  }
  setDisabled(disabled: boolean): this {
    this.disabled = disabled;
    return this;
  }
}

export abstract class ValueComponent<T> extends BaseComponent implements obsidian.ValueComponent<T> {
  registerOptionListener(listeners: Record<string, (value?: T) => T>, key: string): this {
    listeners[key] = (value?: T) => {
      if (value !== undefined) this.setValue(value);
      return this.getValue();
    };
    return this;
  }
  abstract getValue(): T;
  abstract setValue(value: T): this;
}

function tooltip(el: HTMLElement, text: string): void {
  el.setAttr("aria-label", text);
}

export class ButtonComponent extends BaseComponent implements obsidian.ButtonComponent {
  buttonEl: HTMLButtonElement;
  constructor(containerEl: HTMLElement) {
    super();
    this.buttonEl = containerEl.createEl("button");
  }
  override setDisabled(disabled: boolean): this {
    this.disabled = disabled;
    this.buttonEl.disabled = disabled;
    return this;
  }
  setCta(): this {
    this.buttonEl.addClass("mod-cta");
    return this;
  }
  removeCta(): this {
    this.buttonEl.removeClass("mod-cta");
    return this;
  }
  setWarning(): this {
    this.buttonEl.addClass("mod-warning");
    return this;
  }
  setTooltip(text: string, _options?: obsidian.TooltipOptions): this {
    tooltip(this.buttonEl, text);
    return this;
  }
  setButtonText(name: string): this {
    this.buttonEl.setText(name);
    return this;
  }
  setIcon(icon: string): this {
    setIcon(this.buttonEl, icon);
    return this;
  }
  setClass(cls: string): this {
    this.buttonEl.addClass(cls);
    return this;
  }
  onClick(callback: (evt: MouseEvent) => unknown): this {
    this.buttonEl.addEventListener("click", (evt) => {
      if (!this.disabled) callback(evt);
    });
    return this;
  }
}

export class ExtraButtonComponent extends BaseComponent implements obsidian.ExtraButtonComponent {
  extraSettingsEl: HTMLElement;
  constructor(containerEl: HTMLElement) {
    super();
    this.extraSettingsEl = containerEl.createDiv("clickable-icon extra-setting-button");
  }
  override setDisabled(disabled: boolean): this {
    this.disabled = disabled;
    this.extraSettingsEl.toggleClass("is-disabled", disabled);
    return this;
  }
  setTooltip(text: string, _options?: obsidian.TooltipOptions): this {
    tooltip(this.extraSettingsEl, text);
    return this;
  }
  setIcon(icon: string): this {
    setIcon(this.extraSettingsEl, icon);
    return this;
  }
  onClick(callback: () => unknown): this {
    this.extraSettingsEl.addEventListener("click", () => {
      if (!this.disabled) callback();
    });
    return this;
  }
}

export class AbstractTextComponent<T extends HTMLInputElement | HTMLTextAreaElement> extends ValueComponent<string> implements obsidian.AbstractTextComponent<T> {
  private changeCallback: ((value: string) => unknown) | null = null;
  constructor(public inputEl: T) {
    super();
    // Text fields report every keystroke ('input'), as Obsidian's do.
    inputEl.addEventListener("input", () => this.onChanged());
  }
  override setDisabled(disabled: boolean): this {
    this.disabled = disabled;
    this.inputEl.disabled = disabled;
    return this;
  }
  getValue(): string {
    return this.inputEl.value;
  }
  setValue(value: string): this {
    this.inputEl.value = value;
    return this;
  }
  setPlaceholder(placeholder: string): this {
    this.inputEl.placeholder = placeholder;
    return this;
  }
  onChanged(): void {
    this.changeCallback?.(this.getValue());
  }
  onChange(callback: (value: string) => unknown): this {
    this.changeCallback = callback;
    return this;
  }
}

export class TextComponent extends AbstractTextComponent<HTMLInputElement> implements obsidian.TextComponent {
  constructor(containerEl: HTMLElement) {
    super(containerEl.createEl("input", { type: "text" }));
  }
}

export class TextAreaComponent extends AbstractTextComponent<HTMLTextAreaElement> implements obsidian.TextAreaComponent {
  constructor(containerEl: HTMLElement) {
    super(containerEl.createEl("textarea"));
  }
}

/** toggleEl is `div.checkbox-container` (class is-enabled when on) around a real checkbox. */
export class ToggleComponent extends ValueComponent<boolean> implements obsidian.ToggleComponent {
  toggleEl: HTMLElement;
  private inputEl: HTMLInputElement;
  private on = false;
  private changeCallback: ((value: boolean) => unknown) | null = null;
  constructor(containerEl: HTMLElement) {
    super();
    this.toggleEl = containerEl.createDiv("checkbox-container");
    this.inputEl = this.toggleEl.createEl("input", { type: "checkbox" });
    this.toggleEl.addEventListener("click", (evt) => {
      if (evt.target === this.inputEl) return; // the checkbox's own 'change' handles it
      evt.preventDefault();
      this.onClick();
    });
    this.inputEl.addEventListener("change", () => {
      if (!this.disabled) this.setValue(this.inputEl.checked);
    });
  }
  override setDisabled(disabled: boolean): this {
    this.disabled = disabled;
    this.inputEl.disabled = disabled;
    this.toggleEl.toggleClass("is-disabled", disabled);
    return this;
  }
  getValue(): boolean {
    return this.on;
  }
  /** Like Obsidian's toggle, a real change of value also runs the onChange callback. */
  setValue(on: boolean): this {
    const changed = on !== this.on;
    this.on = on;
    this.inputEl.checked = on;
    this.toggleEl.toggleClass("is-enabled", on);
    if (changed) this.changeCallback?.(on);
    return this;
  }
  setTooltip(text: string, _options?: obsidian.TooltipOptions): this {
    tooltip(this.toggleEl, text);
    return this;
  }
  onClick(): void {
    if (!this.disabled) this.setValue(!this.on);
  }
  onChange(callback: (value: boolean) => unknown): this {
    this.changeCallback = callback;
    return this;
  }
}

/** onChange fires on 'change' (release), or on every 'input' after setInstant(true). */
export class SliderComponent extends ValueComponent<number> implements obsidian.SliderComponent {
  sliderEl: HTMLInputElement;
  private instant = false;
  private changeCallback: ((value: number) => unknown) | null = null;
  constructor(containerEl: HTMLElement) {
    super();
    this.sliderEl = containerEl.createEl("input", { type: "range", cls: "slider" });
    this.sliderEl.min = "0";
    this.sliderEl.max = "100";
    this.sliderEl.step = "1";
    this.sliderEl.addEventListener("input", () => this.instant && this.changeCallback?.(this.getValue()));
    this.sliderEl.addEventListener("change", () => !this.instant && this.changeCallback?.(this.getValue()));
  }
  override setDisabled(disabled: boolean): this {
    this.disabled = disabled;
    this.sliderEl.disabled = disabled;
    return this;
  }
  setInstant(instant: boolean): this {
    this.instant = instant;
    return this;
  }
  setLimits(min: number, max: number, step: number | "any"): this {
    this.sliderEl.min = String(min);
    this.sliderEl.max = String(max);
    this.sliderEl.step = String(step);
    return this;
  }
  getValue(): number {
    return Number(this.sliderEl.value);
  }
  setValue(value: number): this {
    this.sliderEl.value = String(value);
    return this;
  }
  getValuePretty(): string {
    return String(this.getValue());
  }
  setDynamicTooltip(): this {
    return this;
  }
  showTooltip(): void {}
  onChange(callback: (value: number) => unknown): this {
    this.changeCallback = callback;
    return this;
  }
}

export class DropdownComponent extends ValueComponent<string> implements obsidian.DropdownComponent {
  selectEl: HTMLSelectElement;
  private changeCallback: ((value: string) => unknown) | null = null;
  constructor(containerEl: HTMLElement) {
    super();
    this.selectEl = containerEl.createEl("select", "dropdown");
    this.selectEl.addEventListener("change", () => this.changeCallback?.(this.getValue()));
  }
  override setDisabled(disabled: boolean): this {
    this.disabled = disabled;
    this.selectEl.disabled = disabled;
    return this;
  }
  addOption(value: string, display: string): this {
    this.selectEl.createEl("option", { value, text: display });
    return this;
  }
  addOptions(options: Record<string, string>): this {
    for (const [v, d] of Object.entries(options)) this.addOption(v, d);
    return this;
  }
  getValue(): string {
    return this.selectEl.value;
  }
  setValue(value: string): this {
    this.selectEl.value = value;
    return this;
  }
  onChange(callback: (value: string) => unknown): this {
    this.changeCallback = callback;
    return this;
  }
}
