// Figure (13) of `npm run bench`: opening the review and grading its first card, in the core (issue 17).
import { BENCH_NOW } from "./generate-vault";
import type { CardIndex } from "../src/core/study/card-index";
import { Scheduler } from "../src/core/scheduling/scheduler";
import { ReviewSession, type NoteStore } from "../src/core/study/session";
import { DEFAULT_PARSE_OPTIONS } from "../src/core/types";

/**
 * (13) What opening the review and grading its first card cost in the core, on the whole index with the
 * default daily limits: the session built (its due queue) and the header's counts — what remains, and
 * what today's limits hold back — then one grade (the note written in memory) and the header's counts
 * again. Each run's grade is undone afterwards (not timed) so every run starts from the same index.
 */
export async function measureReviewOpen(
  index: CardIndex,
  files: Record<string, string>,
  runs: number,
  { gc, median, round }: { gc: () => void; median: (values: number[]) => number; round: (value: number, digits?: number) => number },
): Promise<{ runs: number; openMs: number; gradeMs: number; openCpuMs: number; gradeCpuMs: number }> {
  const texts = new Map<string, string>();
  const store: NoteStore = {
    async process(path, edit) {
      texts.set(path, edit(texts.get(path) ?? files[path]));
    },
  };
  const scheduler = new Scheduler();
  const open: number[] = [];
  const grade: number[] = [];
  const openCpu: number[] = [];
  const gradeCpu: number[] = [];
  const header = (session: ReviewSession): number => {
    const counts = session.counts();
    const held = session.heldBack();
    return counts.new + counts.learning + counts.due + held.new + held.due;
  };
  let sink = 0;
  for (let run = 0; run < runs + 2; run++) {
    const progress = { day: "", newDone: 0, reviewsDone: 0, buried: [] };
    gc();
    let cpu = process.cpuUsage();
    let start = performance.now();
    const session = new ReviewSession({
      index,
      scheduler: () => scheduler,
      store,
      clock: () => BENCH_NOW,
      settings: () => ({ dayStartHour: 4, newPerDay: 20, reviewsPerDay: 200 }),
      parseOptions: () => DEFAULT_PARSE_OPTIONS,
      progress,
      saveProgress: () => {},
      appendLog: () => {},
    });
    sink += header(session);
    const openMs = performance.now() - start;
    const openCpuMs = process.cpuUsage(cpu).user / 1000;
    if (session.card === null) throw new Error("nothing to review in the benchmark vault");
    session.reveal();
    cpu = process.cpuUsage();
    start = performance.now();
    const result = await session.grade("good");
    sink += header(session);
    const gradeMs = performance.now() - start;
    const gradeCpuMs = process.cpuUsage(cpu).user / 1000;
    if (!result.ok) throw new Error(`grade failed: ${result.reason}`);
    const undone = await session.undo();
    if (!undone.ok) throw new Error(`undo failed: ${undone.reason}`);
    if (run < 2) continue;
    open.push(openMs);
    grade.push(gradeMs);
    openCpu.push(openCpuMs);
    gradeCpu.push(gradeCpuMs);
  }
  if (sink === -1) process.stderr.write("unreachable\n");
  return { runs, openMs: round(median(open), 2), gradeMs: round(median(grade), 2), openCpuMs: round(median(openCpu), 1), gradeCpuMs: round(median(gradeCpu), 1) };
}
