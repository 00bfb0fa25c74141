import { withCardId } from "../core/state/state-codec";
import { readFileSync, writeFileSync } from "node:fs";
import { CardIndex, countByDeck, type Counts } from "../core/study/card-index";
import { resolveStateConflicts } from "../core/state/conflicts";
import { locateFrontmatter } from "../core/notes/frontmatter";
import { splitLines } from "../core/notes/lines";
import { parseNote, pendingRenames } from "../core/notes/note";
import { decodeNote } from "../core/notes/note-text";
import { Scheduler } from "../core/scheduling/scheduler";
import { writeCardState } from "../core/state/state-writer";
import { DEFAULT_PARSE_OPTIONS, RATINGS, type CardState, type ParsedNote, type Rating } from "../core/types";
import { dayStartOption, nowOption, parseArgs, stringOption, UsageError, type ParsedArgs } from "./args";
import { OutsideVault, VaultFolder } from "./vault-files";
import { appendLogRecord, readLogFolder } from "./log-files";
import { ReviewHistory } from "../core/log/history";
import { isSafeDeviceId } from "../core/log/device";
import type { LogRecord } from "../core/log/record";
import { conflictCopyOriginal } from "../core/notes/conflict-copies";
import { healNote } from "../core/state/healing";
import { mergeConflictCopy } from "../core/state/merge-copy";

/**
 * `flashcards` — the core over the file system. Exit codes: 0 done; 1 refused (one line on stderr,
 * nothing written); 2 usage error (unknown command or option, bad value, unreadable file).
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const USAGE = `usage: flashcards <command> [options]

commands:
  cards <file.md>...                       cards, decks and problems of each note, as JSON
  due <vault-dir> [--now ISO] [--day-start H] [--json]
                                           new, learning and due counts over a vault
  review <vault-dir> --note <path> --question <key> --rating again|hard|good|easy [--now ISO]
         [--logs DIR --device NAME]        apply one review and write the card's state line; with
                                           --logs, append the review to DIR/NAME.jsonl
  check <vault-dir> [--logs DIR] [--json] [--fix]
                                           every problem of every flashcard note (state lines changed
                                           outside the plugin, sync conflict copies); --fix heals them:
                                           merge conflicts and damaged or older state lines get each
                                           card's latest review from the logs in DIR (else they keep
                                           their values and are due now), conflict copies are merged
                                           into their original; it prints what it did
`;

class Refusal extends Error {}

export function runCli(argv: readonly string[], io: CliIo): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "cards":
        return cardsCommand(parseArgs(rest, {}), io);
      case "due":
        return dueCommand(parseArgs(rest, { now: true, json: false, "day-start": true }), io);
      case "review":
        return reviewCommand(parseArgs(rest, { note: true, question: true, rating: true, now: true, logs: true, device: true }), io);
      case "check":
        return checkCommand(parseArgs(rest, { json: false, fix: false, logs: true }), io);
      case undefined:
      case "help":
      case "--help":
        io.stderr(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`flashcards: ${error.message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof Refusal || error instanceof OutsideVault) {
      io.stderr(`flashcards: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

// ---- cards -----------------------------------------------------------------------------------------

function cardsCommand(args: ParsedArgs, io: CliIo): number {
  if (args.positionals.length === 0) throw new UsageError("cards needs at least one file");
  const results = args.positionals.map((file) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw new UsageError(`can't read ${file}: ${(error as { code?: string }).code ?? String(error)}`);
    }
    const decoded = decodeNote(bytes);
    if (!decoded.ok) return { path: file, tagged: false, decks: [], cards: [], problems: [{ line: 1, message: decoded.problem }] };
    return noteJson(file, parseNote(decoded.text, DEFAULT_PARSE_OPTIONS));
  });
  io.stdout(`${JSON.stringify(results, null, 2)}\n`);
  return 0;
}

function noteJson(path: string, note: ParsedNote): object {
  return {
    path,
    tagged: note.tagged,
    decks: note.decks,
    cards: note.cards.map((card) => ({
      key: card.key,
      question: card.question,
      answer: card.answer,
      context: card.context,
      line: card.line,
      state: stateJson(card.state),
    })),
    problems: note.problems,
  };
}

function stateJson(state: CardState | null): object | null {
  if (state === null) return null;
  const { due, stability, difficulty, reps, lapses, state: phase, last_review } = state;
  return { due, stability, difficulty, reps, lapses, state: phase, last_review };
}

// ---- due -------------------------------------------------------------------------------------------

function dueCommand(args: ParsedArgs, io: CliIo): number {
  const vault = openVault(args, "due");
  const now = nowOption(args);
  const dayStartHour = dayStartOption(args);
  const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
  for (const relative of vault.markdownFiles()) {
    // A sync conflict copy's cards are the original's: counted once.
    if (conflictCopyOriginal(relative) !== null) continue;
    const decoded = vault.read(relative);
    if (decoded.ok) index.update(relative, decoded.text);
  }
  const { total, decks } = countByDeck(index, now, dayStartHour);
  const deckRows = [...decks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, counts]) => ({ name, ...countsJson(counts) }));
  if (args.options.has("json")) {
    io.stdout(`${JSON.stringify({ now: now.toISOString(), ...countsJson(total), decks: deckRows })}\n`);
    return 0;
  }
  io.stdout(dueTable(now, total, deckRows));
  return 0;
}

function countsJson(counts: Counts): { total: number; new: number; learning: number; due: number } {
  return { total: counts.total, new: counts.new, learning: counts.learning, due: counts.due };
}

function dueTable(now: Date, total: Counts, decks: { name: string; total: number; new: number; learning: number; due: number }[]): string {
  const rows = [...decks, { name: "All decks", ...countsJson(total) }];
  const width = Math.max(4, ...rows.map((row) => row.name.length));
  const line = (name: string, values: (string | number)[]): string => `${name.padEnd(width)}  ${values.map((v) => String(v).padStart(10)).join("")}\n`;
  let out = `Cards to study at ${now.toISOString()}\n\n`;
  out += line("Deck", ["New", "Learning", "Due", "Total"]);
  for (const row of rows) out += line(row.name, [row.new, row.learning, row.due, row.total]);
  return out;
}

// ---- review ----------------------------------------------------------------------------------------

function reviewCommand(args: ParsedArgs, io: CliIo): number {
  const vault = openVault(args, "review");
  const notePath = stringOption(args, "note");
  const question = stringOption(args, "question");
  const rating = stringOption(args, "rating");
  if (notePath === undefined || question === undefined || rating === undefined) throw new UsageError("review needs --note, --question and --rating");
  if (!RATINGS.includes(rating as Rating)) throw new UsageError(`--rating must be again, hard, good or easy, got "${rating}"`);
  const now = nowOption(args);
  const logs = stringOption(args, "logs");
  const device = stringOption(args, "device");
  if ((logs === undefined) !== (device === undefined)) throw new UsageError("--logs and --device go together");
  if (device !== undefined && !isSafeDeviceId(device)) throw new UsageError(`--device must be a file name of letters, digits, '.', '_' and '-', got "${device}"`);

  let target: { relative: string; absolute: string };
  try {
    target = vault.resolve(notePath);
  } catch (error) {
    throw error instanceof OutsideVault ? error : new Refusal((error as Error).message);
  }
  const before = readForReview(target.absolute, notePath);
  const note = parseNote(before, DEFAULT_PARSE_OPTIONS);
  if (!note.tagged) throw new Refusal(`${notePath} is not tagged #${DEFAULT_PARSE_OPTIONS.tag}`);
  if (!note.writable) throw new Refusal(`${notePath}: ${note.problems[0]?.message ?? "can't be written"}`);
  const card = note.cards.find((candidate) => candidate.key === question);
  if (card === undefined) throw new Refusal(`${notePath} has no card "${question}"`);

  const state = withCardId(new Scheduler().grade(card.state, rating as Rating, now));
  const result = writeCardState(before, card.key, state, {
    stateProperty: DEFAULT_PARSE_OPTIONS.stateProperty,
    order: note.cards.map((c) => c.key),
    renames: pendingRenames(note),
  });
  if (!result.ok) throw new Refusal(`${notePath}: ${result.reason}`);
  // The note must not have changed while we worked: never overwrite an edit.
  if (readForReview(target.absolute, notePath) !== before) throw new Refusal(`${notePath} changed while the review was computed; try again`);
  writeFileSync(target.absolute, result.text);
  if (logs !== undefined && device !== undefined) {
    const record: LogRecord = { v: 1, type: "review", time: now.toISOString(), device, card: state.id ?? "", note: target.relative, key: card.key, rating: rating as Rating, before: card.state, after: state, tookMs: 0 };
    appendLogRecord(logs, device, record);
  }
  io.stdout(`${JSON.stringify(stateJson(state))}\n`);
  return 0;
}

function readForReview(absolute: string, shownPath: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(absolute);
  } catch {
    throw new Refusal(`note not found: ${shownPath}`);
  }
  const decoded = decodeNote(bytes);
  if (!decoded.ok) throw new Refusal(`${shownPath}: ${decoded.problem}`);
  return decoded.text;
}

// ---- check -----------------------------------------------------------------------------------------

interface CheckedProblem {
  path: string;
  line: number;
  message: string;
}

interface FixedNote {
  path: string;
  message: string;
}

function checkCommand(args: ParsedArgs, io: CliIo): number {
  const vault = openVault(args, "check");
  const fix = args.options.has("fix");
  const logs = stringOption(args, "logs");
  const history = logs === undefined ? ReviewHistory.empty : new ReviewHistory(readLogFolder(logs).records);
  const found: CheckedProblem[] = [];
  const fixed: FixedNote[] = [];
  const tag = DEFAULT_PARSE_OPTIONS.tag.toLowerCase();
  const files = vault.markdownFiles();
  for (const relative of files) {
    const original = conflictCopyOriginal(relative);
    if (original === null) continue;
    const outcome = fix && files.includes(original) ? fixConflictCopy(vault, relative, original) : null;
    if (outcome !== null && outcome.kind === "fixed") fixed.push({ path: original, message: outcome.message });
    else found.push({ path: relative, line: 1, message: outcome?.kind === "refused" ? outcome.message : `a sync conflict copy of ${original}; its cards are left out of reviews and counts until check --fix (or "Resolve sync conflicts") merges its later reviews into ${original}` });
  }
  for (const relative of files) {
    if (conflictCopyOriginal(relative) !== null) continue;
    const decoded = vault.read(relative);
    if (!decoded.ok) {
      found.push({ path: relative, line: 1, message: decoded.problem });
      continue;
    }
    let text = decoded.text;
    let note = parseNote(text, DEFAULT_PARSE_OPTIONS);
    const mayBeCards = note.tagged || rawFrontmatter(text).toLowerCase().includes(tag);
    if (fix && mayBeCards && note.writable) {
      const outcome = fixStateConflicts(vault, relative, text);
      if (outcome.kind === "fixed") {
        fixed.push({ path: relative, message: outcome.message });
        text = outcome.text;
        note = parseNote(text, DEFAULT_PARSE_OPTIONS);
      } else if (outcome.kind === "refused") {
        found.push({ path: relative, line: 1, message: outcome.message });
      }
    }
    if (fix && mayBeCards) {
      // Damaged lines can make a note unwritable (two lines for one card) or hide its tag (a line spliced out of the property).
      const healed = healStateLines(vault, relative, text, history);
      if (healed.kind === "fixed") {
        fixed.push({ path: relative, message: healed.message });
        text = healed.text;
        note = parseNote(text, DEFAULT_PARSE_OPTIONS);
      } else if (healed.kind === "refused" && note.writable) {
        found.push({ path: relative, line: 1, message: healed.message });
      }
    }
    if (!note.tagged) {
      // Invalid YAML hides the tag: report it when the raw frontmatter mentions the tag.
      if (!note.writable && rawFrontmatter(text).toLowerCase().includes(tag)) {
        for (const problem of note.problems) found.push({ path: relative, ...problem });
      }
      continue;
    }
    for (const problem of note.problems) found.push({ path: relative, ...problem });
    for (const key of note.orphans.keys()) {
      found.push({ path: relative, line: 1, message: `state of "${key}" matches no card (orphaned history; kept until you clean it up)` });
    }
  }
  if (args.options.has("json")) {
    io.stdout(`${JSON.stringify(fix ? { fixed, problems: found } : found, null, 2)}\n`);
  } else {
    for (const note of fixed) io.stdout(`fixed ${note.path}: ${note.message}\n`);
    if (found.length === 0) io.stdout("No problems found.\n");
    else for (const problem of found) io.stdout(`${problem.path}:${problem.line}: ${problem.message}\n`);
  }
  return found.length === 0 ? 0 : 1;
}

type FixOutcome = { kind: "none" } | { kind: "fixed"; text: string; message: string } | { kind: "refused"; message: string };

/**
 * Resolves merge conflicts inside the state property and writes the result, after checking that the
 * resolved note reads back writable, conflict-free, with the same cards and the states the reader
 * already showed; the file must not have changed since it was read.
 */
function fixStateConflicts(vault: VaultFolder, relative: string, text: string): FixOutcome {
  const { stateProperty } = DEFAULT_PARSE_OPTIONS;
  const resolution = resolveStateConflicts(text, stateProperty);
  if (resolution.status !== "resolved") return { kind: "none" };
  const expected = parseNote(text, DEFAULT_PARSE_OPTIONS);
  const resolved = parseNote(resolution.text, DEFAULT_PARSE_OPTIONS);
  const cardsOf = (note: ParsedNote): string =>
    JSON.stringify([note.cards.map(({ key, question, answer, context, state }) => ({ key, question, answer, context, state })), [...note.orphans]]);
  if (!resolved.writable || resolveStateConflicts(resolution.text, stateProperty).status !== "none" || cardsOf(resolved) !== cardsOf(expected)) {
    return { kind: "refused", message: "the merge conflict in the state property could not be resolved safely; nothing was written" };
  }
  let target: { absolute: string };
  try {
    target = vault.resolve(relative);
  } catch (error) {
    return { kind: "refused", message: `${(error as Error).message}; nothing was written` };
  }
  const current = vault.read(relative);
  if (!current.ok || current.text !== text) return { kind: "refused", message: "the note changed while it was checked; nothing was written" };
  writeFileSync(target.absolute, resolution.text);
  const conflicts = resolution.conflicts === 1 ? "1 merge conflict" : `${resolution.conflicts} merge conflicts`;
  return { kind: "fixed", text: resolution.text, message: `resolved ${conflicts} in the state property (each card keeps its later review)` };
}

/** Heals damaged, lost or older state lines (design.md §2a) and writes the note if it is unchanged since it was read. */
function healStateLines(vault: VaultFolder, relative: string, text: string, history: ReviewHistory): FixOutcome {
  const healed = healNote(text, { ...DEFAULT_PARSE_OPTIONS, path: relative, now: new Date(), history });
  if (healed.refused !== undefined) return { kind: "refused", message: healed.refused };
  if (healed.text === text) return { kind: "none" };
  return writeFixed(vault, relative, text, healed.text, healed.actions.map((action) => action.message).join("; "));
}

/** Merges a conflict copy's later reviews into its original; the copy stays for the user to delete. */
function fixConflictCopy(vault: VaultFolder, copy: string, original: string): FixOutcome {
  const copyText = vault.read(copy);
  const originalText = vault.read(original);
  if (!copyText.ok || !originalText.ok) return { kind: "refused", message: `${copy}: can't read the copy or its original; nothing was written` };
  const merged = mergeConflictCopy(originalText.text, copyText.text, DEFAULT_PARSE_OPTIONS);
  if (!merged.ok) return { kind: "refused", message: `${copy}: ${merged.reason}; nothing was written` };
  const left = merged.onlyInCopy.length > 0 ? ` (cards only in the copy: ${merged.onlyInCopy.map((key) => `"${key}"`).join(", ")})` : "";
  const summary = `merged ${merged.merged.length} later review(s) from the conflict copy ${copy}${left}; delete the copy once you have checked it`;
  if (merged.text === originalText.text) return { kind: "fixed", text: merged.text, message: summary };
  return writeFixed(vault, original, originalText.text, merged.text, summary);
}

function writeFixed(vault: VaultFolder, relative: string, before: string, after: string, message: string): FixOutcome {
  let target: { absolute: string };
  try {
    target = vault.resolve(relative);
  } catch (error) {
    return { kind: "refused", message: `${(error as Error).message}; nothing was written` };
  }
  const current = vault.read(relative);
  if (!current.ok || current.text !== before) return { kind: "refused", message: "the note changed while it was checked; nothing was written" };
  writeFileSync(target.absolute, after);
  return { kind: "fixed", text: after, message };
}

function rawFrontmatter(text: string): string {
  const lines = splitLines(text);
  const range = locateFrontmatter(lines);
  return range === null ? "" : text.slice(lines.starts[range.open], lines.ends[range.close]);
}

// ---- shared ----------------------------------------------------------------------------------------

function openVault(args: ParsedArgs, command: string): VaultFolder {
  if (args.positionals.length !== 1) throw new UsageError(`${command} needs exactly one vault folder`);
  try {
    return new VaultFolder(args.positionals[0]);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
