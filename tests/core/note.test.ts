import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { answerText, parseNote } from "../../src/core/notes/note";
import type { ParsedNote, ParseOptions } from "../../src/core/types";
import { note, state, type NoteSpec } from "../support/builders";

// ---- builders --------------------------------------------------------------------------------------

const TAGGED = ["tags: [flashcards]"];
/** A tagged note with the given body. */
const tagged = (...body: string[]) => note({ frontmatter: TAGGED, body });

/** [question, answer] of every card. */
const qa = (parsed: ParsedNote) => parsed.cards.map((card) => [card.question, answerText(parsed.text, card)]);
const problemLines = (parsed: ParsedNote) => parsed.problems.map((problem) => problem.line);

const LINE = "{due: 2026-11-29T08:00:00Z, stability: 2.3065, difficulty: 2.1181, reps: 1, lapses: 0, state: review, step: 0, last: 2026-11-26T08:00:00Z}";

// ---- T1: tags --------------------------------------------------------------------------------------

describe("T1 tagged", () => {
  const card = ["### Q", "A"];
  const cases: { name: string; input: NoteSpec; tagged: boolean; decks?: string[] }[] = [
    // frontmatter, key spelling
    { name: "tags: flow list", input: { frontmatter: ["tags: [flashcards, eecs498-dl4cv]"] }, tagged: true },
    { name: "tags: block list", input: { frontmatter: ["tags:", "  - other", "  - flashcards"] }, tagged: true },
    { name: "tags: compact block list", input: { frontmatter: ["tags:", "- flashcards"] }, tagged: true },
    { name: "tags: plain string", input: { frontmatter: ["tags: flashcards"] }, tagged: true },
    { name: "tag: (singular)", input: { frontmatter: ["tag: flashcards"] }, tagged: true },
    { name: "Tags: (capitalised key)", input: { frontmatter: ["Tags: flashcards"] }, tagged: true },
    { name: "TAGS: (upper-case key)", input: { frontmatter: ["TAGS: [flashcards]"] }, tagged: true },
    { name: "TAG: (upper-case singular)", input: { frontmatter: ["TAG: flashcards"] }, tagged: true },
    { name: "quoted key", input: { frontmatter: ['"tags": flashcards'] }, tagged: true },
    // string forms
    { name: "comma-separated string", input: { frontmatter: ["tags: other,flashcards"] }, tagged: true },
    { name: "comma+space-separated string", input: { frontmatter: ["tags: other, flashcards , third"] }, tagged: true },
    { name: "space-separated string", input: { frontmatter: ["tags: other flashcards third"] }, tagged: true },
    { name: "quoted string with #", input: { frontmatter: ['tags: "#flashcards"'] }, tagged: true },
    { name: "single-quoted string with # in a list", input: { frontmatter: ["tags: ['#other', '#flashcards']"] }, tagged: true },
    { name: "block list item with #", input: { frontmatter: ["tags:", '  - "#flashcards"'] }, tagged: true },
    { name: "list item holding a comma-separated string", input: { frontmatter: ["tags: ['a, flashcards']"] }, tagged: true },
    { name: "unquoted # is a YAML comment: no tag", input: { frontmatter: ["tags: #flashcards"] }, tagged: false },
    // case
    { name: "case-insensitive value", input: { frontmatter: ["tags: [FlashCards]"] }, tagged: true },
    { name: "upper-case value", input: { frontmatter: ["tags: FLASHCARDS"] }, tagged: true },
    // nested / near misses
    { name: "nested tag", input: { frontmatter: ["tags: [flashcards/sub/deck]"] }, tagged: true, decks: ["sub/deck"] },
    { name: "flashcardsX does not count", input: { frontmatter: ["tags: [flashcardsX]"] }, tagged: false },
    { name: "flashcards-old does not count", input: { frontmatter: ["tags: [flashcards-old]"] }, tagged: false },
    { name: "flashcards_old does not count", input: { frontmatter: ["tags: flashcards_old"] }, tagged: false },
    { name: "my/flashcards (tag nested under another) does not count", input: { frontmatter: ["tags: my/flashcards"] }, tagged: false },
    { name: "xflashcards does not count", input: { frontmatter: ["tags: xflashcards"] }, tagged: false },
    { name: "another property holding the word", input: { frontmatter: ["aliases: [flashcards]", "topic: flashcards"] }, tagged: false },
    { name: "a # string in another property", input: { frontmatter: ['note: "#flashcards"'] }, tagged: false },
    { name: "empty tags", input: { frontmatter: ["tags:"] }, tagged: false },
    { name: "tags: null", input: { frontmatter: ["tags: null"] }, tagged: false },
    { name: "tags: []", input: { frontmatter: ["tags: []"] }, tagged: false },
    { name: "numeric tags next to the tag", input: { frontmatter: ["tags: [2024, 1.5, flashcards]"] }, tagged: true },
    { name: "numeric tag only", input: { frontmatter: ["tags: 2024"] }, tagged: false },
    { name: "tags as a mapping is ignored", input: { frontmatter: ["tags:", "  flashcards: true"] }, tagged: false },
    { name: "no frontmatter, no inline tag", input: {}, tagged: false },
    // inline body tags
    { name: "inline tag on its own line", input: { body: ["#flashcards"] }, tagged: true },
    { name: "inline tag mid-sentence", input: { body: ["some text #flashcards more"] }, tagged: true },
    { name: "inline tag after a tab", input: { body: ["text\t#flashcards"] }, tagged: true },
    { name: "inline tag, any case", input: { body: ["#FlashCards"] }, tagged: true },
    { name: "inline tag followed by punctuation", input: { body: ["see #flashcards, then", "x"] }, tagged: true },
    { name: "inline tag followed by a full stop", input: { body: ["tagged #flashcards."] }, tagged: true },
    { name: "inline nested tag", input: { body: ["#flashcards/lang/de"] }, tagged: true, decks: ["lang/de"] },
    { name: "inline #flashcardsX", input: { body: ["#flashcardsX"] }, tagged: false },
    { name: "inline #flashcards-old", input: { body: ["#flashcards-old"] }, tagged: false },
    { name: "inline tag not preceded by whitespace", input: { body: ["word#flashcards"] }, tagged: false },
    { name: "inline tag right after punctuation", input: { body: ["(#flashcards)"] }, tagged: false },
    { name: "## before the word is not a tag", input: { body: ["##flashcards"] }, tagged: false },
    { name: "heading '# flashcards' is not a tag", input: { body: ["# flashcards"] }, tagged: false },
    { name: "inline tag in the text of a heading", input: { body: ["# Title #flashcards"] }, tagged: true },
    { name: "inline tag in a list item", input: { body: ["- item #flashcards"] }, tagged: true },
    { name: "inline tag in a blockquote", input: { body: ["> quoted #flashcards"] }, tagged: true },
    // inline tags hidden by code, comments and math
    { name: "inside a ``` fence", input: { body: ["```", "#flashcards", "```"] }, tagged: false },
    { name: "inside a ~~~ fence", input: { body: ["~~~", "#flashcards", "~~~"] }, tagged: false },
    { name: "inside an unclosed fence", input: { body: ["```", "#flashcards"] }, tagged: false },
    { name: "after a closed fence", input: { body: ["```", "code", "```", "#flashcards"] }, tagged: true },
    { name: "inside inline code", input: { body: ["see `#flashcards` here"] }, tagged: false },
    { name: "inside double-backtick inline code", input: { body: ["see `` a ` #flashcards `` here"] }, tagged: false },
    { name: "after inline code on the same line", input: { body: ["`code` #flashcards"] }, tagged: true },
    { name: "unmatched backtick does not hide", input: { body: ["a ` #flashcards"] }, tagged: true },
    { name: "inside %% %% on one line", input: { body: ["%% #flashcards %%"] }, tagged: false },
    { name: "inside %% %% over lines", input: { body: ["%%", "#flashcards", "%%"] }, tagged: false },
    { name: "after %% %% on the same line", input: { body: ["%% hidden %% #flashcards"] }, tagged: true },
    { name: "on the line closing a %% block", input: { body: ["%% start", "hidden", "end %% #flashcards"] }, tagged: true },
    { name: "inside an unclosed %%", input: { body: ["%% open", "#flashcards"] }, tagged: false },
    { name: "inside <!-- --> on one line", input: { body: ["<!-- #flashcards -->"] }, tagged: false },
    { name: "inside <!-- --> over lines", input: { body: ["<!--", "#flashcards", "-->"] }, tagged: false },
    { name: "after <!-- --> on the same line", input: { body: ["text <!-- c --> #flashcards"] }, tagged: true },
    // A line starting with `<!--` is an HTML block (CommonMark), `-->` and what follows included.
    { name: "after <!-- --> that opens the line (an HTML block)", input: { body: ["<!-- c --> #flashcards"] }, tagged: false },
    { name: "inside an unclosed <!--", input: { body: ["<!--", "#flashcards"] }, tagged: false },
    { name: "inside $$ $$ block", input: { body: ["$$", "#flashcards", "$$"] }, tagged: false },
    { name: "inside $$ $$ on one line", input: { body: ["$$ #flashcards $$"] }, tagged: false },
    { name: "inside inline $math$", input: { body: ["where $#flashcards$ is"] }, tagged: false },
    { name: "after inline $math$", input: { body: ["where $x$ is #flashcards"] }, tagged: true },
    { name: "a lone $ does not hide", input: { body: ["costs 5$ #flashcards"] }, tagged: true },
    { name: "prices are not math ($ then space closes nothing)", input: { body: ["costs $5 and #flashcards then $10"] }, tagged: true },
    { name: "$ followed by a space opens no math", input: { body: ["a $ b #flashcards c$"] }, tagged: true },
    { name: "inline math with spaces inside", input: { body: ["so $a + #flashcards$ here"] }, tagged: false },
    { name: "inside an unclosed $$", input: { body: ["$$", "#flashcards"] }, tagged: false },
    // numeric inline tags
    { name: "purely numeric inline tag is no tag", input: { body: ["#2024 #flashcards"] }, tagged: true },
    // frontmatter text is not body
    { name: "frontmatter is not scanned for inline tags", input: { frontmatter: ["# #flashcards", "title: x"] }, tagged: false },
  ];

  it.each(cases)("$name", ({ input, tagged: expected, decks }) => {
    const parsed = parseNote(note({ ...input, body: [...(input.body ?? []), ...card] }));
    expect(parsed.tagged).toBe(expected);
    expect(parsed.decks).toEqual(decks ?? []);
    expect(parsed.cards.map((c) => c.question)).toEqual(expected ? ["Q"] : []);
  });

  it("a purely numeric inline tag is not a tag even when it is the configured tag", () => {
    const options: ParseOptions = { tag: "2024", stateProperty: "srs" };
    expect(parseNote(note({ body: ["#2024", "### Q", "A"] }), options).tagged).toBe(false);
    expect(parseNote(note({ body: ["#2024a", "### Q", "A"] }), { ...options, tag: "2024a" }).tagged).toBe(true);
  });

  it("an untagged note has no cards, even with level-3 headings, and no card problems", () => {
    const parsed = parseNote(note({ body: ["### Q", "", "### Q", "A"] }));
    expect(parsed).toMatchObject({ tagged: false, cards: [], problems: [], writable: true });
  });
});

// ---- T2: where frontmatter is ----------------------------------------------------------------------

describe("T2 frontmatter delimiters", () => {
  const cases: { name: string; input: string; tagged: boolean; cards: [string, number][] }[] = [
    { name: "plain", input: "---\ntags: flashcards\n---\n### Q\nA\n", tagged: true, cards: [["Q", 4]] },
    { name: "after a BOM", input: "\ufeff---\ntags: flashcards\n---\n### Q\nA\n", tagged: true, cards: [["Q", 4]] },
    { name: "closed by ...", input: "---\ntags: flashcards\n...\n### Q\nA\n", tagged: true, cards: [["Q", 4]] },
    { name: "CRLF", input: "---\r\ntags: flashcards\r\n---\r\n### Q\r\nA\r\n", tagged: true, cards: [["Q", 4]] },
    { name: "empty frontmatter", input: "---\n---\n#flashcards\n### Q\nA\n", tagged: true, cards: [["Q", 4]] },
    { name: "--- not on line 1 is not frontmatter", input: "\n---\ntags: flashcards\n---\n### Q\nA\n", tagged: false, cards: [] },
    {
      name: "--- not on line 1: its lines are body (an inline tag there counts)",
      input: "text\n---\n#flashcards\n---\n### Q\nA\n",
      tagged: true,
      cards: [["Q", 5]],
    },
    { name: "no closing line: no frontmatter, tags: line is body", input: "---\ntags: flashcards\n### Q\nA\n", tagged: false, cards: [] },
    {
      name: "no closing line: whole file is body, headings in it count",
      input: "---\ntitle: x\n#flashcards\n### Q\nA\n",
      tagged: true,
      cards: [["Q", 4]],
    },
    { name: "---- is not an opening line", input: "----\ntags: flashcards\n---\n### Q\nA\n", tagged: false, cards: [] },
    { name: "a file that is only ---", input: "---", tagged: false, cards: [] },
    {
      name: "a later --- in the body is not a second frontmatter",
      // (A blank line before it: `---` right under text would make that text a setext heading.)
      input: "---\ntags: flashcards\n---\n### Q\nA\n\n---\ntags: other\n---\n",
      tagged: true,
      cards: [["Q", 4]],
    },
  ];

  it.each(cases)("$name", ({ input, tagged: expected, cards }) => {
    const parsed = parseNote(input);
    expect(parsed.tagged).toBe(expected);
    expect(parsed.cards.map((c) => [c.question, c.line])).toEqual(cards);
    expect(parsed.problems).toEqual([]);
  });

  it("no closing line: the opening --- is body text before the first card", () => {
    const parsed = parseNote("---\n#flashcards\n### Q\nA");
    expect(qa(parsed)).toEqual([["Q", "A"]]);
  });

  it("a later --- closes the frontmatter even when it looks like body", () => {
    const parsed = parseNote("---\n#flashcards\n### Q\nA\n---\n");
    expect(parsed.tagged).toBe(false);
  });
});

// ---- T3: invalid YAML ------------------------------------------------------------------------------

describe("T3 invalid YAML", () => {
  const cases: { name: string; frontmatter: string[]; body?: string[]; tagged: boolean; cards: string[] }[] = [
    { name: "unclosed flow list, tags unreadable", frontmatter: ["tags: [flashcards"], tagged: false, cards: [] },
    { name: "unclosed flow list, inline tag still tags", frontmatter: ["tags: [flashcards"], body: ["#flashcards"], tagged: true, cards: ["Q"] },
    { name: "bad indentation", frontmatter: ["tags: flashcards", "  bad: indent", "x"], tagged: false, cards: [] },
    { name: "a: b: c", frontmatter: ["tags: flashcards", "title: a: b"], tagged: false, cards: [] },
    { name: "unterminated quote", frontmatter: ["tags: flashcards", 'title: "open'], body: ["#flashcards"], tagged: true, cards: ["Q"] },
    { name: "duplicated key", frontmatter: ["tags: flashcards", "tags: other"], tagged: false, cards: [] },
  ];

  it.each(cases)("$name", ({ frontmatter, body, tagged: expected, cards }) => {
    const parsed = parseNote(note({ frontmatter, body: [...(body ?? []), "### Q", "A"] }));
    expect(parsed.tagged).toBe(expected);
    expect(parsed.writable).toBe(false);
    expect(parsed.cards.map((c) => c.question)).toEqual(cards);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0].line).toBe(1);
    expect(parsed.problems[0].message).toMatch(/invalid YAML/);
  });

  it("frontmatter that is not a set of properties (a list) is a problem and not writable", () => {
    const parsed = parseNote(note({ frontmatter: ["- a", "- b"], body: ["#flashcards", "### Q", "A"] }));
    expect(parsed).toMatchObject({ tagged: true, writable: false });
    expect(parsed.problems.map((p) => p.message)).toEqual([expect.stringMatching(/not a set of properties/)]);
  });

  it("merge conflict markers in the frontmatter: a problem, not writable", () => {
    const parsed = parseNote(note({ frontmatter: ["tags: [flashcards]", "<<<<<<< HEAD", "a: 1", "=======", "a: 2", ">>>>>>> other"], body: ["### Q", "A"] }));
    expect(parsed.writable).toBe(false);
    expect(parsed.problems.some((p) => /conflict/.test(p.message))).toBe(true);
  });

  it("valid YAML is writable and has no problems", () => {
    const parsed = parseNote(tagged("### Q", "A"));
    expect(parsed).toMatchObject({ writable: true, problems: [] });
  });
});

// ---- D1: decks -------------------------------------------------------------------------------------

describe("D1 decks", () => {
  const cases: { name: string; input: NoteSpec; decks: string[] }[] = [
    { name: "plain tag only: no nested deck", input: { frontmatter: ["tags: flashcards"] }, decks: [] },
    { name: "one nested tag", input: { frontmatter: ["tags: flashcards/lang/de"] }, decks: ["lang/de"] },
    { name: "several nested tags, in order", input: { frontmatter: ["tags: [flashcards/math, flashcards/lang/de]"] }, decks: ["math", "lang/de"] },
    { name: "plain and nested", input: { frontmatter: ["tags: [flashcards, flashcards/math]"] }, decks: ["math"] },
    { name: "nested case kept, prefix any case", input: { frontmatter: ["tags: FlashCards/Lang/DE"] }, decks: ["Lang/DE"] },
    { name: "frontmatter then inline", input: { frontmatter: ["tags: flashcards/a"], body: ["#flashcards/b"] }, decks: ["a", "b"] },
    { name: "dedup frontmatter and inline", input: { frontmatter: ["tags: flashcards/a"], body: ["#flashcards/a #flashcards/a"] }, decks: ["a"] },
    { name: "dedup ignores # and list form", input: { frontmatter: ["tags: ['#flashcards/a', flashcards/a]"] }, decks: ["a"] },
    { name: "dedup is case-insensitive like Obsidian tags (first spelling kept)", input: { frontmatter: ["tags: [flashcards/Lang, flashcards/lang]"], body: ["#FLASHCARDS/LANG"] }, decks: ["Lang"] },
    { name: "other tags are not decks", input: { frontmatter: ["tags: [flashcards, other/deck]"] }, decks: [] },
  ];

  it.each(cases)("$name", ({ input, decks }) => {
    const parsed = parseNote(note({ ...input, body: [...(input.body ?? []), "### Q", "A"] }));
    expect(parsed.tagged).toBe(true);
    expect(parsed.decks).toEqual(decks);
  });
});

// ---- Q1: questions ---------------------------------------------------------------------------------

describe("Q1 questions", () => {
  const cases: { name: string; body: string[]; cards: [string, string][]; problems?: number[] }[] = [
    { name: "### Q", body: ["### Q", "A"], cards: [["Q", "A"]] },
    { name: "1 space indent", body: [" ### Q", "A"], cards: [["Q", "A"]] },
    { name: "2 spaces indent", body: ["  ### Q", "A"], cards: [["Q", "A"]] },
    { name: "3 spaces indent", body: ["   ### Q", "A"], cards: [["Q", "A"]] },
    { name: "4 spaces indent is not a heading (part of the answer above)", body: ["### A", "a", "    ### B", "b"], cards: [["A", "a\n    ### B\nb"]] },
    { name: "tab indent is not a heading", body: ["### A", "a", "\t### B", "b"], cards: [["A", "a\n\t### B\nb"]] },
    { name: "### then a tab", body: ["###\tQ", "A"], cards: [["Q", "A"]] },
    { name: "###foo is not a heading", body: ["### A", "a", "###foo", "b"], cards: [["A", "a\n###foo\nb"]] },
    { name: "#### is not a question", body: ["#### Q", "A"], cards: [] },
    { name: "####### (7) is not a heading", body: ["### A", "a", "####### B", "b"], cards: [["A", "a\n####### B\nb"]] },
    { name: "text trimmed", body: ["###    Q  and  R   ", "A"], cards: [["Q  and  R", "A"]] },
    { name: "closing hashes dropped", body: ["### A ###", "a"], cards: [["A", "a"]] },
    { name: "one closing hash dropped", body: ["### A #", "a"], cards: [["A", "a"]] },
    { name: "closing hashes of another length dropped", body: ["### A #####", "a"], cards: [["A", "a"]] },
    { name: "closing hashes then spaces dropped", body: ["### A ##   ", "a"], cards: [["A", "a"]] },
    { name: "closing hashes after a tab dropped", body: ["### A\t##", "a"], cards: [["A", "a"]] },
    { name: "A# keeps its hash (not preceded by a space)", body: ["### A#", "a"], cards: [["A#", "a"]] },
    { name: "C# keeps its hash", body: ["### What is C#?", "a"], cards: [["What is C#?", "a"]] },
    { name: "hash inside the text kept", body: ["### A # B", "a"], cards: [["A # B", "a"]] },
    { name: "a #tag word as question", body: ["### #topic", "a"], cards: [["#topic", "a"]] },
    { name: "### ### is empty: boundary + problem", body: ["### A", "a", "### ###", "stray", "### B", "b"], cards: [["A", "a"], ["B", "b"]], problems: [6] },
    { name: "### alone is empty: boundary + problem", body: ["### A", "a", "###", "stray", "### B", "b"], cards: [["A", "a"], ["B", "b"]], problems: [6] },
    { name: "###   (spaces only) is empty", body: ["###   ", "stray"], cards: [], problems: [4] },
    { name: "level 4–6 belong to the answer", body: ["### A", "#### x", "##### y", "###### z", "a"], cards: [["A", "#### x\n##### y\n###### z\na"]] },
    { name: "level 2 ends an answer", body: ["### A", "a", "## S", "not answer", "### B", "b"], cards: [["A", "a"], ["B", "b"]] },
    { name: "level 1 ends an answer", body: ["### A", "a", "# T", "not answer"], cards: [["A", "a"]] },
    { name: "empty level-1 heading is a boundary", body: ["### A", "a", "#", "not answer"], cards: [["A", "a"]] },
    { name: "indented level-2 ends an answer", body: ["### A", "a", "   ## S", "x"], cards: [["A", "a"]] },
    { name: "##S (no space) does not end an answer", body: ["### A", "a", "##S", "x"], cards: [["A", "a\n##S\nx"]] },
    { name: "text before the first question is no card", body: ["intro", "### A", "a"], cards: [["A", "a"]] },
  ];

  it.each(cases)("$name", ({ body, cards, problems }) => {
    const parsed = parseNote(tagged(...body));
    expect(qa(parsed)).toEqual(cards);
    expect(problemLines(parsed)).toEqual(problems ?? []);
  });

  it("an empty question's problem says so", () => {
    const parsed = parseNote(tagged("###", "x"));
    expect(parsed.problems).toEqual([{ line: 4, message: expect.stringMatching(/without text/) }]);
  });
});

// ---- Q2: answers -----------------------------------------------------------------------------------

describe("Q2 answers", () => {
  const cases: { name: string; input: NoteSpec; cards: [string, string][]; problems?: number[] }[] = [
    { name: "leading and trailing blank lines trimmed", input: { body: ["### A", "", "", "a", "", ""] }, cards: [["A", "a"]] },
    { name: "whitespace-only lines trimmed at both ends", input: { body: ["### A", "  ", "\t", "a", " \t ", "### B", "b"] }, cards: [["A", "a"], ["B", "b"]] },
    { name: "internal blank lines kept", input: { body: ["### A", "a", "", "", "b"] }, cards: [["A", "a\n\n\nb"]] },
    { name: "internal whitespace-only lines kept verbatim", input: { body: ["### A", "a", "  ", "b"] }, cards: [["A", "a\n  \nb"]] },
    { name: "indentation and trailing spaces kept", input: { body: ["### A", "    code", "b  "] }, cards: [["A", "    code\nb  "]] },
    { name: "CRLF reported as \\n", input: { body: ["### A", "a", "", "b", "### B", "c"], eol: "\r\n" }, cards: [["A", "a\n\nb"], ["B", "c"]] },
    { name: "no final newline", input: { body: ["### A", "a", "b"], finalEol: false }, cards: [["A", "a\nb"]] },
    { name: "empty answer: problem, no card", input: { body: ["### A", "", "### B", "b"] }, cards: [["B", "b"]], problems: [4] },
    { name: "whitespace-only answer: problem", input: { body: ["### A", "   ", "\t", "## S"] }, cards: [], problems: [4] },
    { name: "question at end of file: problem", input: { body: ["### A", "a", "### B"] }, cards: [["A", "a"]], problems: [6] },
    { name: "question at end of file without newline", input: { body: ["### A"], finalEol: false }, cards: [], problems: [4] },
    { name: "answer runs to end of file", input: { body: ["### A", "a", "", "more", ""] }, cards: [["A", "a\n\nmore"]] },
  ];

  it.each(cases)("$name", ({ input, cards, problems }) => {
    const parsed = parseNote(note({ frontmatter: TAGGED, ...input }));
    expect(qa(parsed)).toEqual(cards);
    expect(problemLines(parsed)).toEqual(problems ?? []);
    for (const card of parsed.cards) expect(answerText(parsed.text, card)).not.toContain("\r");
  });

  it("the empty-answer problem names the question", () => {
    const parsed = parseNote(tagged("### Lonely", ""));
    expect(parsed.problems).toEqual([{ line: 4, message: expect.stringContaining("Lonely") }]);
  });

  it("a BOM does not hide a tag or heading on line 1 of a note without frontmatter", () => {
    const tagFirst = parseNote("\ufeff#flashcards\n### A\na\n");
    expect(qa(tagFirst)).toEqual([["A", "a"]]);
    expect(tagFirst.cards[0].line).toBe(2);
    const headingFirst = parseNote("\ufeff### A\na #flashcards\n");
    expect(qa(headingFirst)).toEqual([["A", "a #flashcards"]]);
    expect(headingFirst.cards[0].line).toBe(1);
  });
});

// ---- Q3: regions -----------------------------------------------------------------------------------

describe("Q3 code, comments and math", () => {
  const cases: { name: string; body: string[]; cards: [string, string][]; problems?: number[] }[] = [
    { name: "``` fence hides a heading", body: ["### A", "```", "### X", "```", "a"], cards: [["A", "```\n### X\n```\na"]] },
    { name: "~~~ fence hides a heading", body: ["### A", "~~~", "### X", "~~~", "a"], cards: [["A", "~~~\n### X\n~~~\na"]] },
    { name: "fence with info string", body: ["### A", "```python", "## X", "```", "a"], cards: [["A", "```python\n## X\n```\na"]] },
    { name: "fence indented 3 spaces", body: ["### A", "   ```", "### X", "   ```"], cards: [["A", "   ```\n### X\n   ```"]] },
    { name: "fence indented 4 spaces is no fence", body: ["### A", "    ```", "### B", "b", "    ```"], cards: [["A", "    ```"], ["B", "b\n    ```"]] },
    { name: "``` (2 backticks) is no fence", body: ["### A", "``", "### B", "b"], cards: [["A", "``"], ["B", "b"]] },
    { name: "longer closing fence closes", body: ["### A", "```", "### X", "`````", "### B", "b"], cards: [["A", "```\n### X\n`````"], ["B", "b"]] },
    { name: "shorter closing fence does not close", body: ["### A", "````", "### X", "```", "### Y", "````", "### B", "b"], cards: [["A", "````\n### X\n```\n### Y\n````"], ["B", "b"]] },
    { name: "~~~ does not close ```", body: ["### A", "```", "~~~", "### X", "```", "### B", "b"], cards: [["A", "```\n~~~\n### X\n```"], ["B", "b"]] },
    { name: "``` does not close ~~~", body: ["### A", "~~~", "```", "### X", "~~~", "### B", "b"], cards: [["A", "~~~\n```\n### X\n~~~"], ["B", "b"]] },
    { name: "closing fence with text after it does not close", body: ["### A", "```", "```js", "### X", "```", "### B", "b"], cards: [["A", "```\n```js\n### X\n```"], ["B", "b"]] },
    { name: "closing fence with trailing spaces closes", body: ["### A", "```", "x", "```  ", "### B", "b"], cards: [["A", "```\nx\n```  "], ["B", "b"]] },
    { name: "unclosed fence runs to EOF", body: ["### A", "```", "### X", "## Y", "x"], cards: [["A", "```\n### X\n## Y\nx"]] },
    { name: "unclosed fence before any card hides all", body: ["```", "### X", "x"], cards: [] },
    { name: "%% over lines hides a heading", body: ["### A", "%%", "### X", "%%", "a"], cards: [["A", "%%\n### X\n%%\na"]] },
    { name: "<!-- over lines hides a heading", body: ["### A", "<!--", "### X", "-->", "a"], cards: [["A", "<!--\n### X\n-->\na"]] },
    { name: "$$ over lines hides a heading", body: ["### A", "$$", "### X", "$$", "a"], cards: [["A", "$$\n### X\n$$\na"]] },
    { name: "unclosed %% runs to EOF", body: ["### A", "a", "%%", "### X", "### Y", "y"], cards: [["A", "a\n%%\n### X\n### Y\ny"]] },
    { name: "unclosed <!-- runs to EOF", body: ["### A", "a", "<!--", "### X", "x"], cards: [["A", "a\n<!--\n### X\nx"]] },
    { name: "unclosed $$ runs to EOF", body: ["### A", "a", "$$", "### X", "x"], cards: [["A", "a\n$$\n### X\nx"]] },
    { name: "unclosed %% before any card hides all", body: ["%% draft", "### X", "x"], cards: [] },
    {
      name: "%% opening mid-line, closing lines later",
      body: ["### A", "text %% start", "### X", "## Y", "end %% more", "### B", "b"],
      cards: [["A", "text %% start\n### X\n## Y\nend %% more"], ["B", "b"]],
    },
    {
      // Q3: mid-line `<!--` is plain text unless closed within its paragraph, and `### X` ends the paragraph.
      name: "<!-- opening mid-line, closing lines later",
      body: ["### A", "text <!-- start", "### X", "end --> more", "### B", "b"],
      cards: [["A", "text <!-- start"], ["X", "end --> more"], ["B", "b"]],
    },
    {
      name: "$$ opening mid-line, closing lines later",
      body: ["### A", "so $$x =", "### X", "y$$ done", "### B", "b"],
      cards: [["A", "so $$x =\n### X\ny$$ done"], ["B", "b"]],
    },
    {
      name: "a second region opening on a closing line",
      body: ["### A", "%% one", "x %% and %% two", "### X", "%%", "### B", "b"],
      cards: [["A", "%% one\nx %% and %% two\n### X\n%%"], ["B", "b"]],
    },
    { name: "one-line %% %% leaves the next line alone", body: ["### A", "%% c %%", "### B", "b"], cards: [["A", "%% c %%"], ["B", "b"]] },
    { name: "one-line $$ $$ leaves the next line alone", body: ["### A", "$$x$$", "### B", "b"], cards: [["A", "$$x$$"], ["B", "b"]] },
    { name: "%% inside a fence opens nothing", body: ["### A", "```", "%%", "```", "### B", "b"], cards: [["A", "```\n%%\n```"], ["B", "b"]] },
    { name: "<!-- inside inline code opens nothing", body: ["### A", "`<!--`", "### B", "b"], cards: [["A", "`<!--`"], ["B", "b"]] },
    { name: "a fence inside a comment opens nothing", body: ["### A", "%%", "```", "%%", "### B", "b"], cards: [["A", "%%\n```\n%%"], ["B", "b"]] },
    { name: "a comment holding the only question", body: ["%%", "### X", "x", "%%"], cards: [] },
  ];

  it.each(cases)("$name", ({ body, cards, problems }) => {
    const parsed = parseNote(tagged(...body));
    expect(qa(parsed)).toEqual(cards);
    expect(problemLines(parsed)).toEqual(problems ?? []);
  });

  it("a heading inside a region does not change the context either", () => {
    const parsed = parseNote(tagged("# P", "```", "# X", "## Y", "```", "%%", "# Z", "%%", "### A", "a"));
    expect(parsed.cards.map((c) => c.context)).toEqual([["P"]]);
  });
});

// ---- Q4: context -----------------------------------------------------------------------------------

describe("Q4 context", () => {
  const cases: { name: string; body: string[]; contexts: string[][] }[] = [
    { name: "no headings", body: ["### A", "a"], contexts: [[]] },
    { name: "H1 only", body: ["# P", "### A", "a"], contexts: [["P"]] },
    { name: "H1 and H2", body: ["# P", "## S", "### A", "a"], contexts: [["P", "S"]] },
    { name: "H2 with no H1", body: ["## S", "### A", "a"], contexts: [["S"]] },
    { name: "H2 reset by a new H1", body: ["# P", "## S", "# R", "### A", "a"], contexts: [["R"]] },
    { name: "H2 above the H1 does not count", body: ["## S", "# P", "### A", "a"], contexts: [["P"]] },
    { name: "H2 follows", body: ["# P", "### A", "a", "## S", "### B", "b"], contexts: [["P"], ["P", "S"]] },
    { name: "new H2 replaces the old", body: ["# P", "## S1", "### A", "a", "## S2", "### B", "b"], contexts: [["P", "S1"], ["P", "S2"]] },
    { name: "H4 is not context", body: ["# P", "#### D", "### A", "a"], contexts: [["P"]] },
    { name: "closing hashes dropped from context", body: ["# P #", "## S ##", "### A", "a"], contexts: [["P", "S"]] },
    { name: "empty H1 clears context", body: ["# P", "## S", "#", "### A", "a"], contexts: [[]] },
  ];

  it.each(cases)("$name", ({ body, contexts }) => {
    expect(parseNote(tagged(...body)).cards.map((c) => c.context)).toEqual(contexts);
  });
});

// ---- Q5: keys --------------------------------------------------------------------------------------

describe("Q5 keys", () => {
  const cases: { name: string; body: string[]; keys: string[]; problems: number[] }[] = [
    { name: "distinct questions", body: ["### A", "a", "### B", "b"], keys: ["A", "B"], problems: [] },
    { name: "twice", body: ["### A", "a", "### A", "b"], keys: ["A", "A (2)"], problems: [6] },
    { name: "three times", body: ["### A", "a", "### A", "b", "### A", "c"], keys: ["A", "A (2)", "A (3)"], problems: [6, 8] },
    { name: "a literal A (2) later forces A (3)", body: ["### A", "a", "### A", "b", "### A (2)", "c"], keys: ["A", "A (3)", "A (2)"], problems: [6] },
    { name: "a literal A (2) earlier forces A (3)", body: ["### A (2)", "c", "### A", "a", "### A", "b"], keys: ["A (2)", "A", "A (3)"], problems: [8] },
    { name: "different case is different", body: ["### A", "a", "### a", "b"], keys: ["A", "a"], problems: [] },
    { name: "closing hashes make the same text", body: ["### A", "a", "### A ##", "b"], keys: ["A", "A (2)"], problems: [6] },
    { name: "an empty-answer duplicate does not take the key", body: ["### A", "", "### A", "b"], keys: ["A"], problems: [4] },
    { name: "same text under different H1s still collides", body: ["# P", "### A", "a", "# R", "### A", "b"], keys: ["A", "A (2)"], problems: [8] },
  ];

  it.each(cases)("$name", ({ body, keys, problems }) => {
    const parsed = parseNote(tagged(...body));
    expect(parsed.cards.map((c) => c.key)).toEqual(keys);
    expect(problemLines(parsed)).toEqual(problems);
  });

  it("the question stays the heading text and the problem names the new key", () => {
    const parsed = parseNote(tagged("### A", "a", "### A", "b"));
    expect(parsed.cards[1]).toMatchObject({ key: "A (2)", question: "A" });
    expect(answerText(parsed.text, parsed.cards[1])).toBe("b");
    expect(parsed.problems[0].message).toContain('"A (2)"');
  });
});

// ---- line numbers ----------------------------------------------------------------------------------

describe("line numbers", () => {
  const cases: { name: string; input: string; lines: number[] }[] = [
    { name: "after a 3-line frontmatter", input: "---\ntags: flashcards\n---\n### A\na\n### B\nb\n", lines: [4, 6] },
    { name: "after a longer frontmatter", input: "---\ntags:\n  - flashcards\ntitle: x\n---\n\n### A\na\n", lines: [7] },
    { name: "no frontmatter", input: "#flashcards\n### A\na\n", lines: [2] },
    { name: "CRLF", input: "---\r\ntags: flashcards\r\n---\r\n\r\n### A\r\na\r\n", lines: [5] },
    { name: "BOM", input: "\ufeff---\ntags: flashcards\n---\n### A\na\n", lines: [4] },
    { name: "after a multi-line comment", input: "#flashcards\n%%\nx\n%%\n### A\na\n", lines: [5] },
  ];
  it.each(cases)("$name", ({ input, lines }) => {
    expect(parseNote(input).cards.map((c) => c.line)).toEqual(lines);
  });
});

// ---- the user's example note -----------------------------------------------------------------------

describe("the user's example note", () => {
  const text = readFileSync(new URL("../../sample-vault/The future of DL+CV.md", import.meta.url), "utf8");
  const parsed = parseNote(text);

  it("is tagged, in no nested deck, with no problems", () => {
    expect(parsed).toMatchObject({ tagged: true, decks: [], problems: [], writable: true });
  });

  it("yields exactly its 8 cards with their contexts", () => {
    expect(parsed.cards.map((c) => [c.context, c.question])).toEqual([
      [["Predictions"], "We will discover new types of deep models."],
      [["Predictions"], "Deep Learning will find new applications"],
      [["Predictions"], "Deep Learning will use more data and more compute"],
      [["Problems"], "Bias"],
      [["Problems"], "Need new theory"],
      [["Problems"], "Generalization"],
      [["Problems"], "We need a lot of labelled training data"],
      [["Problems"], "Deep Learning doesn't understand the world"],
    ]);
    expect(parsed.cards.map((c) => c.key)).toEqual(parsed.cards.map((c) => c.question));
    expect(parsed.cards.every((c) => c.state === null)).toBe(true);
  });

  it("has answers that start and end with content, at the right lines", () => {
    const bias = parsed.cards.find((c) => c.key === "Bias")!;
    const answer = (card: ParsedNote["cards"][number]) => answerText(parsed.text, card);
    expect(bias).toMatchObject({ line: 29 });
    expect(answer(bias)).toBe("There is a bias in the training data, so there is a bias in the predictions.");
    expect(answer(parsed.cards[1]).split("\n")[0]).toBe("We will apply the ideas of deep learning applied to more scientific and medical applications.");
    expect(answer(parsed.cards[1]).endsWith("![[AI-Notes/Concepts/the-future-of-dl+cv-srcs/Screen_Shot_1.png]]")).toBe(true);
    for (const card of parsed.cards) {
      expect(answer(card).split("\n")[0].trim()).not.toBe("");
      expect(answer(card).split("\n").at(-1)!.trim()).not.toBe("");
    }
  });
});

// ---- states read from the state property -----------------------------------------------------------

describe("states from the state property", () => {
  const S = state();
  const body = (...questions: string[]) => questions.flatMap((q) => [`### ${q}`, `answer to ${q}`]);
  const read = (frontmatter: string[], questions: string[], options?: ParseOptions) =>
    parseNote(note({ frontmatter: ["tags: [flashcards]", ...frontmatter], body: body(...questions) }), options);
  const stateOf = (parsed: ParsedNote, key: string) => parsed.cards.find((c) => c.key === key)?.state;

  const readable: { name: string; frontmatter: string[]; question: string }[] = [
    { name: "plain key", frontmatter: ["srs:", `  Bias: ${LINE}`], question: "Bias" },
    { name: "key with spaces", frontmatter: ["srs:", `  Need new theory: ${LINE}`], question: "Need new theory" },
    { name: "quoted key with ': '", frontmatter: ["srs:", `  "a: b": ${LINE}`], question: "a: b" },
    { name: "single-quoted key", frontmatter: ["srs:", `  'a: b': ${LINE}`], question: "a: b" },
    { name: "[[Link]] key", frontmatter: ["srs:", `  "[[Link]]": ${LINE}`], question: "[[Link]]" },
    { name: "#tag key", frontmatter: ["srs:", `  "#tag": ${LINE}`], question: "#tag" },
    { name: "key with quotes and backslashes", frontmatter: ["srs:", `  "say \\"hi\\" \\\\ now": ${LINE}`], question: 'say "hi" \\ now' },
    { name: "unicode key", frontmatter: ["srs:", `  Größe – 日本語 🎉: ${LINE}`], question: "Größe – 日本語 🎉" },
    { name: "\\u-escaped unicode key", frontmatter: ["srs:", `  "Gr\\u00f6\\u00dfe": ${LINE}`], question: "Größe" },
    { name: "numeric-looking key", frontmatter: ["srs:", `  "123": ${LINE}`], question: "123" },
    { name: "4-space indent", frontmatter: ["srs:", `    Bias: ${LINE}`], question: "Bias" },
    { name: "comment after the property key", frontmatter: ["srs: # states", `  Bias: ${LINE}`], question: "Bias" },
    { name: "comments and blank lines among entries", frontmatter: ["srs:", "  # reviewed", "", `  Bias: ${LINE}`, "  # end"], question: "Bias" },
    { name: "followed by another property", frontmatter: ["srs:", `  Bias: ${LINE}`, "title: x"], question: "Bias" },
    { name: "fields in another order", frontmatter: ["srs:", "  Bias: {state: review, reps: 1, lapses: 0, step: 0, last: 2026-11-26T08:00:00Z, due: 2026-11-29T08:00:00Z, stability: 2.3065, difficulty: 2.1181}"], question: "Bias" },
    {
      name: "multi-line block form",
      frontmatter: ["srs:", "  Bias:", "    due: 2026-11-29T08:00:00Z", "    stability: 2.3065", "    difficulty: 2.1181", "    reps: 1", "    lapses: 0", "    state: review", "    step: 0", "    last: 2026-11-26T08:00:00Z"],
      question: "Bias",
    },
    { name: "flow form srs: {A: {...}}", frontmatter: [`srs: {Bias: ${LINE}}`], question: "Bias" },
    { name: "compact block list form of fields", frontmatter: ["srs:", "  Bias: {", "    due: 2026-11-29T08:00:00Z, stability: 2.3065, difficulty: 2.1181,", "    reps: 1, lapses: 0, state: review, step: 0, last: 2026-11-26T08:00:00Z}"], question: "Bias" },
  ];

  it.each(readable)("reads $name", ({ frontmatter, question }) => {
    const parsed = read(frontmatter, [question, "Other"]);
    expect(parsed.problems).toEqual([]);
    expect(parsed.writable).toBe(true);
    expect(stateOf(parsed, question)).toEqual(S);
    expect(stateOf(parsed, "Other")).toBeNull();
    expect(parsed.orphans.size).toBe(0);
  });

  it("a new card without `last` reads as last_review null", () => {
    const parsed = read(["srs:", "  Q: {due: 2026-11-29T08:00:00Z, stability: 0, difficulty: 0, reps: 0, lapses: 0, state: new}"], ["Q"]);
    expect(stateOf(parsed, "Q")).toEqual(state({ stability: 0, difficulty: 0, reps: 0, state: "new", last_review: null }));
  });

  const unreadable: { name: string; line: string }[] = [
    { name: "bad due", line: "  Q: {due: soon, stability: 1, difficulty: 1, reps: 1, lapses: 0, state: review, step: 0, last: 2026-11-26T08:00:00Z}" },
    { name: "state as a digit", line: '  Q: {due: 2026-11-29T08:00:00Z, stability: 1, difficulty: 1, reps: 1, lapses: 0, state: "2", step: 0, last: 2026-11-26T08:00:00Z}' },
    { name: "missing fields", line: "  Q: {due: 2026-11-29T08:00:00Z}" },
    { name: "a scalar", line: "  Q: 5" },
    { name: "reviewed but no last", line: "  Q: {due: 2026-11-29T08:00:00Z, stability: 1, difficulty: 1, reps: 1, lapses: 0, state: review}" },
  ];

  it.each(unreadable)("an unreadable entry ($name) is a problem at its line; that card's state is null; others unaffected", ({ line }) => {
    const parsed = read(["srs:", `  Other: ${LINE}`, line], ["Q", "Other"]);
    expect(stateOf(parsed, "Q")).toBeNull();
    expect(stateOf(parsed, "Other")).toEqual(S);
    expect(parsed.problems).toEqual([{ line: 5, message: expect.stringContaining('"Q"') }]);
    expect(parsed.writable).toBe(true);
  });

  // Issue 11: a line that is no longer YAML (a sync engine spliced two lines) is its card's problem, not the note's.
  it("a state line that is not YAML is that card's problem; the note stays writable", () => {
    const parsed = read(["srs:", "  Q: {due: [oops"], ["Q"]);
    expect(parsed.writable).toBe(true);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0].message).toMatch(/can't be read/);
    expect(stateOf(parsed, "Q")).toBeNull();
  });

  it("a duplicate key is a problem and makes the note unwritable", () => {
    const parsed = read(["srs:", `  Q: ${LINE}`, `  Q: ${LINE}`], ["Q"]);
    expect(parsed.writable).toBe(false);
    expect(parsed.problems).toEqual([{ line: 5, message: expect.stringMatching(/"Q" appears twice/) }]);
  });

  it("a duplicated state property is a problem and makes the note unwritable", () => {
    const parsed = read(["srs:", `  Q: ${LINE}`, "title: x", "srs:", `  R: ${LINE}`], ["Q"]);
    expect(parsed.writable).toBe(false);
    expect(parsed.problems.map((p) => p.line)).toEqual([6]);
  });

  it("entries that match no card are returned as orphans", () => {
    const parsed = read(["srs:", `  Gone: ${LINE}`, `  Q: ${LINE}`, "  Broken: {due: x}"], ["Q"]);
    expect([...parsed.orphans.keys()]).toEqual(["Gone"]);
    expect(parsed.orphans.get("Gone")).toEqual(S);
    expect(stateOf(parsed, "Q")).toEqual(S);
  });

  it("a state for the second duplicate attaches to its key `Q (2)`", () => {
    const parsed = read(["srs:", `  Q (2): ${LINE}`], ["Q", "Q"]);
    expect(parsed.cards.map((c) => [c.key, c.state])).toEqual([["Q", null], ["Q (2)", S]]);
  });

  it("srs: empty, {} or null means no states", () => {
    for (const value of ["srs:", "srs: {}", "srs: null", "srs: ~"]) {
      const parsed = read([value], ["Q"]);
      expect(parsed.problems).toEqual([]);
      expect(stateOf(parsed, "Q")).toBeNull();
    }
  });

  it("a state property that is not a mapping is a problem", () => {
    const parsed = read(["srs: [a, b]"], ["Q"]);
    expect(parsed.writable).toBe(false);
    expect(parsed.problems[0].message).toMatch(/must map card names/);
  });

  it("custom tag and state property names", () => {
    const options: ParseOptions = { tag: "anki", stateProperty: "fsrs" };
    const text = note({ frontmatter: ["tags: [anki/lang]", `srs: {Q: 1}`, "fsrs:", `  Q: ${LINE}`], body: ["### Q", "a", "#flashcards"] });
    const parsed = parseNote(text, options);
    expect(parsed).toMatchObject({ tagged: true, decks: ["lang"], problems: [] });
    expect(parsed.cards[0].state).toEqual(S);
    // With the defaults, `srs: {Q: 1}` is the state property, and it is unreadable for Q.
    const defaults = parseNote(text);
    expect(defaults.tagged).toBe(true);
    expect(defaults.cards[0].state).toBeNull();
    expect(defaults.problems).toHaveLength(1);
  });

  it("the user's properties (tags) are still read when the state property is present", () => {
    const parsed = parseNote(note({ frontmatter: ["srs:", `  Q: ${LINE}`, "tags: flashcards/x"], body: ["### Q", "a"] }));
    expect(parsed).toMatchObject({ tagged: true, decks: ["x"] });
  });
});
