import type * as obsidian from "obsidian";
import { TFile, TFolder } from "./files";
import type { Vault } from "./vault";

const decoder = new TextDecoder();

/**
 * Minimal DataAdapter. Paths inside the vault's index go through the vault (events fire, as the file
 * watcher would report them); anything else (e.g. the config dir) lives in a hidden store.
 */
export class MemoryAdapter implements obsidian.DataAdapter {
  private hidden = new Map<string, string | Uint8Array>();
  constructor(private vault: Vault) {}

  getName(): string {
    return this.vault.getName();
  }
  async exists(path: string, _sensitive?: boolean): Promise<boolean> {
    return this.vault.getAbstractFileByPath(path) !== null || this.hidden.has(path) || this.hiddenDirs().has(path);
  }
  async stat(path: string): Promise<obsidian.Stat | null> {
    const f = this.vault.getAbstractFileByPath(path);
    if (f instanceof TFile) return { type: "file", ...f.stat };
    if (f instanceof TFolder) return { type: "folder", ctime: 0, mtime: 0, size: 0 };
    const h = this.hidden.get(path);
    if (h !== undefined) return { type: "file", ctime: 0, mtime: 0, size: typeof h === "string" ? h.length : h.byteLength };
    return null;
  }
  async list(path: string): Promise<obsidian.ListedFiles> {
    const folder = this.vault.getFolderByPath(path);
    const files: string[] = [];
    const folders: string[] = [];
    for (const c of folder?.children ?? []) (c instanceof TFolder ? folders : files).push(c.path);
    for (const p of this.hidden.keys()) if (p.startsWith(path + "/") && !p.slice(path.length + 1).includes("/")) files.push(p);
    return { files, folders };
  }
  async read(path: string): Promise<string> {
    const f = this.vault.getFileByPath(path);
    if (f) return this.vault.textOf(f);
    const h = this.hidden.get(path);
    if (h === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return typeof h === "string" ? h : decoder.decode(h);
  }
  async readBinary(path: string): Promise<ArrayBuffer> {
    const f = this.vault.getFileByPath(path);
    if (f) return this.vault.readBinary(f);
    const h = this.hidden.get(path);
    if (h === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return (typeof h === "string" ? new TextEncoder().encode(h) : h.slice()).buffer as ArrayBuffer;
  }
  async write(path: string, data: string, options?: obsidian.DataWriteOptions): Promise<void> {
    this.put(path, data, options);
  }
  async writeBinary(path: string, data: ArrayBuffer, options?: obsidian.DataWriteOptions): Promise<void> {
    this.put(path, new Uint8Array(data.slice(0)), options);
  }
  async append(path: string, data: string, options?: obsidian.DataWriteOptions): Promise<void> {
    const old = (await this.exists(path)) ? await this.read(path) : "";
    this.put(path, old + data, options);
  }
  async process(path: string, fn: (data: string) => string, options?: obsidian.DataWriteOptions): Promise<string> {
    const f = this.vault.getFileByPath(path);
    if (f) return this.vault.processSync(f, fn, options ?? {});
    const next = fn(await this.read(path));
    this.hidden.set(path, next);
    return next;
  }
  getResourcePath(path: string): string {
    return `app://local/${encodeURI(path)}`;
  }
  async mkdir(path: string): Promise<void> {
    if (!this.isHidden(path)) this.vault.ensureFolder(path, true);
  }
  async trashSystem(path: string): Promise<boolean> {
    await this.remove(path);
    return true;
  }
  async trashLocal(path: string): Promise<void> {
    await this.remove(path);
  }
  async rmdir(path: string, _recursive: boolean): Promise<void> {
    await this.remove(path);
  }
  async remove(path: string): Promise<void> {
    const f = this.vault.getAbstractFileByPath(path);
    if (f) this.vault.remove(f);
    this.hidden.delete(path);
  }
  async rename(path: string, newPath: string): Promise<void> {
    const f = this.vault.getAbstractFileByPath(path);
    if (f) return this.vault.rename(f, newPath);
    const h = this.hidden.get(path);
    if (h === undefined) throw new Error(`ENOENT: ${path}`);
    this.hidden.delete(path);
    this.hidden.set(newPath, h);
  }
  async copy(path: string, newPath: string): Promise<void> {
    const f = this.vault.getAbstractFileByPath(path);
    if (f) {
      await this.vault.copy(f, newPath);
      return;
    }
    const h = this.hidden.get(path);
    if (h === undefined) throw new Error(`ENOENT: ${path}`);
    this.hidden.set(newPath, h);
  }

  private isHidden(path: string): boolean {
    return path === this.vault.configDir || path.startsWith(this.vault.configDir + "/") || path.split("/").some((s) => s.startsWith("."));
  }
  private hiddenDirs(): Set<string> {
    const dirs = new Set<string>();
    for (const p of this.hidden.keys()) for (let i = p.indexOf("/"); i > 0; i = p.indexOf("/", i + 1)) dirs.add(p.slice(0, i));
    return dirs;
  }
  private put(path: string, data: string | Uint8Array, options?: obsidian.DataWriteOptions): void {
    if (this.isHidden(path)) {
      this.hidden.set(path, data);
      return;
    }
    const f = this.vault.getFileByPath(path);
    if (f) this.vault.write(f, data, options ?? {});
    else this.vault.createSync(path, data, options ?? {});
  }
}
