// Figure (2b): the whole process. `flashcards due` (dist/cli.js, as a user runs it) on the benchmark vault
// written to disk, against bench/read-floor.mjs, which finds, reads, decodes and line-scans the same files;
// the two run alternately, each a fresh `node` process, and the figure is the ratio of their medians.
// Both report their own CPU time (bench/cpu-report.cjs) besides the wall time the bench measures.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface WholeProcessFigure {
  runs: number;
  files: number;
  /** Medians of wall time (ms), each process from start to exit. */
  cliMs: number;
  floorMs: number;
  ratio: number;
  /** Medians of the processes' own CPU time (ms): steadier than wall time on a shared machine. */
  cliCpuMs: number;
  floorCpuMs: number;
  cpuRatio: number;
}

export function measureWholeProcess(root: string, files: Record<string, string>, now: Date, runs: number, median: (values: number[]) => number): WholeProcessFigure {
  const vault = mkdtempSync(path.join(os.tmpdir(), "hf-bench-vault-"));
  const cpuFile = path.join(vault, ".cpu");
  try {
    for (const [relative, text] of Object.entries(files)) {
      const absolute = path.join(vault, relative);
      mkdirSync(path.dirname(absolute), { recursive: true });
      writeFileSync(absolute, text);
    }
    const preload = path.join(root, "bench/cpu-report.cjs");
    const commands = {
      cli: [path.join(root, "dist/cli.js"), "due", vault, "--now", now.toISOString(), "--json"],
      floor: [path.join(root, "bench/read-floor.mjs"), vault],
    };
    const run = (which: keyof typeof commands): { ms: number; cpuMs: number } => {
      rmSync(cpuFile, { force: true });
      const start = performance.now();
      const result = spawnSync(process.execPath, ["--require", preload, ...commands[which]], { env: { ...process.env, TZ: "UTC", HF_CPU_FILE: cpuFile }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      const ms = performance.now() - start;
      if (result.status !== 0) throw new Error(`${which} failed (${result.status}): ${result.stderr.slice(0, 300)}`);
      return { ms, cpuMs: Number(readFileSync(cpuFile, "utf8")) };
    };
    // Warm-up: the files in the page cache, node's own code compiled once.
    run("floor");
    run("cli");
    const samples = { cli: [] as { ms: number; cpuMs: number }[], floor: [] as { ms: number; cpuMs: number }[] };
    for (let index = 0; index < runs; index++) {
      const order: (keyof typeof commands)[] = index % 2 === 0 ? ["floor", "cli"] : ["cli", "floor"];
      for (const which of order) samples[which].push(run(which));
    }
    const cliMs = median(samples.cli.map((s) => s.ms));
    const floorMs = median(samples.floor.map((s) => s.ms));
    const cliCpuMs = median(samples.cli.map((s) => s.cpuMs));
    const floorCpuMs = median(samples.floor.map((s) => s.cpuMs));
    const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
    return {
      runs,
      files: Object.keys(files).length,
      cliMs: round(cliMs),
      floorMs: round(floorMs),
      ratio: round(cliMs / floorMs, 2),
      cliCpuMs: round(cliCpuMs),
      floorCpuMs: round(floorCpuMs),
      cpuRatio: round(cliCpuMs / floorCpuMs, 2),
    };
  } finally {
    rmSync(vault, { recursive: true, force: true });
  }
}
