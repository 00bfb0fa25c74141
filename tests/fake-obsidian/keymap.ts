import type * as obsidian from "obsidian";
import { Platform } from "./util";

type Modifier = obsidian.Modifier;
const ORDER: Modifier[] = ["Mod", "Ctrl", "Meta", "Shift", "Alt"];

/** "Mod" is Ctrl on Linux/Windows and Cmd on macOS; the native name of that key folds into "Mod". */
function canonical(mods: Modifier[]): string {
  const set = new Set(mods.map((m) => (m === (Platform.isMacOS ? "Meta" : "Ctrl") ? "Mod" : m)));
  return ORDER.filter((m) => set.has(m)).join(",");
}

function eventModifiers(evt: KeyboardEvent | MouseEvent | TouchEvent): Modifier[] {
  const mods: Modifier[] = [];
  if (evt.ctrlKey) mods.push("Ctrl");
  if (evt.metaKey) mods.push("Meta");
  if (evt.shiftKey) mods.push("Shift");
  if (evt.altKey) mods.push("Alt");
  return mods;
}

function vkeyOf(evt: KeyboardEvent): string {
  const c = evt.code ?? "";
  if (/^Key[A-Z]$/.test(c)) return c.slice(3);
  if (/^Digit\d$/.test(c)) return c.slice(5);
  return c || evt.key;
}

interface Handler extends obsidian.KeymapEventHandler {
  func: obsidian.KeymapEventListener;
}

export class Scope implements obsidian.Scope {
  /** @internal */ keys: Handler[] = [];
  constructor(public parent?: Scope) {}

  register(modifiers: Modifier[] | null, key: string | null, func: obsidian.KeymapEventListener): obsidian.KeymapEventHandler {
    const h: Handler = { scope: this, modifiers: modifiers ? canonical(modifiers) : null, key, func };
    this.keys.push(h);
    return h;
  }
  unregister(handler: obsidian.KeymapEventHandler): void {
    this.keys = this.keys.filter((h) => h !== handler);
  }

  /** @internal First matching handler wins; none → the parent scope. Returns false to prevent default. */
  handleKey(evt: KeyboardEvent, ctx: obsidian.KeymapContext): unknown {
    for (const h of this.keys) {
      if (h.modifiers !== null && h.modifiers !== ctx.modifiers) continue;
      const k = h.key?.toLowerCase();
      if (k !== undefined && k !== ctx.key?.toLowerCase() && k !== ctx.vkey.toLowerCase()) continue;
      return h.func(evt, ctx);
    }
    return this.parent?.handleKey(evt, ctx);
  }
}

/**
 * Routes document keydowns to the top of the scope stack: an open Modal's scope, else the active view's
 * scope (the workspace pushes it when the leaf becomes active), else the app scope.
 */
export class Keymap implements obsidian.Keymap {
  private stack: Scope[] = [];
  private detachFn: (() => void) | null = null;
  constructor(private rootScope: Scope) {}

  pushScope(scope: obsidian.Scope): void {
    this.popScope(scope);
    this.stack.push(scope as Scope);
  }
  popScope(scope: obsidian.Scope): void {
    this.stack = this.stack.filter((s) => s !== scope);
  }
  /** Test helper: the scope a keydown goes to now. */
  getActiveScope(): Scope {
    return this.stack[this.stack.length - 1] ?? this.rootScope;
  }

  static isModifier(evt: MouseEvent | TouchEvent | KeyboardEvent, modifier: Modifier): boolean {
    return canonical(eventModifiers(evt)).split(",").includes(canonical([modifier]));
  }
  static isModEvent(evt?: obsidian.UserEvent | null): obsidian.PaneType | boolean {
    if (!evt) return false;
    const mod = Keymap.isModifier(evt, "Mod");
    if (mod && evt.altKey && evt.shiftKey) return "window";
    if (mod && evt.altKey) return "split";
    if (mod || ("button" in evt && evt.button === 1)) return "tab";
    return false;
  }

  /** @internal */
  attach(doc: Document): void {
    const onKey = (evt: KeyboardEvent) => {
      if (evt.isComposing) return;
      const ctx: obsidian.KeymapContext = { modifiers: canonical(eventModifiers(evt)), key: evt.key, vkey: vkeyOf(evt) };
      if (this.getActiveScope().handleKey(evt, ctx) === false) evt.preventDefault();
    };
    // Capture phase, like the app: hotkeys are seen before the focused element's own handlers.
    doc.addEventListener("keydown", onKey, true);
    this.detachFn = () => doc.removeEventListener("keydown", onKey, true);
  }
  /** @internal */
  detach(): void {
    this.detachFn?.();
    this.detachFn = null;
  }
}

/** Dispatches a keydown (then keyup) on the focused element; "Mod" becomes Ctrl, or Cmd when Platform.isMacOS. */
export function pressKey(key: string, mods: Modifier[] = [], target?: EventTarget): KeyboardEvent {
  const set = new Set(mods.map((m) => (m === "Mod" ? (Platform.isMacOS ? "Meta" : "Ctrl") : m)));
  const code = /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : /^\d$/.test(key) ? `Digit${key}` : key === " " ? "Space" : key;
  const init: KeyboardEventInit = {
    key,
    code,
    bubbles: true,
    cancelable: true,
    ctrlKey: set.has("Ctrl"),
    metaKey: set.has("Meta"),
    shiftKey: set.has("Shift"),
    altKey: set.has("Alt"),
  };
  const el = target ?? activeDocument.activeElement ?? activeDocument.body;
  const evt = new KeyboardEvent("keydown", init);
  el.dispatchEvent(evt);
  const up = new KeyboardEvent("keyup", init);
  el.dispatchEvent(up);
  // The browser's default action (HTML's activation behaviour), which happy-dom leaves out: Enter on a
  // focused button or link clicks it on keydown, Space on a button on keyup; a handled key prevents it.
  const plain = !init.ctrlKey && !init.metaKey && !init.altKey;
  if (plain && el instanceof HTMLElement && !evt.defaultPrevented) {
    const isButton = el.matches("button:not(:disabled), input[type=button], input[type=submit]");
    if ((key === "Enter" && (isButton || el.matches("a[href]"))) || (key === " " && isButton && !up.defaultPrevented)) el.click();
  }
  return evt;
}
