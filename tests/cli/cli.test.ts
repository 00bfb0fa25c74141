// The CLI end to end on a temporary copy of a vault: mostly `runCli` in-process (fast), and the real
// bundle `node <outfile>` for black-box cases (exit codes, stderr, TZ). The bundle is built here from
// src/cli.ts with the options of esbuild.config.mjs's CLI build, so the tests never depend on a prior build.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { run, type CliRun } from "../support/cli";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const SAMPLE_VAULT = path.join(repo, "sample-vault");
const SAMPLE_NAME = "The future of DL+CV.md";

/** Every in-process run below assumes the test config's TZ=UTC: the study day starts at 04:00Z. */
const NOW = "2026-03-10T12:00:00Z";

// ---- helpers ---------------------------------------------------------------------------------------



/** One state line of the `srs` property. */
function entry(key: string, phase: string, due: string): string {
  return `  ${key}: {due: ${due}, stability: 3.1, difficulty: 5.2, reps: 2, lapses: 0, state: ${phase}, step: 0, last: 2026-03-01T08:00:00Z}`;
}

function note(frontmatter: string[], body: string): string {
  return `---\n${frontmatter.join("\n")}\n---\n${body}`;
}

const NOTES: Record<string, string> = {
  // Nested tag: deck lang/de. Hund is a review card due today, Katze is new.
  "langs/german.md": note(["tags: [flashcards/lang/de]", "srs:", entry("Hund", "review", "2026-03-10T20:00:00Z")], "### Hund\ndog\n### Katze\ncat\n"),
  // Plain tag in a folder: deck courses/eecs498. Due before the next 4:00 (UTC), or not.
  "courses/eecs498/lecture.md": note(
    [
      "tags: flashcards",
      "srs:",
      entry("Tomorrow", "review", "2026-03-11T10:00:00Z"),
      entry("Before four", "review", "2026-03-11T03:59:59Z"),
      entry("Six", "review", "2026-03-11T06:00:00Z"),
    ],
    "# Lecture\n### Tomorrow\nt\n### Before four\nb\n### Six\ns\n",
  ),
  // In two decks (lang/de and lang/fr): learning cards by exact time with a 20-minute learn-ahead.
  "both.md": note(
    [
      "tags: [flashcards/lang/de, flashcards/lang/fr]",
      "srs:",
      entry("Soon", "learning", "2026-03-10T12:20:00Z"),
      entry("Late", "relearning", "2026-03-10T12:21:00Z"),
      entry("Overdue", "relearning", "2026-03-10T09:00:00Z"),
    ],
    "### Soon\nsoon\n### Late\nlate\n### Overdue\noverdue\n### Fresh\nfresh\n",
  ),
  // Dot-folders are skipped, wherever they are.
  ".trash/hidden.md": note(["tags: flashcards"], "### Hidden\nnot counted\n###\n"),
  "courses/.drafts/draft.md": note(["tags: flashcards"], "### Draft\nnot counted\n### Draft\nagain\n"),
  ".obsidian/plugin-notes.md": "#flashcards\n### Config\nnot counted\n",
  // Untagged: headings, but no cards.
  "untagged.md": note(["tags: [flashcards-old, notes]"], "#flashcardsX\n### Not a card\nanswer\n###\n"),
};

const temps: string[] = [];

/**
 * A fresh temp dir holding `vault/` (the user's example note from sample-vault, plus NOTES) and `outside.md`,
 * a tagged note outside it. Only that one note is copied: the rest of sample-vault is the playground's and
 * may grow without changing the counts below.
 */
function makeVault(extra: Record<string, string | Uint8Array> = {}, withNotes = true): { root: string; vault: string; outside: string } {
  const root = mkdtempSync(path.join(tmpdir(), "flashcards-cli-"));
  temps.push(root);
  const vault = path.join(root, "vault");
  mkdirSync(vault);
  cpSync(path.join(SAMPLE_VAULT, SAMPLE_NAME), path.join(vault, SAMPLE_NAME));
  const files = withNotes ? { ...NOTES, ...extra } : extra;
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(vault, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  const outside = path.join(root, "outside.md");
  writeFileSync(outside, note(["tags: flashcards"], "### Bias\noutside the vault\n"));
  return { root, vault, outside };
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Bytes and mtime of every file below `dir` (symlinks as their target text), to prove nothing was written. */
function snapshot(dir: string): Map<string, string> {
  const result = new Map<string, string>();
  const walk = (current: string): void => {
    for (const name of readdirSync(current)) {
      const file = path.join(current, name);
      const stats = lstatSync(file);
      if (stats.isDirectory()) walk(file);
      else if (stats.isSymbolicLink()) result.set(file, "symlink");
      else result.set(file, `${stats.mtimeMs} ${readFileSync(file).toString("base64")}`);
    }
  };
  walk(dir);
  return result;
}

/** Moves every mtime into the past, so that a rewrite with the same bytes would still show. */
function ageFiles(dir: string): void {
  const past = new Date("2020-01-01T00:00:00Z");
  for (const file of snapshot(dir).keys()) if (!lstatSync(file).isSymbolicLink()) utimesSync(file, past, past);
}

interface CardJson {
  key: string;
  question: string;
  answer: string;
  context: string[];
  line: number;
  state: Record<string, unknown> | null;
}
interface NoteJson {
  path: string;
  tagged: boolean;
  decks: string[];
  cards: CardJson[];
  problems: { line: number; message: string }[];
}

function cardsOf(...files: string[]): NoteJson[] {
  const result = run("cards", ...files);
  expect(result.code).toBe(0);
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout) as NoteJson[];
}

/** The state line's own field names (design.md §2), then identity and card management, always present. */
const STATE_KEYS = ["due", "stability", "difficulty", "reps", "lapses", "state", "step", "last", "id", "suspended", "flag", "leech"];

beforeAll(() => {
  // The in-process counts below are written for UTC (vitest.config.mts pins it).
  expect(new Date("2026-03-10T12:00:00Z").getTimezoneOffset()).toBe(0);
});

// ---- cards -----------------------------------------------------------------------------------------

describe("cards", () => {
  it("prints one object per file, in argument order, with the path exactly as given", () => {
    const { vault } = makeVault();
    const german = `${vault}/langs/../langs/german.md`;
    const sample = path.join(vault, SAMPLE_NAME);
    const untagged = `${vault}//untagged.md`;
    const notes = cardsOf(untagged, german, sample, german);
    expect(notes.map((n) => n.path)).toEqual([untagged, german, sample, german]);
    expect(notes.map((n) => n.tagged)).toEqual([false, true, true, true]);
    for (const n of notes) expect(Object.keys(n)).toEqual(["path", "tagged", "decks", "cards", "problems"]);
  });

  it("yields exactly the 8 cards of the user's example note, with contexts and 1-based lines counting the frontmatter", () => {
    const { vault } = makeVault();
    const [sample] = cardsOf(path.join(vault, SAMPLE_NAME));
    expect(sample.tagged).toBe(true);
    expect(sample.decks).toEqual([]); // the plain tag: a folder deck, which `cards` does not list (D1)
    expect(sample.problems).toEqual([]);
    expect(sample.cards.map((c) => [c.key, c.context, c.line])).toEqual([
      ["We will discover new types of deep models.", ["Predictions"], 9],
      ["Deep Learning will find new applications", ["Predictions"], 12],
      ["Deep Learning will use more data and more compute", ["Predictions"], 22],
      ["Bias", ["Problems"], 29],
      ["Need new theory", ["Problems"], 33],
      ["Generalization", ["Problems"], 51],
      ["We need a lot of labelled training data", ["Problems"], 56],
      ["Deep Learning doesn't understand the world", ["Problems"], 69],
    ]);
    const lines = readFileSync(path.join(vault, SAMPLE_NAME), "utf8").split("\n");
    for (const card of sample.cards) {
      expect(Object.keys(card)).toEqual(["key", "question", "answer", "context", "line", "state"]);
      expect(lines[card.line - 1]).toBe(`### ${card.question}`);
      expect(card.state).toBeNull();
    }
    expect(sample.cards[3].answer).toBe("There is a bias in the training data, so there is a bias in the predictions.");
  });

  it("lists nested-tag decks in order, and the state of reviewed cards (the state line's fields, then id, suspended, flag, leech)", () => {
    const { vault } = makeVault();
    const [both, german] = cardsOf(path.join(vault, "both.md"), path.join(vault, "langs/german.md"));
    expect(both.decks).toEqual(["lang/de", "lang/fr"]);
    expect(german.decks).toEqual(["lang/de"]);
    expect(german.cards.map((c) => c.key)).toEqual(["Hund", "Katze"]);
    expect(german.cards[0].state).toStrictEqual({
      due: "2026-03-10T20:00:00Z",
      stability: 3.1,
      difficulty: 5.2,
      reps: 2,
      lapses: 0,
      state: "review",
      step: 0,
      last: "2026-03-01T08:00:00Z",
      id: null,
      suspended: false,
      flag: null,
      leech: false,
    });
    expect(Object.keys(german.cards[0].state ?? {})).toEqual(STATE_KEYS);
    expect(german.cards[1].state).toBeNull();
    expect(both.cards.map((c) => c.state?.state ?? null)).toEqual(["learning", "relearning", "relearning", null]);
  });

  it("shows the state a review wrote, with exactly the state line's field names", () => {
    const { vault } = makeVault();
    const reviewed = run("review", vault, "--note", SAMPLE_NAME, "--question", "Bias", "--rating", "good", "--now", NOW);
    expect(reviewed.code).toBe(0);
    const [sample] = cardsOf(path.join(vault, SAMPLE_NAME));
    const bias = sample.cards.find((c) => c.key === "Bias");
    expect(bias?.state).not.toBeNull();
    expect(Object.keys(bias?.state ?? {})).toEqual(STATE_KEYS);
    expect(bias?.state).toStrictEqual(JSON.parse(reviewed.stdout));
    expect(bias?.state?.last).toBe(NOW);
    expect(bias?.state?.reps).toBe(1);
    // Two frontmatter lines were added (srs: and its entry): the headings moved down with them.
    expect(bias?.line).toBe(31);
    expect(sample.cards.filter((c) => c.state !== null)).toHaveLength(1);
  });

  it("gives an untagged note no cards", () => {
    const { vault } = makeVault();
    const [untagged] = cardsOf(path.join(vault, "untagged.md"));
    expect(untagged).toEqual({ path: path.join(vault, "untagged.md"), tagged: false, decks: [], cards: [], problems: [] });
  });

  it("reports problems as data and exits 0", () => {
    const { vault } = makeVault({
      "problems.md": note(["tags: flashcards", "srs:", "  Dup: {due: soon, state: review}"], "### Empty\n\n### Dup\na\n### Dup\nb\n"),
      "broken.md": "---\ntags: [flashcards\nbad: x\n---\n### Q\nA\n",
    });
    const [problems, broken] = cardsOf(path.join(vault, "problems.md"), path.join(vault, "broken.md"));
    expect(problems.cards.map((c) => c.key)).toEqual(["Dup", "Dup (2)"]);
    expect(problems.problems.map((p) => p.line).sort((a, b) => a - b)).toEqual([4, 6, 10]);
    expect(problems.problems.find((p) => p.line === 6)?.message).toMatch(/Empty.*no answer/);
    expect(problems.problems.find((p) => p.line === 10)?.message).toMatch(/Dup \(2\)/);
    expect(problems.problems.find((p) => p.line === 4)?.message).toMatch(/state of "Dup" can't be read/);
    expect(broken.tagged).toBe(false);
    expect(broken.cards).toEqual([]);
    expect(broken.problems).toEqual([{ line: 1, message: expect.stringMatching(/invalid YAML/) as unknown as string }]);
  });

  it("refuses a binary .md and invalid UTF-8 with a clear problem, still exit 0", () => {
    const { vault } = makeVault({
      "image.md": Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
      "latin1.md": Buffer.concat([Buffer.from("---\ntags: flashcards\n---\n### Caf"), Buffer.from([0xe9]), Buffer.from("\nanswer\n")]),
    });
    const [image, latin1] = cardsOf(path.join(vault, "image.md"), path.join(vault, "latin1.md"));
    expect(image).toMatchObject({ tagged: false, decks: [], cards: [] });
    expect(image.problems).toHaveLength(1);
    expect(image.problems[0].message).toMatch(/binary/);
    expect(latin1).toMatchObject({ tagged: false, decks: [], cards: [] });
    expect(latin1.problems).toHaveLength(1);
    expect(latin1.problems[0].message).toMatch(/UTF-8/);
  });

  it("exits 2 on a missing or unreadable file, printing no JSON", () => {
    const { vault } = makeVault();
    for (const bad of [path.join(vault, "nope.md"), path.join(vault, "langs")]) {
      const result = run("cards", path.join(vault, SAMPLE_NAME), bad);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(bad);
    }
    expect(run("cards").code).toBe(2);
  });
});

// ---- due -------------------------------------------------------------------------------------------

interface DueJson {
  now: string;
  total: number;
  new: number;
  learning: number;
  due: number;
  decks: { name: string; total: number; new: number; learning: number; due: number }[];
}

function dueOf(...argv: string[]): DueJson {
  const result = run("due", ...argv, "--json");
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as DueJson;
}

describe("due", () => {
  it("counts new, learning and due cards per deck, a card in two decks once in the totals", () => {
    const { vault } = makeVault();
    const due = dueOf(vault, "--now", NOW);
    expect(Object.keys(due)).toEqual(["now", "total", "new", "learning", "due", "decks"]);
    expect(due).toStrictEqual({
      now: "2026-03-10T12:00:00Z",
      // sample 8 + german 2 + lecture 3 + both 4; nothing from dot-folders or the untagged note
      total: 17,
      new: 10, // 8 sample + Katze + Fresh
      learning: 2, // Soon (exactly 20 min ahead) and Overdue; Late is 21 min ahead
      due: 2, // Hund (today 20:00) and "Before four" (03:59:59 tomorrow); Six and Tomorrow fall after 04:00
      decks: [
        { name: "Vault root", total: 8, new: 8, learning: 0, due: 0 },
        { name: "courses/eecs498", total: 3, new: 0, learning: 0, due: 1 },
        { name: "lang/de", total: 6, new: 2, learning: 2, due: 1 },
        { name: "lang/fr", total: 4, new: 1, learning: 2, due: 0 },
      ],
    });
    for (const deck of due.decks) expect(Object.keys(deck)).toEqual(["name", "total", "new", "learning", "due"]);
  });

  it("starts the next day at 4:00, or at --day-start", () => {
    const { vault } = makeVault();
    expect(dueOf(vault, "--now", "2026-03-11T03:59:00Z").due).toBe(2);
    // A new study day: Six and Tomorrow are due before 2026-03-12T04:00Z.
    expect(dueOf(vault, "--now", "2026-03-11T04:00:00Z").due).toBe(4);
    expect(dueOf(vault, "--now", NOW, "--day-start", "7").due).toBe(3); // + Six (06:00Z)
    expect(dueOf(vault, "--now", NOW, "--day-start", "11").due).toBe(4); // + Tomorrow (10:00Z)
    expect(dueOf(vault, "--now", NOW, "--day-start", "0").due).toBe(1); // "Before four" is tomorrow now
    // Learning goes by exact time with a 20-minute learn-ahead, whatever the day.
    expect(dueOf(vault, "--now", "2026-03-10T12:01:00Z").learning).toBe(3);
    expect(dueOf(vault, "--now", "2026-03-10T11:59:00Z").learning).toBe(1);
  });

  it("skips dot-folders and notes that are not tagged", () => {
    const { vault } = makeVault({}, false);
    expect(dueOf(vault, "--now", NOW)).toMatchObject({ total: 8, decks: [{ name: "Vault root", total: 8 }] });
    const skipped = Object.keys(NOTES).filter((relative) => relative.split("/").some((part) => part.startsWith(".")) || relative === "untagged.md");
    expect(skipped).toHaveLength(4);
    for (const relative of skipped) {
      mkdirSync(path.dirname(path.join(vault, relative)), { recursive: true });
      writeFileSync(path.join(vault, relative), NOTES[relative]);
    }
    expect(dueOf(vault, "--now", NOW)).toMatchObject({ total: 8, decks: [{ name: "Vault root", total: 8 }] });
    // The same note outside a dot-folder counts.
    writeFileSync(path.join(vault, "courses/drafts.md"), NOTES["courses/.drafts/draft.md"]);
    expect(dueOf(vault, "--now", NOW)).toMatchObject({ total: 10, new: 10, decks: [{ name: "Vault root" }, { name: "courses", total: 2 }] });
  });

  it("does not follow a symlinked folder that leads outside the vault", () => {
    const { root, vault } = makeVault({}, false);
    mkdirSync(path.join(root, "elsewhere"));
    writeFileSync(path.join(root, "elsewhere/n.md"), note(["tags: flashcards"], "### Q\nA\n"));
    symlinkSync(path.join(root, "elsewhere"), path.join(vault, "linked"));
    symlinkSync(path.join(root, "outside.md"), path.join(vault, "outside-link.md"));
    expect(dueOf(vault, "--now", NOW).total).toBe(8);
  });

  it("prints a readable table without --json", () => {
    const { vault } = makeVault();
    const result = run("due", vault, "--now", NOW);
    expect(result.code).toBe(0);
    expect(() => JSON.parse(result.stdout) as unknown).toThrow();
    // Local time (TZ=UTC here), to the second: no ISO "T", no milliseconds.
    expect(result.stdout).toContain("Cards to study at 2026-03-10 12:00:00\n");
    expect(result.stdout).not.toMatch(/\.\d{3}Z/);
    expect(result.stdout).toMatch(/^Deck\s+New\s+Learning\s+Due\s+Total$/m);
    expect(result.stdout).toMatch(/^lang\/de\s+2\s+2\s+1\s+6$/m);
    expect(result.stdout).toMatch(/^courses\/eecs498\s+0\s+0\s+1\s+3$/m);
    expect(result.stdout).toMatch(/^All decks\s+10\s+2\s+2\s+17$/m);
  });

  it("exits 2 on usage errors", () => {
    const { vault } = makeVault();
    expect(run("due").code).toBe(2);
    expect(run("due", vault, vault).code).toBe(2);
    expect(run("due", path.join(vault, "missing-folder")).code).toBe(2);
    expect(run("due", vault, "--now", "tomorrow").code).toBe(2);
    expect(run("due", vault, "--day-start", "24").code).toBe(2);
    expect(run("due", vault, "--json=yes").code).toBe(2);
    expect(run("due", vault, "--verbose").code).toBe(2);
  });
});

// ---- review ----------------------------------------------------------------------------------------

function review(vault: string, notePath: string, question: string, rating = "good", now = NOW): CliRun {
  return run("review", vault, "--note", notePath, "--question", question, "--rating", rating, "--now", now);
}

/** Runs `argv`, expects the given exit code, a one-line reason on stderr and not one byte written anywhere. */
function expectUntouched(root: string, code: number, argv: string[]): CliRun {
  ageFiles(root);
  const before = snapshot(root);
  const result = run(...argv);
  expect(result.code).toBe(code);
  expect(result.stdout).toBe("");
  expect(result.stderr).toMatch(code === 1 ? /^flashcards: / : /flashcards/);
  if (code === 1) expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(snapshot(root)).toEqual(before);
  return result;
}

describe("review", () => {
  it("changes exactly the card's state line and prints the new state", () => {
    const { vault } = makeVault();
    const file = path.join(vault, "courses/eecs498/lecture.md");
    const before = readFileSync(file, "utf8");
    const result = review(vault, "courses/eecs498/lecture.md", "Before four", "good");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const state = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(state)).toEqual(STATE_KEYS);
    expect(state).toMatchObject({ state: "review", reps: 3, lapses: 0, last: NOW });
    const after = readFileSync(file, "utf8");
    const [a, b] = [before.split("\n"), after.split("\n")];
    expect(b).toHaveLength(a.length);
    const changed = a.flatMap((line, i) => (line === b[i] ? [] : [i]));
    expect(changed).toEqual([4]);
    expect(a[4]).toMatch(/^ {2}Before four: \{/);
    expect(b[4]).toMatch(new RegExp(`^ {2}Before four: \\{due: ${String(state.due)}, .*state: review, .*last: ${NOW}, id: [a-z0-9]{6}, h: [a-f0-9]{7}\\}$`));
    // The state written is the state printed.
    const [lecture] = cardsOf(file);
    expect(lecture.cards.find((c) => c.key === "Before four")?.state).toStrictEqual(state);
  });

  it("adds one line (and srs:) to a note without state, every other line identical", () => {
    const { vault } = makeVault();
    const file = path.join(vault, SAMPLE_NAME);
    const before = readFileSync(file, "utf8").split("\n");
    expect(review(vault, SAMPLE_NAME, "Generalization", "easy").code).toBe(0);
    const once = readFileSync(file, "utf8").split("\n");
    expect(once.slice(0, 4)).toEqual(before.slice(0, 4));
    expect(once[4]).toBe("srs:");
    expect(once[5]).toMatch(/^ {2}Generalization: \{due: .*state: review.*\}$/);
    expect(once.slice(6)).toEqual(before.slice(4));
    expect(review(vault, SAMPLE_NAME, "Bias", "again").code).toBe(0);
    const twice = readFileSync(file, "utf8").split("\n");
    expect(twice).toHaveLength(once.length + 1);
    const added = twice.findIndex((line, i) => line !== once[i]);
    expect(twice[added]).toMatch(/^ {2}Bias: \{.*state: learning.*\}$/);
    expect([...twice.slice(0, added), ...twice.slice(added + 1)]).toEqual(once);
  });

  it("keeps a BOM, CRLF endings, comments and flow style byte for byte", () => {
    const crlf = [
      "\uFEFF---",
      'tags: [ "flashcards" ,  lang ]   # keep: this comment',
      "aliases:",
      "  - 'quoted: yes'",
      "srs:",
      entry("One", "review", "2026-03-10T08:00:00Z"),
      entry('"Two: #[[x]]"', "review", "2026-03-12T08:00:00Z"),
      "---",
      "### One",
      "first",
      "### Two: #[[x]]",
      "second",
      "",
    ].join("\r\n");
    const { vault } = makeVault({ "crlf.md": crlf });
    const file = path.join(vault, "crlf.md");
    const two = review(vault, "crlf.md", "Two: #[[x]]", "hard");
    expect(two.code).toBe(0);
    const one = review(vault, "crlf.md", "One", "good");
    expect(one.code).toBe(0);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const after = bytes.toString("utf8");
    expect(after.match(/\r\n/g)).toHaveLength(12);
    expect(after.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const [a, b] = [crlf.split("\r\n"), after.split("\r\n")];
    expect(b).toHaveLength(a.length);
    expect(a.flatMap((line, i) => (line === b[i] ? [] : [i]))).toEqual([5, 6]);
    expect(b[5]).toContain(`last: ${NOW}`);
    expect(b[6]).toMatch(/^ {2}"Two: #\[\[x\]\]": \{.*last: 2026-03-10T12:00:00Z, id: [a-z0-9]{6}, h: [a-f0-9]{7}\}$/);
    const [parsed] = cardsOf(file);
    expect(parsed.cards.map((c) => c.state?.last)).toEqual([NOW, NOW]);
    expect(parsed.cards[0].state).toStrictEqual(JSON.parse(one.stdout));
    expect(parsed.cards[1].state).toStrictEqual(JSON.parse(two.stdout));
  });

  it("takes the note relative to the vault, or as an absolute path inside it", () => {
    const { root, vault } = makeVault();
    expect(review(vault, "langs/german.md", "Katze").code).toBe(0);
    expect(review(vault, path.join(vault, "langs/german.md"), "Hund").code).toBe(0);
    expect(review(vault, "courses/../both.md", "Fresh").code).toBe(0);
    const [german, both] = cardsOf(path.join(vault, "langs/german.md"), path.join(vault, "both.md"));
    expect(german.cards.map((c) => c.state?.last)).toEqual([NOW, NOW]);
    expect(both.cards[3].state?.last).toBe(NOW);
    // The vault named through a symlink (macOS's /tmp is one): an absolute note path through the same link is inside.
    symlinkSync(vault, path.join(root, "vault-link"));
    const linked = path.join(root, "vault-link");
    expect(review(linked, path.join(linked, "courses/eecs498/lecture.md"), "Six").code).toBe(0);
    expect(review(linked, path.join(vault, "courses/eecs498/lecture.md"), "Tomorrow").code).toBe(0);
    const [lecture] = cardsOf(path.join(vault, "courses/eecs498/lecture.md"));
    expect(lecture.cards.map((c) => c.state?.last)).toEqual([NOW, "2026-03-01T08:00:00Z", NOW]);
  });

  it("refuses a note outside the vault: ../, an absolute path elsewhere, a symlink leading out", () => {
    const { root, vault, outside } = makeVault();
    symlinkSync(outside, path.join(vault, "link.md"));
    mkdirSync(path.join(root, "elsewhere"));
    writeFileSync(path.join(root, "elsewhere/n.md"), note(["tags: flashcards"], "### Bias\nA\n"));
    symlinkSync(path.join(root, "elsewhere"), path.join(vault, "linked"));
    for (const target of ["../outside.md", outside, "link.md", path.join(vault, "link.md"), "linked/n.md", "langs/../../outside.md", vault, "."]) {
      const result = expectUntouched(root, 1, ["review", vault, "--note", target, "--question", "Bias", "--rating", "good", "--now", NOW]);
      expect(result.stderr).toMatch(/outside the vault/);
    }
  });

  it("refuses a missing or untagged note, an unknown card, invalid YAML and an unreadable state entry", () => {
    const { root, vault } = makeVault({
      "broken.md": "---\ntags: [flashcards\nsrs:\n---\n#flashcards\n### Q\nA\n",
      "broken-untagged.md": "---\ntags: [flashcards\n---\n### Q\nA\n",
      "bad-state.md": note(["tags: flashcards", "srs:", "  Q: {due: nonsense, stability: 1, difficulty: 5, reps: 1, lapses: 0, state: review, step: 0}"], "### Q\nA\n"),
      "binary.md": Uint8Array.from([0x23, 0x20, 0x00, 0x01]),
      "dashes.md": "---",
      "flow.md": "---\n{tags: [flashcards]}\n---\n### Q\nA\n",
      "srs-scalar.md": "---\ntags: flashcards\nsrs: 5\n---\n### Q\nA\n",
    });
    const cases: [string, string, RegExp][] = [
      ["missing.md", "Q", /not found/],
      ["langs/missing.md", "Q", /not found/],
      ["langs", "Q", /not found/],
      ["untagged.md", "Not a card", /not tagged/],
      ["dashes.md", "Q", /not tagged/],
      ["langs/german.md", "Katz", /no card "Katz"/],
      ["both.md", "both", /no card/],
      ["broken.md", "Q", /invalid YAML/],
      ["broken-untagged.md", "Q", /not tagged/],
      ["bad-state.md", "Q", /can't be read/],
      ["binary.md", "Q", /binary/],
      ["flow.md", "Q", /flow style/],
      ["srs-scalar.md", "Q", /"srs" must map card names/],
      [".trash/hidden.md", "Nope", /no card/],
    ];
    for (const [notePath, question, reason] of cases) {
      const result = expectUntouched(root, 1, ["review", vault, "--note", notePath, "--question", question, "--rating", "good", "--now", NOW]);
      expect(result.stderr, notePath).toMatch(reason);
    }
  });

  it("exits 2 on a bad --rating, a bad --now, an unknown option or command, a missing required option", () => {
    const { root, vault } = makeVault();
    const base = ["review", vault, "--note", "langs/german.md", "--question", "Hund"];
    const cases = [
      [...base, "--rating", "medium"],
      [...base, "--rating", "0"],
      [...base, "--rating", "5"],
      [...base, "--rating", "g"],
      [...base, "--rating", "good", "--now", "yesterday"],
      [...base, "--rating", "good", "--now", "2026-03-10"],
      [...base, "--rating", "good", "--now", "2026-03-10T12:00:00"],
      [...base, "--rating", "good", "--now", "2026-02-30T12:00:00Z"],
      [...base, "--rating", "good", "--now", "2026-13-01T12:00:00Z"],
      [...base, "--rating", "good", "--force"],
      [...base, "--rating", "good", "--json"],
      [...base, "--rating", "good", "--rating", "good"],
      [...base, "--rating"],
      base,
      ["review", vault, "--note", "langs/german.md", "--rating", "good"],
      ["review", vault, "--question", "Hund", "--rating", "good"],
      ["review", "--note", "langs/german.md", "--question", "Hund", "--rating", "good"],
      ["reveiw", vault, "--note", "langs/german.md", "--question", "Hund", "--rating", "good"],
      [],
    ];
    for (const argv of cases) {
      const result = expectUntouched(root, 2, argv);
      expect(result.stderr, argv.join(" ")).toContain("usage: flashcards");
    }
  });

  it("takes --rating as 1-4 or as a word in any letter case", () => {
    const cases: [string, string][] = [["1", "again"], ["2", "hard"], ["3", "good"], ["4", "easy"], ["GOOD", "good"], ["Easy", "easy"], ["aGaIn", "again"]];
    for (const [raw, word] of cases) {
      const [byRaw, byWord] = [makeVault().vault, makeVault().vault];
      const a = review(byRaw, "langs/german.md", "Katze", raw);
      const b = review(byWord, "langs/german.md", "Katze", word);
      expect(a.code, raw).toBe(0);
      // The same state, but for the card's new id (random on a first write) and the checksum that covers it.
      const withoutId = (text: string) => text.replace(/"id":"[a-z0-9]+"/, '"id":"?"').replace(/, id: [a-z0-9]+, h: [a-f0-9]+\}/, ", id: ?}");
      expect(withoutId(a.stdout), raw).toBe(withoutId(b.stdout));
      expect(withoutId(readFileSync(path.join(byRaw, "langs/german.md"), "utf8"))).toBe(withoutId(readFileSync(path.join(byWord, "langs/german.md"), "utf8")));
    }
  });

  it("takes --note without .md, as a link names the note; a folder of that name is not the note", () => {
    const { vault } = makeVault({ "langs/german/readme.txt": "a folder beside german.md" });
    expect(review(vault, "langs/german", "Katze").code).toBe(0);
    expect(readFileSync(path.join(vault, "langs/german.md"), "utf8")).toMatch(/\n {2}Katze: \{due:/);
    const missing = review(vault, "langs/french", "Katze");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("flashcards: note not found: langs/french\n");
  });

  it("names the closest keys when --question matches no card", () => {
    const { root, vault } = makeVault();
    const typo = expectUntouched(root, 1, ["review", vault, "--note", SAMPLE_NAME, "--question", "Generalisation", "--rating", "good", "--now", NOW]);
    expect(typo.stderr).toMatch(/no card "Generalisation"; did you mean "Generalization"/);
    const part = expectUntouched(root, 1, ["review", vault, "--note", SAMPLE_NAME, "--question", "new theory", "--rating", "good", "--now", NOW]);
    expect(part.stderr).toMatch(/did you mean "Need new theory"/);
    const nothingClose = expectUntouched(root, 1, ["review", vault, "--note", "langs/german.md", "--question", "Elephant in the room", "--rating", "good", "--now", NOW]);
    expect(nothingClose.stderr).not.toMatch(/did you mean/);
  });

  it("names the vault-root deck as the study pane does, in the table and the JSON", () => {
    const { vault } = makeVault();
    expect(dueOf(vault, "--now", NOW).decks.map((deck) => deck.name)).toContain("Vault root");
    const table = run("due", vault, "--now", NOW).stdout;
    expect(table).toMatch(/^Vault root\s+8\s+0\s+0\s+8$/m);
    expect(table).not.toMatch(/^\/\s/m);
  });

  it("reviews the same card again from the state it wrote", () => {
    const { vault } = makeVault();
    const first = JSON.parse(review(vault, "langs/german.md", "Katze", "good").stdout) as { due: string; reps: number };
    const second = review(vault, "langs/german.md", "Katze", "good", first.due);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ reps: 2, last: first.due });
    const [german] = cardsOf(path.join(vault, "langs/german.md"));
    expect(german.cards[1].state).toStrictEqual(JSON.parse(second.stdout));
  });
});

// ---- check -----------------------------------------------------------------------------------------

describe("check", () => {
  const PROBLEM_NOTES = {
    "problems.md": note(
      ["tags: flashcards", "srs:", "  Dup: {due: 2026-01-01T00:00:00Z, stability: x, difficulty: 5, reps: 1, lapses: 0, state: review, step: 0}", entry("Gone", "review", "2026-01-01T00:00:00Z")],
      "### Empty\n\n### Dup\na\n### Dup\nb\n",
    ),
    "deck/broken-tagged.md": "---\ntags: [flashcards\nbad: x\n---\n### Q\nA\n",
    "broken-other.md": "---\ntags: [notes\n---\n### Q\nA\n",
    "untagged-problems.md": "### Empty\n\n### Same\na\n### Same\nb\n",
    ".trash/problems.md": note(["tags: flashcards"], "### Empty\n\n"),
  };

  it("lists every problem of tagged notes and invalid frontmatter that mentions the tag; exit 1", () => {
    const { vault } = makeVault(PROBLEM_NOTES);
    const result = run("check", vault, "--json");
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    const problems = JSON.parse(result.stdout) as { path: string; line: number; message: string }[];
    for (const problem of problems) expect(Object.keys(problem)).toEqual(["path", "line", "message"]);
    expect(problems.map((p) => [p.path, p.line]).sort()).toEqual(
      [
        ["deck/broken-tagged.md", 1],
        ["problems.md", 1],
        ["problems.md", 4],
        ["problems.md", 7],
        ["problems.md", 11],
      ].sort(),
    );
    const message = (file: string, line: number): string => problems.find((p) => p.path === file && p.line === line)?.message ?? "";
    expect(message("deck/broken-tagged.md", 1)).toMatch(/invalid YAML/);
    expect(message("problems.md", 1)).toMatch(/"Gone".*orphan/);
    expect(message("problems.md", 4)).toMatch(/state of "Dup" can't be read/);
    expect(message("problems.md", 7)).toMatch(/"Empty" has no answer/);
    expect(message("problems.md", 11)).toMatch(/"Dup" is asked twice/);

    const text = run("check", vault);
    expect(text.code).toBe(1);
    expect(text.stdout.trimEnd().split("\n").sort()).toEqual(problems.map((p) => `${p.path}:${p.line}: ${p.message}`).sort());
  });

  it("reports unreadable notes (binary, invalid UTF-8) too", () => {
    const { vault } = makeVault({ "image.md": Uint8Array.from([0x00, 0x01, 0x02]), "latin1.md": Uint8Array.from([0x23, 0xe9, 0x0a]) });
    const problems = JSON.parse(run("check", vault, "--json").stdout) as { path: string; message: string }[];
    expect(problems.map((p) => p.path)).toEqual(["image.md", "latin1.md"]);
  });

  it("exits 0 with nothing to report", () => {
    const { vault } = makeVault({ "broken-other.md": PROBLEM_NOTES["broken-other.md"], "untagged-problems.md": PROBLEM_NOTES["untagged-problems.md"] });
    expect(run("check", vault, "--json")).toEqual({ code: 0, stdout: "[]\n", stderr: "" });
    expect(run("check", vault)).toEqual({ code: 0, stdout: "No problems found.\n", stderr: "" });
    expect(run("check", vault, "--now", NOW).code).toBe(2);
  });
});

// ---- hostile input ---------------------------------------------------------------------------------

describe("hostile input", () => {
  it("parses a 5 MB note", () => {
    const answer = "x".repeat(240);
    const count = 20_000;
    const body = Array.from({ length: count }, (_, i) => `### Question ${i}\n${answer}\n`).join("");
    const big = `---\ntags: flashcards\n---\n# Big\n${body}`;
    expect(big.length).toBeGreaterThan(5_000_000);
    const { vault } = makeVault({ "big.md": big });
    const started = Date.now();
    const [parsed] = cardsOf(path.join(vault, "big.md"));
    expect(parsed.cards).toHaveLength(count);
    expect(parsed.cards[count - 1]).toMatchObject({ key: `Question ${count - 1}`, answer, context: ["Big"], line: 5 + 2 * (count - 1) });
    expect(dueOf(vault, "--now", NOW).total).toBe(17 + count);
    expect(review(vault, "big.md", `Question ${count - 1}`).code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("copes with a note that is only ---", () => {
    for (const text of ["---", "---\n", "---\r\n", "\uFEFF---"]) {
      const { vault } = makeVault({ "dashes.md": text });
      const [dashes] = cardsOf(path.join(vault, "dashes.md"));
      expect(dashes).toMatchObject({ tagged: false, decks: [], cards: [] });
      expect(dueOf(vault, "--now", NOW).total).toBe(17);
      expect(run("check", vault).code).toBe(0);
    }
  });
});

// ---- the real bundle ---------------------------------------------------------------------------------

describe("node dist/cli.js (black box)", () => {
  let bundleDir = "";
  let bundle = "";

  beforeAll(async () => {
    bundleDir = mkdtempSync(path.join(tmpdir(), "flashcards-bundle-"));
    bundle = path.join(bundleDir, "cli.js");
    // The options of esbuild.config.mjs's CLI build.
    await build({
      banner: { js: "#!/usr/bin/env node" },
      entryPoints: [path.join(repo, "src/cli.ts")],
      outfile: bundle,
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      logLevel: "silent",
      sourcemap: false,
      minify: false,
    });
  }, 60_000);

  afterAll(() => {
    rmSync(bundleDir, { recursive: true, force: true });
  });

  function spawn(args: string[], options: { tz?: string; cwd?: string } = {}): CliRun {
    const result = spawnSync(process.execPath, [bundle, ...args], {
      cwd: options.cwd ?? repo,
      env: { ...process.env, TZ: options.tz ?? "UTC" },
      encoding: "utf8",
    });
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  }

  it("prints cards for relative paths as given, exit 0", () => {
    const { vault } = makeVault();
    const result = spawn(["cards", "./langs/german.md", SAMPLE_NAME, "untagged.md"], { cwd: vault });
    expect(result.code).toBe(0);
    const notes = JSON.parse(result.stdout) as NoteJson[];
    expect(notes.map((n) => [n.path, n.cards.length])).toEqual([
      ["./langs/german.md", 2],
      [SAMPLE_NAME, 8],
      ["untagged.md", 0],
    ]);
  });

  it("follows the process time zone for the day, and --day-start", () => {
    const { vault } = makeVault();
    const due = (tz: string, ...extra: string[]): DueJson => {
      const result = spawn(["due", vault, "--now", NOW, "--json", ...extra], { tz });
      expect(result.code).toBe(0);
      return JSON.parse(result.stdout) as DueJson;
    };
    // UTC: the day ends 2026-03-11T04:00Z. New York (EDT, UTC-4): it ends at 04:00 local = 08:00Z, so Six (06:00Z) is due today.
    expect(due("UTC").due).toBe(2);
    expect(due("America/New_York").due).toBe(3);
    expect(due("America/New_York").decks.find((d) => d.name === "courses/eecs498")?.due).toBe(2);
    // Tokyo (UTC+9): now is 21:00 local; the day ends at 04:00 local = 2026-03-10T19:00Z, before Hund (20:00Z).
    expect(due("Asia/Tokyo").due).toBe(0);
    expect(due("America/New_York", "--day-start", "7").due).toBe(4); // ends 11:00Z: Tomorrow (10:00Z) too
    expect(due("UTC", "--day-start", "7").due).toBe(3);
    // Learning cards go by exact time, not by day.
    expect(due("Asia/Tokyo").learning).toBe(2);
    expect(due("UTC").now).toBe("2026-03-10T12:00:00Z");
  });

  it("reviews, and refuses with exit 1, one line on stderr and nothing written", () => {
    const { root, vault } = makeVault();
    const ok = spawn(["review", vault, "--note", "langs/german.md", "--question", "Katze", "--rating", "easy", "--now", NOW]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ state: "review", reps: 1, last: NOW });
    expect(readFileSync(path.join(vault, "langs/german.md"), "utf8")).toContain("  Katze: {due:");

    ageFiles(root);
    const before = snapshot(root);
    const refused = spawn(["review", vault, "--note", "../outside.md", "--question", "Bias", "--rating", "good", "--now", NOW]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(refused.stderr).toMatch(/outside the vault/);
    const noCard = spawn(["review", vault, "--note", "langs/german.md", "--question", "Maus", "--rating", "good", "--now", NOW]);
    expect(noCard.code).toBe(1);
    expect(noCard.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(snapshot(root)).toEqual(before);
  });

  it("exits 2 on usage errors and unreadable files, 1 when check finds problems", () => {
    const { vault } = makeVault({ "problems.md": note(["tags: flashcards"], "### Empty\n") });
    expect(spawn(["nope"]).code).toBe(2);
    expect(spawn([]).code).toBe(2);
    expect(spawn(["due", vault, "--now", "2026-03-10 12:00"]).code).toBe(2);
    expect(spawn(["review", vault, "--note", "langs/german.md", "--question", "Hund", "--rating", "ok"]).code).toBe(2);
    expect(spawn(["cards", path.join(vault, "nope.md")]).code).toBe(2);
    const check = spawn(["check", vault]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^problems\.md:4: "Empty" has no answer$/m);
    expect(statSync(path.join(vault, "problems.md")).isFile()).toBe(true);
  });
});
