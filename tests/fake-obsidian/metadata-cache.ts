import type * as obsidian from "obsidian";
import { Events, type EventRef } from "./events";
import { TAbstractFile, TFile } from "./files";
import type { Vault } from "./vault";
import { buildCache } from "./cache-builder";
import { getLinkpath, normalizePath } from "./util";
import { parentPath } from "./vault";

/**
 * Indexes markdown files from their text. Like Obsidian, the index lags behind writes: after a vault
 * write, getFileCache still returns the old cache until 'changed' fires (asynchronously). Renames move
 * the cache without 'changed'.
 */
export class MetadataCache extends Events implements obsidian.MetadataCache {
  resolvedLinks: Record<string, Record<string, number>> = {};
  unresolvedLinks: Record<string, Record<string, number>> = {};
  private caches = new Map<string, obsidian.CachedMetadata>();
  private pending = new Set<Promise<void>>();

  constructor(private vault: Vault) {
    super();
    for (const f of vault.getMarkdownFiles()) this.caches.set(f.path, buildCache(vault.textOf(f)));
    for (const f of vault.getMarkdownFiles()) this.resolveLinks(f.path);
    vault.on("create", (f) => this.onWrite(f));
    vault.on("modify", (f) => this.onWrite(f));
    vault.on("delete", (f) => this.onDelete(f));
    vault.on("rename", (f, oldPath) => this.onRename(f, oldPath));
  }

  override on(name: "changed", callback: (file: TFile, data: string, cache: obsidian.CachedMetadata) => unknown, ctx?: unknown): EventRef;
  override on(name: "deleted", callback: (file: TFile, prevCache: obsidian.CachedMetadata | null) => unknown, ctx?: unknown): EventRef;
  override on(name: "resolve", callback: (file: TFile) => unknown, ctx?: unknown): EventRef;
  override on(name: "resolved", callback: () => unknown, ctx?: unknown): EventRef;
  override on(name: string, callback: (...data: any[]) => unknown, ctx?: unknown): EventRef {
    return super.on(name, callback, ctx);
  }

  getFileCache(file: obsidian.TFile): obsidian.CachedMetadata | null {
    return this.caches.get(file.path) ?? null;
  }
  getCache(path: string): obsidian.CachedMetadata | null {
    return this.caches.get(normalizePath(path)) ?? null;
  }

  /**
   * Resolves a link target: relative to the source's folder (so a bare `pic.png` next to the note wins),
   * then the exact vault path (with or without `.md`), then by file name anywhere (the source's folder
   * first, then the shortest path).
   */
  getFirstLinkpathDest(linkpath: string, sourcePath: string): TFile | null {
    const lp = getLinkpath(linkpath).trim();
    if (!lp) return this.vault.getFileByPath(sourcePath);
    const variants = (p: string) => [p, p + ".md"];
    const dir = parentPath(normalizePath(sourcePath));
    for (const p of [...variants(resolveRelative(dir, lp)), ...variants(normalizePath(lp))]) {
      const f = this.vault.getFileByPath(p);
      if (f) return f;
    }
    const wanted = variants(normalizePath(lp).toLowerCase());
    const hits = this.vault
      .getFiles()
      .filter((f) => wanted.some((w) => f.path.toLowerCase() === w || f.path.toLowerCase().endsWith("/" + w)));
    hits.sort((a, b) => Number(b.parent?.path === dir) - Number(a.parent?.path === dir) || a.path.length - b.path.length);
    return hits[0] ?? null;
  }

  fileToLinktext(file: obsidian.TFile, _sourcePath: string, omitMdExtension = true): string {
    const unique = this.vault.getFiles().filter((f) => f.name === file.name).length === 1;
    const text = unique ? file.name : file.path;
    return omitMdExtension && file.extension === "md" ? text.slice(0, -3) : text;
  }

  /** @internal */
  async hasPending(): Promise<boolean> {
    return this.pending.size > 0;
  }

  /** Test helper: resolves once every queued 'changed'/'deleted' event has fired. */
  async whenIdle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  private schedule(fn: () => void): void {
    const p = new Promise<void>((resolve) =>
      setTimeout(() => {
        try {
          fn();
        } finally {
          this.pending.delete(p);
          resolve();
        }
      }, 0),
    );
    this.pending.add(p);
  }

  private onWrite(f: TAbstractFile): void {
    if (!(f instanceof TFile) || f.extension !== "md") return;
    const data = this.vault.textOf(f); // the text as written now; the index catches up later
    this.schedule(() => {
      if (this.vault.getFileByPath(f.path) !== f) return; // deleted meanwhile
      const cache = buildCache(data);
      this.caches.set(f.path, cache);
      this.resolveLinks(f.path);
      this.trigger("changed", f, data, cache);
      this.trigger("resolve", f);
      this.trigger("resolved");
    });
  }

  private onDelete(f: TAbstractFile): void {
    if (!(f instanceof TFile)) return;
    const prev = this.caches.get(f.path) ?? null;
    this.caches.delete(f.path);
    delete this.resolvedLinks[f.path];
    delete this.unresolvedLinks[f.path];
    this.schedule(() => this.trigger("deleted", f, prev));
  }

  private onRename(f: TAbstractFile, oldPath: string): void {
    const c = this.caches.get(oldPath);
    if (c === undefined) return;
    this.caches.delete(oldPath);
    this.caches.set(f.path, c);
    delete this.resolvedLinks[oldPath];
    delete this.unresolvedLinks[oldPath];
    this.resolveLinks(f.path);
  }

  private resolveLinks(path: string): void {
    const resolved: Record<string, number> = {};
    const unresolved: Record<string, number> = {};
    const c = this.caches.get(path);
    for (const ref of [...(c?.links ?? []), ...(c?.embeds ?? [])]) {
      const dest = this.getFirstLinkpathDest(ref.link, path);
      const key = dest ? dest.path : getLinkpath(ref.link);
      const bucket = dest ? resolved : unresolved;
      bucket[key] = (bucket[key] ?? 0) + 1;
    }
    this.resolvedLinks[path] = resolved;
    this.unresolvedLinks[path] = unresolved;
  }
}

function resolveRelative(dir: string, rel: string): string {
  const parts = dir === "/" ? [] : dir.split("/");
  for (const seg of rel.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== "." && seg !== "") parts.push(seg);
  }
  return parts.join("/");
}
