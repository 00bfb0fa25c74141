import type * as obsidian from "obsidian";

/** Obsidian's normalizePath: forward slashes, no duplicate/leading/trailing slashes, NBSP to space. */
export function normalizePath(path: string): string {
  let p = path.replace(/[\\/]+/g, "/").replace(/\u00A0|\u202F/g, " ");
  p = p.replace(/^\/+|\/+$/g, "");
  return p === "" ? "/" : p.normalize("NFC");
}

export function parseLinktext(linktext: string): { path: string; subpath: string } {
  const i = linktext.indexOf("#");
  return i < 0 ? { path: linktext, subpath: "" } : { path: linktext.slice(0, i), subpath: linktext.slice(i) };
}

export function getLinkpath(linktext: string): string {
  return parseLinktext(linktext).path;
}

/** Trailing-edge debounce with cancel() and run(), as Obsidian's `debounce`. */
export function debounce<T extends unknown[], V>(
  cb: (...args: [...T]) => V,
  timeout = 0,
  resetTimer = false,
): obsidian.Debouncer<T, V> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: T | null = null;
  const run = (): V | void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (!pending) return;
    const args = pending;
    pending = null;
    return cb(...args);
  };
  const d = ((...args: T) => {
    pending = args;
    if (timer !== null && resetTimer) {
      clearTimeout(timer);
      timer = null;
    }
    if (timer === null) timer = setTimeout(run, timeout);
    return d;
  }) as obsidian.Debouncer<T, V>;
  d.cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    pending = null;
    return d;
  };
  d.run = run;
  return d;
}

/** Desktop Linux by default; tests may flip isMacOS to check Mod = Cmd handling. */
export const Platform: typeof obsidian.Platform = {
  isDesktop: true,
  isMobile: false,
  isDesktopApp: true,
  isMobileApp: false,
  isIosApp: false,
  isAndroidApp: false,
  isPhone: false,
  isTablet: false,
  isMacOS: false,
  isWin: false,
  isLinux: true,
  isSafari: false,
  resourcePathPrefix: "app://local/",
};

export const apiVersion = "1.8.7";

export function requireApiVersion(version: string): boolean {
  const a = apiVersion.split(".").map(Number);
  const b = version.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}
