import type { FileOps } from "../../src/cli/atomic-write";
import { runCli } from "../../src/cli/run";

/** What one CLI run printed and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process, as `flashcards <argv…>` would, capturing what it prints. */
export function run(...argv: string[]): CliRun {
  return runWithFiles(argv);
}

/** The same, with the file operations a data-safety test injects faults into. */
export function runWithFiles(argv: string[], files?: FileOps): CliRun {
  let stdout = "";
  let stderr = "";
  const code = runCli(argv, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), files });
  return { code, stdout, stderr };
}
