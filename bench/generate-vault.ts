import { encodeEntry } from "../src/core/state/state-codec";
import type { CardState, Phase } from "../src/core/types";

/**
 * A seeded generator of realistic flashcard vaults for the benchmark. The same seed and size always
 * give the same bytes (mulberry32, no Math.random, no clock).
 *
 * Shape, on average: ~10 cards and ~5 KB per note; half the cards carry a state line exactly as the
 * writer writes it (encodeEntry); 70% of notes are tagged (frontmatter tags in varied forms, inline
 * `#flashcards`, nested-tag decks); notes sit in folders; answers hold lists, wiki and markdown links,
 * image embeds, inline and display math, code fences containing `###`, level-4 headings; ~5% of notes
 * use CRLF; a few big notes hold 1,000 cards each.
 */
export interface GeneratedVault {
  /** Path → text. */
  files: Record<string, string>;
  /** Paths of the notes with 1,000 cards. */
  bigNotes: string[];
  /** Paths of the notes that carry the tag (frontmatter or inline). */
  taggedNotes: string[];
}

/** The instant the generated states are placed around; the benchmark uses it as "now". */
export const BENCH_NOW = new Date("2026-03-02T10:00:00Z");

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  "the of and to in is that for it as with was on be by this are from or an at which not but have " +
  "gradient descent network layer weight bias loss function vector matrix tensor model training data " +
  "prediction error convolution kernel stride padding pooling activation softmax entropy optimizer " +
  "momentum learning rate batch epoch overfitting regularization dropout normalization attention " +
  "transformer encoder decoder token embedding sequence recurrent memory cell gate state hidden output " +
  "input feature map channel image pixel label class probability distribution sample variance mean " +
  "proof theorem lemma integral derivative limit series convergence eigenvalue basis dimension space " +
  "protein enzyme cell membrane nucleus mitochondria synthesis reaction catalyst molecule bond energy " +
  "Verb Nomen Kasus Genitiv Dativ Akkusativ über schön Mädchen naïve café résumé"
).split(" ");

const FOLDERS = [
  "",
  "courses/eecs498",
  "courses/eecs498/lectures",
  "courses/cs229",
  "languages/german",
  "languages/japanese",
  "biology",
  "math/analysis",
  "math/linear-algebra",
  "reading/papers",
  "inbox",
  "zettel",
];

const NESTED = ["lang/de", "lang/ja", "ml/vision", "ml/nlp", "math", "bio/cell", "history"];

class Writer {
  constructor(readonly rand: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.rand() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.rand() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)];
  }
  words(count: number): string {
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push(this.pick(WORDS));
    return out.join(" ");
  }
  sentence(min = 6, max = 18): string {
    const text = this.words(this.int(min, max));
    return text.charAt(0).toUpperCase() + text.slice(1) + ".";
  }
}

/** A canonical state, as the scheduler would have left it, around BENCH_NOW. */
function randomState(w: Writer): CardState {
  const roll = w.rand();
  const phase: Phase = roll < 0.08 ? "new" : roll < 0.18 ? "learning" : roll < 0.24 ? "relearning" : "review";
  const nowMs = BENCH_NOW.getTime();
  const iso = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
  const round = (value: number): number => Math.round(value * 10000) / 10000;
  if (phase === "new") {
    return { due: iso(nowMs - w.int(0, 30) * 86_400_000), stability: 0, difficulty: 0, reps: 0, lapses: 0, state: "new", step: 0, last_review: null };
  }
  const lastMs = nowMs - w.int(1, 60 * 86_400) * 1000;
  const dueMs = phase === "review" ? nowMs + (w.rand() * 40 - 10) * 86_400_000 : nowMs + (w.rand() * 60 - 20) * 60_000;
  return {
    due: iso(dueMs),
    stability: round(w.rand() * 120),
    difficulty: round(1 + w.rand() * 9),
    reps: w.int(1, 30),
    lapses: w.int(0, 5),
    state: phase,
    step: phase === "review" ? 0 : w.int(0, 1),
    last_review: iso(lastMs),
  };
}

/** One answer block: a mix of what real notes hold. Roughly 200–700 characters. */
function answer(w: Writer, cardNo: number): string[] {
  const lines: string[] = [];
  const kind = w.int(0, 9);
  lines.push(w.sentence());
  if (kind <= 2) {
    for (let i = w.int(2, 4); i > 0; i--) lines.push(`- ${w.words(w.int(3, 9))} [[${w.pick(WORDS)} ${w.pick(WORDS)}]]`);
  } else if (kind === 3) {
    lines.push(`The loss is $L = -\\sum_i y_i \\log p_i$ and its gradient $\\nabla L$ is cheap.`);
    lines.push("$$", "\\int_0^1 x^2 \\, dx = \\frac{1}{3}", "$$");
  } else if (kind === 4) {
    lines.push("```python", "### not a heading: a comment in code", `def f${cardNo}(x):`, "    return x * 2  # #not-a-tag", "```");
  } else if (kind === 5) {
    lines.push(`![[diagram-${cardNo % 50}.png]]`, `See [the paper](https://arxiv.org/abs/1706.${String(cardNo % 10000).padStart(5, "0")}) for ${w.words(4)}.`);
  } else if (kind === 6) {
    lines.push("", `#### Detail`, w.sentence(), `1. ${w.words(6)}`, `2. ${w.words(6)}`);
  } else if (kind === 7) {
    lines.push(`> ${w.sentence()}`, `Use \`code ### inline\` and ${w.words(5)}.`);
  } else {
    lines.push(w.sentence(), w.sentence());
  }
  if (w.chance(0.5)) lines.push("", w.sentence(8, 24));
  return lines;
}

function frontmatterTagLines(w: Writer, form: number, decks: string[]): string[] {
  const tags = decks.length > 0 ? decks.map((deck) => `flashcards/${deck}`) : ["flashcards"];
  const other = w.pick(["ml", "review", "todo", "exam", "cs"]);
  switch (form) {
    case 0:
      return [`tags: [${[...tags, other].join(", ")}]`];
    case 1:
      return ["tags:", ...[...tags, other].map((tag) => `  - ${tag}`)];
    case 2:
      return [`tags: ${[other, ...tags].join(", ")}`];
    case 3:
      return [`tags: ${[...tags, other].join(" ")}`];
    case 4:
      return ["tags:", ...[other, ...tags].map((tag) => `- ${tag}`)];
    default:
      return [`Tag: "#${tags[0]}"`];
  }
}

function userProperties(w: Writer, index: number): string[] {
  const lines: string[] = [];
  if (w.chance(0.5)) lines.push(`aliases: [${w.words(2)}, ${w.pick(WORDS)}]`);
  if (w.chance(0.6)) lines.push(`created: 2025-${String(1 + (index % 12)).padStart(2, "0")}-${String(1 + (index % 28)).padStart(2, "0")}`);
  if (w.chance(0.3)) lines.push(`source: "https://example.org/${w.pick(WORDS)}/${index}"`);
  if (w.chance(0.3)) lines.push(`status: ${w.pick(["draft", "done", "review"])}`);
  if (w.chance(0.1)) lines.push(`# a comment the user wrote`);
  return lines;
}

/** One note. `cards` level-3 headings, about half with a state line. */
function note(w: Writer, index: number, cards: number, tagged: boolean): string {
  const front: string[] = [];
  const decks = tagged && w.chance(0.25) ? [w.pick(NESTED)] : [];
  const inlineTag = tagged && w.chance(0.2);
  front.push(...userProperties(w, index));
  if (tagged && !inlineTag) {
    const tagLines = frontmatterTagLines(w, w.int(0, 5), decks);
    front.splice(w.int(0, front.length), 0, ...tagLines);
  } else if (!tagged && w.chance(0.4)) {
    front.push(`tags: [${w.pick(["ml", "journal", "flashcards-old", "meeting"])}]`);
  }

  const body: string[] = [];
  body.push(`# ${w.words(3)}`, "", w.sentence(), "");
  if (inlineTag) body.push(`Study with #flashcards${decks.length ? "/" + decks[0] : ""} and #${w.pick(["ml", "exam"])}.`, "");
  const keys: string[] = [];
  for (let card = 0; card < cards; card++) {
    if (card % 4 === 0) body.push(`## ${w.words(2)} ${card / 4 + 1}`, "");
    const key = `${w.words(w.int(2, 6))} ${index}-${card}?`;
    keys.push(key);
    body.push(`### ${key}`, ...answer(w, index * 1000 + card), "");
  }

  const states: string[] = [];
  for (const key of keys) if (w.chance(0.5)) states.push(`  ${encodeEntry(key, randomState(w))}`);
  if (states.length > 0) front.push("srs:", ...states);

  const lines = front.length > 0 ? ["---", ...front, "---", ...body] : body;
  const eol = w.chance(0.05) ? "\r\n" : "\n";
  return lines.join(eol) + eol;
}

/**
 * `notes` notes; `bigNotes` of them (spread through the vault) with 1,000 cards, the others with 1–19
 * cards so the average stays near 10 (big notes included).
 */
export function generateVault(notes: number, seed = 20260302): GeneratedVault {
  const w = new Writer(mulberry32(seed ^ notes));
  const bigCount = Math.max(1, Math.round(notes / 3000));
  const bigEvery = Math.floor(notes / bigCount);
  const files: Record<string, string> = {};
  const bigNotes: string[] = [];
  const taggedNotes: string[] = [];
  // Average of the small notes so that (small * (n - big) + 1000 * big) / n ≈ 10.
  const smallMean = Math.max(1, (10 * notes - 1000 * bigCount) / (notes - bigCount));
  for (let index = 0; index < notes; index++) {
    const big = index % bigEvery === Math.floor(bigEvery / 2) && bigNotes.length < bigCount;
    const tagged = big || w.chance(0.7);
    const cards = big ? 1000 : Math.max(1, Math.round(smallMean + (w.rand() * 2 - 1) * (smallMean - 1)));
    const folder = w.pick(FOLDERS);
    const path = `${folder ? folder + "/" : ""}note ${String(index).padStart(5, "0")} ${w.pick(WORDS)}.md`;
    files[path] = note(w, index, cards, tagged);
    if (big) bigNotes.push(path);
    if (tagged) taggedNotes.push(path);
  }
  return { files, bigNotes, taggedNotes };
}
