// The helpers Obsidian adds to DOM prototypes and to the window (see the `declare global` block of
// obsidian.d.ts). Plugins call them everywhere, so the fake installs real implementations.
import type {} from "obsidian"; // pulls in the global declarations (createEl, DomElementInfo, ...)

type Win = Window & typeof globalThis;
type Attrs = Record<string, string | number | boolean | null>;

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === false) el.removeAttribute(k);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
}

function classList(cls: string | string[]): string[] {
  return (Array.isArray(cls) ? cls : cls.split(" ")).filter(Boolean);
}

function placeIn(el: Node, parent: Node | undefined, prepend: boolean | undefined): void {
  if (!parent) return;
  if (prepend) parent.insertBefore(el, parent.firstChild);
  else parent.appendChild(el);
}

function applyInfo(el: HTMLElement, o: DomElementInfo | string | undefined): void {
  const info: DomElementInfo = typeof o === "string" ? { cls: o } : (o ?? {});
  if (info.cls) el.classList.add(...classList(info.cls));
  if (info.text !== undefined) {
    if (typeof info.text === "string") el.textContent = info.text;
    else el.appendChild(info.text);
  }
  if (info.attr) setAttrs(el, info.attr);
  if (info.title !== undefined) el.title = info.title;
  // Set as properties, as Obsidian does (value on an <input> is the live value, not the attribute).
  const props = el as unknown as Record<string, unknown>;
  for (const k of ["type", "value", "placeholder", "href"] as const) {
    if (info[k] !== undefined) props[k] = info[k];
  }
  placeIn(el, info.parent, info.prepend);
}

function define(proto: object, methods: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(methods)) {
    Object.defineProperty(proto, name, { value, configurable: true, writable: true, enumerable: false });
  }
}

/** Installs Obsidian's DOM extensions on `win` (happy-dom's window in vitest, the page in Chromium). */
export function installDomHelpers(win: Win): void {
  const doc = win.document;

  function createEl(tag: string, o?: DomElementInfo | string, cb?: (el: HTMLElement) => void): HTMLElement {
    const el = doc.createElement(tag);
    applyInfo(el, o);
    cb?.(el);
    return el;
  }
  function createSvg(tag: string, o?: SvgElementInfo | string, cb?: (el: SVGElement) => void): SVGElement {
    const info: SvgElementInfo = typeof o === "string" ? { cls: o } : (o ?? {});
    const el = doc.createElementNS("http://www.w3.org/2000/svg", tag) as SVGElement;
    if (info.cls) el.classList.add(...classList(info.cls));
    if (info.attr) setAttrs(el, info.attr);
    placeIn(el, info.parent, info.prepend);
    cb?.(el);
    return el;
  }
  const withParent = <T extends { parent?: Node }>(self: Node, o: T | string | undefined): T => {
    const info = (typeof o === "string" ? { cls: o } : { ...(o ?? {}) }) as T;
    info.parent ??= self;
    return info;
  };

  const globals: Record<string, unknown> = {
    createEl,
    createDiv: (o?: DomElementInfo | string, cb?: (el: HTMLElement) => void) => createEl("div", o, cb),
    createSpan: (o?: DomElementInfo | string, cb?: (el: HTMLElement) => void) => createEl("span", o, cb),
    createSvg,
    createFragment: (cb?: (f: DocumentFragment) => void) => {
      const f = doc.createDocumentFragment();
      cb?.(f);
      return f;
    },
    sleep: (ms: number) => new Promise<void>((r) => win.setTimeout(r, ms)),
    nextFrame: () => new Promise<void>((r) => win.setTimeout(r, 0)),
    activeWindow: win,
    activeDocument: doc,
    isBoolean: (x: unknown) => typeof x === "boolean",
    fish: (sel: string) => doc.querySelector(sel),
    fishAll: (sel: string) => Array.from(doc.querySelectorAll(sel)),
  };
  // In vitest the happy-dom window and globalThis are different objects; plugin code uses bare globals.
  for (const target of new Set<object>([win, globalThis])) {
    for (const [k, v] of Object.entries(globals)) (target as Record<string, unknown>)[k] = v;
  }

  define(win.Node.prototype, {
    createEl(this: Node, tag: string, o?: DomElementInfo | string, cb?: (el: HTMLElement) => void) {
      return createEl(tag, withParent(this, o), cb);
    },
    createDiv(this: Node, o?: DomElementInfo | string, cb?: (el: HTMLElement) => void) {
      return createEl("div", withParent(this, o), cb);
    },
    createSpan(this: Node, o?: DomElementInfo | string, cb?: (el: HTMLElement) => void) {
      return createEl("span", withParent(this, o), cb);
    },
    createSvg(this: Node, tag: string, o?: SvgElementInfo | string, cb?: (el: SVGElement) => void) {
      return createSvg(tag, withParent(this, o), cb);
    },
    empty(this: Node) {
      while (this.firstChild) this.removeChild(this.firstChild);
    },
    detach(this: Node) {
      this.parentNode?.removeChild(this);
    },
    appendText(this: Node, val: string) {
      this.appendChild(doc.createTextNode(val));
    },
    insertAfter(this: Node, node: Node, child: Node | null) {
      this.insertBefore(node, child ? child.nextSibling : this.firstChild);
      return node;
    },
    indexOf(this: Node, other: Node) {
      return Array.prototype.indexOf.call(this.childNodes, other);
    },
    setChildrenInPlace(this: Node, children: Node[]) {
      while (this.firstChild) this.removeChild(this.firstChild);
      for (const c of children) this.appendChild(c);
    },
    instanceOf(this: Node, type: new () => unknown) {
      return this instanceof type;
    },
  });

  define(win.Element.prototype, {
    getText(this: Element) {
      return this.textContent ?? "";
    },
    setText(this: Element, val: string | DocumentFragment) {
      if (typeof val === "string") this.textContent = val;
      else this.replaceChildren(val);
    },
    addClass(this: Element, ...cls: string[]) {
      this.classList.add(...cls);
    },
    addClasses(this: Element, cls: string[]) {
      this.classList.add(...cls);
    },
    removeClass(this: Element, ...cls: string[]) {
      this.classList.remove(...cls);
    },
    removeClasses(this: Element, cls: string[]) {
      this.classList.remove(...cls);
    },
    toggleClass(this: Element, cls: string | string[], value: boolean) {
      for (const c of Array.isArray(cls) ? cls : [cls]) this.classList.toggle(c, value);
    },
    hasClass(this: Element, cls: string) {
      return this.classList.contains(cls);
    },
    setAttr(this: Element, name: string, value: string | number | boolean | null) {
      setAttrs(this, { [name]: value });
    },
    setAttrs(this: Element, obj: Attrs) {
      setAttrs(this, obj);
    },
    getAttr(this: Element, name: string) {
      return this.getAttribute(name);
    },
    matchParent(this: Element, selector: string, lastParent?: Element) {
      for (let p = this.parentElement; p && p !== lastParent; p = p.parentElement) {
        if (p.matches(selector)) return p;
      }
      return null;
    },
    isActiveElement(this: Element) {
      return this.ownerDocument.activeElement === this;
    },
    find(this: Element, selector: string) {
      return this.querySelector(selector);
    },
    findAll(this: Element, selector: string) {
      return Array.from(this.querySelectorAll(selector));
    },
    findAllSelf(this: Element, selector: string) {
      const all = Array.from(this.querySelectorAll(selector));
      return this.matches(selector) ? [this, ...all] : all;
    },
    setCssStyles(this: HTMLElement, styles: Partial<CSSStyleDeclaration>) {
      Object.assign(this.style, styles);
    },
    setCssProps(this: HTMLElement, props: Record<string, string>) {
      for (const [k, v] of Object.entries(props)) this.style.setProperty(k, v);
    },
  });

  define(win.DocumentFragment.prototype, {
    find(this: DocumentFragment, selector: string) {
      return this.querySelector(selector);
    },
    findAll(this: DocumentFragment, selector: string) {
      return Array.from(this.querySelectorAll(selector));
    },
  });

  define(win.HTMLElement.prototype, {
    show(this: HTMLElement) {
      this.style.display = "";
    },
    hide(this: HTMLElement) {
      this.style.display = "none";
    },
    toggle(this: HTMLElement, show: boolean) {
      this.style.display = show ? "" : "none";
    },
    toggleVisibility(this: HTMLElement, visible: boolean) {
      this.style.visibility = visible ? "" : "hidden";
    },
    isShown(this: HTMLElement) {
      return this.style.display !== "none" && this.isConnected;
    },
    onClickEvent(this: HTMLElement, listener: (ev: MouseEvent) => unknown, options?: boolean | AddEventListenerOptions) {
      this.addEventListener("click", listener, options);
      this.addEventListener("auxclick", listener, options);
    },
    // Delegated listeners, as Obsidian's `el.on(type, selector, fn)`.
    on(this: HTMLElement, type: string, selector: string, listener: (ev: Event, target: HTMLElement) => unknown, options?: boolean | AddEventListenerOptions) {
      const wrapped = (ev: Event) => {
        const t = ev.target as Element | null;
        const hit = t?.closest?.(selector) as HTMLElement | null;
        if (hit && this.contains(hit)) listener.call(this, ev, hit);
      };
      const store = delegated.get(this) ?? [];
      store.push({ type, selector, listener, wrapped });
      delegated.set(this, store);
      this.addEventListener(type, wrapped, options);
    },
    off(this: HTMLElement, type: string, selector: string, listener: unknown, options?: boolean | AddEventListenerOptions) {
      const store = delegated.get(this) ?? [];
      for (const d of store.filter((d) => d.type === type && d.selector === selector && d.listener === listener)) {
        this.removeEventListener(type, d.wrapped, options);
        store.splice(store.indexOf(d), 1);
      }
    },
    trigger(this: HTMLElement, eventType: string) {
      this.dispatchEvent(new win.Event(eventType, { bubbles: true, cancelable: true }));
    },
  });
}

const delegated = new WeakMap<HTMLElement, { type: string; selector: string; listener: unknown; wrapped: (ev: Event) => void }[]>();

/** Obsidian's setIcon renders a Lucide SVG; the fake leaves a recognisable placeholder instead. */
export function setIcon(parent: HTMLElement, iconId: string): void {
  parent.empty();
  parent.createSvg("svg", { cls: ["svg-icon", `lucide-${iconId}`], attr: { "data-icon": iconId } });
}
