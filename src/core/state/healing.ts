import { locateFrontmatter } from "../notes/frontmatter";
import { lineAt, splitLines, type LineTable } from "../notes/lines";
import { canonicalInstant } from "../scheduling/scheduler";
import type { ReviewHistory } from "../log/history";
import type { LogRecord } from "../log/record";
import type { Card, CardState, ParsedNote } from "../types";
import { mayHoldConflict, resolveStateConflicts } from "./conflicts";
import { guessEntryId, readableState, reindentStrayStateLines } from "./line-damage";
import { readFrontmatterState, type FrontmatterState, type StateEntry } from "./state-block";
import { parseNote } from "../notes/note";
import { writeCardState } from "./state-writer";
import { encodeEntry, newCardId, sameState, stateFromObject } from "./state-codec";

/**
 * Healing (design.md §2a): the state lines a sync engine damaged are put right, one card at a time, and
 * every change is reported. A line whose checksum fails, that isn't YAML, or that is intact but older
 * than a review the logs know gets the latest state the logs know for the card. Without a log that
 * knows it, a readable line keeps its values and is made due now ("changed outside Heading
 * Flashcards"); an unreadable one goes, and the card starts over as new. Two lines for one card: the
 * later review's line stays. Only state lines change; every other byte of the note stays as it was.
 */
export interface HealContext {
  stateProperty: string;
  /** The flashcards tag: which headings are cards (a card whose line a merge lost gets it back). */
  tag: string;
  /** The note's path (the logs name cards without an id by note and key). */
  path: string;
  now: Date;
  history: ReviewHistory;
  /** Card ids that belong to a card in another note: a card here with one is a copy, and gets a new id. */
  idsElsewhere?: ReadonlySet<string>;
  random?: () => number;
}

export type HealKind = "restored" | "due-now" | "started-over" | "duplicate-line" | "new-id" | "merge-conflict" | "rejoined";

export interface HealAction {
  key: string;
  /** 1-based line of the state line before healing. */
  line: number;
  kind: HealKind;
  message: string;
}

export interface HealResult {
  /** The healed note; the same string when nothing needed healing or healing was refused. */
  text: string;
  actions: HealAction[];
  /** Set when the note needed healing that could not be done safely; nothing was changed. */
  refused?: string;
}

type Edit = { line: number; content: string | null };

export function healNote(original: string, context: HealContext): HealResult {
  let text = original;
  const actions: HealAction[] = [];
  if (mayHoldConflict(text)) {
    const resolution = resolveStateConflicts(text, context.stateProperty);
    if (resolution.status === "unresolvable") return { text: original, actions: [], refused: resolution.reason };
    if (resolution.status === "resolved") {
      text = resolution.text;
      actions.push({ key: "", line: 1, kind: "merge-conflict", message: `resolved ${resolution.conflicts} merge conflict(s) in the state property (each card keeps its later review)` });
    }
  }
  let lines = splitLines(text);
  const frontmatter = locateFrontmatter(lines);
  if (frontmatter === null) return { text, actions };
  const reindented = reindentStrayStateLines(lines, frontmatter, context.stateProperty);
  if (reindented !== null) lines = splitLines((text = reindented));
  const info = readFrontmatterState(lines, frontmatter, context.stateProperty);
  if (info.range === null || !info.oneLineForm) return { text: original, actions: [] };
  // Entries that appear twice and a block a sync broke apart are healed here; any other blocker is not.
  const unhealable = info.blockers.find((blocker) => !info.healable.includes(blocker));
  if (unhealable !== undefined) return { text: original, actions: [], refused: unhealable.message };
  const indent = propertyIndent(lines, info);
  const cards = parseNote(text, { tag: context.tag, stateProperty: context.stateProperty }).cards;
  const cardKeys = new Set(cards.map((card) => card.key));
  // Lines the reader pairs with an edited question (renames.ts): a damaged key is paired the same way.
  const pairedWith = new Map(cards.filter((card) => card.storedKey !== undefined).map((card) => [card.storedKey!, card.key]));

  const edits: Edit[] = [];
  const intended = new Map<string, CardState | null>();
  const usedIds = new Set(info.entries.map((entry) => entry.state?.id).filter((id): id is string => id !== undefined));
  const seenIds = new Set<string>();
  for (const group of entriesByCard(lines, info, context, cardKeys, pairedWith)) {
    const keep = laterLine(group.entries);
    for (const entry of group.entries) {
      if (entry === keep) continue;
      for (const line of entryLines(entry)) edits.push({ line, content: null });
      actions.push({ key: group.key, line: entry.line + 1, kind: "duplicate-line", message: `"${group.key}" had two state lines; the one with the later review was kept` });
    }
    const healed = healEntry(lines, keep, group.key, context, actions);
    let state = healed === undefined ? keep.state : healed;
    // Two cards with one id (a copied note, or a copied line): the copy gets a new id.
    const id = state?.id;
    if (state !== null && id !== undefined && (seenIds.has(id) || context.idsElsewhere?.has(id) === true)) {
      let fresh = newCardId(context.random);
      while (usedIds.has(fresh) || context.idsElsewhere?.has(fresh) === true) fresh = newCardId(context.random);
      usedIds.add(fresh);
      state = { ...state, id: fresh };
      actions.push({ key: group.key, line: keep.line + 1, kind: "new-id", message: `"${group.key}" had the id ${id} of another card (a copied note or line); it got its own id ${fresh}` });
    }
    if (id !== undefined) seenIds.add(id);
    const misplaced = keep.extraLines !== undefined || indentOf(lineAt(lines, keep.line)) === "";
    if (healed === undefined && state === keep.state && group.key === keep.key) {
      if (!misplaced) continue;
      actions.push({ key: group.key, line: keep.line + 1, kind: "rejoined", message: `"${group.key}": a sync broke its state line out of place; it is one line in the state property again, with the same values` });
    }
    intended.set(group.key, state);
    // One line per card again: a line moved to column 0 gets the property's indent, the rest of a cut line goes.
    const [first, ...rest] = entryLines(keep);
    edits.push({ line: first, content: state === null ? null : (indentOf(lineAt(lines, keep.line)) || indent) + encodeEntry(group.key, state) });
    for (const line of rest) edits.push({ line, content: null });
  }

  let healedText = edits.length === 0 ? text : applyEdits(lines, edits);
  const missing = restoreMissingLines(healedText, context, actions, intended);
  if (typeof missing !== "string") return { text: original, actions: [], refused: missing.refused };
  healedText = missing;
  if (healedText === original) return { text: original, actions };
  const problem = verify(healedText, context.stateProperty, intended);
  if (problem !== null) return { text: original, actions: [], refused: `healing was not safe (${problem}); nothing was changed` };
  if (reindented !== null && actions.length === 0) return { text: original, actions: [] };
  return { text: healedText, actions };
}

/**
 * Entries grouped by the card they hold: their key, except for a damaged line whose key is no card's
 * (the splice reached into the key) while the log knows its id under a card's key.
 */
function entriesByCard(lines: LineTable, info: FrontmatterState, context: HealContext, cardKeys: Set<string>, pairedWith: Map<string, string>): { key: string; entries: StateEntry[] }[] {
  const groups = new Map<string, StateEntry[]>();
  for (const entry of info.entries) {
    let key = entry.key;
    if ((entry.state === null || entry.checksum === "invalid") && !cardKeys.has(key)) {
      const id = entry.state?.id ?? guessEntryId(entryText(lines, entry)) ?? undefined;
      const known = id === undefined ? null : context.history.latestForId(id);
      if (known !== null && known.note === context.path && cardKeys.has(known.key)) key = known.key;
      else key = pairedWith.get(key) ?? key;
    }
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [entry]);
    else group.push(entry);
  }
  return [...groups].map(([key, entries]) => ({ key, entries }));
}

/**
 * Cards whose line is gone although a log knows a review of them: two devices added a line at the same
 * place, and the merge kept one. Their latest logged state gets a line again.
 */
function restoreMissingLines(text: string, context: HealContext, actions: HealAction[], intended: Map<string, CardState | null>): string | { refused: string } {
  const note = parseNote(text, { tag: context.tag, stateProperty: context.stateProperty });
  const withLine = new Set(intended.keys());
  for (const orphan of note.orphans.keys()) withLine.add(orphan);
  const order = note.cards.map((card) => card.key);
  for (const card of note.cards) {
    if (card.state !== null || withLine.has(card.key)) continue;
    const known = context.history.latest(undefined, context.path, card.key);
    if (known !== null && movedWithItsAnswer(note, card, known.card)) continue;
    const state = known === null || known.type !== "review" ? null : loggedState(known);
    if (state === null) continue;
    const written = writeCardState(text, card.key, state, { stateProperty: context.stateProperty, order });
    if (!written.ok) return { refused: `healing was not safe (${written.reason}); nothing was changed` };
    text = written.text;
    intended.set(card.key, state);
    actions.push({ key: card.key, line: card.line, kind: "restored", message: `"${card.key}": its state line was lost in a sync; restored the ${describe(known!)} from the review log` });
  }
  return text;
}

/**
 * True when the card logged under this key is a repeated question's card whose line is in the note under
 * another key of that question: its history moved with its answer (duplicate-history.ts), it was not lost.
 */
export function movedWithItsAnswer(note: Pick<ParsedNote, "cards"> & { orphans: ReadonlyMap<string, CardState> }, card: Card, id: string): boolean {
  if (id === "") return false;
  const sameQuestion = (key: string): boolean => key !== card.key && (key === card.question || (key.startsWith(card.question) && /^ \(\d+\)$/.test(key.slice(card.question.length))));
  for (const other of note.cards) if (other.state?.id === id && sameQuestion(other.storedKey ?? other.key)) return true;
  for (const [key, state] of note.orphans) if (state.id === id && sameQuestion(key)) return true;
  return false;
}

/** The state a damaged entry should have (null: remove the line), or undefined when the line is fine. */
function healEntry(lines: LineTable, entry: StateEntry, key: string, context: HealContext, actions: HealAction[]): CardState | null | undefined {
  const line = entry.line + 1;
  const id = entry.state?.id ?? guessEntryId(entryText(lines, entry)) ?? undefined;
  const damaged = entry.state === null || entry.checksum === "invalid";
  const known = context.history.latest(id, context.path, key, !damaged);
  const knownState = known === null ? null : loggedState(known);
  if (known !== null && knownState !== null && (damaged || isOlderThan(entry.state!, known))) {
    const restored = withKnownId(knownState, id);
    if (entry.state !== null && !damaged && sameState(entry.state, restored)) return undefined;
    const why = entry.state === null ? "its line could not be read" : damaged ? "its line was changed outside Heading Flashcards" : "its line was older than a review on another device";
    actions.push({ key, line, kind: "restored", message: `"${key}": ${why}; restored the ${describe(known)} from the review log` });
    return restored;
  }
  if (entry.state === null) {
    const readable = readableState(entryText(lines, entry), canonicalInstant(context.now));
    if (readable !== null) {
      actions.push({ key, line, kind: "due-now", message: `"${key}": changed outside Heading Flashcards (its line is no longer YAML) and no review log knows its latest review; the values still readable are kept and it is due now` });
      return withKnownId(readable, id);
    }
    actions.push({ key, line, kind: "started-over", message: `"${key}": its state line could not be read and no review log knows the card; it starts over as new` });
    return null;
  }
  if (entry.checksum === "invalid") {
    actions.push({ key, line, kind: "due-now", message: `"${key}": changed outside Heading Flashcards and no review log knows its latest review; its values are kept and it is due now` });
    return { ...entry.state, due: canonicalInstant(context.now) };
  }
  return undefined;
}

function isOlderThan(state: CardState, known: LogRecord): boolean {
  if (known.type !== "review") return false;
  const reviewed = Date.parse(known.after?.last_review ?? known.time);
  return state.last_review === null || Date.parse(state.last_review) < reviewed;
}

/** A logged state as the codec would read it back (a log is data from another device: checked, not trusted). */
function loggedState(record: LogRecord): CardState | null {
  const after = record.after as (CardState & Record<string, unknown>) | null;
  if (after === null) return null;
  const state = stateFromObject({ ...after, last: after.last_review });
  return typeof state === "string" ? null : state;
}

function withKnownId(state: CardState, id: string | undefined): CardState {
  return state.id === undefined && id !== undefined ? { ...state, id } : state;
}

function describe(record: LogRecord): string {
  const device = record.device === "" ? "" : ` on ${record.device}`;
  return record.type === "review" ? `review of ${record.time}${device}` : `${record.type} of ${record.time}${device}`;
}

/** Of several lines for one card: the readable one with the latest review (an intact line first on ties). */
function laterLine(group: StateEntry[]): StateEntry {
  let best = group[0];
  for (const entry of group.slice(1)) if (rank(entry) > rank(best)) best = entry;
  return best;
}

function rank(entry: StateEntry): number {
  if (entry.state === null) return -Infinity;
  const reviewed = entry.state.last_review === null ? 0 : Date.parse(entry.state.last_review);
  return reviewed * 2 + (entry.checksum === "invalid" ? 0 : 1);
}

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? "  ";
}

/** The indent of the state property's entries (the first indented one's), for a line a splice moved to column 0. */
function propertyIndent(lines: LineTable, info: FrontmatterState): string {
  for (const entry of info.entries) {
    const indent = indentOf(lineAt(lines, entry.line));
    if (indent !== "") return indent;
  }
  return "  ";
}

/** The line indices an entry occupies: its line, and the rest of it when a splice cut it in two. */
function entryLines(entry: StateEntry): number[] {
  const indices = [entry.line];
  for (let extra = 1; extra <= (entry.extraLines ?? 0); extra++) indices.push(entry.line + extra);
  return indices;
}

/** An entry's text as one line (a line cut in two joined again). */
function entryText(lines: LineTable, entry: StateEntry): string {
  return entryLines(entry)
    .map((index, at) => (at === 0 ? lineAt(lines, index) : lineAt(lines, index).trimStart()))
    .join("");
}

/** Replaces or removes whole lines, keeping every other byte (line endings included). */
function applyEdits(lines: LineTable, edits: Edit[]): string {
  const text = lines.text;
  let output = "";
  let copiedUpTo = 0;
  for (const edit of [...edits].sort((a, b) => a.line - b.line)) {
    output += text.slice(copiedUpTo, lines.starts[edit.line]);
    if (edit.content === null) {
      copiedUpTo = edit.line + 1 < lines.count ? lines.starts[edit.line + 1] : text.length;
    } else {
      output += edit.content;
      copiedUpTo = lines.ends[edit.line];
    }
  }
  return output + text.slice(copiedUpTo);
}

/** Reads the healed note back: no blocker, no line left untrusted, each healed card holds its state. */
function verify(text: string, stateProperty: string, intended: Map<string, CardState | null>): string | null {
  const lines = splitLines(text);
  const frontmatter = locateFrontmatter(lines);
  if (frontmatter === null) return "the frontmatter would be gone";
  const info = readFrontmatterState(lines, frontmatter, stateProperty);
  if (info.blockers.length > 0) return info.blockers[0].message;
  for (const [key, state] of intended) {
    const entry = info.entries.find((candidate) => candidate.key === key);
    if (!sameState(entry?.state ?? null, state) || entry?.checksum === "invalid") return `"${key}" would not read back as healed`;
  }
  return null;
}
