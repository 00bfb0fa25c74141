import type * as obsidian from "obsidian";
import { Events, type EventRef } from "./events";
import { TAbstractFile, TFile, TFolder } from "./files";
import { normalizePath } from "./util";
import { MemoryAdapter } from "./adapter";

export type Content = string | Uint8Array;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const size = (c: Content) => (typeof c === "string" ? encoder.encode(c).length : c.byteLength);
const toArrayBuffer = (u: Uint8Array): ArrayBuffer => u.slice().buffer as ArrayBuffer;

/**
 * In-memory vault. Writes happen synchronously inside each call (so `process` is atomic: nothing can
 * interleave between reading the latest text and writing the result), then 'modify' fires, as in Obsidian.
 */
export class Vault extends Events implements obsidian.Vault {
  configDir = ".obsidian";
  adapter: MemoryAdapter;
  /** Test helper: every path written by modify/process/append/create, in order. */
  writes: string[] = [];
  /**
   * Test helper: how long read/cachedRead/readBinary take. Reads are disk (or network-drive, or
   * sync-client placeholder) I/O in Obsidian, so other events can arrive while one is pending.
   */
  readDelayMs = 0;
  /**
   * Test helper: reads of these paths reject with the error (EACCES, EIO, a file a sync client has not
   * downloaded yet). A file deleted while a read is pending rejects too, as Obsidian's adapter does
   * (ENOENT).
   */
  failingReads = new Map<string, Error>();
  private root: TFolder;
  private byPath = new Map<string, TAbstractFile>();
  private contents = new Map<TFile, Content>();

  constructor(files: Record<string, Content> = {}) {
    super();
    this.root = new TFolder(this, "/");
    this.byPath.set("/", this.root);
    this.adapter = new MemoryAdapter(this);
    // Seeding is not a user action: no events, no write log.
    for (const [path, content] of Object.entries(files)) this.insertFile(normalizePath(path), content, {});
  }

  override on(name: "create" | "modify" | "delete", callback: (file: TAbstractFile) => unknown, ctx?: unknown): EventRef;
  override on(name: "rename", callback: (file: TAbstractFile, oldPath: string) => unknown, ctx?: unknown): EventRef;
  override on(name: string, callback: (...data: any[]) => unknown, ctx?: unknown): EventRef {
    return super.on(name, callback, ctx);
  }

  getName(): string {
    return "Test vault";
  }
  getRoot(): TFolder {
    return this.root;
  }
  getAbstractFileByPath(path: string): TAbstractFile | null {
    return this.byPath.get(normalizePath(path)) ?? null;
  }
  getFileByPath(path: string): TFile | null {
    const f = this.getAbstractFileByPath(path);
    return f instanceof TFile ? f : null;
  }
  getFolderByPath(path: string): TFolder | null {
    const f = this.getAbstractFileByPath(path);
    return f instanceof TFolder ? f : null;
  }
  getAllLoadedFiles(): TAbstractFile[] {
    return [...this.byPath.values()];
  }
  getAllFolders(includeRoot?: boolean): TFolder[] {
    return [...this.byPath.values()].filter((f): f is TFolder => f instanceof TFolder && (includeRoot || !f.isRoot()));
  }
  getFiles(): TFile[] {
    return [...this.byPath.values()].filter((f): f is TFile => f instanceof TFile);
  }
  getMarkdownFiles(): TFile[] {
    return this.getFiles().filter((f) => f.extension === "md");
  }
  static recurseChildren(root: obsidian.TFolder, cb: (file: obsidian.TAbstractFile) => unknown): void {
    const stack: obsidian.TAbstractFile[] = [root];
    while (stack.length) {
      const f = stack.pop()!;
      cb(f);
      if (f instanceof TFolder) stack.push(...f.children);
    }
  }

  async create(path: string, data: string, options?: obsidian.DataWriteOptions): Promise<TFile> {
    return this.createSync(path, data, options ?? {});
  }
  async createBinary(path: string, data: ArrayBuffer, options?: obsidian.DataWriteOptions): Promise<TFile> {
    return this.createSync(path, new Uint8Array(data.slice(0)), options ?? {});
  }
  async createFolder(path: string): Promise<TFolder> {
    const p = normalizePath(path);
    if (this.byPath.has(p)) throw new Error("Folder already exists.");
    return this.ensureFolder(p, true);
  }

  async read(file: obsidian.TFile): Promise<string> {
    return this.textOf(await this.readable(file));
  }
  async cachedRead(file: obsidian.TFile): Promise<string> {
    return this.textOf(await this.readable(file));
  }
  async readBinary(file: obsidian.TFile): Promise<ArrayBuffer> {
    const c = this.contents.get(await this.readable(file))!;
    return toArrayBuffer(typeof c === "string" ? encoder.encode(c) : c);
  }
  getResourcePath(file: obsidian.TFile): string {
    return `app://local/${encodeURI(file.path)}`;
  }

  async modify(file: obsidian.TFile, data: string, options?: obsidian.DataWriteOptions): Promise<void> {
    this.write(this.own(file), data, options ?? {});
  }
  async modifyBinary(file: obsidian.TFile, data: ArrayBuffer, options?: obsidian.DataWriteOptions): Promise<void> {
    this.write(this.own(file), new Uint8Array(data.slice(0)), options ?? {});
  }
  async append(file: obsidian.TFile, data: string, options?: obsidian.DataWriteOptions): Promise<void> {
    const f = this.own(file);
    this.write(f, this.textOf(f) + data, options ?? {});
  }
  /** Atomic read-modify-write: `fn` sees the latest text; an exception in `fn` writes nothing. */
  async process(file: obsidian.TFile, fn: (data: string) => string, options?: obsidian.DataWriteOptions): Promise<string> {
    return this.processSync(this.own(file), fn, options ?? {});
  }

  async delete(file: obsidian.TAbstractFile, force?: boolean): Promise<void> {
    const f = this.own(file);
    if (f instanceof TFolder && f.children.length && !force) throw new Error("Folder is not empty.");
    this.remove(f);
  }
  async trash(file: obsidian.TAbstractFile, _system: boolean): Promise<void> {
    this.remove(this.own(file));
  }

  async rename(file: obsidian.TAbstractFile, newPath: string): Promise<void> {
    const f = this.own(file);
    const to = normalizePath(newPath);
    if (to === f.path) return;
    if (this.byPath.has(to)) throw new Error("Destination file already exists!");
    const moved: [TAbstractFile, string][] = [];
    for (const x of walk(f)) moved.push([x, x.path]);
    for (const [x] of moved) this.byPath.delete(x.path);
    this.detachFromParent(f);
    const parent = this.ensureFolder(parentPath(to), false);
    for (const [x, old] of moved) {
      x.setPath(to + old.slice(f.path.length));
      this.byPath.set(x.path, x);
    }
    f.parent = parent;
    parent.children.push(f);
    // Obsidian reports the moved item and each descendant. The metadata cache does NOT fire 'changed'.
    for (const [x, old] of moved) this.trigger("rename", x, old);
  }

  async copy<T extends obsidian.TAbstractFile>(file: T, newPath: string): Promise<T> {
    const f = this.own(file);
    const to = normalizePath(newPath);
    if (this.byPath.has(to)) throw new Error("Destination file already exists!");
    if (f instanceof TFile) return this.createSync(to, this.contents.get(f)!, {}) as unknown as T;
    const folder = this.ensureFolder(to, true);
    for (const child of f instanceof TFolder ? [...f.children] : []) await this.copy(child, `${to}/${child.name}`);
    return folder as unknown as T;
  }

  // ---- test helpers -------------------------------------------------------------------------

  /** The text of a file by path; throws if it does not exist (tests want loud failures). */
  getText(path: string): string {
    const f = this.getFileByPath(path);
    if (!f) throw new Error(`No file ${path}`);
    return this.textOf(f);
  }
  /** Simulates an edit from outside the plugin (user typing, sync): create or overwrite, with events. */
  setText(path: string, text: string): TFile {
    const f = this.getFileByPath(path);
    if (!f) return this.createSync(path, text, {});
    this.write(f, text, {});
    return f;
  }

  // ---- internals ----------------------------------------------------------------------------

  /** @internal the stored content, for the adapter and metadata cache. */
  contentOf(file: TFile): Content | undefined {
    return this.contents.get(file);
  }
  /** @internal */
  textOf(file: TFile): string {
    const c = this.contents.get(file);
    if (c === undefined) throw new Error(`File ${file.path} does not exist`);
    return typeof c === "string" ? c : decoder.decode(c);
  }
  /** @internal */
  createSync(path: string, data: Content, options: obsidian.DataWriteOptions): TFile {
    const p = normalizePath(path);
    if (this.byPath.has(p)) throw new Error("File already exists.");
    const f = this.insertFile(p, data, options, true);
    this.writes.push(p);
    this.trigger("create", f);
    return f;
  }
  /** @internal */
  processSync(f: TFile, fn: (data: string) => string, options: obsidian.DataWriteOptions): string {
    const before = this.textOf(f);
    const after = fn(before);
    if (typeof after !== "string") throw new Error("Vault.process: fn must return a string");
    // Assumption: an unchanged result is not written (no 'modify', mtime kept).
    if (after !== before) this.write(f, after, options);
    return after;
  }
  /** @internal */
  write(f: TFile, data: Content, options: obsidian.DataWriteOptions): void {
    this.contents.set(f, data);
    f.stat = { ctime: options.ctime ?? f.stat.ctime, mtime: options.mtime ?? Date.now(), size: size(data) };
    this.writes.push(f.path);
    this.trigger("modify", f);
  }
  /** @internal */
  remove(f: TAbstractFile): void {
    const all = walk(f);
    this.detachFromParent(f);
    for (const x of all.reverse()) {
      this.byPath.delete(x.path);
      this.trigger("delete", x);
      if (x instanceof TFile) this.contents.delete(x);
    }
  }
  /** @internal */
  ensureFolder(path: string, announce: boolean): TFolder {
    const existing = this.byPath.get(path);
    if (existing instanceof TFolder) return existing;
    if (existing) throw new Error(`${path} is a file`);
    const parent = this.ensureFolder(parentPath(path), announce);
    const folder = new TFolder(this, path);
    folder.parent = parent;
    parent.children.push(folder);
    this.byPath.set(path, folder);
    if (announce) this.trigger("create", folder);
    return folder;
  }

  /** Waits the read delay, then the file as it is now; rejects for a failing or vanished file. */
  private async readable(file: obsidian.TFile): Promise<TFile> {
    if (this.readDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.readDelayMs));
    const failure = this.failingReads.get(file.path);
    if (failure) throw failure;
    if (this.byPath.get(file.path) !== (file as unknown)) throw new Error(`ENOENT: no such file or directory, open '${file.path}'`);
    return file as TFile;
  }

  private insertFile(path: string, data: Content, options: obsidian.DataWriteOptions, announce = false): TFile {
    const parent = this.ensureFolder(parentPath(path), announce);
    const f = new TFile(this, path);
    const now = Date.now();
    f.stat = { ctime: options.ctime ?? now, mtime: options.mtime ?? now, size: size(data) };
    f.parent = parent;
    parent.children.push(f);
    this.byPath.set(path, f);
    this.contents.set(f, data);
    return f;
  }
  private detachFromParent(f: TAbstractFile): void {
    if (f.parent) f.parent.children = f.parent.children.filter((c) => c !== f);
  }
  /** Obsidian operates on its own TFile objects; a stale or foreign one is a bug in the caller. */
  private own<T extends obsidian.TAbstractFile>(file: T): T & TAbstractFile {
    const f = this.byPath.get(file.path);
    if (f !== (file as unknown)) throw new Error(`File ${file.path} does not exist`);
    return f as T & TAbstractFile;
  }
}

/** The item and all its descendants, parents first. */
function walk(f: TAbstractFile): TAbstractFile[] {
  const out: TAbstractFile[] = [f];
  if (f instanceof TFolder) for (const c of f.children) out.push(...walk(c));
  return out;
}

export function parentPath(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}
