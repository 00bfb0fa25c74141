import type * as obsidian from "obsidian";

type Callback = (...data: unknown[]) => unknown;

/** What Obsidian hands back from `on()`: enough to find and remove the handler again. */
export class EventRef implements obsidian.EventRef {
  constructor(
    readonly e: Events,
    readonly name: string,
    readonly fn: Callback,
    readonly ctx: unknown,
  ) {}
}

/** Errors thrown by event handlers. Obsidian swallows them (console.error); tests can assert this stays empty. */
export const handlerErrors: unknown[] = [];

export class Events implements obsidian.Events {
  private _events: Record<string, EventRef[]> = {};

  // `any[]` (not unknown[]) so subclasses' typed overloads stay assignable, as in obsidian.d.ts.
  on(name: string, callback: (...data: any[]) => unknown, ctx?: unknown): EventRef {
    const ref = new EventRef(this, name, callback, ctx);
    (this._events[name] ??= []).push(ref);
    return ref;
  }

  off(name: string, callback: (...data: any[]) => unknown): void {
    const list = this._events[name];
    if (list) this._events[name] = list.filter((r) => r.fn !== callback);
  }

  offref(ref: obsidian.EventRef): void {
    const r = ref as EventRef;
    const list = this._events[r.name];
    if (list) this._events[r.name] = list.filter((x) => x !== r);
  }

  trigger(name: string, ...data: unknown[]): void {
    // Snapshot: a handler that unsubscribes itself must not skip the next one.
    for (const ref of (this._events[name] ?? []).slice()) this.tryTrigger(ref, data);
  }

  tryTrigger(evt: obsidian.EventRef, args: unknown[]): void {
    const r = evt as EventRef;
    try {
      r.fn.apply(r.ctx, args);
    } catch (e) {
      // Like Obsidian: one broken listener must not stop the others.
      handlerErrors.push(e);
      console.error(e);
    }
  }

  /** Test helper: how many listeners are registered for an event (leak checks after unload). */
  listenerCount(name: string): number {
    return this._events[name]?.length ?? 0;
  }
}
