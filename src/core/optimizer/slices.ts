/**
 * Running the optimiser's generators: in slices that give the UI its turn (the plugin), or straight
 * through (the CLI, tests). Work yields every few milliseconds' worth; a yielded value is progress, or
 * undefined when there is nothing new to report.
 */

/** How a sliced run gives the UI its turn (a macrotask: a timer, so input and painting run). */
export type Pause = () => Promise<void>;

export interface SliceOptions<P> {
  /** Longest slice of work between pauses, in ms (default 16, a frame). */
  sliceMs?: number;
  pause: Pause;
  onProgress?: (progress: P) => void;
  /** Checked between slices; when it returns true the run stops with a CancelledError. */
  cancelled?: () => boolean;
}

export class CancelledError extends Error {
  constructor() {
    super("Cancelled.");
    this.name = "CancelledError";
  }
}

/** Raised when the reviews can't support a fit; `needed` says how many more reviews it takes. */
export class TooFewReviewsError extends Error {
  constructor(readonly needed: number) {
    super(`too few reviews: ${needed} more needed`);
    this.name = "TooFewReviewsError";
  }
}

/**
 * Runs a generator to completion, pausing whenever `sliceMs` of work has been done. (The benchmark
 * times the slices through `pause`.)
 */
export async function runInSlices<P, R>(work: Generator<P, R>, { sliceMs = 16, pause, onProgress, cancelled }: SliceOptions<P>): Promise<R> {
  for (let sliceStart = performance.now(); ; ) {
    const next = work.next();
    if (next.done === true) return next.value;
    if (performance.now() - sliceStart >= sliceMs) {
      if (onProgress) onProgress(next.value);
      await pause();
      if (cancelled && cancelled()) throw new CancelledError();
      sliceStart = performance.now();
    }
  }
}

/** The work of `work` with each progress it yields passed through `map`. */
export function* mapProgress<P, Q, R>(work: Generator<P, R>, map: (progress: P) => Q): Generator<Q, R> {
  for (;;) {
    const next = work.next();
    if (next.done === true) return next.value;
    yield map(next.value);
  }
}

/** Runs a generator synchronously (CLI, tests). */
export function runToEnd<R>(work: Generator<unknown, R>): R {
  for (;;) {
    const next = work.next();
    if (next.done === true) return next.value;
  }
}
