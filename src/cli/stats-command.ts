import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { LEGACY_LOG_FILE } from "../core/log/device";
import { mergeLogs, parseLogText, type LogReadProblem, type LogRecord } from "../core/log/record";
import type { StatsCard } from "../core/stats/scope";
import { combined, RETENTION_WINDOWS, retentionRate } from "../core/stats/retention";
import { statsSummary, type StatsSummary } from "../core/stats/summary";
import { CardIndex } from "../core/study/card-index";
import { DEFAULT_PARSE_OPTIONS } from "../core/types";
import { dayStartOption, nowOption, stringOption, UsageError, type ParsedArgs } from "./args";
import { readLogFolder } from "./log-files";
import type { VaultFolder } from "./vault-files";

export const STATS_OPTIONS = { logs: true, now: true, days: true, "day-start": true, json: false };

const PLUGIN_ID = "heading-flashcards";

/**
 * The plugin's folder inside a vault: `<config folder>/plugins/heading-flashcards`. Outside Obsidian there
 * is no Vault#configDir to ask, and the config folder's name is a setting, so it is found: the first
 * dot-folder at the vault's root that holds this plugin.
 */
function pluginDir(vaultRoot: string): string | null {
  for (const name of readdirSync(vaultRoot).sort()) {
    if (!name.startsWith(".")) continue;
    const candidate = path.join(vaultRoot, name, "plugins", PLUGIN_ID);
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
  }
  return null;
}

/**
 * `flashcards stats <vault> [--logs DIR] [--now ISO] [--days N] [--day-start H] [--json]`: the
 * statistics view's main figures over the whole vault, from the review logs and the notes' states.
 */
export function statsCommand(vault: VaultFolder, args: ParsedArgs): { text: string; problems: LogReadProblem[] } {
  const now = nowOption(args);
  const dayStartHour = dayStartOption(args);
  const days = daysOption(args);
  const { records, problems } = readLogs(vault, stringOption(args, "logs"));
  const summary = statsSummary(records, vaultCards(vault), now, dayStartHour, days);
  return { text: args.options.has("json") ? `${JSON.stringify(summary)}\n` : statsText(summary), problems };
}

function daysOption(args: ParsedArgs): number {
  const raw = stringOption(args, "days");
  if (raw === undefined) return 30;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) < 1 || Number(raw) > 36500) throw new UsageError(`--days must be a whole number from 1 to 36500, got "${raw}"`);
  return Number(raw);
}

/** `--logs DIR`, or the plugin's `logs/` folder in the vault plus the first release's single log beside it. */
function readLogs(vault: VaultFolder, dir: string | undefined): { records: LogRecord[]; problems: LogReadProblem[] } {
  if (dir !== undefined) {
    if (!existsSync(dir)) throw new UsageError(`log folder not found: ${dir}`);
    return wrapRead(() => readLogFolder(dir));
  }
  const dirOfPlugin = pluginDir(vault.root);
  if (dirOfPlugin === null) return { records: [], problems: [] };
  const folder = wrapRead(() => readLogFolder(path.join(dirOfPlugin, "logs")));
  const legacyFile = path.join(dirOfPlugin, LEGACY_LOG_FILE);
  if (!existsSync(legacyFile)) return folder;
  const legacy = parseLogText(readFileSync(legacyFile, "utf8"), LEGACY_LOG_FILE);
  return { records: mergeLogs([folder.records, legacy.records]), problems: [...folder.problems, ...legacy.problems] };
}

function wrapRead<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function vaultCards(vault: VaultFolder): StatsCard[] {
  const index = new CardIndex(DEFAULT_PARSE_OPTIONS, false); // one pass, then the process ends: no copies off the texts
  for (const relative of vault.markdownFiles()) {
    const decoded = vault.readListed(relative);
    if (decoded.ok) index.update(relative, decoded.text);
  }
  return [...index.cards()].map(({ note, card }) => ({ path: note.path, key: card.key, decks: note.decks, state: card.state }));
}

function percent(value: number | null): string {
  return value === null ? "—" : `${(value * 100).toFixed(1)} %`;
}

function statsText(summary: StatsSummary): string {
  const { cards, today } = summary;
  const lines = [
    `Statistics at ${summary.now}`,
    "",
    `Cards: ${cards.total} (${cards.new} new, ${cards.learning} learning, ${cards.young} young, ${cards.mature} mature, ${cards.suspended} suspended)`,
    `Today: ${today.reviews} reviews in ${today.minutes} min, ${today.again} Again, ${today.newLearned} new cards learned`,
    "",
    "True retention   young      mature     all",
  ];
  for (const window of RETENTION_WINDOWS) {
    const row = summary.trueRetention[window];
    lines.push(`${window.padEnd(15)}  ${percent(retentionRate(row.young)).padEnd(9)}  ${percent(retentionRate(row.mature)).padEnd(9)}  ${percent(retentionRate(combined(row)))}`);
  }
  lines.push("", "Due:", ...summary.futureDue.filter((row) => row.count > 0).map((row) => `  ${row.day}  ${row.count}`));
  lines.push("", "Reviews:", ...summary.reviewsPerDay.filter((row) => row.count > 0).map((row) => `  ${row.day}  ${row.count} (${Math.round(row.seconds)} s)`));
  return `${lines.join("\n")}\n`;
}
