import { existsSync, readdirSync } from "node:fs";
import { replaceFileAtomically } from "./atomic-write";
import { withNoteLock } from "./note-lock";
import { mergeLogs, type LogRecord } from "../core/log/record";
import path from "node:path";
import { flagState, resetState, suspendState, unsuspendState } from "../core/manage/actions";
import { actionRecord } from "../core/manage/records";
import { editCardInText } from "../core/manage/apply";
import { searchRow, type SearchRow } from "../core/search/evaluate";
import { answerText } from "../core/notes/note";
import { reviewedSinceFromLog, runSearch } from "../core/search/search";
import { CardIndex } from "../core/study/card-index";
import { DEFAULT_PARSE_OPTIONS, FLAGS, type CardState, type Flag } from "../core/types";
import { dayStartOption, nowOption, parseArgs, stringOption, UsageError } from "./args";
import { appendLogRecord, readLogFolder } from "./log-files";
import { logTarget, openVault, readForReview, Refusal, stateJson, type CliIo } from "./run";
import { OutsideVault } from "./vault-files";
import { followLoggedAnswers, loggedAnswerPrints } from "../core/state/logged-answers";

/**
 * Card management over the file system: `suspend`, `unsuspend`, `flag`, `reset` (one card's line changed,
 * exit codes as `review`; with `--logs DIR --device NAME`, the action's record is appended to
 * DIR/NAME.jsonl, as the plugin logs every action, design.md §7) and `search` (the card browser's
 * query). Returns null for a command it doesn't own, so run.ts can hand over with one line.
 */

const CARD_OPTIONS = { note: true, question: true, now: true, logs: true, device: true } as const;

export function runManageCommand(command: string | undefined, rest: readonly string[], io: CliIo): number | null {
  switch (command) {
    case "suspend":
      return editCommand(command, parseArgs(rest, CARD_OPTIONS), (state, now) => suspendState(state, now), io);
    case "unsuspend":
      return editCommand(command, parseArgs(rest, CARD_OPTIONS), (state, now) => unsuspendState(state, now), io);
    case "reset":
      return editCommand(command, parseArgs(rest, CARD_OPTIONS), (state, now) => resetState(state, now), io);
    case "flag": {
      const args = parseArgs(rest, { ...CARD_OPTIONS, flag: true });
      const raw = stringOption(args, "flag");
      if (raw === undefined) throw new UsageError("flag needs --note, --question and --flag");
      if (raw !== "none" && !(FLAGS as readonly string[]).includes(raw)) throw new UsageError(`--flag must be one of ${FLAGS.join(", ")} or none, got "${raw}"`);
      const flag = raw === "none" ? null : (raw as Flag);
      return editCommand(command, args, (state, now) => flagState(state, flag, now), io);
    }
    case "search":
      return searchCommand(parseArgs(rest, { json: false, now: true, "day-start": true }), io);
    default:
      return null;
  }
}

/** One card's line changed by `transform`, written only if the note didn't change meanwhile, and logged. */
function editCommand(command: "suspend" | "unsuspend" | "reset" | "flag", args: ReturnType<typeof parseArgs>, transform: (state: CardState | null, now: Date) => CardState, io: CliIo): number {
  const vault = openVault(args, command);
  const notePath = stringOption(args, "note");
  const question = stringOption(args, "question");
  if (notePath === undefined || question === undefined) throw new UsageError(`${command} needs --note and --question`);
  const now = nowOption(args);
  const log = logTarget(args);
  let target: { relative: string; absolute: string };
  try {
    target = vault.resolve(notePath);
  } catch (error) {
    throw error instanceof OutsideVault ? error : new Refusal((error as Error).message);
  }
  // As `review`: a repeated question's histories back on their logged answers first.
  const prints = log === null ? new Map<string, number>() : loggedAnswerPrints(readLogFolder(log.folder).records);
  // As `review`: under the note's lock, replaced atomically, never over an edit made meanwhile.
  const { before, after, answerPrint } = withNoteLock(target.absolute, () => {
    const text = readForReview(target.absolute, notePath);
    const followed = followLoggedAnswers(text, prints, DEFAULT_PARSE_OPTIONS);
    if (!followed.ok) throw new Refusal(`${notePath}: the histories of a repeated question can't be moved to their answers (${followed.reason}); nothing was written`);
    const edit = editCardInText(followed.text, question, (state) => transform(state, now), DEFAULT_PARSE_OPTIONS);
    if (!edit.ok) throw new Refusal(`${notePath}: ${edit.reason}`);
    if (readForReview(target.absolute, notePath) !== text) throw new Refusal(`${notePath} changed while the change was computed; try again`);
    if (edit.text !== text) replaceFileAtomically(target.absolute, edit.text, io.files);
    return edit;
  });
  if (log !== null) appendLogRecord(log.folder, log.device, actionRecord(command, { time: now, device: log.device, note: target.relative, key: question, answer: answerPrint }, before, after));
  io.stdout(`${JSON.stringify(stateJson(after))}\n`);
  return 0;
}

/**
 * The plugin's review logs inside the vault, for `rated:`. The CLI has no Vault to ask for the config
 * folder (a setting of Obsidian's), so it looks in every dot-folder at the vault root that holds the
 * plugin's `logs/`. No such folder is an empty log.
 */
function vaultLogRecords(root: string): LogRecord[] {
  const records: LogRecord[][] = [];
  for (const name of readdirSync(root)) {
    if (!name.startsWith(".")) continue;
    const logs = path.join(root, name, "plugins", "heading-flashcards", "logs");
    if (existsSync(logs)) records.push(readLogFolder(logs).records);
  }
  return mergeLogs(records);
}

function searchCommand(args: ReturnType<typeof parseArgs>, io: CliIo): number {
  const [vaultDir, query, ...extra] = args.positionals;
  if (vaultDir === undefined || query === undefined || extra.length > 0) throw new UsageError('search needs a vault folder and one query (quote it: "deck:lang is:due")');
  const vault = openVault({ ...args, positionals: [vaultDir] }, "search");
  const now = nowOption(args);
  const index = new CardIndex(DEFAULT_PARSE_OPTIONS, false); // one pass, then the process ends: no copies off the texts
  // Free text matches answers too: each card's answer is taken from its note's text as it is read.
  const rows: SearchRow[] = [];
  for (const relative of vault.markdownFiles()) {
    const decoded = vault.readListed(relative);
    if (!decoded.ok) continue;
    const note = index.update(relative, decoded.text);
    if (note !== null) for (const card of note.cards) rows.push(searchRow(note, card, answerText(decoded.text, card)));
  }
  const result = runSearch(query, rows, {
    now,
    dayStartHour: dayStartOption(args),
    buried: new Set(),
    reviewedSince: (since) => reviewedSinceFromLog(vaultLogRecords(vault.root))(since),
  });
  if (!result.ok) throw new UsageError(`bad search at character ${result.error.position + 1}: ${result.error.message}`);
  if (args.options.has("json")) {
    const cards = result.rows.map(({ note, card }) => ({ note: note.path, key: card.key, question: card.question, decks: note.decks, line: card.line, state: stateJson(card.state) }));
    io.stdout(`${JSON.stringify(cards, null, 2)}\n`);
  } else {
    for (const { note, card } of result.rows) io.stdout(`${note.path}\t${card.key}\t${card.state?.state ?? "new"}\t${card.state?.due ?? ""}\n`);
  }
  return 0;
}
