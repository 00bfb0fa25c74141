import type * as obsidian from "obsidian";
import { Component } from "./component";
import { setIcon } from "./dom";

type MenuKeys = "setNoIcon" | "setUseNativeMenu" | "addItem" | "addSeparator" | "showAtMouseEvent" | "showAtPosition" | "hide" | "close" | "onHide";
type MenuItemKeys = "setTitle" | "setIcon" | "setChecked" | "setDisabled" | "setIsLabel" | "onClick" | "setSection";

/**
 * Obsidian's context menu: items in the order added, drawn as `.menu > .menu-item` (with
 * `.menu-item-icon`, `.menu-item-title`, `is-disabled`, `mod-checked` and `data-section`, as Obsidian's
 * DOM has them) in the document body. A click on an item runs it and closes the menu; so do a click
 * elsewhere and Escape.
 */
export class Menu extends Component implements Pick<obsidian.Menu, MenuKeys> {
  /** Test helper: the menu on screen, if any. */
  static shown: Menu | null = null;
  readonly items: (MenuItem | "separator")[] = [];
  readonly dom: HTMLElement = createDiv("menu");
  private readonly hideCallbacks: (() => unknown)[] = [];
  private readonly outside = (evt: MouseEvent): void => {
    if (!this.dom.contains(evt.target as Node)) this.hide();
  };
  private readonly escape = (evt: KeyboardEvent): void => {
    if (evt.key === "Escape") this.hide();
  };

  setNoIcon(): this {
    return this;
  }
  setUseNativeMenu(_useNativeMenu: boolean): this {
    return this;
  }
  addItem(cb: (item: obsidian.MenuItem) => unknown): this {
    const item = new MenuItem(this);
    cb(item as unknown as obsidian.MenuItem);
    this.items.push(item);
    return this;
  }
  addSeparator(): this {
    this.items.push("separator");
    return this;
  }
  showAtMouseEvent(evt: MouseEvent): this {
    return this.showAtPosition({ x: evt.clientX, y: evt.clientY });
  }
  showAtPosition(position: obsidian.MenuPositionDef, doc: Document = activeDocument): this {
    Menu.shown?.hide();
    Menu.shown = this;
    this.dom.empty();
    this.dom.setAttribute("style", `left: ${position.x}px; top: ${position.y}px`);
    const scroll = this.dom.createDiv("menu-scroll");
    for (const item of this.items) {
      if (item === "separator") scroll.createDiv("menu-separator");
      else item.draw(scroll);
    }
    doc.body.appendChild(this.dom);
    // Kept on screen, as Obsidian keeps its menus.
    const view = doc.defaultView;
    const rect = this.dom.getBoundingClientRect();
    if (view && rect.height > 0) {
      const left = Math.max(8, Math.min(position.x, view.innerWidth - rect.width - 8));
      const top = Math.max(8, Math.min(position.y, view.innerHeight - rect.height - 8));
      this.dom.setAttribute("style", `left: ${left}px; top: ${top}px`);
    }
    // Listen from the next tick on, so the click that opened the menu does not close it.
    setTimeout(() => {
      if (Menu.shown !== this) return;
      doc.addEventListener("click", this.outside, true);
      doc.addEventListener("keydown", this.escape, true);
    }, 0);
    this.load();
    return this;
  }
  hide(): this {
    if (Menu.shown === this) Menu.shown = null;
    const doc = this.dom.ownerDocument;
    doc.removeEventListener("click", this.outside, true);
    doc.removeEventListener("keydown", this.escape, true);
    if (this.dom.isConnected) {
      this.dom.detach();
      for (const callback of this.hideCallbacks) callback();
    }
    this.unload();
    return this;
  }
  close(): void {
    this.hide();
  }
  onHide(callback: () => unknown): void {
    this.hideCallbacks.push(callback);
  }

  /** Test helper: the titles of the items, in order. */
  titles(): string[] {
    return this.items.filter((item): item is MenuItem => item !== "separator").map((item) => item.title);
  }
  /** Test helper: clicks the item with this title. */
  click(title: string): void {
    const item = this.items.find((candidate): candidate is MenuItem => candidate !== "separator" && candidate.title === title);
    if (item === undefined) throw new Error(`fake-obsidian: no menu item "${title}" in ${JSON.stringify(this.titles())}`);
    item.run(new MouseEvent("click"));
  }
}

export class MenuItem implements Pick<obsidian.MenuItem, MenuItemKeys> {
  title = "";
  icon: string | null = null;
  checked: boolean | null = null;
  disabled = false;
  section = "";
  private callback: ((evt: MouseEvent | KeyboardEvent) => unknown) | null = null;

  constructor(private readonly menu: Menu) {}

  setTitle(title: string | DocumentFragment): this {
    this.title = typeof title === "string" ? title : (title.textContent ?? "");
    return this;
  }
  setIcon(icon: string | null): this {
    this.icon = icon;
    return this;
  }
  setChecked(checked: boolean | null): this {
    this.checked = checked;
    return this;
  }
  setDisabled(disabled: boolean): this {
    this.disabled = disabled;
    return this;
  }
  setIsLabel(_isLabel: boolean): this {
    return this;
  }
  onClick(callback: (evt: MouseEvent | KeyboardEvent) => unknown): this {
    this.callback = callback;
    return this;
  }
  setSection(section: string): this {
    this.section = section;
    return this;
  }

  draw(parent: HTMLElement): void {
    const el = parent.createDiv({ cls: "menu-item", attr: { "data-section": this.section || null } });
    el.toggleClass("is-disabled", this.disabled);
    el.toggleClass("mod-checked", this.checked === true);
    const icon = el.createDiv("menu-item-icon");
    if (this.icon !== null) setIcon(icon, this.icon);
    el.createDiv({ cls: "menu-item-title", text: this.title });
    if (this.checked === true) setIcon(el.createDiv("menu-item-icon mod-checked"), "check");
    el.addEventListener("click", (evt) => this.run(evt));
  }

  run(evt: MouseEvent | KeyboardEvent): void {
    if (this.disabled) return;
    this.menu.hide();
    this.callback?.(evt);
  }
}
