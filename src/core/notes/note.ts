import { mayHoldConflict, resolveStateConflicts } from "../state/conflicts";
import { footnoteDefinitions, withFootnotes } from "./footnotes";
import { splitHeadingTags } from "./heading-tags";
import { locateFrontmatter, nextLineStart, readFrontmatterLines } from "./frontmatter";
import { splitLines } from "./lines";
import { mayHoldTag, scanText, type ScannedHeading } from "./markdown-scan";
import { isJsWhitespace } from "../state/state-codec";
import { answerPrintIn } from "../state/duplicate-history";
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
  // write resolves it), with line numbers and offsets of the note as it is now (the body, after the
  // frontmatter, is the same text in both).
  const note = { ...parseText(resolution.text, options), text };
  const shift = splitLines(text).count - splitLines(resolution.text).count;
  const offsetShift = text.length - resolution.text.length;
  const firstBodyLine = bodyStartLine(resolution.text);
  const moved = (line: number): number => (line > firstBodyLine ? line + shift : line);
  for (const card of note.cards) {
    card.line = moved(card.line);
    card.answerStart += offsetShift;
    card.answerEnd += offsetShift;
  }
  for (const problem of note.problems) problem.line = moved(problem.line);
  note.problems.unshift({ line: 1, message: "merge conflict in the state property; the next write keeps each card's later review" });
  return note;
}

function bodyStartLine(text: string): number {
  const frontmatter = locateFrontmatter(splitLines(text));
  return frontmatter ? frontmatter.close + 1 : 0;
}

function parseText(text: string, options: ParseOptions): ParsedNote {
  const { lines, frontmatter } = readFrontmatterLines(text);
  const stateInfo = frontmatter ? readFrontmatterState(lines, frontmatter, options.stateProperty) : null;
  const problems: Problem[] = stateInfo === null || stateInfo.blockers.length === 0 ? [] : [...stateInfo.blockers];
  const writable = stateInfo === null || stateInfo.blockers.length === 0;
  const propertyTags = frontmatterTags(stateInfo?.properties ?? null);
  const bodyLine = frontmatter ? frontmatter.close + 1 : 0;
  const bodyStart = frontmatter ? nextLineStart(lines, frontmatter.close) : 0;
  // A note whose properties don't carry the tag is tagged only by a `#tag` in its body: without one
  // anywhere in the body text, its body need not be read at all.
  if (!matchTag(propertyTags, options.tag).tagged && !mayHoldTag(text, bodyStart, options.tag)) {
    return { text, tagged: false, decks: [], cards: [], problems, writable, orphans: new Map() };
  }
  const scan = scanText(text, bodyStart, bodyLine, options.tag);
  const { tagged, decks } = matchTag(scan.tags.length === 0 ? propertyTags : [...propertyTags, ...scan.tags], options.tag);
  if (!tagged) {
    return { text, tagged, decks, cards: [], problems, writable, orphans: new Map() };
  }
  // One at a time: spreading 100,000 problems into push() would overflow the call stack.
  for (const problem of stateInfo?.problems ?? []) problems.push(problem);
  const cards = cardsFromHeadings(text, scan.headings, problems);
  const orphans = attachStates(cards, stateInfo);
  if (problems.length > 1) problems.sort((a, b) => a.line - b.line);
  return { text, tagged, decks, cards, problems, writable, orphans };
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

function cardsFromHeadings(text: string, headings: ScannedHeading[], problems: Problem[]): Card[] {
  const cards: Card[] = [];
  // The keys taken so far: a list while the note has few cards (comparing a handful of strings costs
  // less than hashing each one), a set once it has many or a question is asked twice.
  let usedList: string[] | null = [];
  let usedKeys: Set<string> | null = null;
  // Built on the first repeated question only: every question's text, for numbering duplicates.
  let questionTexts: Set<string> | null = null;
  const nextSuffix = new Map<string, number>();
  let h1: string | null = null;
  let h2: string | null = null;
  // Cards under the same headings share one context array.
  let context: string[] | null = null;
  for (let index = 0; index < headings.length; index++) {
    const heading = headings[index];
    if (heading.level === 1) {
      h1 = heading.text;
      h2 = null;
      context = null;
      continue;
    }
    if (heading.level === 2) {
      h2 = heading.text;
      context = null;
      continue;
    }
    const line = heading.line + 1;
    if (heading.text === "") {
      problems.push({ line, message: PROBLEM_MESSAGES.noText });
      continue;
    }
    const boundary = index + 1 < headings.length ? headings[index + 1].start : text.length;
    const answerStart = firstContentLineStart(text, heading.next, boundary);
    if (answerStart === -1) {
      problems.push({ line, message: PROBLEM_MESSAGES.noAnswer(heading.text) });
      continue;
    }
    // Trailing tags (`### Fourier series #exam`) are shown as tags: not question text, not in the key.
    const { text: question, tags } = heading.text.includes("#") ? splitHeadingTags(heading.text) : { text: heading.text, tags: NO_TAGS };
    let key = question;
    if (usedList !== null && (usedList.length === SMALL_NOTE || listHas(usedList, question))) {
      usedKeys = new Set(usedList);
      usedList = null;
    }
    if (usedList !== null) {
      usedList.push(key);
    } else {
      if (usedKeys!.has(question)) {
        questionTexts ??= allQuestionTexts(headings);
        key = uniqueKey(question, usedKeys!, questionTexts, nextSuffix);
        problems.push({ line, message: PROBLEM_MESSAGES.askedTwice(question, key) });
      }
      usedKeys!.add(key);
    }
    context ??= h1 !== null && h1 !== "" ? (h2 !== null && h2 !== "" ? [h1, h2] : [h1]) : h2 !== null && h2 !== "" ? [h2] : [];
    const answerEnd = lastContentLineEnd(text, answerStart, boundary);
    const card: Card = { key, question, context, line, state: null, answerStart, answerEnd, answerPrint: answerPrintIn(text, answerStart, answerEnd) };
    if (tags.length > 0) card.tags = tags;
    cards.push(card);
  }
  return cards;
}

const NO_TAGS: string[] = [];

/** Up to this many cards, the keys taken are kept in a list (see cardsFromHeadings). */
const SMALL_NOTE = 24;

function listHas(list: string[], key: string): boolean {
  for (let index = 0; index < list.length; index++) if (list[index] === key) return true;
  return false;
}

function allQuestionTexts(headings: ScannedHeading[]): Set<string> {
  const texts = new Set<string>();
  for (const heading of headings) if (heading.level === 3) texts.add(splitHeadingTags(heading.text).text);
  return texts;
}

/**
 * Where the answer under a heading starts: the first line in [from, to) (line starts) that is not
 * blank — blank as `trim()` sees it, any whitespace — or -1 when every line is blank.
 */
function firstContentLineStart(text: string, from: number, to: number): number {
  let at = from;
  while (at < to && isJsWhitespace(text.charCodeAt(at))) at++;
  if (at >= to) return -1;
  // Back to the start of that line (a line start is never before `from`).
  while (at > from && text.charCodeAt(at - 1) !== 10) at--;
  return at;
}

/** Where the answer ends: the end of the last line in [from, to) that is not blank, before its line ending. */
function lastContentLineEnd(text: string, from: number, to: number): number {
  let at = to;
  while (at > from && isJsWhitespace(text.charCodeAt(at - 1))) at--;
  // Forward to the end of that line's content: its `\n`, or `\r\n`, or the end of the text.
  const newline = text.indexOf("\n", at);
  if (newline === -1) return text.length;
  return text.charCodeAt(newline - 1) === 13 && newline - 1 >= at ? newline - 1 : newline;
}

/**
 * A card's answer as it is shown: the lines of `text` under its heading, blank lines at both ends
 * dropped, line endings as `\n` (a lone `\r` inside a line stays). `text` must be the text the card
 * was parsed from: the parser keeps where the answer is, not a copy of it.
 */
export function answerText(text: string, card: Pick<Card, "answerStart" | "answerEnd">): string {
  const answer = text.slice(card.answerStart, card.answerEnd);
  return answer.includes("\r") ? answer.replace(/\r\n/g, "\n") : answer;
}

/** Every card's answer in `text`, by key, as the parser reads the note now. */
export function answersOf(text: string, options: ParseOptions = DEFAULT_PARSE_OPTIONS): Map<string, string> {
  const answers = new Map<string, string>();
  for (const card of parseNote(text, options).cards) answers.set(card.key, answerText(text, card));
  return answers;
}

/**
 * What the review shows under a card: its answer in the note's current text, with the footnote
 * definitions it references added (design.md Q6); null when the note no longer has that card.
 */
export function shownAnswer(text: string, card: Pick<Card, "key" | "question">, options: ParseOptions = DEFAULT_PARSE_OPTIONS): string | null {
  const answer = cardAnswer(text, card.key, options);
  if (answer === null || !text.includes("[^")) return answer;
  const definitions = footnoteDefinitions(text);
  return definitions.size > 0 ? withFootnotes(card.question, answer, definitions) : answer;
}

/** The answer of card `key` in the note's current text, or null when the note no longer has that card. */
export function cardAnswer(text: string, key: string, options: ParseOptions = DEFAULT_PARSE_OPTIONS): string | null {
  const card = parseNote(text, options).cards.find((candidate) => candidate.key === key);
  return card === undefined ? null : answerText(text, card);
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
  if (stateInfo === null || stateInfo.entries.length === 0) return orphans;
  const entries = stateInfo.entries;
  // The writer keeps the state lines in the order of the cards: walk both lists together while they
  // agree, and look the rest up by key from the first entry that is out of order (or has no card).
  let next = 0;
  let entryIndex = 0;
  for (; entryIndex < entries.length; entryIndex++) {
    const key = entries[entryIndex].key;
    let at = next;
    while (at < cards.length && cards[at].key !== key) at++;
    if (at === cards.length) break;
    cards[at].state = entries[entryIndex].state;
    next = at + 1;
  }
  if (entryIndex === entries.length) return orphans;
  const byKey = new Map<string, Card>();
  for (const card of cards) byKey.set(card.key, card);
  for (; entryIndex < entries.length; entryIndex++) {
    const entry = entries[entryIndex];
    const card = byKey.get(entry.key);
    if (card !== undefined) card.state = entry.state;
    else if (entry.state !== null) orphans.set(entry.key, entry.state);
  }
  if (orphans.size === 0) return orphans;
  const withEntry = new Set<string>();
  for (const entry of entries) if (byKey.has(entry.key)) withEntry.add(entry.key);
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
