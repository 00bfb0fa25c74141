// (8) and (9) of `npm run bench`: the editor badges (issue 16) on a 1,000-card note, driven without a DOM:
// the ViewPlugin's own work (scan, matching to the index, decorations for the visible lines, following
// an edit), not CodeMirror's drawing, which is the same for any decoration.
import { EditorState, type Transaction } from "@codemirror/state";
import type { EditorView, ViewUpdate } from "@codemirror/view";
import { editorInfoField } from "obsidian";
import { CardIndex } from "../src/core/study/card-index";
import { DEFAULT_PARSE_OPTIONS } from "../src/core/types";
import type { BadgeContext } from "../src/ui/editor-badges/badge-context";
import { EditorBadges } from "../src/ui/editor-badges/editor-extension";

const CARDS = 1000;
const PATH = "Big.md";
/** About one screen of a note: what CodeMirror draws (its viewport adds a margin around what is visible). */
const VISIBLE_CHARS = 4000;

function bigNote(): string {
  const lines = ["---", "tags: [flashcards]", "srs:"];
  for (let i = 0; i < CARDS; i += 2) {
    lines.push(`  Question ${i}: {due: 2026-03-0${1 + (i % 9)}T08:00:00Z, stability: ${1 + (i % 40)}, difficulty: 5, reps: 3, lapses: 0, state: review, last: 2026-02-20T08:00:00Z}`);
  }
  lines.push("---", "# Topic");
  for (let i = 0; i < CARDS; i++) lines.push(`### Question ${i}`, `The answer to question ${i}, with a [[link]] and some **bold** text.`, "");
  return lines.join("\n");
}

interface ViewStub {
  state: EditorState;
  visibleRanges: { from: number; to: number }[];
  dispatch: () => void;
}

/** A screen in the middle of the note's body. */
function stubView(state: EditorState): ViewStub {
  const from = state.doc.line(Math.floor(state.doc.lines * 0.75)).from;
  return { state, visibleRanges: [{ from, to: Math.min(state.doc.length, from + VISIBLE_CHARS) }], dispatch: () => undefined };
}

function updateFor(view: ViewStub, transaction: Transaction): ViewUpdate {
  const startState = view.state;
  view.state = transaction.state;
  return { state: transaction.state, startState, changes: transaction.changes, transactions: [transaction], docChanged: transaction.docChanged, viewportChanged: false, view } as unknown as ViewUpdate;
}

const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (value: number): number => Number(value.toFixed(3));

/**
 * Wall-clock medians, and CPU time per keystroke (the process's own CPU time over all keystrokes: on a
 * machine shared with other work, wall-clock tails measure the scheduler more than this code).
 */
export function measureEditorBadges(runs: number, keystrokes: number): {
  cards: number;
  decorateMs: number;
  keystrokeMs: number;
  keystrokeP90: number;
  keystrokeCpuMs: number;
  questionKeystrokeMs: number;
  questionKeystrokeCpuMs: number;
  badges: number;
} {
  const text = bigNote();
  const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
  index.update(PATH, text);
  const context: BadgeContext = {
    enabled: () => true,
    note: (path) => index.get(path),
    now: () => new Date("2026-03-02T10:00:00Z"),
    dayStartHour: () => 4,
    openMenu: () => undefined,
    onChange: () => () => undefined,
  };
  const info = { file: { path: PATH } };
  const fresh = (): EditorState => EditorState.create({ doc: text, extensions: [editorInfoField.init(() => info as never)] });

  const decorate: number[] = [];
  let badges = 0;
  for (let run = 0; run < runs; run++) {
    const view = stubView(fresh());
    const start = performance.now();
    const plugin = new EditorBadges(view as unknown as EditorView, context);
    decorate.push(performance.now() - start);
    badges = plugin.decorations.size;
  }

  // Typing in an answer near the middle of the note, one character per transaction.
  const view = stubView(fresh());
  const plugin = new EditorBadges(view as unknown as EditorView, context);
  let at = view.state.doc.line(Math.floor(view.state.doc.lines / 2)).to;
  if (view.state.doc.lineAt(at).text.startsWith("###")) at = view.state.doc.line(Math.floor(view.state.doc.lines / 2) + 1).to;
  const typing: number[] = [];
  let cpu = process.cpuUsage();
  for (let key = 0; key < keystrokes; key++) {
    const transaction = view.state.update({ changes: { from: at, insert: "x" } });
    const start = performance.now();
    plugin.update(updateFor(view, transaction));
    typing.push(performance.now() - start);
    at++;
  }
  const typingCpu = cpuMs(process.cpuUsage(cpu)) / keystrokes;
  // Rewording a question: each keystroke changes a question line (matching runs again).
  const question = view.state.doc.line(view.state.doc.lines - 2);
  let end = question.text.startsWith("###") ? question.to : view.state.doc.line(view.state.doc.lines - 3).to;
  const rewording: number[] = [];
  cpu = process.cpuUsage();
  for (let key = 0; key < keystrokes; key++) {
    const transaction = view.state.update({ changes: { from: end, insert: "y" } });
    const start = performance.now();
    plugin.update(updateFor(view, transaction));
    rewording.push(performance.now() - start);
    end++;
  }
  const rewordingCpu = cpuMs(process.cpuUsage(cpu)) / keystrokes;
  const sorted = [...typing].sort((a, b) => a - b);
  return {
    cards: CARDS,
    decorateMs: round(median(decorate)),
    keystrokeMs: round(median(typing)),
    keystrokeP90: round(sorted[Math.floor(sorted.length * 0.9)]),
    keystrokeCpuMs: round(typingCpu),
    questionKeystrokeMs: round(median(rewording)),
    questionKeystrokeCpuMs: round(rewordingCpu),
    badges,
  };
}
