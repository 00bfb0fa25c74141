import { withCardId } from "../core/state/state-codec";
import { applyLeechRule, DEFAULT_LEECH_SETTINGS } from "../core/manage/leech";
import { replaceFileAtomically, WriteFailed, type FileOps } from "./atomic-write";
import { withNoteLock } from "./note-lock";
import { statSync } from "node:fs";
import { CardIndex, countByDeck, deckLabel, type Counts } from "../core/study/card-index";
import { resolveStateConflicts } from "../core/state/conflicts";
import { locateFrontmatter } from "../core/notes/frontmatter";
import { splitLines } from "../core/notes/lines";
import { answerText, parseNote, pendingRenames } from "../core/notes/note";
import { decodeNote } from "../core/notes/note-text";
import { Scheduler } from "../core/scheduling/scheduler";
import { writeCardState } from "../core/state/state-writer";
import { DEFAULT_PARSE_OPTIONS, type CardState, type ParsedNote } from "../core/types";
import { dayStartOption, localTime, nowOption, parseArgs, ratingOption, stringOption, UsageError, type ParsedArgs } from "./args";
import { closestNames } from "./closest";
import { statsCommand, STATS_OPTIONS } from "./stats-command";
import { NOT_REGULAR_PROBLEM, NotRegularFile, OutsideVault, readRegularFile, VaultFolder } from "./vault-files";
import { evaluateCommand, EVALUATE_OPTIONS, optimizeCommand, OptimizerRefusal, OPTIMIZE_OPTIONS } from "./optimize";
import { runManageCommand } from "./manage-commands";
import { MANAGE_USAGE } from "./manage-usage";
import { appendLogRecord, readLogFolder } from "./log-files";
import { ReviewHistory } from "../core/log/history";
import { isSafeDeviceId } from "../core/log/device";
import { formatAnswerPrint, type LogRecord } from "../core/log/record";
import type { EntryMove } from "../core/state/duplicate-history";
import { followLoggedAnswers, loggedAnswerPrints, mayHoldRepeatedEntries } from "../core/state/logged-answers";
import { conflictCopyOriginal } from "../core/notes/conflict-copies";
import { healNote } from "../core/state/healing";
import { copiedIdMessage, findCopiedIds, stateLineOf, type CopiedId, type NoteCards } from "../core/state/copied-ids";
import { mergeConflictCopy } from "../core/state/merge-copy";

/**
 * `flashcards` — the core over the file system. Exit codes: 0 done; 1 refused (one line on stderr,
 * nothing written); 2 usage error (unknown command or option, bad value, unreadable file).
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The file operations writes go through; tests inject failing ones (a full disk). */
  files?: FileOps;
}

export const USAGE = `usage: flashcards <command> [options]

commands:
  cards <file.md>...                       cards, decks and problems of each note, as JSON
  due <vault-dir> [--now ISO] [--day-start H] [--json]
                                           new, learning and due counts over a vault
  review <vault-dir> --note <path> --question <key> --rating 1-4|again|hard|good|easy [--now ISO]
         [--logs DIR --device NAME]        apply one review and write the card's state line; with
                                           --logs, append the review to DIR/NAME.jsonl, and first move
                                           a repeated question's histories back to the answers the
                                           logs name
  check <vault-dir> [--logs DIR] [--json] [--fix]
                                           every problem of every flashcard note (state lines changed
                                           outside the plugin, sync conflict copies, ids shared between
                                           notes); --fix heals them: merge conflicts and damaged or
                                           older state lines get each card's latest review from the logs
                                           in DIR (else they keep their values and are due now),
                                           conflict copies are merged into their original, a copied
                                           note's cards get new ids, a repeated question's histories
                                           go back to the answers the logs name; it prints what it did
  optimize [<vault-dir>] [--logs DIR | --csv FILE] [--day-start H] [--seed N] [--json]
                                           FSRS weights fitted to the review log, with held-out
                                           log loss and RMSE(bins) of the default and fitted weights
  evaluate (--logs DIR | --csv FILE) [--weights w0,…,w20] [--day-start H] [--json]
                                           log loss and RMSE(bins) of weights (default: FSRS-6's)
  stats <vault-dir> [--logs DIR] [--now ISO] [--days N] [--day-start H] [--json]
                                           card counts, today's study, true retention, future due and
                                           reviews per day, from the review logs (default: the plugin's
                                           logs/ folder in the vault)
${MANAGE_USAGE}`;

export class Refusal extends Error {}

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
      case "optimize":
        return optimizeCommand(parseArgs(rest, OPTIMIZE_OPTIONS), io);
      case "evaluate":
        return evaluateCommand(parseArgs(rest, EVALUATE_OPTIONS), io);
      case "stats": {
        const args = parseArgs(rest, STATS_OPTIONS);
        const { text, problems } = statsCommand(openVault(args, "stats"), args);
        for (const problem of problems) io.stderr(`flashcards: ${problem.source}:${problem.line}: ${problem.message}\n`);
        io.stdout(text);
        return 0;
      }
      case "suspend":
      case "unsuspend":
      case "flag":
      case "reset":
      case "search":
        return runManageCommand(command, rest, io) ?? 2;
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
    if (error instanceof Refusal || error instanceof OutsideVault || error instanceof OptimizerRefusal || error instanceof WriteFailed) {
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
      bytes = readRegularFile(file);
    } catch (error) {
      if (error instanceof NotRegularFile) return { path: file, tagged: false, decks: [], cards: [], problems: [{ line: 1, message: NOT_REGULAR_PROBLEM }] };
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
      answer: answerText(note.text, card),
      context: card.context,
      line: card.line,
      state: stateJson(card.state),
    })),
    problems: note.problems,
  };
}

/** A card's state with the state line's field names (`step`, `last`), then identity and card management (always present). */
export function stateJson(state: CardState | null): object | null {
  if (state === null) return null;
  const { due, stability, difficulty, reps, lapses, state: phase, step, last_review } = state;
  return { due, stability, difficulty, reps, lapses, state: phase, step, last: last_review, id: state.id ?? null, suspended: state.suspended === true, flag: state.flag ?? null, leech: state.leech === true };
}

// ---- due -------------------------------------------------------------------------------------------

function dueCommand(args: ParsedArgs, io: CliIo): number {
  const vault = openVault(args, "due");
  const now = nowOption(args);
  const dayStartHour = dayStartOption(args);
  const index = new CardIndex(DEFAULT_PARSE_OPTIONS, false); // one pass, then the process ends: no copies off the texts
  for (const relative of vault.markdownFiles()) {
    // A sync conflict copy's cards are the original's: counted once.
    if (conflictCopyOriginal(relative) !== null) continue;
    const decoded = vault.readListed(relative);
    if (decoded.ok) index.update(relative, decoded.text);
  }
  const { total, decks } = countByDeck(index, now, dayStartHour);
  // The root deck `/` is "Vault root" here too: one name for it in the study pane, the table and the JSON.
  const deckRows = [...decks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, counts]) => ({ name: deckLabel(name), ...countsJson(counts) }));
  if (args.options.has("json")) {
    io.stdout(`${JSON.stringify({ now: now.toISOString().replace(/\.\d{3}Z$/, "Z"), ...countsJson(total), decks: deckRows })}\n`);
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
  let out = `Cards to study at ${localTime(now)}\n\n`;
  out += line("Deck", ["New", "Learning", "Due", "Total"]);
  for (const row of rows) out += line(row.name, [row.new, row.learning, row.due, row.total]);
  return out;
}

// ---- review ----------------------------------------------------------------------------------------

function reviewCommand(args: ParsedArgs, io: CliIo): number {
  const vault = openVault(args, "review");
  const notePath = stringOption(args, "note");
  const question = stringOption(args, "question");
  const ratingRaw = stringOption(args, "rating");
  if (notePath === undefined || question === undefined || ratingRaw === undefined) throw new UsageError("review needs --note, --question and --rating");
  const rating = ratingOption(ratingRaw);
  const now = nowOption(args);
  const log = logTarget(args);

  const target = resolveNote(vault, notePath);
  // What the logs know of each card's answer: a repeated question's entries go back to their answers first.
  const prints = log === null ? new Map<string, number>() : loggedAnswerPrints(readLogFolder(log.folder).records);
  // Read, compute and replace under the note's lock: a concurrent review of another card waits for
  // this one and then works on the text this one wrote.
  const { state, became, key, before: stateBefore, answer, moves, cardKeys } = withNoteLock(target.absolute, () => {
    const before = readForReview(target.absolute, notePath);
    const followed = followLoggedAnswers(before, prints, DEFAULT_PARSE_OPTIONS);
    if (!followed.ok) throw new Refusal(`${notePath}: the histories of a repeated question can't be moved to their answers (${followed.reason}); nothing was written`);
    const text = followed.text;
    const note = parseNote(text, DEFAULT_PARSE_OPTIONS);
    if (!note.tagged) throw new Refusal(`${notePath} is not tagged #${DEFAULT_PARSE_OPTIONS.tag}`);
    if (!note.writable) throw new Refusal(`${notePath}: ${note.problems[0]?.message ?? "can't be written"}`);
    const card = note.cards.find((candidate) => candidate.key === question);
    if (card === undefined) {
      const near = closestNames(question, note.cards.map((candidate) => candidate.key));
      const hint = near.length > 0 ? `; did you mean ${near.map((name) => `"${name}"`).join(", ")}?` : "";
      throw new Refusal(`${notePath} has no card "${question}"${hint}`);
    }
    const last = card.state?.last_review;
    if (last && now.getTime() < Date.parse(last)) {
      throw new Refusal(`--now ${now.toISOString()} is earlier than the card's last review (${last}); nothing was written`);
    }

    // Anki's leech rule with the default settings (8 lapses, suspend); `cards` then shows `leech: true`.
    const graded = applyLeechRule(card.state, new Scheduler().grade(card.state, rating, now), DEFAULT_LEECH_SETTINGS);
    const written = withCardId(graded.state);
    const result = writeCardState(text, card.key, written, {
      stateProperty: DEFAULT_PARSE_OPTIONS.stateProperty,
      order: note.cards.map((c) => c.key),
      renames: pendingRenames(note),
    });
    if (!result.ok) throw new Refusal(`${notePath}: ${result.reason}`);
    // The note must not have changed while we worked (an editor, a sync tool): never overwrite an edit.
    if (readForReview(target.absolute, notePath) !== before) throw new Refusal(`${notePath} changed while the review was computed; try again`);
    replaceFileAtomically(target.absolute, result.text, io.files);
    return { state: written, became: graded.became, key: card.key, before: card.state, answer: card.answerPrint, moves: followed.moves, cardKeys: new Set(note.cards.map((c) => c.key)) };
  });
  for (const move of moves) io.stderr(`flashcards: ${notePath}: ${answerMoveMessage(move, cardKeys, true)}\n`);
  if (became) io.stderr(`flashcards: "${key}" is now a leech (${state.lapses} lapses)${state.suspended === true ? " and was suspended" : ""}\n`);
  if (log !== null) {
    const record: LogRecord = { v: 1, type: "review", time: now.toISOString(), device: log.device, card: state.id ?? "", note: target.relative, key, rating, before: stateBefore, after: state, tookMs: 0, answer: formatAnswerPrint(answer) };
    appendLogRecord(log.folder, log.device, record);
  }
  io.stdout(`${JSON.stringify(stateJson(state))}\n`);
  return 0;
}

/**
 * A move of a repeated question's entry (core/state/logged-answers.ts) in words: found by check, or
 * done. `cardKeys`: the note's card keys, which tell an answer still in the note from one that is gone.
 */
export function answerMoveMessage(move: EntryMove, cardKeys: ReadonlySet<string>, done: boolean): string {
  if (cardKeys.has(move.to)) return done ? `moved the history of "${move.from}" to "${move.to}", where its answer is now` : `history of "${move.from}" belongs to the answer now under "${move.to}"`;
  return done ? `moved the history of "${move.from}" to "${move.to}": its answer is no longer in the note` : `history of "${move.from}" belongs to an answer no longer in the note; it is kept under "${move.to}"`;
}

/** `--logs DIR --device NAME` (together or not at all): where a command appends its log record, or null. */
export function logTarget(args: ParsedArgs): { folder: string; device: string } | null {
  const folder = stringOption(args, "logs");
  const device = stringOption(args, "device");
  if ((folder === undefined) !== (device === undefined)) throw new UsageError("--logs and --device go together");
  if (device !== undefined && !isSafeDeviceId(device)) throw new UsageError(`--device must be a file name of letters, digits, '.', '_' and '-', got "${device}"`);
  return folder === undefined || device === undefined ? null : { folder, device };
}

/** `--note`: a vault path, with or without `.md` (as Obsidian's links name notes). */
function resolveNote(vault: VaultFolder, notePath: string): { relative: string; absolute: string } {
  const attempts = /\.md$/i.test(notePath) ? [notePath] : [notePath, `${notePath}.md`];
  for (const attempt of attempts) {
    try {
      const resolved = vault.resolve(attempt);
      // `notes/German` may be a folder beside `notes/German.md`.
      if (attempts.length === 1 || statSync(resolved.absolute).isFile()) return resolved;
    } catch (error) {
      if (error instanceof OutsideVault) throw error;
    }
  }
  throw new Refusal(`note not found: ${notePath}`);
}

export function readForReview(absolute: string, shownPath: string): string {
  let bytes: Buffer;
  try {
    bytes = readRegularFile(absolute);
  } catch (error) {
    throw new Refusal(error instanceof NotRegularFile ? `${shownPath}: ${NOT_REGULAR_PROBLEM}` : `note not found: ${shownPath}`);
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
  /** A copied id only: the copy's card and the id it shares. */
  card?: string;
  id?: string;
}

interface FixedNote {
  path: string;
  message: string;
}

function checkCommand(args: ParsedArgs, io: CliIo): number {
  const vault = openVault(args, "check");
  const fix = args.options.has("fix");
  const logs = stringOption(args, "logs");
  const records = logs === undefined ? [] : readLogFolder(logs).records;
  const history = logs === undefined ? ReviewHistory.empty : new ReviewHistory(records);
  const prints = loggedAnswerPrints(records);
  const found: CheckedProblem[] = [];
  const fixed: FixedNote[] = [];
  const tag = DEFAULT_PARSE_OPTIONS.tag.toLowerCase();
  const files = vault.markdownFiles();
  /** Every tagged note's cards and text as they are after the fixes above, for the ids shared between notes. */
  const checked: (NoteCards & { text: string })[] = [];
  for (const relative of files) {
    const original = conflictCopyOriginal(relative);
    if (original === null) continue;
    const outcome = fix && files.includes(original) ? fixConflictCopy(vault, relative, original) : null;
    if (outcome !== null && outcome.kind === "fixed") fixed.push({ path: original, message: outcome.message });
    else found.push({ path: relative, line: 1, message: outcome?.kind === "refused" ? outcome.message : `a sync conflict copy of ${original}; its cards are left out of reviews and counts until check --fix (or "Resolve sync conflicts") merges its later reviews into ${original}` });
  }
  for (const relative of files) {
    if (conflictCopyOriginal(relative) !== null) continue;
    const decoded = vault.readListed(relative);
    if (!decoded.ok) {
      found.push({ path: relative, line: 1, message: decoded.problem });
      continue;
    }
    let text = decoded.text;
    let note = parseNote(text, DEFAULT_PARSE_OPTIONS);
    const mayBeCards = note.tagged || rawFrontmatter(text).toLowerCase().includes(tag);
    if (fix && mayBeCards && note.writable) {
      const outcome = fixStateConflicts(vault, relative, text, io.files);
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
    if (note.tagged && note.writable && prints.size > 0 && mayHoldRepeatedEntries(note)) {
      // A repeated question edited where no plugin saw it: its histories go back to the answers the logs name.
      const followed = followLoggedAnswers(text, prints, DEFAULT_PARSE_OPTIONS);
      const cardKeys = new Set(note.cards.map((card) => card.key));
      const outcome: FixOutcome = !fix || followed.moves.length === 0 ? { kind: "none" } : !followed.ok ? { kind: "refused", message: `the histories of a repeated question can't be moved to their answers (${followed.reason}); nothing was written` } : writeFixed(vault, relative, text, followed.text, followed.moves.map((move) => answerMoveMessage(move, cardKeys, true)).join("; "));
      if (outcome.kind === "fixed") {
        fixed.push({ path: relative, message: outcome.message });
        text = outcome.text;
        note = parseNote(text, DEFAULT_PARSE_OPTIONS);
      } else {
        if (outcome.kind === "refused") found.push({ path: relative, line: 1, message: outcome.message });
        for (const move of followed.moves) found.push({ path: relative, line: stateLineOf(text, DEFAULT_PARSE_OPTIONS.stateProperty, move.from), message: answerMoveMessage(move, cardKeys, false) });
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
    checked.push({ path: relative, cards: note.cards, text });
  }
  checkCopiedIds(vault, checked, history, fix, found, fixed);
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
 * Cards that hold the id of a card in another note (a copied note; core/state/copied-ids.ts says which
 * note keeps the id): each is reported with its state line, card and id; with --fix, the copy's cards
 * get new ids (healing, one line per card), and what is left unfixed stays reported.
 */
function checkCopiedIds(vault: VaultFolder, notes: (NoteCards & { text: string })[], history: ReviewHistory, fix: boolean, found: CheckedProblem[], fixed: FixedNote[]): void {
  const byPath = new Map<string, CopiedId[]>();
  for (const copy of findCopiedIds(notes, history)) byPath.set(copy.path, [...(byPath.get(copy.path) ?? []), copy]);
  for (const [relative, copies] of byPath) {
    const text = notes.find((note) => note.path === relative)!.text;
    if (fix) {
      const healed = healNote(text, { ...DEFAULT_PARSE_OPTIONS, path: relative, now: new Date(), history, idsElsewhere: new Set(copies.map((copy) => copy.id)) });
      const outcome = healed.refused !== undefined ? { kind: "refused" as const, message: healed.refused } : writeFixed(vault, relative, text, healed.text, healed.actions.map((action) => action.message).join("; "));
      if (outcome.kind === "fixed") {
        fixed.push({ path: relative, message: outcome.message });
        continue;
      }
      if (outcome.kind === "refused") found.push({ path: relative, line: 1, message: outcome.message });
    }
    for (const copy of copies) found.push({ path: relative, line: stateLineOf(text, DEFAULT_PARSE_OPTIONS.stateProperty, copy.storedKey), message: copiedIdMessage(copy), card: copy.key, id: copy.id });
  }
}

/**
 * Resolves merge conflicts inside the state property and writes the result, after checking that the
 * resolved note reads back writable, conflict-free, with the same cards and the states the reader
 * already showed; the file must not have changed since it was read.
 */
function fixStateConflicts(vault: VaultFolder, relative: string, text: string, files: FileOps | undefined): FixOutcome {
  const { stateProperty } = DEFAULT_PARSE_OPTIONS;
  const resolution = resolveStateConflicts(text, stateProperty);
  if (resolution.status !== "resolved") return { kind: "none" };
  const expected = parseNote(text, DEFAULT_PARSE_OPTIONS);
  const resolved = parseNote(resolution.text, DEFAULT_PARSE_OPTIONS);
  const cardsOf = (note: ParsedNote): string =>
    JSON.stringify([note.cards.map((card) => ({ key: card.key, question: card.question, answer: answerText(note.text, card), context: card.context, state: card.state })), [...note.orphans]]);
  if (!resolved.writable || resolveStateConflicts(resolution.text, stateProperty).status !== "none" || cardsOf(resolved) !== cardsOf(expected)) {
    return { kind: "refused", message: "the merge conflict in the state property could not be resolved safely; nothing was written" };
  }
  let target: { absolute: string };
  try {
    target = vault.resolve(relative);
  } catch (error) {
    return { kind: "refused", message: `${(error as Error).message}; nothing was written` };
  }
  const written = withNoteLock(target.absolute, (): FixOutcome | null => {
    const current = vault.read(relative);
    if (!current.ok || current.text !== text) return { kind: "refused", message: "the note changed while it was checked; nothing was written" };
    try {
      replaceFileAtomically(target.absolute, resolution.text, files);
    } catch (error) {
      if (error instanceof WriteFailed) return { kind: "refused", message: error.message };
      throw error;
    }
    return null;
  });
  if (written !== null) return written;
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
  // As every write of the CLI: under the note's lock, atomically, never over an edit made meanwhile.
  const refused = withNoteLock(target.absolute, (): FixOutcome | null => {
    const current = vault.read(relative);
    if (!current.ok || current.text !== before) return { kind: "refused", message: "the note changed while it was checked; nothing was written" };
    try {
      replaceFileAtomically(target.absolute, after);
    } catch (error) {
      if (error instanceof WriteFailed) return { kind: "refused", message: error.message };
      throw error;
    }
    return null;
  });
  return refused ?? { kind: "fixed", text: after, message };
}

function rawFrontmatter(text: string): string {
  const lines = splitLines(text);
  const range = locateFrontmatter(lines);
  return range === null ? "" : text.slice(lines.starts[range.open], lines.ends[range.close]);
}

// ---- shared ----------------------------------------------------------------------------------------

export function openVault(args: ParsedArgs, command: string): VaultFolder {
  if (args.positionals.length !== 1) throw new UsageError(`${command} needs exactly one vault folder`);
  try {
    return new VaultFolder(args.positionals[0]);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
