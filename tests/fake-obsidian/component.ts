import type * as obsidian from "obsidian";
import type { EventRef } from "./events";

/** Obsidian's lifecycle: children load after the parent's onload, unload first, in reverse order; cleanups run in reverse. */
export class Component implements obsidian.Component {
  /** @internal */ _loaded = false;
  /** @internal what onload() returned (a Promise for async plugins); see loadPlugin(). */
  _onloadResult: unknown;
  private _children: Component[] = [];
  private _events: (() => unknown)[] = [];

  load(): void {
    if (this._loaded) return;
    this._loaded = true;
    this._onloadResult = this.onload();
    for (const c of this._children.slice()) c.load();
  }
  onload(): void {}
  unload(): void {
    if (!this._loaded) return;
    this._loaded = false;
    const children = this._children;
    this._children = [];
    while (children.length) children.pop()!.unload();
    const events = this._events;
    this._events = [];
    while (events.length) events.pop()!();
    this.onunload();
  }
  onunload(): void {}

  addChild<T extends obsidian.Component>(component: T): T {
    const c = component as unknown as Component;
    this._children.push(c);
    if (this._loaded) c.load();
    return component;
  }
  removeChild<T extends obsidian.Component>(component: T): T {
    const c = component as unknown as Component;
    const i = this._children.indexOf(c);
    if (i >= 0) {
      this._children.splice(i, 1);
      c.unload();
    }
    return component;
  }
  register(cb: () => unknown): void {
    this._events.push(cb);
  }
  registerEvent(eventRef: obsidian.EventRef): void {
    const ref = eventRef as EventRef;
    this.register(() => ref.e.offref(ref));
  }
  registerDomEvent(el: EventTarget, type: string, callback: (ev: any) => unknown, options?: boolean | AddEventListenerOptions): void {
    el.addEventListener(type, callback, options);
    this.register(() => el.removeEventListener(type, callback, options));
  }
  registerInterval(id: number): number {
    this.register(() => clearInterval(id));
    return id;
  }
  /** Test helper. */
  get loaded(): boolean {
    return this._loaded;
  }
  /** Test helper. */
  get childCount(): number {
    return this._children.length;
  }
}
