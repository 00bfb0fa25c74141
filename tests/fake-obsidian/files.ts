import type * as obsidian from "obsidian";
import type { Vault } from "./vault";

// The file tree objects. They are the same objects for the whole life of a file (Obsidian mutates
// path/name on rename rather than replacing them), so plugins may keep them in maps.

export abstract class TAbstractFile implements obsidian.TAbstractFile {
  path = "";
  name = "";
  parent: TFolder | null = null;
  constructor(public vault: Vault, path: string) {
    this.setPath(path);
  }
  /** @internal rename support: recomputes the derived name fields. */
  setPath(path: string): void {
    this.path = path;
    this.name = path === "/" ? "" : path.slice(path.lastIndexOf("/") + 1);
  }
}

export class TFile extends TAbstractFile implements obsidian.TFile {
  stat: obsidian.FileStats = { ctime: 0, mtime: 0, size: 0 };
  // `declare`: no field initializer may overwrite what the base constructor's setPath() computed.
  declare basename: string;
  declare extension: string;
  override setPath(path: string): void {
    super.setPath(path);
    const dot = this.name.lastIndexOf(".");
    this.basename = dot > 0 ? this.name.slice(0, dot) : this.name;
    this.extension = dot > 0 ? this.name.slice(dot + 1).toLowerCase() : "";
  }
}

export class TFolder extends TAbstractFile implements obsidian.TFolder {
  children: TAbstractFile[] = [];
  isRoot(): boolean {
    return this.path === "/";
  }
}
