import type * as obsidian from "obsidian";
import { Events, type EventRef } from "./events";
import { TAbstractFile, TFile } from "./files";
import type { Vault } from "./vault";
import { buildCache } from "./cache-builder";
import { getLinkpath, normalizePath } from "./util";
import { parentPath } from "./vault";

/**
 * How a cold cache fills: the last `alreadyParsed` files listed are known from the last session (Obsidian
 * keeps its cache between sessions and re-parses only what changed; the parse order has nothing to do
 * with getMarkdownFiles' order), the others are parsed `batchSize` files per batch, one batch every
 * `intervalMs`.
 */
export interface CacheFill {
  alreadyParsed?: number;
  batchSize: number;
  intervalMs: number;
}

/**
 * Indexes markdown files from their text. Like Obsidian, the index lags behind writes: after a vault
 * write, getFileCache still returns the old cache until 'changed' fires (asynchronously). Renames move
 * the cache without 'changed'.
 *
 * Linear, as Obsidian's is: a link is resolved through a map of files by lower-case name (Obsidian's
 * internal `uniqueFileLookup`, "mapping of filename to collection of files that share the same name" in
 * obsidian-typings' MetadataCache declarations), kept up to date on create, delete and rename, so
 * resolving one link looks at the files of that name only, never at the whole vault.
 *
 * A cold cache (`cold: true`) starts empty, as on the first open of a vault, a cache rebuild, or files
 * changed while Obsidian was closed or still being downloaded by a sync client: getFileCache is null for
 * a file until it is parsed; parsing runs in batches, 'changed' fires per file parsed and 'resolved'
 * after each batch. The declarations: 'changed' is "called when a file has been indexed", 'resolved'
 * "will be fired each time files get modified after the initial load". That the cache is still filling
 * after layout-ready: kitelev/exocortex#2781 ("onLayoutReady fires before Obsidian's metadataCache has
 * finished parsing every file"), obsidian-tasks-group/obsidian-tasks#109 (getFileCache empty, retried).
 */
export class MetadataCache extends Events implements obsidian.MetadataCache {
  resolvedLinks: Record<string, Record<string, number>> = {};
  unresolvedLinks: Record<string, Record<string, number>> = {};
  private caches = new Map<string, obsidian.CachedMetadata>();
  private pending = new Set<Promise<void>>();

  /**
   * Files a cold cache has not parsed yet, in the order it will parse them: the list, where the next
   * batch starts in it, and which of them are still waiting (a write or a delete takes a file out).
   */
  private unparsed: TFile[] = [];
  private nextUnparsed = 0;
  private waiting = new Set<TFile>();
  private filling: Promise<void> | null = null;
  /** Every file (not only notes: links reach attachments) by lower-case name, and the vault's order. */
  private byName = new Map<string, TFile[]>();
  private vaultOrder = new Map<TFile, number>();
  private nextOrder = 0;

  /**
   * Resolves when a warm cache read in batches (`loadInBatches`) is complete; at once otherwise.
   */
  readonly loaded: Promise<void>;

  /**
   * `cold`: the cache starts (partly) empty and fills after layout-ready (see CacheFill). `loadInBatches`:
   * a warm cache, read `loadInBatches` files at a time with a yield to the page between batches and no
   * events, as Obsidian reads the cache it kept from the last session while the vault opens (it keeps it
   * in the app's IndexedDB; Settings → Files and links → "Rebuild vault cache" throws it away);
   * await `loaded` before loading plugins. Neither: warm at once (small test vaults).
   */
  constructor(private vault: Vault, options: { cold?: CacheFill | null; loadInBatches?: number } = {}) {
    super();
    for (const f of vault.getFiles()) this.addName(f);
    const files = vault.getMarkdownFiles();
    const loadInBatches = options.cold ? 0 : (options.loadInBatches ?? 0);
    const firstKnown = options.cold ? files.length - Math.min(files.length, options.cold.alreadyParsed ?? 0) : loadInBatches > 0 ? files.length : 0;
    this.unparsed = files.slice(0, firstKnown);
    this.waiting = new Set(this.unparsed);
    for (const f of files.slice(firstKnown)) this.caches.set(f.path, buildCache(vault.textOf(f)));
    for (const f of files.slice(firstKnown)) this.resolveLinks(f.path);
    this.loaded = loadInBatches > 0 ? this.load(loadInBatches) : Promise.resolve();
    vault.on("create", (f) => {
      if (f instanceof TFile) this.addName(f);
      this.onWrite(f);
    });
    vault.on("modify", (f) => this.onWrite(f));
    vault.on("delete", (f) => {
      if (f instanceof TFile) this.removeName(f, f.path);
      this.onDelete(f);
    });
    vault.on("rename", (f, oldPath) => {
      // The vault lists a moved file last, as a new entry: so does the lookup.
      if (f instanceof TFile) {
        this.removeName(f, oldPath);
        this.addName(f);
      }
      this.onRename(f, oldPath);
    });
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
    const lower = normalizePath(lp).toLowerCase();
    const wanted = variants(lower);
    // A file matches when its path is the link's path or ends with it: its name is the link's last segment.
    const name = lastSegment(lower);
    const hits = [...(this.byName.get(name) ?? []), ...(this.byName.get(name + ".md") ?? [])].filter((f) =>
      wanted.some((w) => f.path.toLowerCase() === w || f.path.toLowerCase().endsWith("/" + w)),
    );
    hits.sort((a, b) => Number(b.parent?.path === dir) - Number(a.parent?.path === dir) || a.path.length - b.path.length || this.orderOf(a) - this.orderOf(b));
    return hits[0] ?? null;
  }

  fileToLinktext(file: obsidian.TFile, _sourcePath: string, omitMdExtension = true): string {
    const unique = (this.byName.get(lastSegment(file.path.toLowerCase())) ?? []).filter((f) => f.name === file.name).length === 1;
    const text = unique ? file.name : file.path;
    return omitMdExtension && file.extension === "md" ? text.slice(0, -3) : text;
  }

  /** @internal */
  async hasPending(): Promise<boolean> {
    return this.pending.size > 0;
  }

  /** Test helper: how many files a cold cache has not parsed yet. */
  get unparsedCount(): number {
    return this.waiting.size;
  }

  /**
   * Test helper: a cold cache starts parsing, one batch per interval ('changed' per file, 'resolved'
   * per batch). Resolves when every file is parsed; flushEvents waits for it too.
   */
  startFilling(fill: CacheFill = { batchSize: 2, intervalMs: 5 }): Promise<void> {
    this.filling ??= new Promise<void>((resolve) => {
      const batch = (): void => {
        for (const f of this.takeUnparsed(fill.batchSize)) this.parse(f);
        this.trigger("resolved");
        if (this.waiting.size > 0) setTimeout(batch, fill.intervalMs);
        else resolve();
      };
      setTimeout(batch, fill.intervalMs);
    });
    this.pending.add(this.filling);
    void this.filling.then(() => this.pending.delete(this.filling!));
    return this.filling;
  }

  /** The warm cache of the last session, batch by batch: each file's latest text, no events. */
  private async load(batchSize: number): Promise<void> {
    const loading = (async () => {
      while (this.waiting.size > 0) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        for (const f of this.takeUnparsed(batchSize)) {
          if (this.vault.getFileByPath(f.path) !== f) continue; // deleted meanwhile
          this.caches.set(f.path, buildCache(this.vault.textOf(f)));
          this.resolveLinks(f.path);
        }
      }
    })();
    this.pending.add(loading);
    await loading;
    this.pending.delete(loading);
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

  /** A cold file parsed now: its latest text, 'changed' and 'resolve' (the batch fires 'resolved'). */
  private parse(f: TFile): void {
    if (this.vault.getFileByPath(f.path) !== f) return; // deleted meanwhile
    const data = this.vault.textOf(f);
    const cache = buildCache(data);
    this.caches.set(f.path, cache);
    this.resolveLinks(f.path);
    this.trigger("changed", f, data, cache);
    this.trigger("resolve", f);
  }

  private onWrite(f: TAbstractFile): void {
    if (!(f instanceof TFile) || f.extension !== "md") return;
    const data = this.vault.textOf(f); // the text as written now; the index catches up later
    this.waiting.delete(f); // a write parses it now, not in its batch
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
    this.waiting.delete(f);
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

  /** The next `count` files still waiting, in parse order. */
  private takeUnparsed(count: number): TFile[] {
    const batch: TFile[] = [];
    while (batch.length < count && this.nextUnparsed < this.unparsed.length) {
      const f = this.unparsed[this.nextUnparsed++];
      if (this.waiting.delete(f)) batch.push(f);
    }
    return batch;
  }

  private addName(f: TFile): void {
    const name = lastSegment(f.path.toLowerCase());
    const files = this.byName.get(name);
    if (files === undefined) this.byName.set(name, [f]);
    else files.push(f);
    this.vaultOrder.set(f, this.nextOrder++);
  }

  private removeName(f: TFile, path: string): void {
    const name = lastSegment(path.toLowerCase());
    const files = this.byName.get(name)?.filter((x) => x !== f) ?? [];
    if (files.length > 0) this.byName.set(name, files);
    else this.byName.delete(name);
    this.vaultOrder.delete(f);
  }

  /** Where the vault lists the file: ties between equally good link targets go to the first listed. */
  private orderOf(f: TFile): number {
    return this.vaultOrder.get(f) ?? Number.MAX_SAFE_INTEGER;
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

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function resolveRelative(dir: string, rel: string): string {
  const parts = dir === "/" ? [] : dir.split("/");
  for (const seg of rel.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== "." && seg !== "") parts.push(seg);
  }
  return parts.join("/");
}
