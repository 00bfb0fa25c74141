/**
 * Running the optimiser's generators: in slices that give the UI its turn (the plugin), or straight
 * through (the CLI, tests). Work yields every few milliseconds' worth; a yielded value is progress, or
 * undefined when there is nothing new to report.
 */

/** How a sliced run gives the UI its turn (a macrotask: a timer, so input and painting run). */
export type Pause = () => Promise<void>;

export interface SliceOptions<P> {
  /** Longest slice of work between pauses, in ms. */
  sliceMs?: number;
  pause: Pause;
  onProgress?: (progress: P) => void;
  /** Checked between slices; when it returns true the run stops with a CancelledError. */
  cancelled?: () => boolean;
  /** Records the longest slice seen (for the benchmark). */
  stats?: { longestSliceMs: number; slices: number };
}

export class CancelledError extends Error {
  constructor() {
    super("Cancelled.");
    this.name = "CancelledError";
  }
}

/** Runs a generator to completion, pausing whenever `sliceMs` of work has been done. */
export async function runInSlices<P, R>(work: Generator<P, R>, options: SliceOptions<P>): Promise<R> {
  const sliceMs = options.sliceMs ?? 20;
  const pause = options.pause;
  let sliceStart = performance.now();
  for (;;) {
    const next = work.next();
    if (next.done === true) {
      record(options, performance.now() - sliceStart);
      return next.value;
    }
    const now = performance.now();
    if (now - sliceStart >= sliceMs) {
      record(options, now - sliceStart);
      options.onProgress?.(next.value);
      await pause();
      if (options.cancelled?.() === true) throw new CancelledError();
      sliceStart = performance.now();
    }
  }
}

function record(options: { stats?: { longestSliceMs: number; slices: number } }, ms: number): void {
  if (options.stats === undefined) return;
  options.stats.slices++;
  options.stats.longestSliceMs = Math.max(options.stats.longestSliceMs, ms);
}

/** Runs a generator synchronously (CLI, tests). */
export function runToEnd<R>(work: Generator<unknown, R>): R {
  for (;;) {
    const next = work.next();
    if (next.done === true) return next.value;
  }
}
