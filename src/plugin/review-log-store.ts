import type { DataAdapter } from "obsidian";
import { deviceOfLogFile, LEGACY_LOG_FILE, logFileName } from "../core/log/device";
import { mergeLogs, parseLogText, serialiseRecord, type LogReadProblem, type LogRecord } from "../core/log/record";

export interface ReviewLogStoreOptions {
  /** Folder of the per-device logs (vault-relative adapter path). */
  folder: () => string;
  /** Where the first release kept its single log; read, never written. */
  legacyPath: string;
  /** This device's id (kept on the device, not in synced settings). */
  deviceId: () => string;
}

/**
 * The review logs of every device (design.md §7), read once and kept up to date in memory: this
 * device's records are appended to its own file only, other devices' files are re-read on `load()`.
 * Statistics, card history and the optimiser read `records()`; nothing re-reads the files per panel.
 */
export class ReviewLogStore {
  private merged: LogRecord[] = [];
  private readProblems: LogReadProblem[] = [];
  private readonly listeners = new Set<() => void>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly adapter: DataAdapter,
    private readonly options: ReviewLogStoreOptions,
  ) {}

  /** (Re)reads every device's file and the legacy log. */
  async load(): Promise<void> {
    const perDevice: LogRecord[][] = [];
    const problems: LogReadProblem[] = [];
    const files = new Set<string>();
    const folder = this.options.folder();
    if (await this.adapter.exists(folder)) {
      const listing = await this.adapter.list(folder);
      for (const file of listing.files) if (deviceOfLogFile(baseName(file)) !== null) files.add(file);
    }
    if (await this.adapter.exists(this.options.legacyPath)) files.add(this.options.legacyPath);
    for (const file of [...files].sort()) {
      const device = deviceOfLogFile(baseName(file)) ?? "";
      try {
        const read = parseLogText(await this.adapter.read(file), file, device);
        perDevice.push(read.records);
        problems.push(...read.problems);
      } catch (error) {
        problems.push({ source: file, line: 0, message: `can't read this log: ${(error as Error).message}` });
      }
    }
    this.merged = mergeLogs(perDevice);
    this.readProblems = problems;
    this.notify();
  }

  records(): readonly LogRecord[] {
    return this.merged;
  }

  problems(): readonly LogReadProblem[] {
    return this.readProblems;
  }

  /** Appends to this device's file, in order, one write at a time; the record is visible at once. */
  append(record: LogRecord): Promise<void> {
    this.insert(record);
    this.notify();
    this.chain = this.chain
      .then(async () => {
        const name = logFileName(this.options.deviceId());
        if (name === null) throw new Error(`unusable device id ${JSON.stringify(this.options.deviceId())}`);
        const folder = this.options.folder();
        if (!(await this.adapter.exists(folder))) await this.adapter.mkdir(folder);
        await this.adapter.append(`${folder}/${name}`, serialiseRecord(record));
      })
      .catch((error: unknown) => {
        console.error("Heading Flashcards: could not append to the review log", error);
      });
    return this.chain;
  }

  /** Resolves when every record appended so far is on disk. */
  flushed(): Promise<void> {
    return this.chain;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private insert(record: LogRecord): void {
    const time = Date.parse(record.time);
    let at = this.merged.length;
    while (at > 0 && Date.parse(this.merged[at - 1].time) > time) at--;
    this.merged.splice(at, 0, record);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

export { LEGACY_LOG_FILE };
