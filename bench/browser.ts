// The card browser's two speed figures (issue 13): opening it (every card read into rows, filtered and
// sorted, the first screen of cells formatted) and answering one search keystroke.
import { BrowserModel, COLUMN_IDS, sortKey } from "../src/core/search/browser-model";
import type { CardIndex } from "../src/core/study/card-index";
import { DEFAULT_PARSE_OPTIONS } from "../src/core/types";
import { BENCH_NOW } from "./generate-vault";

/** What a user types, one keystroke at a time: a deck, a state, a property and free text. */
const TYPED = ["deck:lang is:due", "prop:ivl>10 -is:new", "neural OR tensor", "flag:1 OR is:suspended"];
const FIRST_SCREEN_ROWS = 40;

export interface BrowserFigure {
  cards: number;
  openRuns: number;
  openMs: number;
  /** Reading every card's answer from its note's text and making every row's search text, in slices after the first screen is shown (not in the open). */
  warmMs: number;
  keystrokes: number;
  keystrokeMs: number;
  keystrokeP90: number;
  keystrokeMaxMs: number;
}

function newModel(): BrowserModel {
  return new BrowserModel(() => ({ now: BENCH_NOW, dayStartHour: 4, buried: new Set(), reviewedSince: () => new Set() }));
}

export function measureBrowser(index: CardIndex, texts: Record<string, string>, runs: number, median: (values: number[]) => number): BrowserFigure {
  const opens: number[] = [];
  let model = newModel();
  for (let run = 0; run < runs + 2; run++) {
    const start = performance.now();
    model = newModel();
    model.load(index);
    // The first screen's cells: what the view formats before it can show anything.
    let chars = 0;
    for (const row of model.shown.slice(0, FIRST_SCREEN_ROWS)) for (const column of COLUMN_IDS) chars += String(sortKey(column, row, BENCH_NOW)).length;
    const ms = performance.now() - start;
    if (chars < 0) throw new Error("unreachable");
    if (run >= 2) opens.push(ms);
  }
  const warmStart = performance.now();
  // As the view does it, without the waits between slices: each note's cached text, its answers, the rows' text.
  for (const note of model.notesToRead()) model.setAnswers(note, texts[note.path] ?? null, DEFAULT_PARSE_OPTIONS);
  // As the view does once every answer is in: the search text joined ahead of the first keystroke.
  while (model.warm(4000));
  const warmMs = performance.now() - warmStart;
  const keystrokes: number[] = [];
  for (const query of TYPED) {
    for (let length = 1; length <= query.length; length++) {
      const start = performance.now();
      model.search(query.slice(0, length));
      keystrokes.push(performance.now() - start);
    }
  }
  return {
    cards: model.rows.length,
    openRuns: runs,
    openMs: round(median(opens)),
    warmMs: round(warmMs),
    keystrokes: keystrokes.length,
    keystrokeMs: round(median(keystrokes)),
    keystrokeP90: round([...keystrokes].sort((a, b) => a - b)[Math.floor(keystrokes.length * 0.9)]),
    keystrokeMaxMs: round(Math.max(...keystrokes)),
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
