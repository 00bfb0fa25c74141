import * as nodeFs from "node:fs";
import path from "node:path";

/**
 * Replacing a note without ever leaving it half-written (design.md §2): the new text goes to a
 * temporary file beside the note, is flushed to disk, takes the note's file mode, and is renamed over
 * the note. A full disk, a file-size limit or a crash at any step leaves the old note whole; the
 * temporary file is removed. `target` is the note's real path, so a symlink to it stays a symlink.
 */
export type FileOps = Pick<
  typeof nodeFs,
  "openSync" | "writeSync" | "fsyncSync" | "fchmodSync" | "closeSync" | "renameSync" | "unlinkSync" | "statSync" | "readFileSync" | "fstatSync" | "constants"
>;

/** A write that did not happen; the message is one line naming the file and the system's error code. */
export class WriteFailed extends Error {}

export function replaceFileAtomically(target: string, text: string, files: FileOps = nodeFs): void {
  const mode = files.statSync(target).mode & 0o7777;
  const temporary = temporaryPathBeside(target);
  let fd: number | null = null;
  try {
    fd = files.openSync(temporary, "wx", mode);
    const bytes = Buffer.from(text, "utf8");
    let written = 0;
    while (written < bytes.length) written += files.writeSync(fd, bytes, written, bytes.length - written);
    files.fchmodSync(fd, mode); // the umask may have narrowed the mode openSync was given
    files.fsyncSync(fd);
    const closing = fd;
    fd = null;
    files.closeSync(closing);
    files.renameSync(temporary, target);
  } catch (error) {
    if (fd !== null) ignoreErrors(() => files.closeSync(fd!));
    ignoreErrors(() => files.unlinkSync(temporary));
    throw new WriteFailed(`can't write ${target}: ${describeFsError(error)}; the note was left as it was`);
  }
}

/** A dot-file beside the note: the vault walk and Obsidian both skip names starting with a dot. */
function temporaryPathBeside(target: string): string {
  const random = Math.random().toString(36).slice(2, 10);
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${random}.tmp`);
}

export function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return typeof code === "string" && !message.startsWith(code) ? `${code} (${message})` : message;
}

function ignoreErrors(action: () => void): void {
  try {
    action();
  } catch {
    // Cleaning up after a failed write: the original error is what the user needs to see.
  }
}
