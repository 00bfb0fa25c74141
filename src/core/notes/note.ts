import { mayHoldConflict, resolveStateConflicts } from "../state/conflicts";
import { splitHeadingTags } from "./heading-tags";
import { locateFrontmatter } from "./frontmatter";
import { lineAt, LineTable, splitLines } from "./lines";
import { scanBody, ScannedHeading } from "./markdown-scan";
import { answerPrint } from "../state/duplicate-history";
import { pairRenamed } from "../state/renames";
import { FrontmatterState, readFrontmatterState } from "../state/state-block";
import { DEFAULT_PARSE_OPTIONS, type Card, type CardState, type ParseOptions, type ParsedNote, type Problem } from "../types";

/**
 * Reads a note by the rules of design.md §1: is it tagged, which decks, which cards with which
 * answers and context, what state each card has, and what is wrong with it. Never throws on content.
 */
export function parseNote(text: string, options: ParseOptions = DEFAULT_PARSE_OPTIONS): ParsedNote {
  if (!mayHoldConflict(text)) return parseText(text, options);
  const resolution = resolveStateConflicts(text, options.stateProperty);
  if (resolution.status === "none") return parseText(text, options);
  if (resolution.status === "unresolvable") {
    const note = parseText(text, options);
    note.problems.unshift({ line: resolution.line, message: `${resolution.reason}; nothing is written to this note until then` });
    return { ...note, writable: false };
  }
  // A merge conflict inside the state property: read the note as it will be once resolved (the next
  // write resolves it), with line numbers of the note as it is now.
  const note = parseText(resolution.text, options);
  const shift = splitLines(text).count - splitLines(resolution.text).count;
  const firstBodyLine = bodyStartLine(resolution.text);
  const moved = (line: number): number => (line > firstBodyLine ? line + shift : line);
  for (const card of note.cards) card.line = moved(card.line);
  for (const problem of note.problems) problem.line = moved(problem.line);
  note.problems.unshift({ line: 1, message: "merge conflict in the state property; the next write keeps each card's later review" });
  return note;
}

function bodyStartLine(text: string): number {
  const frontmatter = locateFrontmatter(splitLines(text));
  return frontmatter ? frontmatter.close + 1 : 0;
}

function parseText(text: string, options: ParseOptions): ParsedNote {
  const lines = splitLines(text);
  const frontmatter = locateFrontmatter(lines);
  const stateInfo = frontmatter ? readFrontmatterState(lines, frontmatter, options.stateProperty) : null;
  const bodyStart = frontmatter ? frontmatter.close + 1 : 0;
  const scan = scanBody(lines, bodyStart, options.tag);

  const tagNames = [...frontmatterTags(stateInfo?.properties ?? null), ...scan.tags];
  const { tagged, decks } = matchTag(tagNames, options.tag);
  const problems: Problem[] = [...(stateInfo?.blockers ?? [])];
  const writable = stateInfo === null || stateInfo.blockers.length === 0;
  if (!tagged) {
    return { tagged, decks, cards: [], problems, writable, orphans: new Map() };
  }
  // One at a time: spreading 100,000 problems into push() would overflow the call stack.
  for (const problem of stateInfo?.problems ?? []) problems.push(problem);
  const cards = cardsFromHeadings(lines, scan.headings, problems);
  const orphans = attachStates(cards, stateInfo);
  problems.sort((a, b) => a.line - b.line);
  return { tagged, decks, cards, problems, writable, orphans };
}

// ---- tags (T1, D1) ---------------------------------------------------------------------------------

/** Tag names from the `tags`/`tag` properties (key in any case): lists or comma/space separated. */
export function frontmatterTags(properties: Record<string, unknown> | null): string[] {
  if (properties === null) return [];
  const names: string[] = [];
  for (const key of Object.keys(properties)) {
    const lower = key.toLowerCase();
    if (lower !== "tags" && lower !== "tag") continue;
    const value = properties[key];
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (typeof item !== "string" && typeof item !== "number") continue;
      for (const part of String(item).split(/[,\s]+/)) {
        const name = part.replace(/^#/, "");
        if (name !== "") names.push(name);
      }
    }
  }
  return names;
}

export function matchTag(tagNames: string[], tag: string): { tagged: boolean; decks: string[] } {
  const wanted = tag.toLowerCase();
  let tagged = false;
  const decks: string[] = [];
  for (const name of tagNames) {
    const lower = name.toLowerCase();
    if (lower === wanted) {
      tagged = true;
    } else if (lower.startsWith(`${wanted}/`)) {
      tagged = true;
      const deck = name.slice(wanted.length + 1).split("/").filter(Boolean).join("/");
      // Obsidian treats tags case-insensitively (`#Lang` and `#lang` are one tag): one deck, first spelling.
      if (deck !== "" && !decks.some((known) => known.toLowerCase() === deck.toLowerCase())) decks.push(deck);
    }
  }
  return { tagged, decks };
}

/** What a question's problems say; the editor's badges find them by these words. */
export const PROBLEM_MESSAGES = {
  noText: "a level-3 heading without text is not a card",
  noAnswer: (question: string): string => `"${question}" has no answer`,
  askedTwice: (question: string, key: string): string => `"${question}" is asked twice in this note; this one is kept as "${key}"`,
};

// ---- cards (Q1, Q2, Q4, Q5) ------------------------------------------------------------------------

function cardsFromHeadings(lines: LineTable, headings: ScannedHeading[], problems: Problem[]): Card[] {
  const boundaries = headings.filter((heading) => heading.level <= 3);
  const cards: Card[] = [];
  const questionTexts = new Set(boundaries.filter((h) => h.level === 3).map((h) => splitHeadingTags(h.text).text));
  const usedKeys = new Set<string>();
  const nextSuffix = new Map<string, number>();
  let h1: string | null = null;
  let h2: string | null = null;
  for (let index = 0; index < boundaries.length; index++) {
    const heading = boundaries[index];
    if (heading.level === 1) {
      h1 = heading.text;
      h2 = null;
      continue;
    }
    if (heading.level === 2) {
      h2 = heading.text;
      continue;
    }
    const line = heading.line + 1;
    if (heading.text === "") {
      problems.push({ line, message: PROBLEM_MESSAGES.noText });
      continue;
    }
    const answerEnd = index + 1 < boundaries.length ? boundaries[index + 1].line : lines.count;
    const answer = answerText(lines, heading.line + 1, answerEnd);
    if (answer === "") {
      problems.push({ line, message: PROBLEM_MESSAGES.noAnswer(heading.text) });
      continue;
    }
    // Trailing tags (`### Fourier series #exam`) are shown as tags: not question text, not in the key.
    const { text: question, tags } = splitHeadingTags(heading.text);
    const key = uniqueKey(question, usedKeys, questionTexts, nextSuffix);
    if (key !== question) {
      problems.push({ line, message: PROBLEM_MESSAGES.askedTwice(question, key) });
    }
    usedKeys.add(key);
    const context = [h1, h2].filter((text): text is string => text !== null && text !== "");
    cards.push({ key, question, answer, answerPrint: answerPrint(answer), context, line, state: null, ...(tags.length > 0 ? { tags } : {}) });
  }
  return cards;
}

function answerText(lines: LineTable, from: number, to: number): string {
  let first = from;
  let last = to - 1;
  while (first <= last && lineAt(lines, first).trim() === "") first++;
  while (last >= first && lineAt(lines, last).trim() === "") last--;
  if (first > last) return "";
  // One slice of the note; line endings are reported as `\n` (a lone `\r` inside a line stays).
  const answer = lines.text.slice(lines.starts[first], lines.ends[last]);
  return answer.includes("\r") ? answer.replace(/\r\n/g, "\n") : answer;
}

/**
 * `Text`, else the next free `Text (n)` that is neither taken nor another card's own question. The
 * search for each text resumes where the last one stopped, so 20,000 equal headings take linear time.
 */
function uniqueKey(text: string, used: Set<string>, questionTexts: Set<string>, nextSuffix: Map<string, number>): string {
  if (!used.has(text)) return text;
  for (let n = nextSuffix.get(text) ?? 2; ; n++) {
    const candidate = `${text} (${n})`;
    if (!used.has(candidate) && !questionTexts.has(candidate)) {
      nextSuffix.set(text, n + 1);
      return candidate;
    }
  }
}

// ---- state -----------------------------------------------------------------------------------------

/**
 * Gives each card its stored state, carries history over to edited questions (renames.ts), and
 * returns the readable entries that still match no card.
 */
function attachStates(cards: Card[], stateInfo: FrontmatterState | null): Map<string, CardState> {
  const orphans = new Map<string, CardState>();
  if (stateInfo === null) return orphans;
  const byKey = new Map<string, Card>();
  for (const card of cards) byKey.set(card.key, card);
  const withEntry = new Set<string>();
  for (const entry of stateInfo.entries) {
    const card = byKey.get(entry.key);
    if (card !== undefined) {
      card.state = entry.state;
      withEntry.add(entry.key);
    } else if (entry.state !== null) orphans.set(entry.key, entry.state);
  }
  const stateless = cards.filter((card) => !withEntry.has(card.key)).map((card) => card.key);
  for (const [cardKey, orphanKey] of pairRenamed([...orphans.keys()], stateless)) {
    const card = byKey.get(cardKey)!;
    card.state = orphans.get(orphanKey)!;
    card.storedKey = orphanKey;
    orphans.delete(orphanKey);
  }
  return orphans;
}

/** The stored keys a write should rename: old key → card key, for cards whose history was carried over. */
export function pendingRenames(note: Pick<ParsedNote, "cards">): Map<string, string> {
  const renames = new Map<string, string>();
  for (const card of note.cards) if (card.storedKey !== undefined) renames.set(card.storedKey, card.key);
  return renames;
}
