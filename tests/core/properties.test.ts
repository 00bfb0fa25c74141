// Property tests of the surgical writer (issue 6): over generated notes — random frontmatter (comments,
// flow and block lists, quoted keys, block scalars, CRLF, BOM, none at all), random bodies (fences of
// both kinds and lengths, %% and <!-- --> comments, $$ math, headings of every level, blank lines) —
// and random sequences of reviews, the writer changes only the card's own state line, reads back
// exactly, is idempotent, leaves every card as it was, and undoes to the exact bytes.
//
// fast-check picks a new seed on every run and prints it (with the shrunk counterexample) on failure;
// replay with `fc.assert(..., { seed, path })`.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { locateFrontmatter } from "../../src/core/notes/frontmatter";
import { splitLines } from "../../src/core/notes/lines";
import { answerText, parseNote } from "../../src/core/notes/note";
import { decodeEntryLine, encodeEntry } from "../../src/core/state/state-codec";
import { undoWrite, writeCardState, type WriteOptions, type WriteReceipt } from "../../src/core/state/state-writer";
import type { CardState, ParsedNote, Phase } from "../../src/core/types";

// ---- canonical states ------------------------------------------------------------------------------

/** Whole-second ISO instants between 2020 and 2040, written with `Z` and no fraction. */
const instant = fc.integer({ min: 1_577_836_800, max: 2_208_988_800 }).map((s) => new Date(s * 1000).toISOString().replace(".000Z", "Z"));
/** 4-decimal floats: n / 10^4 is the double nearest the decimal, so it prints as that decimal. */
const float4 = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10_000_000 }).map((n) => n / 10_000));
const count = fc.integer({ min: 0, max: 5000 });

const cardState: fc.Arbitrary<CardState> = fc
  .record({
    due: instant,
    stability: float4,
    difficulty: float4,
    reps: count,
    lapses: count,
    state: fc.constantFrom<Phase>("new", "learning", "review", "relearning"),
    step: fc.integer({ min: 0, max: 9 }),
    last: fc.option(instant, { nil: null }),
  })
  .map(({ last, ...rest }) => ({ ...rest, last_review: rest.state === "new" ? last : (last ?? rest.due) }));

// ---- text ------------------------------------------------------------------------------------------

/** Heading text: letters, spaces, tabs and every character YAML keys care about, plus non-ASCII. */
const HEADING_CHARS = [..."abcdeXYZ  \t:#\"'[]{},-?&*!|>@`~=+.0129\\/()é日本🧠", "(2)"];
const headingText = fc
  .string({ unit: fc.constantFrom(...HEADING_CHARS), minLength: 0, maxLength: 14 })
  // Region openers would swallow the rest of the note (legal, but fewer cards to test).
  .filter((text) => !/%%|<!--|\$\$|<{7}/.test(text));
const wordText = fc.string({ unit: fc.constantFrom(..."abcdefg hijk XYZ,.;:!?'\"*_()[]{}0123é#"), minLength: 0, maxLength: 30 }).filter((t) => !/%%|<!--|\$\$/.test(t));
/** Orphaned keys use Greek letters only: no bigram in common with any heading, so they never pair. */
const orphanKey = fc.string({ unit: fc.constantFrom(..."αβγδεζηθ"), minLength: 3, maxLength: 8 });

const bodyBlock: fc.Arbitrary<readonly string[]> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 1, max: 6 }), headingText, fc.constantFrom("", "", " ##", " ###")).map(([level, text, close]) => [`${" ".repeat(level % 2)}${"#".repeat(level)} ${text}${close}`]) },
  { weight: 6, arbitrary: fc.tuple(fc.constant(3), headingText).map(([, text]) => [`### ${text}`]) },
  { weight: 6, arbitrary: fc.array(wordText, { minLength: 1, maxLength: 3 }) },
  { weight: 3, arbitrary: fc.constant([""]) },
  { weight: 1, arbitrary: fc.constantFrom(["#flashcards"], ["text with #flashcards/deck/sub inline"], ["#other-tag"]) },
  {
    weight: 2,
    arbitrary: fc
      .record({ char: fc.constantFrom("`", "~"), open: fc.integer({ min: 3, max: 5 }), extra: fc.integer({ min: 0, max: 2 }), closed: fc.boolean(), lines: fc.array(fc.oneof(wordText, headingText.map((t) => `### ${t}`), fc.constant("---")), { maxLength: 3 }) })
      .map(({ char, open, extra, closed, lines }) => [`${char.repeat(open)}${char === "~" ? "yaml" : "ts"}`, ...lines, ...(closed ? [char.repeat(open + extra)] : [])]),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(["%%", "%%"], ["<!--", "-->"], ["$$", "$$"]), headingText).map(([[open, close], text]) => [open, `### ${text}`, close]) },
  { weight: 1, arbitrary: fc.tuple(wordText, headingText).map(([text, heading]) => [`${text} %% ### ${heading} %% after`]) },
  { weight: 1, arbitrary: fc.constantFrom(["---"], ["***"], ["> a quote", "> with ### inside"]) },
);

/** Frontmatter properties other than the state property; each name at most once. */
const PROPERTY_VARIANTS: Record<string, string[][]> = {
  tags: [["tags: [flashcards, other]"], ["tags:", "  - flashcards   # the tag", "  - other"], ["tags:", "- other", "- Flashcards/lang/de"], ["tags: flashcards, misc"], ["Tag: '#flashcards'"]],
  title: [['title: "A \\"quoted\\" title"   # trailing comment'], ["title: it's plain, fine"], ["title: >-", "  folded", "  text"]],
  aliases: [["aliases: [one, 'two', \"three\"]"], ["aliases:", "  - a", "  - b"]],
  quoted: [['"quoted key": 1'], ["'single key': 'it''s'"]],
  summary: [["summary: |", "  Line one", "    indented", "  --- not a delimiter", "  # not a comment"]],
  nested: [["nested:", "  key: value", "  list: [a, b]", "  deeper:", "    srs: not the state"]],
  empty: [["empty:"], ["cssclasses: []"]],
  date: [["date: 2026-01-01"]],
  comment: [["# a comment line"], ["   # an indented comment"], [""]],
};

interface Skeleton {
  frontmatter: string[][] | null;
  body: string[];
  eol: "\n" | "\r\n";
  bom: boolean;
  finalEol: boolean;
}

const skeleton: fc.Arbitrary<Skeleton> = fc.record({
  frontmatter: fc.option(
    fc.shuffledSubarray(Object.keys(PROPERTY_VARIANTS)).chain((names) => fc.tuple(...names.map((name) => fc.constantFrom(...PROPERTY_VARIANTS[name])))),
    { nil: null, freq: 4 },
  ),
  body: fc.array(bodyBlock, { minLength: 1, maxLength: 14 }).map((blocks) => blocks.flat()),
  eol: fc.constantFrom<"\n" | "\r\n">("\n", "\r\n"),
  bom: fc.boolean(),
  finalEol: fc.boolean(),
})
  // Without frontmatter, a body opening with a `---` line would be read as frontmatter (rule T2): that
  // case is the unwritable-note property below.
  .filter((s) => s.frontmatter !== null || !/^---[ \t]*$/.test(s.body[0] ?? ""));

function render(s: Skeleton, srs: string[] | null, srsAt: number): string {
  let lines = s.body;
  if (s.frontmatter !== null) {
    const properties = [...s.frontmatter];
    if (srs !== null) properties.splice(srsAt % (properties.length + 1), 0, srs);
    lines = ["---", ...properties.flat(), "---", ...s.body];
  }
  return (s.bom ? "\ufeff" : "") + lines.join(s.eol) + (s.finalEol ? s.eol : "");
}

interface Case {
  text: string;
  reviews: { key: string; state: CardState }[];
}

/** A tagged note with cards, maybe an `srs` property holding some of them and orphans, and reviews of its cards. */
const noteCase: fc.Arbitrary<Case> = skeleton
  .map((s) => ({ s, keys: parseNote(render(s, null, 0)).cards.map((card) => card.key) }))
  .filter(({ keys }) => keys.length > 0)
  .chain(({ s, keys }) =>
    fc
      .record({
        stored: s.frontmatter === null ? fc.constant(null) : fc.option(fc.subarray(keys), { nil: null }),
        states: fc.array(cardState, { minLength: keys.length, maxLength: keys.length }),
        orphans: fc.uniqueArray(fc.tuple(orphanKey, cardState), { selector: ([key]) => key, maxLength: 2 }),
        header: fc.constantFrom("srs:", '"srs":', "srs:   # review states"),
        indent: fc.constantFrom("  ", "    "),
        extras: fc.array(fc.constantFrom("    # a comment in srs", ""), { maxLength: 2 }),
        srsAt: fc.nat(),
        reviews: fc.array(fc.tuple(fc.nat(), cardState), { minLength: 1, maxLength: 6 }),
      })
      .map(({ stored, states, orphans, header, indent, extras, srsAt, reviews }) => {
        let srs: string[] | null = null;
        if (stored !== null) {
          const entries = [...stored.map((key) => indent + encodeEntry(key, states[keys.indexOf(key)])), ...orphans.map(([key, st]) => indent + encodeEntry(key, st))];
          // A blank line may sit between entries but not after the last (it would end the property).
          if (entries.length > 1) entries.splice(1, 0, ...extras);
          srs = [header, ...entries];
        }
        return { text: render(s, srs, srsAt), reviews: reviews.map(([index, state]) => ({ key: keys[index % keys.length], state })) };
      }),
  );

// ---- checks ----------------------------------------------------------------------------------------

const OPTIONS: WriteOptions = { stateProperty: "srs" };
/** The properties run thousands of cases; on a busy 2-core machine that can take longer than vitest's default 5 s. */
const TIMEOUT = 60_000;

function optionsFor(note: ParsedNote): WriteOptions {
  return { ...OPTIONS, order: note.cards.map((card) => card.key) };
}

const cardShape = (note: ParsedNote) => note.cards.map((card) => ({ key: card.key, question: card.question, answer: answerText(note.text, card), context: card.context }));

/** The writer changed the card's own state line, or added it (plus `srs:`, plus a frontmatter block), and nothing else. */
function expectOnlyStateLineChanged(before: string, after: string, key: string, state: CardState): void {
  const entry = encodeEntry(key, state);
  expect(after.startsWith("\ufeff")).toBe(before.startsWith("\ufeff"));
  const bomless = before.replace(/^\ufeff/, "");
  const a = bomless.split("\n");
  const b = after.replace(/^\ufeff/, "").split("\n");
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const removed = a.slice(prefix, a.length - suffix);
  const added = b.slice(prefix, b.length - suffix).map((line) => line.replace(/\r$/, ""));
  const cr = before.includes("\r\n") && bomless.indexOf("\n") > 0 && bomless[bomless.indexOf("\n") - 1] === "\r" ? "\r" : "";

  if (removed.length === 0 && added.length === 0) {
    // Nothing changed: the line already held exactly this state.
    expect(stateOf(parseNote(before), key)).toEqual(state);
    return;
  }
  if (removed.length === 1 && added.length === 1) {
    const old = decodeEntryLine(removed[0].replace(/\r$/, ""));
    expect(old.ok && old.key).toBe(key);
    const indent = /^[ \t]*/.exec(removed[0])![0];
    expect(b[prefix]).toBe(`${indent}${entry}${removed[0].endsWith("\r") ? "\r" : ""}`);
    return;
  }
  expect(removed).toEqual([]);
  if (added.length === 1) {
    expect(added[0].trimStart()).toBe(entry);
    expect(b[prefix].endsWith("\r")).toBe(cr === "\r");
  } else if (added.length === 2) {
    expect([...added].sort()).toEqual(["srs:", `  ${entry}`].sort());
  } else {
    expect(locateFrontmatter(splitLines(before))).toBeNull();
    const eol = cr + "\n";
    expect(after).toBe((before.startsWith("\ufeff") ? "\ufeff" : "") + `---${eol}srs:${eol}  ${entry}${eol}---${eol}` + bomless);
  }
}

function stateOf(note: ParsedNote, key: string): CardState | null | undefined {
  return note.cards.find((card) => card.key === key)?.state;
}

function write(text: string, key: string, state: CardState, options: WriteOptions): { text: string; receipt: WriteReceipt } {
  const result = writeCardState(text, key, state, options);
  if (!result.ok) throw new Error(`write of "${key}" refused: ${result.reason}`);
  return result;
}

// ---- properties ------------------------------------------------------------------------------------

describe("surgical writer over generated notes", () => {
  it("generated notes are varied: writable, tagged, with cards (sanity check of the generator)", () => {
    const samples = fc.sample(noteCase, 300);
    const notes = samples.map((c) => parseNote(c.text));
    expect(notes.every((n) => n.tagged && n.cards.length > 0)).toBe(true);
    // Every generated frontmatter is valid YAML in block style: every note is writable.
    expect(notes.filter((n) => !n.writable).map((n) => n.problems)).toEqual([]);
    const texts = samples.map((c) => c.text);
    expect(texts.some((t) => t.includes("\r\n"))).toBe(true);
    expect(texts.some((t) => t.startsWith("\ufeff"))).toBe(true);
    expect(texts.some((t) => !t.replace(/^\ufeff/, "").startsWith("---"))).toBe(true);
    expect(texts.some((t) => /^ {2,4}\S.*: \{due/m.test(t))).toBe(true);
    expect(notes.some((n) => n.orphans.size > 0)).toBe(true);
    expect(notes.some((n) => n.cards.some((c) => c.key.endsWith("(2)")))).toBe(true);
    expect(notes.some((n) => n.cards.some((c) => answerText(n.text, c).includes("```") || answerText(n.text, c).includes("~~~")))).toBe(true);
  }, TIMEOUT);

  it("each review changes only its card's line, reads back exactly, is idempotent, keeps every card, and undoes to the exact bytes", () => {
    let writes = 0;
    fc.assert(
      fc.property(noteCase, ({ text, reviews }) => {
        const original = parseNote(text);
        const model = new Map(original.cards.map((card) => [card.key, card.state]));
        const receipts: WriteReceipt[] = [];
        const history = [text];
        let current = text;
        for (const { key, state } of reviews) {
          const before = parseNote(current);
          const options = optionsFor(before);
          const { text: after, receipt } = write(current, key, state, options);
          writes++;
          expectOnlyStateLineChanged(current, after, key, state);

          const read = parseNote(after);
          expect(read.writable).toBe(true);
          expect(stateOf(read, key)).toEqual(state);
          model.set(key, state);
          expect(new Map(read.cards.map((card) => [card.key, card.state]))).toEqual(model);
          expect(read.orphans).toEqual(original.orphans);

          expect(write(after, key, state, options).text).toBe(after);
          expect(cardShape(read)).toEqual(cardShape(original));
          expect([read.tagged, read.decks]).toEqual([original.tagged, original.decks]);

          const undone = undoWrite(after, receipt, options);
          expect(undone.ok && undone.text).toBe(current);

          receipts.push(receipt);
          history.push(after);
          current = after;
        }
        // Undo every review, latest first: each step gives back the exact bytes before that review.
        for (let index = receipts.length - 1; index >= 0; index--) {
          const undone = undoWrite(current, receipts[index], OPTIONS);
          expect(undone.ok && undone.text).toBe(history[index]);
          current = history[index];
        }
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 1500) },
    );
    expect(writes).toBeGreaterThan(3000);
  }, TIMEOUT);

  it("a review of a card never reviewed on a note without state adds exactly the expected lines", () => {
    fc.assert(
      fc.property(skeleton, cardState, (s, state) => {
        const text = render(s, null, 0);
        const note = parseNote(text);
        fc.pre(note.cards.length > 0);
        const key = note.cards[note.cards.length - 1].key;
        const { text: after } = write(text, key, state, optionsFor(note));
        const added = splitLines(after).count - splitLines(text).count;
        expect(added).toBe(s.frontmatter === null ? 4 : 2);
        expectOnlyStateLineChanged(text, after, key, state);
      }),
      { numRuns: 1000 },
    );
  }, TIMEOUT);

  it("a note the reader calls unwritable is never written (invalid YAML, flow style, duplicate keys, conflicts, a body read as frontmatter)", () => {
    const broken = fc.constantFrom(
      ["tags: [flashcards", "title: x"],
      ["{tags: [flashcards]}"],
      ["tags: flashcards", "tags: again"],
      ["tags: [flashcards]", "srs:", `  ${encodeEntry("a", { due: "2026-01-01T00:00:00Z", stability: 1, difficulty: 1, reps: 1, lapses: 0, state: "review", step: 0, last_review: "2025-12-30T00:00:00Z" })}`, "srs:"],
      ["tags: [flashcards]", "<<<<<<< ours", "title: a", "=======", "title: b", ">>>>>>> theirs"],
      ["```ts"],
    );
    fc.assert(
      fc.property(skeleton, broken, cardState, (s, frontmatter, state) => {
        const text = render({ ...s, frontmatter: null, body: ["---", ...frontmatter, "---", "#flashcards", ...s.body] }, null, 0);
        const note = parseNote(text);
        expect(note.writable).toBe(false);
        expect(note.problems.length).toBeGreaterThan(0);
        for (const key of [...note.cards.map((card) => card.key), "a", "new card"]) {
          expect(writeCardState(text, key, state, optionsFor(note)).ok).toBe(false);
          expect(writeCardState(text, key, null, optionsFor(note)).ok).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  }, TIMEOUT);

  it("removing a state (write of null) removes exactly its line, and undo puts it back", () => {
    fc.assert(
      fc.property(noteCase, ({ text }) => {
        const note = parseNote(text);
        const withState = note.cards.find((card) => card.state !== null);
        fc.pre(withState !== undefined);
        const result = writeCardState(text, withState!.key, null, optionsFor(note));
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const a = text.split("\n");
        const b = result.text.split("\n");
        expect(b.length).toBe(a.length - 1);
        const at = a.findIndex((line, index) => line !== b[index]);
        expect([...a.slice(0, at), ...a.slice(at + 1)]).toEqual(b);
        expect(stateOf(parseNote(result.text), withState!.key)).toBeNull();
        const undone = undoWrite(result.text, result.receipt, OPTIONS);
        expect(undone.ok && undone.text).toBe(text);
      }),
      { numRuns: 1000 },
    );
  }, TIMEOUT);
});
