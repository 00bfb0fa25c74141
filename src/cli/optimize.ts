import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { CsvFormatError, readReviewCsv } from "../core/optimizer/csv";
import { reviewEventsFromLog, type ReviewEvent } from "../core/optimizer/items";
import { runToEnd } from "../core/optimizer/optimize";
import { evaluateReviews, optimizeReviews, TooFewReviewsError } from "../core/optimizer/report";
import { parseWeights } from "../core/optimizer/weights";
import { dayStartOption, stringOption, UsageError, type ParsedArgs } from "./args";
import { readLogFolder } from "./log-files";

/**
 * `flashcards optimize` and `flashcards evaluate`: the FSRS optimiser over review logs (the plugin's
 * per-device folder) or an FSRS review CSV.
 */
export interface OptimizerIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** The plugin's log folder inside a vault's config folder. */
const PLUGIN_LOGS = path.join("plugins", "heading-flashcards", "logs");

/**
 * The vault's log folder: under its config folder, which Obsidian lets the user rename, so every
 * top-level dot-folder is tried; none has logs: the first candidate (an empty log).
 */
function vaultLogFolder(vault: string): string {
  let entries: string[];
  try {
    entries = readdirSync(vault).filter((name) => name.startsWith(".")).sort();
  } catch (error) {
    throw new UsageError(`can't read the vault ${vault}: ${(error as { code?: string }).code ?? String(error)}`);
  }
  const candidates = entries.map((name) => path.join(vault, name, PLUGIN_LOGS));
  return candidates.find((folder) => existsSync(folder)) ?? candidates[0] ?? path.join(vault, PLUGIN_LOGS);
}

export const OPTIMIZE_OPTIONS = { logs: true, csv: true, "day-start": true, seed: true, json: false };
export const EVALUATE_OPTIONS = { logs: true, csv: true, weights: true, "day-start": true, json: false };

export class OptimizerRefusal extends Error {}

export function optimizeCommand(args: ParsedArgs, io: OptimizerIo): number {
  if (args.positionals.length > 1) throw new UsageError("optimize takes at most one vault folder");
  const events = readEvents(args, args.positionals[0]);
  const seed = seedOption(args);
  let report;
  try {
    report = runToEnd(optimizeReviews(events, dayStartOption(args), { seed }));
  } catch (error) {
    if (error instanceof TooFewReviewsError) throw new OptimizerRefusal(error.message);
    throw error;
  }
  if (args.options.has("json")) {
    io.stdout(`${JSON.stringify(report)}\n`);
    return 0;
  }
  io.stdout(
    [
      `${report.reviews} reviews of ${report.cards} cards, ${report.items} training items`,
      `weights: ${report.weights.map(formatWeight).join(",")}`,
      `held-out log loss: default ${report.default.logLoss.toFixed(4)}, optimized ${report.optimized.logLoss.toFixed(4)}`,
      `held-out RMSE(bins): default ${report.default.rmseBins.toFixed(4)}, optimized ${report.optimized.rmseBins.toFixed(4)}`,
      "",
    ].join("\n"),
  );
  return 0;
}

export function evaluateCommand(args: ParsedArgs, io: OptimizerIo): number {
  if (args.positionals.length > 0) throw new UsageError("evaluate takes --logs DIR or --csv FILE, not a positional argument");
  if (!args.options.has("logs") && !args.options.has("csv")) throw new UsageError("evaluate needs --logs DIR or --csv FILE");
  const events = readEvents(args, undefined);
  const weights = weightsOption(args);
  let result;
  try {
    result = evaluateReviews(events, dayStartOption(args), weights);
  } catch (error) {
    if (error instanceof TooFewReviewsError) throw new OptimizerRefusal(`no review to evaluate: the log needs reviews on a later day than a card's previous review`);
    throw error;
  }
  if (args.options.has("json")) io.stdout(`${JSON.stringify(result)}\n`);
  else io.stdout(`${result.items} items: log loss ${result.logLoss.toFixed(4)}, RMSE(bins) ${result.rmseBins.toFixed(4)}\n`);
  return 0;
}

function readEvents(args: ParsedArgs, vault: string | undefined): ReviewEvent[] {
  const logs = stringOption(args, "logs");
  const csv = stringOption(args, "csv");
  if (logs !== undefined && csv !== undefined) throw new UsageError("give --logs or --csv, not both");
  if (csv !== undefined) {
    let text: string;
    try {
      text = readFileSync(csv, "utf8");
    } catch (error) {
      throw new UsageError(`can't read ${csv}: ${(error as { code?: string }).code ?? String(error)}`);
    }
    try {
      return readReviewCsv(text);
    } catch (error) {
      if (error instanceof CsvFormatError) throw new OptimizerRefusal(`${csv}: ${error.message}`);
      throw error;
    }
  }
  const folder = logs ?? (vault !== undefined ? vaultLogFolder(vault) : undefined);
  if (folder === undefined) throw new UsageError("optimize needs a vault folder, --logs DIR or --csv FILE");
  let read;
  try {
    read = readLogFolder(folder);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return reviewEventsFromLog(read.records);
}

function seedOption(args: ParsedArgs): number {
  const raw = stringOption(args, "seed");
  if (raw === undefined) return 2023;
  if (!/^\d{1,9}$/.test(raw)) throw new UsageError(`--seed must be a whole number, got "${raw}"`);
  return Number(raw);
}

function weightsOption(args: ParsedArgs): number[] | undefined {
  const raw = stringOption(args, "weights");
  if (raw === undefined) return undefined;
  const parsed = parseWeights(raw);
  if ("error" in parsed) throw new UsageError(`--weights: ${parsed.error}`);
  return parsed.weights;
}

function formatWeight(value: number): string {
  return String(Math.round(value * 1e4) / 1e4);
}
