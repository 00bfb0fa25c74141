import * as nodeFs from "node:fs";
import path from "node:path";
import { describeFsError, WriteFailed } from "./atomic-write";

/**
 * One writer per note at a time, between processes: a lock file beside the note, created exclusively
 * (O_EXCL), holding the owner's process id. Reading the note, computing the change and renaming the new
 * text over it all happen while the lock is held, so two reviews of one note never lose an update.
 * A lock left behind by a process that died is taken over.
 */
const WAIT_LIMIT_MS = 20_000;
/** A lock older than this is stale even if its process id is alive (ids are reused). */
const STALE_AFTER_MS = 60_000;

export function withNoteLock<T>(target: string, action: () => T): T {
  const lock = path.join(path.dirname(target), `.${path.basename(target)}.flashcards-lock`);
  acquire(lock, target);
  try {
    return action();
  } finally {
    try {
      nodeFs.unlinkSync(lock);
    } catch {
      // Already gone (taken over as stale by a process that judged wrongly): nothing to release.
    }
  }
}

function acquire(lock: string, target: string): void {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = nodeFs.openSync(lock, "wx");
      try {
        nodeFs.writeSync(fd, `${process.pid}\n`);
      } finally {
        nodeFs.closeSync(fd);
      }
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "EEXIST") throw new WriteFailed(`can't lock ${target} for writing: ${describeFsError(error)}; the note was left as it was`);
    }
    if (isStale(lock)) {
      try {
        nodeFs.unlinkSync(lock);
      } catch {
        // Another waiter removed it first; try again.
      }
      continue;
    }
    if (Date.now() - started > WAIT_LIMIT_MS) throw new WriteFailed(`${target} is being written by another process (lock ${lock}); try again`);
    sleep(Math.min(50, 2 + attempt * 2) + Math.random() * 5);
  }
}

function isStale(lock: string): boolean {
  let owner: number;
  try {
    if (Date.now() - nodeFs.statSync(lock).mtimeMs > STALE_AFTER_MS) return true;
    owner = Number.parseInt(nodeFs.readFileSync(lock, "utf8"), 10);
  } catch {
    return false; // gone or unreadable this instant: the next attempt decides
  }
  if (!Number.isInteger(owner) || owner <= 0) return false; // being written right now
  try {
    process.kill(owner, 0);
    return false;
  } catch (error) {
    return (error as { code?: string }).code === "ESRCH";
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
