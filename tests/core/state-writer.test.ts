import { describe, expect, it } from "vitest";
import { locateFrontmatter } from "../../src/core/notes/frontmatter";
import { splitLines } from "../../src/core/notes/lines";
import { parseNote } from "../../src/core/notes/note";
import { encodeEntry } from "../../src/core/state/state-codec";
import { readFrontmatterState } from "../../src/core/state/state-block";
import { undoWrite, writeCardState, type WriteOptions, type WriteReceipt } from "../../src/core/state/state-writer";
import type { CardState } from "../../src/core/types";
import { note, state } from "../support/builders";

// ---- builders --------------------------------------------------------------------------------------

const S1 = state();
const S2 = state({ due: "2026-12-09T08:00:00Z", stability: 10.5, difficulty: 2.05, reps: 2, last_review: "2026-11-29T08:00:00Z" });
const S3 = state({ state: "relearning", due: "2026-11-29T08:10:00Z", lapses: 1, step: 0 });
const NEW = state({ state: "new", reps: 0, stability: 0, difficulty: 0, last_review: null });

const entry = (key: string, s: CardState = S1, indent = "  ") => indent + encodeEntry(key, s);

const OPTIONS: WriteOptions = { stateProperty: "srs" };

function write(text: string, key: string, s: CardState | null, options: WriteOptions = OPTIONS): { text: string; receipt: WriteReceipt } {
  const result = writeCardState(text, key, s, options);
  if (!result.ok) throw new Error(`write refused: ${result.reason}`);
  return result;
}

function undo(text: string, receipt: WriteReceipt, options: WriteOptions = OPTIONS): string {
  const result = undoWrite(text, receipt, options);
  if (!result.ok) throw new Error(`undo refused: ${result.reason}`);
  return result.text;
}

/** The lines that differ, by common prefix and suffix; lines split on `\n` so a `\r` is part of its line. */
function diff(before: string, after: string): { removed: string[]; added: string[] } {
  // A BOM stays at byte 0 wherever the first line goes; compare the lines without it.
  expect(after.startsWith("\ufeff")).toBe(before.startsWith("\ufeff"));
  const a = before.replace(/^\ufeff/, "").split("\n");
  const b = after.replace(/^\ufeff/, "").split("\n");
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  return { removed: a.slice(prefix, a.length - suffix), added: b.slice(prefix, b.length - suffix) };
}

/** The state stored for `key`, read the way the reader does (state block), independent of tagging. */
function stored(text: string, key: string, stateProperty = "srs"): CardState | null | undefined {
  const lines = splitLines(text);
  const frontmatter = locateFrontmatter(lines);
  if (frontmatter === null) return undefined;
  const info = readFrontmatterState(lines, frontmatter, stateProperty);
  expect(info.blockers).toEqual([]);
  return info.entries.find((e) => e.key === key)?.state;
}

/** Keys of the state property in file order. */
function storedKeys(text: string): string[] {
  const lines = splitLines(text);
  return readFrontmatterState(lines, locateFrontmatter(lines)!, "srs").entries.map((e) => e.key);
}

// ---- fixtures: varied frontmatter --------------------------------------------------------------------

// The blank line keeps `---` a rule: directly under text it would make that text a setext heading (Q2).
const BODY = ["# Topic", "### Q", "answer q", "", "### R", "answer r", "", "---", "not frontmatter: a rule"];
const RICH = [
  "# a leading comment",
  'title: "A \\"quoted\\" title"   # trailing comment',
  "aliases: [one, 'two', \"three\"]",
  "tags:",
  "  - flashcards   # the tag",
  "  - other",
  "summary: |",
  "  Line one",
  "    indented",
  "  --- not a delimiter",
  "folded: >-",
  "  folded",
  "  text",
  "nested:",
  "  key: value",
  "  list: [a, b]",
  "empty:",
  "'single': 'it''s'",
  "date: 2026-01-01",
];

interface Fixture {
  name: string;
  text: string;
  /** Lines a first write of Q adds: 1 (entry), 2 (srs: + entry) or 4 (a new frontmatter block). */
  adds: 1 | 2 | 4;
  /** The state R holds, which no write of Q may change. */
  r?: CardState | null;
}

const fixtures: Fixture[] = [
  { name: "empty file", text: "", adds: 4 },
  { name: "no frontmatter", text: note({ body: ["#flashcards", ...BODY] }), adds: 4, r: null },
  { name: "no frontmatter, no final newline", text: note({ body: ["#flashcards", ...BODY], finalEol: false }), adds: 4, r: null },
  { name: "no frontmatter, CRLF", text: note({ body: ["#flashcards", ...BODY], eol: "\r\n" }), adds: 4, r: null },
  { name: "no frontmatter, BOM", text: note({ body: ["#flashcards", ...BODY], bom: true }), adds: 4, r: null },
  { name: "no frontmatter, BOM + CRLF", text: note({ body: ["#flashcards", ...BODY], bom: true, eol: "\r\n" }), adds: 4, r: null },
  { name: "unclosed --- (no frontmatter)", text: note({ body: ["---", "tags: x", "#flashcards", ...BODY.slice(0, 6)] }), adds: 4, r: null },
  { name: "tags only", text: note({ frontmatter: ["tags: [flashcards]"], body: BODY }), adds: 2, r: null },
  { name: "empty frontmatter", text: note({ frontmatter: [], body: ["#flashcards", ...BODY] }), adds: 2, r: null },
  { name: "closed by ...", text: "---\ntags: [flashcards]\n...\n" + BODY.join("\n") + "\n", adds: 2, r: null },
  { name: "frontmatter only, no final newline", text: "---\ntags: [flashcards]\n---", adds: 2 },
  { name: "rich frontmatter", text: note({ frontmatter: RICH, body: BODY }), adds: 2, r: null },
  { name: "rich frontmatter, CRLF", text: note({ frontmatter: RICH, body: BODY, eol: "\r\n" }), adds: 2, r: null },
  { name: "rich frontmatter, BOM", text: note({ frontmatter: RICH, body: BODY, bom: true }), adds: 2, r: null },
  { name: "rich frontmatter, no final newline", text: note({ frontmatter: RICH, body: BODY, finalEol: false }), adds: 2, r: null },
  {
    name: "srs in the middle, with a comment",
    text: note({ frontmatter: ["tags: [flashcards]", "srs:", entry("R", S3), "  # keep me", "title: after # c"], body: BODY }),
    adds: 1,
    r: S3,
  },
  {
    name: "srs last, 4-space indent, comment on its key",
    text: note({ frontmatter: [...RICH, "srs:   # review states", entry("R", S3, "    ")], body: BODY }),
    adds: 1,
    r: S3,
  },
  {
    name: "srs with blank lines and col-0 comment, CRLF",
    text: note({ frontmatter: ["srs:", "", entry("R", S3), "# col-0 comment", "", "tags: [flashcards]"], body: BODY, eol: "\r\n" }),
    adds: 1,
    r: S3,
  },
  { name: "quoted state property key", text: note({ frontmatter: ["tags: [flashcards]", '"srs":', entry("R", S3)], body: BODY }), adds: 1, r: S3 },
  { name: "srs: with no entries yet", text: note({ frontmatter: ["tags: [flashcards]", "srs:", "cssclasses: [wide]"], body: BODY }), adds: 1, r: null },
  {
    name: "R's entry unreadable (does not block Q)",
    text: note({ frontmatter: ["tags: [flashcards]", "srs:", "  R: {due: soon, stability: 1}"], body: BODY }),
    adds: 1,
    r: null,
  },
];

describe("writer invariants on varied frontmatter", () => {
  describe.each(fixtures)("$name", ({ text, adds, r }) => {
    const crlf = text.includes("\r\n");
    const bom = text.startsWith("\ufeff");

    it("(a) a first write adds exactly the entry line (plus srs:, plus a frontmatter block when missing)", () => {
      const { text: after, receipt } = write(text, "Q", S1);
      const { removed, added } = diff(text, after);
      expect(removed).toEqual([]);
      expect(added).toHaveLength(adds);
      const eol = crlf ? "\r" : "";
      const indent = /^( +)R:/m.exec(text)?.[1] ?? "  ";
      expect(added).toContain(`${indent}${encodeEntry("Q", S1)}${eol}`);
      if (adds >= 2) expect(added).toContain(`srs:${eol}`);
      if (adds === 4) expect(added.filter((line) => line === `---${eol}`)).toHaveLength(2);
      expect(after.startsWith("\ufeff")).toBe(bom);
      expect(after.indexOf("\ufeff", 1)).toBe(-1);
      if (crlf) expect(after.replace(/\r\n/g, "")).not.toContain("\n");
      expect(receipt).toMatchObject({ key: "Q", previousLine: null, writtenLine: `${indent}${encodeEntry("Q", S1)}`, createdProperty: adds >= 2, createdFrontmatter: adds === 4 });
    });

    it("(b) reading back gives exactly the written state, other cards untouched", () => {
      const after = write(text, "Q", S1).text;
      expect(stored(after, "Q")).toEqual(S1);
      if (r !== undefined) {
        const parsed = parseNote(after);
        expect(parsed.writable).toBe(true);
        expect(parsed.cards.map((c) => [c.key, c.state])).toEqual([
          ["Q", S1],
          ["R", r],
        ]);
      }
    });

    it("(c) writing the same state twice gives the same text", () => {
      const once = write(text, "Q", S1).text;
      const twice = write(once, "Q", S1);
      expect(twice.text).toBe(once);
      expect(twice.receipt.previousLine).toBe(twice.receipt.writtenLine);
    });

    it("an update changes exactly that card's line", () => {
      const once = write(text, "Q", S1).text;
      const { text: after, receipt } = write(once, "Q", S2);
      const { removed, added } = diff(once, after);
      expect(removed).toHaveLength(1);
      expect(added).toHaveLength(1);
      expect(removed[0]).toContain(encodeEntry("Q", S1));
      expect(added[0]).toContain(encodeEntry("Q", S2));
      expect(stored(after, "Q")).toEqual(S2);
      expect(receipt.previousLine).toBe(removed[0].replace(/\r$/, ""));
    });

    it("(h) undo restores the exact previous bytes, step by step", () => {
      const first = write(text, "Q", S1);
      const second = write(first.text, "Q", S2);
      const back = undo(second.text, second.receipt);
      expect(back).toBe(first.text);
      expect(undo(back, first.receipt)).toBe(text);
    });

    it("(i) removing the state removes exactly that line", () => {
      const once = write(text, "Q", S1).text;
      const { text: after, receipt } = write(once, "Q", null);
      const { removed, added } = diff(once, after);
      expect(added).toEqual([]);
      expect(removed).toHaveLength(1);
      expect(removed[0]).toContain(encodeEntry("Q", S1));
      expect(stored(after, "Q")).toBeUndefined();
      expect(receipt).toMatchObject({ writtenLine: null });
    });
  });
});

// ---- (d) keys that need care -------------------------------------------------------------------------

describe("(d) keys round-trip", () => {
  const keys = [
    "a: b", "a:b", "Why:", "a #b", "a#b", "#tag", '"quoted" start', 'say "hi"', "it's", "'single'", "back\\slash", "\\n", "[[Link]]",
    "[[Note#Heading|alias]]", "[x] todo", "{x}", "a, b", "- dash", "? q", "! bang", "& anchor", "* star", "| pipe", "> gt", "% pct",
    "@ at", "`tick`", "Größe – 日本語", "party 🎉", "true", "False", "null", "~", "yes", "123", "1.5", "-1", ".5", "1e3", "0x1F",
    "2026-01-01", "<<", "=", " leading", "trailing ", "a\tb", "Text (2)", "", "a  #  b", "---", "...", "srs",
  ];

  it.each(keys)("key %j", (key) => {
    const base = note({ frontmatter: ["tags: [flashcards]", "srs:", entry("Other", S3)], body: ["### Other", "o"] });
    const { text: after } = write(base, key, S1);
    expect(diff(base, after).added).toHaveLength(1);
    expect(stored(after, key)).toEqual(S1);
    expect(stored(after, "Other")).toEqual(S3);
    // Update in place, then undo, then remove.
    const updated = write(after, key, S2);
    expect(diff(after, updated.text).added).toHaveLength(1);
    expect(stored(updated.text, key)).toEqual(S2);
    expect(undo(updated.text, updated.receipt)).toBe(after);
    expect(write(after, key, null).text).toBe(base);
  });

  it.each(keys.filter((key) => key.trim() === key && key !== "" && !/^#+$|^[-.]{3}$/.test(key)))("heading %j reads its state through parseNote", (key) => {
    const base = note({ frontmatter: ["tags: [flashcards]"], body: [`### ${key}`, "answer"] });
    const parsed = parseNote(base);
    if (parsed.cards[0]?.key !== key) return; // the heading text is not this key (closing hashes, ...)
    expect(parseNote(write(base, key, S1).text).cards[0].state).toEqual(S1);
  });

  it("a hand-written single-quoted entry is replaced by one canonical line", () => {
    const base = note({ frontmatter: ["srs:", `  'a: b': ${encodeEntry("x", S1).slice(3)}`, entry("Z", S3)] });
    expect(stored(base, "a: b")).toEqual(S1);
    const { text: after } = write(base, "a: b", S2);
    expect(diff(base, after)).toEqual({ removed: [`  'a: b': ${encodeEntry("x", S1).slice(3)}`], added: [entry("a: b", S2)] });
  });
});

// ---- (e) refusals ------------------------------------------------------------------------------------

describe("(e) refused, with a reason, nothing written", () => {
  const BODY_Q = ["#flashcards", "### Q", "q", "### R", "r"];
  const cases: { name: string; frontmatter: string[]; reason: RegExp }[] = [
    { name: "invalid YAML", frontmatter: ["tags: [flashcards"], reason: /invalid YAML/ },
    { name: "invalid YAML elsewhere, srs fine", frontmatter: ["title: a: b", "srs:", entry("R")], reason: /invalid YAML/ },
    { name: "flow-style frontmatter", frontmatter: ["{tags: [flashcards]}"], reason: /flow style/ },
    { name: "flow-style frontmatter holding the state", frontmatter: [`{tags: [flashcards], srs: {R: {due: 2026-11-29T08:00:00Z}}}`], reason: /flow style/ },
    { name: "indented top level", frontmatter: ["  tags: [flashcards]"], reason: /flow style|one-property-per-line/ },
    { name: "frontmatter is a list", frontmatter: ["- a"], reason: /not a set of properties/ },
    { name: "duplicated state property", frontmatter: ["srs:", entry("R"), "title: x", "srs:", entry("S")], reason: /"srs" appears 2 times/ },
    { name: "duplicated entry", frontmatter: ["srs:", entry("Q"), entry("Q", S2)], reason: /"Q" appears twice/ },
    { name: "own entry unreadable", frontmatter: ["srs:", "  Q: {due: soon, stability: 1}"], reason: /"Q" can't be read/ },
    { name: "own entry unreadable in a nested block", frontmatter: ["srs:", "  Q:", "    due: soon"], reason: /"Q" can't be read/ },
    // Issue 11: a line that is not YAML is read as that card's damaged line (healing.ts restores it).
    { name: "own state line not YAML", frontmatter: ["srs:", "  Q: {due: ["], reason: /"Q" can't be read/ },
    { name: "state property a scalar", frontmatter: ["srs: 5"], reason: /must map card names/ },
    { name: "state property a list", frontmatter: ["srs:", "  - Q"], reason: /must map card names/ },
    // Conflicts inside the state property resolve themselves (conflicts.test.ts); anywhere else they block.
    { name: "merge conflict markers outside the state property", frontmatter: ["<<<<<<< ours", "title: a", "=======", "title: b", ">>>>>>> theirs", "srs:", entry("Q")], reason: /conflict markers outside the state property/ },
  ];

  it.each(cases)("$name", ({ name, frontmatter, reason }) => {
    const text = note({ frontmatter, body: BODY_Q });
    for (const s of [S1, null]) {
      const result = writeCardState(text, "Q", s, OPTIONS);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(reason);
    }
    // The reader agrees: the note is unwritable, except for an unreadable entry, which blocks only its card.
    expect(parseNote(text).writable).toBe(/^own (entry unreadable|state line not YAML)/.test(name));
  });

  it("another card's unreadable entry does not block, and its line is kept byte for byte", () => {
    const bad = "  R: {due: soon, stability: 1}   # fix me";
    const text = note({ frontmatter: ["srs:", bad, entry("S")], body: BODY_Q });
    const { text: after } = write(text, "Q", S1, { ...OPTIONS, order: ["Q", "R", "S"] });
    expect(diff(text, after)).toEqual({ removed: [], added: [entry("Q", S1)] });
    expect(after).toContain(`\n${bad}\n`);
  });
});

// ---- (f) state property not in one-line form -----------------------------------------------------------

describe("(f) a state property not in one-line form is rewritten, its lines only", () => {
  const before = ["# top comment", "tags: [flashcards] # c"];
  const after = ["title: 'kept'   # c2", "list: [a,   b]"];
  const nestedR = ["  R:", "    due: 2026-11-29T08:10:00Z", "    stability: 2.3065", "    difficulty: 2.1181", "    reps: 1", "    lapses: 1", "    state: relearning", "    step: 0", "    last: 2026-11-26T08:00:00Z"];
  const cases: { name: string; srs: string[]; key: string; expected: string[] }[] = [
    { name: "srs: {}", srs: ["srs: {}"], key: "Q", expected: ["srs:", entry("Q", S1)] },
    { name: "srs: null", srs: ["srs: null"], key: "Q", expected: ["srs:", entry("Q", S1)] },
    { name: "srs: ~ with a comment", srs: ["srs: ~   # none yet"], key: "Q", expected: ["srs: # none yet", entry("Q", S1)] }, // issue 10: the comment stays
    { name: "flow mapping with R", srs: [`srs: {R: {${encodeEntry("x", S3).slice(4)}}`], key: "Q", expected: ["srs:", entry("R", S3), entry("Q", S1)] },
    { name: "nested block for R", srs: ["srs:", ...nestedR], key: "Q", expected: ["srs:", entry("R", S3), entry("Q", S1)] },
    { name: "nested block for Q itself", srs: ["srs:", ...nestedR.map((l) => l.replace("R:", "Q:"))], key: "Q", expected: ["srs:", entry("Q", S1)] },
    { name: "mixed: one-line R, nested Q", srs: ["srs:", entry("R", S3), ...nestedR.slice(0, 1).map(() => "  Q:"), ...nestedR.slice(1)], key: "Q", expected: ["srs:", entry("R", S3), entry("Q", S1)] },
  ];

  it.each(cases)("$name", ({ srs, key, expected }) => {
    for (const eol of ["\n", "\r\n"] as const) {
      const text = note({ frontmatter: [...before, ...srs, ...after], body: ["### Q", "q", "### R", "r"], eol });
      const { text: written } = write(text, key, S1);
      expect(written).toBe(note({ frontmatter: [...before, ...expected, ...after], body: ["### Q", "q", "### R", "r"], eol }));
      // From now on it is in one-line form: the next write changes one line.
      const next = write(written, key, S2).text;
      expect(diff(written, next).added).toHaveLength(1);
      // Writes and undos on the one-line form are exact again.
      const other = write(written, "R", S2);
      expect(undo(other.text, other.receipt)).toBe(written);
    }
  });

  it("undo after a rewrite restores the previous state of that card", () => {
    const text = note({ frontmatter: ["tags: [flashcards]", "srs:", ...nestedR.map((l) => l.replace("R:", "Q:"))], body: ["### Q", "q"] });
    const { text: written, receipt } = write(text, "Q", S1);
    const restored = undo(written, receipt);
    expect(parseNote(restored).cards[0].state).toEqual(S3);
    expect(parseNote(text).cards[0].state).toEqual(S3);
  });
});

// ---- (g) new lines in card order ------------------------------------------------------------------------

describe("(g) a new line lands between its neighbours", () => {
  const cases: { name: string; existing: string[]; key: string; order?: string[]; expected: string[] }[] = [
    { name: "between A and C", existing: ["A", "C"], key: "B", order: ["A", "B", "C"], expected: ["A", "B", "C"] },
    { name: "before C when nothing is above", existing: ["C", "D"], key: "A", order: ["A", "B", "C", "D"], expected: ["A", "C", "D"] },
    { name: "after the nearest card above, skipping missing ones", existing: ["A", "D"], key: "C", order: ["A", "B", "C", "D"], expected: ["A", "C", "D"] },
    { name: "at the end", existing: ["A", "B"], key: "D", order: ["A", "B", "C", "D"], expected: ["A", "B", "D"] },
    { name: "after the card above even when the file order differs", existing: ["C", "A"], key: "B", order: ["A", "B", "C"], expected: ["C", "A", "B"] },
    { name: "key not in the order: after the last entry", existing: ["B", "A"], key: "Z", order: ["A", "B"], expected: ["B", "A", "Z"] },
    { name: "no order: after the last entry", existing: ["C", "A"], key: "B", expected: ["C", "A", "B"] },
    { name: "orphans are ignored as neighbours unless in the order", existing: ["Gone", "C"], key: "A", order: ["A", "C"], expected: ["Gone", "A", "C"] },
  ];

  it.each(cases)("$name", ({ existing, key, order, expected }) => {
    const text = note({ frontmatter: ["srs:", ...existing.map((k) => entry(k)), "title: x"] });
    const { text: after } = write(text, key, NEW, { ...OPTIONS, order });
    expect(storedKeys(after)).toEqual(expected);
    expect(diff(text, after)).toEqual({ removed: [], added: [entry(key, NEW)] });
  });

  it("a comment after the neighbour stays after the new line's neighbour block", () => {
    const text = note({ frontmatter: ["srs:", entry("A"), "  # about C", entry("C")] });
    const { text: after } = write(text, "B", S1, { ...OPTIONS, order: ["A", "B", "C"] });
    expect(after).toBe(note({ frontmatter: ["srs:", entry("A"), entry("B"), "  # about C", entry("C")] }));
  });
});

// ---- (h) undo ------------------------------------------------------------------------------------------

describe("(h) undo", () => {
  const base = note({ frontmatter: ["tags: [flashcards]", "srs:", entry("A"), entry("C", S3)], body: ["### A", "a", "### B", "b", "### C", "c"] });
  const order = ["A", "B", "C"];

  it("of an update, when another card changed meanwhile, restores only that card", () => {
    const first = write(base, "A", S2);
    const other = write(first.text, "C", S1).text;
    const back = undo(other, first.receipt);
    expect(back).toBe(write(base, "C", S1).text);
  });

  it("of an added line, when the body was edited meanwhile, keeps the edit", () => {
    const first = write(base, "B", NEW, { ...OPTIONS, order });
    const edited = first.text.replace("\nb\n", "\nb, edited\n");
    expect(undo(edited, first.receipt)).toBe(base.replace("\nb\n", "\nb, edited\n"));
  });

  it("of a removal puts the line back where it was (with the order)", () => {
    const removal = write(base, "A", null);
    expect(undoWrite(removal.text, removal.receipt, { ...OPTIONS, order })).toEqual({ ok: true, text: base, receipt: expect.anything() });
  });

  it("of a removal without the order still restores the state", () => {
    const removal = write(base, "A", null);
    expect(stored(undo(removal.text, removal.receipt), "A")).toEqual(S1);
  });

  const refusals: { name: string; change: (text: string) => string; reason: RegExp }[] = [
    { name: "the card was reviewed again", change: (text) => write(text, "A", S3).text, reason: /"A" changed since that review/ },
    { name: "the line was edited by hand", change: (text) => text.replace("reps: 2", "reps: 3"), reason: /changed/ },
    { name: "the entry was deleted", change: (text) => write(text, "A", null).text, reason: /changed/ },
    { name: "the frontmatter was deleted", change: (text) => text.slice(text.indexOf("---", 3) + 4), reason: /no longer has frontmatter/ },
    { name: "the frontmatter became invalid", change: (text) => text.replace("tags: [flashcards]", "tags: [flashcards"), reason: /invalid YAML/ },
  ];
  it.each(refusals)("refused when $name", ({ change, reason }) => {
    const first = write(base, "A", S2);
    const changed = change(first.text);
    const result = undoWrite(changed, first.receipt, OPTIONS);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it("of a created srs: keeps it when another card was written into it meanwhile", () => {
    const text = note({ frontmatter: ["tags: [flashcards]"], body: ["### A", "a", "### B", "b"] });
    const first = write(text, "A", S1);
    const second = write(first.text, "B", S2);
    const back = undo(second.text, first.receipt);
    expect(back).toBe(note({ frontmatter: ["tags: [flashcards]", "srs:", entry("B", S2)], body: ["### A", "a", "### B", "b"] }));
  });

  it("of a created frontmatter: keeps it when the user added a property meanwhile", () => {
    const text = "#flashcards\n### A\na\n";
    const first = write(text, "A", S1);
    const edited = first.text.replace("srs:\n", "title: mine\nsrs:\n");
    const back = undo(edited, first.receipt);
    expect(back).toBe("---\ntitle: mine\n---\n#flashcards\n### A\na\n");
  });
});

// ---- (i) removal -----------------------------------------------------------------------------------------

describe("(i) removal", () => {
  const cases: { name: string; text: string; key: string; expected: string }[] = [
    {
      name: "middle entry",
      text: note({ frontmatter: ["srs:", entry("A"), entry("B"), entry("C")] }),
      key: "B",
      expected: note({ frontmatter: ["srs:", entry("A"), entry("C")] }),
    },
    {
      name: "CRLF",
      text: note({ frontmatter: ["srs:", entry("A"), entry("B")], eol: "\r\n" }),
      key: "A",
      expected: note({ frontmatter: ["srs:", entry("B")], eol: "\r\n" }),
    },
    { name: "last entry leaves srs:", text: note({ frontmatter: ["srs:", entry("A")], body: ["x"] }), key: "A", expected: note({ frontmatter: ["srs:"], body: ["x"] }) },
    { name: "absent key: unchanged", text: note({ frontmatter: ["srs:", entry("A")] }), key: "Z", expected: note({ frontmatter: ["srs:", entry("A")] }) },
    { name: "no srs: unchanged", text: note({ frontmatter: ["tags: x"] }), key: "Z", expected: note({ frontmatter: ["tags: x"] }) },
    { name: "no frontmatter: unchanged", text: "body\n", key: "Z", expected: "body\n" },
    { name: "empty file: unchanged", text: "", key: "Z", expected: "" },
  ];
  it.each(cases)("$name", ({ text, key, expected }) => {
    expect(write(text, key, null).text).toBe(expected);
  });
});

// ---- other property names ------------------------------------------------------------------------------

describe("a custom state property", () => {
  it("writes under its own name and leaves `srs` alone", () => {
    const text = note({ frontmatter: ["srs: {R: whatever}"], body: ["#flashcards", "### Q", "q"] });
    const options: WriteOptions = { stateProperty: "fsrs" };
    const { text: after } = write(text, "Q", S1, options);
    expect(diff(text, after)).toEqual({ removed: [], added: ["fsrs:", entry("Q")] });
    expect(parseNote(after, { tag: "flashcards", stateProperty: "fsrs" }).cards[0].state).toEqual(S1);
  });
});
