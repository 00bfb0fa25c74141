import { isUtf8 } from "node:buffer";
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from "node:fs";
import path from "node:path";
import { BINARY_NOTE_PROBLEM, INVALID_UTF8_PROBLEM, type NoteText } from "../core/notes/note-text";

/**
 * The file system as the CLI may see it: notes inside the vault folder and nothing else. Symlinks are
 * followed only when they stay inside the vault.
 */
export class OutsideVault extends Error {}

export class VaultFolder {
  readonly root: string;
  /** The folder as named (absolute, symlinks kept): absolute note paths may be given through it. */
  private readonly named: string;

  constructor(dir: string) {
    this.named = path.resolve(dir);
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      throw new Error(`vault folder not found: ${dir}`);
    }
    if (!statSync(real).isDirectory()) throw new Error(`not a folder: ${dir}`);
    this.root = real;
  }

  /** Every `*.md` below the vault, skipping dot-folders and anything that leads outside; vault-relative, `/`-separated, sorted. */
  markdownFiles(): string[] {
    const found: string[] = [];
    const walk = (relative: string): void => {
      const absolute = path.join(this.root, relative);
      let entries: Dirent[];
      try {
        // The entries' types come with the listing: only symlinks (and the odd file system that
        // reports no type) need a stat of their own.
        entries = readdirSync(absolute, { withFileTypes: true });
      } catch {
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        const name = entry.name;
        if (name.startsWith(".")) continue;
        const childRelative = relative === "" ? name : `${relative}/${name}`;
        const child = path.join(absolute, name);
        let kind: { isDirectory(): boolean; isFile(): boolean; isSymbolicLink(): boolean } = entry;
        if (!kind.isDirectory() && !kind.isFile() && !kind.isSymbolicLink()) kind = lstatSync(child);
        if (kind.isSymbolicLink()) {
          if (!this.contains(child)) continue;
          kind = statSync(child);
        }
        if (kind.isDirectory()) walk(childRelative);
        else if (kind.isFile() && name.toLowerCase().endsWith(".md")) found.push(childRelative);
      }
    };
    walk("");
    return found;
  }

  /**
   * Resolves a note path given by the user (vault-relative, or absolute inside the vault) to its
   * vault-relative form; refuses `..` escapes, outside absolute paths and symlinks pointing out.
   */
  resolve(notePath: string): { relative: string; absolute: string } {
    // `note.md/` names a folder, never the file `note.md` (path.resolve would drop the slash).
    if (/[\\/]\.?$/.test(notePath)) throw new Error(`not a note file: ${notePath}`);
    // Inside the folder as the user named it, or as its real path (`/tmp` is a symlink on macOS).
    const lexical = lexicallyInside(this.named, notePath) ?? lexicallyInside(this.root, notePath);
    if (lexical === null) throw new OutsideVault(`${notePath} is outside the vault folder ${this.root}`);
    const absolute = path.resolve(this.root, lexical);
    let real: string;
    try {
      real = realpathSync(absolute);
    } catch {
      throw new Error(`note not found: ${notePath}`);
    }
    if (!this.contains(real)) throw new OutsideVault(`${notePath} leads outside the vault folder (symlink)`);
    return { relative: lexical.split(path.sep).join("/"), absolute: real };
  }

  read(relative: string): NoteText {
    return readNoteFile(path.join(this.root, relative));
  }

  /**
   * A note `markdownFiles()` listed (so its listing said it is a regular file), read for a command
   * that reads the whole vault: Node's one-call read of a UTF-8 file, and the bytes looked at again only
   * when the text holds a replacement character (which invalid UTF-8 would have become). Commands
   * that write read through `read`, which checks the file's type on the open file first.
   */
  readListed(relative: string): NoteText {
    const absolute = path.join(this.root, relative);
    let text: string;
    try {
      text = readFileSync(absolute, "utf8");
    } catch (error) {
      return { ok: false, problem: `this file can't be read (${(error as { code?: string }).code ?? String(error)})` };
    }
    if (text.includes("\u0000")) return { ok: false, problem: BINARY_NOTE_PROBLEM };
    return text.includes("\ufffd") ? readNoteFile(absolute) : { ok: true, text };
  }

  private contains(target: string): boolean {
    let real: string;
    try {
      real = realpathSync(target);
    } catch {
      return false;
    }
    const relative = path.relative(this.root, real);
    return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
  }
}

/** `notePath` relative to `base` when it names something strictly below it (before following symlinks), else null. */
function lexicallyInside(base: string, notePath: string): string | null {
  const relative = path.relative(base, path.resolve(base, notePath));
  const outside = relative === "" || relative === ".." || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  return outside ? null : relative;
}

export const NOT_REGULAR_PROBLEM = "this is not a regular file (a FIFO, device or socket); it is neither read nor written";

/** A file that can't be read (permissions, deleted meanwhile, not a regular file) is a problem to report, not a crash. */
export function readNoteFile(absolute: string): NoteText {
  let bytes: Buffer;
  try {
    bytes = readRegularFile(absolute);
  } catch (error) {
    if (error instanceof NotRegularFile) return { ok: false, problem: NOT_REGULAR_PROBLEM };
    return { ok: false, problem: `this file can't be read (${(error as { code?: string }).code ?? String(error)})` };
  }
  // Node's own UTF-8 check and decoder (native, vectorised) where the core's portable one would do the
  // same work slower: valid UTF-8 decodes to the same text either way (a BOM kept).
  if (bytes.includes(0)) return { ok: false, problem: BINARY_NOTE_PROBLEM };
  if (!isUtf8(bytes)) return { ok: false, problem: INVALID_UTF8_PROBLEM };
  return { ok: true, text: bytes.toString("utf8") };
}

export class NotRegularFile extends Error {}

/**
 * The bytes of a regular file. The type is checked on the opened descriptor, before any read: reading
 * a FIFO named `x.md` would block forever. O_NONBLOCK lets the open itself return at once for a FIFO.
 */
export function readRegularFile(absolute: string): Buffer {
  const fd = openSync(absolute, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw Object.assign(new Error(`${absolute} is a folder`), { code: "EISDIR" });
    if (!stats.isFile()) throw new NotRegularFile(`${absolute} is not a regular file`);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
