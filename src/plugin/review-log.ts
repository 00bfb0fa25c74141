import type { DataAdapter } from "obsidian";
import type { ReviewLogRecord } from "../core/study/session";

/**
 * The append-only review log: one JSON line per review or undo, in the plugin's folder. Lines are only
 * ever appended, in order, one write at a time; nothing rewrites or truncates the file. It is what
 * statistics and FSRS parameter optimisation will read later.
 */
export class ReviewLog {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly adapter: DataAdapter,
    readonly path: string,
  ) {}

  append(record: ReviewLogRecord): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    this.chain = this.chain.then(() => this.adapter.append(this.path, line)).catch((error: unknown) => {
      console.error("Heading Flashcards: could not append to the review log", error);
    });
    return this.chain;
  }

  /** Resolves when every record appended so far is on disk. */
  flushed(): Promise<void> {
    return this.chain;
  }
}
