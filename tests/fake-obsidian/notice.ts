import type * as obsidian from "obsidian";
import type { App } from "./app";
import { Scope } from "./keymap";
import type { FakedPick } from "./faked";

const text = (m: string | DocumentFragment) => (typeof m === "string" ? m : (m.textContent ?? ""));

export class Notice implements obsidian.Notice {
  /** Test helper: every message shown (constructor and setMessage), oldest first. */
  static log: string[] = [];
  noticeEl: HTMLElement;
  containerEl: HTMLElement;
  messageEl: HTMLElement;

  constructor(message: string | DocumentFragment, duration?: number) {
    let container = activeDocument.body.querySelector<HTMLElement>(":scope > .notice-container");
    container ??= activeDocument.body.createDiv("notice-container");
    this.containerEl = container.createDiv("notice");
    this.noticeEl = this.containerEl;
    this.messageEl = this.containerEl.createDiv("notice-message");
    this.setMessage(message);
    // Obsidian's default is a few seconds; 0 keeps the notice until hide().
    const ms = duration ?? 5000;
    if (ms > 0) setTimeout(() => this.hide(), ms);
  }
  setMessage(message: string | DocumentFragment): this {
    Notice.log.push(text(message));
    if (typeof message === "string") this.messageEl.setText(message);
    else this.messageEl.replaceChildren(message);
    return this;
  }
  hide(): void {
    this.containerEl.detach();
  }
}

export class Modal implements FakedPick<obsidian.Modal, Exclude<keyof obsidian.Modal, "app">> {
  scope: Scope;
  containerEl: HTMLElement;
  modalEl: HTMLElement;
  titleEl: HTMLElement;
  contentEl: HTMLElement;
  shouldRestoreSelection = true;
  /** Test helper. */
  isOpen = false;

  constructor(public app: App) {
    this.scope = new Scope(app.scope);
    this.scope.register([], "Escape", () => {
      this.close();
      return false;
    });
    this.containerEl = createDiv("modal-container");
    this.containerEl.createDiv("modal-bg");
    this.modalEl = this.containerEl.createDiv("modal");
    this.modalEl.createDiv("modal-close-button").addEventListener("click", () => this.close());
    const header = this.modalEl.createDiv("modal-header");
    this.titleEl = header.createDiv("modal-title");
    this.contentEl = this.modalEl.createDiv("modal-content");
  }
  open(): void {
    if (this.isOpen) return;
    this.isOpen = true;
    activeDocument.body.appendChild(this.containerEl);
    this.app.keymap.pushScope(this.scope);
    this.onOpen();
  }
  close(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.containerEl.detach();
    this.app.keymap.popScope(this.scope);
    this.onClose();
  }
  onOpen(): void {}
  onClose(): void {}
  setTitle(title: string): this {
    this.titleEl.setText(title);
    return this;
  }
  setContent(content: string | DocumentFragment): this {
    this.contentEl.setText(content);
    return this;
  }
}
