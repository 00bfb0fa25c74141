import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { deviceOfLogFile, logFileName } from "../core/log/device";
import { mergeLogs, parseLogText, serialiseRecord, type LogReadProblem, type LogRecord } from "../core/log/record";

/**
 * The review logs as the CLI sees them: every `*.jsonl` in one folder (one file per device, plus the
 * legacy single log), merged in time order. A missing folder is an empty log, not an error.
 */
export function readLogFolder(dir: string): { records: LogRecord[]; problems: LogReadProblem[] } {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return { records: [], problems: [] };
    throw new Error(`can't read the log folder ${dir}: ${(error as Error).message}`);
  }
  const perDevice: LogRecord[][] = [];
  const problems: LogReadProblem[] = [];
  for (const name of names) {
    const device = deviceOfLogFile(name);
    if (device === null) continue;
    const file = path.join(dir, name);
    if (!statSync(file).isFile()) continue;
    const read = parseLogText(readFileSync(file, "utf8"), name, device);
    perDevice.push(read.records);
    problems.push(...read.problems);
  }
  return { records: mergeLogs(perDevice), problems };
}

/** Appends one record to `DIR/<device>.jsonl`, creating the folder; refuses a device name that isn't a safe file name. */
export function appendLogRecord(dir: string, device: string, record: LogRecord): string {
  const name = logFileName(device);
  if (name === null) throw new Error(`not a usable device name: ${JSON.stringify(device)} (letters, digits, '.', '_' and '-', up to 64)`);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  appendFileSync(file, serialiseRecord(record));
  return file;
}
