/** Strict argument parsing: every option is declared; anything else is a usage error (exit 2). */
export class UsageError extends Error {}

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string | true>;
}

/** `spec` maps option names (without `--`) to whether they take a value. */
export function parseArgs(argv: readonly string[], spec: Record<string, boolean>): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === "--") {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf("=");
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    if (!(name in spec)) throw new UsageError(`unknown option --${name}`);
    if (options.has(name)) throw new UsageError(`--${name} given twice`);
    if (!spec[name]) {
      if (equals !== -1) throw new UsageError(`--${name} takes no value`);
      options.set(name, true);
      continue;
    }
    const value = equals !== -1 ? arg.slice(equals + 1) : argv[++index];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    options.set(name, value);
  }
  return { positionals, options };
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name);
  return typeof value === "string" ? value : undefined;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** `--now`: an ISO-8601 time with a zone; the real clock when absent. */
export function nowOption(args: ParsedArgs): Date {
  const raw = stringOption(args, "now");
  if (raw === undefined) return new Date();
  const ms = Date.parse(raw);
  if (!ISO_TIME.test(raw) || Number.isNaN(ms) || !isCalendarDate(raw)) throw new UsageError(`--now must be an ISO-8601 time such as 2026-11-26T08:00:00Z, got "${raw}"`);
  return new Date(ms);
}

/** Date.parse rolls an impossible day over (2026-02-30 → March 2); refuse it instead. */
function isCalendarDate(raw: string): boolean {
  const [year, month, day] = raw.slice(0, 10).split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

/** `--day-start H`: the local hour the study day starts, 0–23 (default 4). */
export function dayStartOption(args: ParsedArgs): number {
  const raw = stringOption(args, "day-start");
  if (raw === undefined) return 4;
  if (!/^\d{1,2}$/.test(raw) || Number(raw) > 23) throw new UsageError(`--day-start must be an hour from 0 to 23, got "${raw}"`);
  return Number(raw);
}

const RATING_WORDS = ["again", "hard", "good", "easy"] as const;

/** `--rating`: 1–4 (Anki's keys) or again/hard/good/easy in any letter case. */
export function ratingOption(raw: string): (typeof RATING_WORDS)[number] {
  const word = raw.trim().toLowerCase();
  const byNumber = /^[1-4]$/.test(word) ? RATING_WORDS[Number(word) - 1] : undefined;
  const rating = byNumber ?? RATING_WORDS.find((candidate) => candidate === word);
  if (rating === undefined) throw new UsageError(`--rating must be 1-4 or again, hard, good, easy, got "${raw}"`);
  return rating;
}

/** A time as people read it in a terminal: local, to the second, no milliseconds ("2026-03-10 12:00:00"). */
export function localTime(date: Date): string {
  const two = (value: number): string => String(value).padStart(2, "0");
  const day = `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
  return `${day} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}
