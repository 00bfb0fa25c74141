import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CardIndex, cardId } from "../../src/core/study/card-index";
import { classify, LEARN_AHEAD_MS } from "../../src/core/scheduling/day";
import { Scheduler } from "../../src/core/scheduling/scheduler";
import { DueQueue } from "../../src/core/study/queue";
import { encodeEntry } from "../../src/core/state/state-codec";
import { ReviewSession, type DailyProgress, type NoteStore } from "../../src/core/study/session";
import { DEFAULT_PARSE_OPTIONS, type CardState, type Rating } from "../../src/core/types";
import { state } from "../support/builders";

// The test config pins TZ=UTC: the study day starts at 04:00Z.
const T0 = "2026-05-10T12:00:00Z";
const MIN = 60_000;

/** What a card is when the test starts: new, due, reviewed and due later, learning, suspended. */
const KINDS = ["new", "due", "later", "learning", "suspended"] as const;
type Kind = (typeof KINDS)[number];

function stateOf(kind: Kind, at: number): CardState | null {
  if (kind === "new") return null;
  if (kind === "due") return state({ due: `2026-05-0${1 + (at % 9)}T08:00:00Z` });
  if (kind === "later") return state({ due: `2026-06-0${1 + (at % 9)}T08:00:00Z` });
  if (kind === "learning") return state({ due: `2026-05-10T12:${String(at % 60).padStart(2, "0")}:00Z`, state: "learning", step: 1 });
  return state({ due: "2026-05-01T08:00:00Z", suspended: true });
}

function noteText(kinds: Kind[], prefix: string): string {
  const keys = kinds.map((_, at) => `${prefix}${at + 1}`);
  const lines = kinds.flatMap((kind, at) => {
    const cardState = stateOf(kind, at);
    return cardState === null ? [] : [`  ${encodeEntry(keys[at], cardState)}`];
  });
  return ["---", "tags: [flashcards]", ...(lines.length > 0 ? ["srs:", ...lines] : []), "---", ...keys.flatMap((key) => [`### ${key}`, `answer ${key}`, ""])].join("\n");
}

type Step = { do: "grade"; rating: Rating } | { do: "skip" } | { do: "bury" } | { do: "suspend" } | { do: "flag" } | { do: "undo" } | { do: "wait"; ms: number } | { do: "rebuild" };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constantFrom<Rating>("again", "hard", "good", "easy").map((rating): Step => ({ do: "grade", rating })),
  fc.constantFrom<Step>({ do: "skip" }, { do: "bury" }, { do: "suspend" }, { do: "flag" }, { do: "undo" }, { do: "rebuild" }),
  fc.integer({ min: 0, max: 30 * MIN }).map((ms): Step => ({ do: "wait", ms })),
);

describe("the review's counts: learning cards due now, cards held back by today's limits", () => {
  it("are what a count over every card in scope gives, whatever the session does", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.constantFrom(...KINDS), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.boolean(),
        fc.array(step, { maxLength: 20 }),
        async (notes, newPerDay, reviewsPerDay, firstNoteOnly, steps) => {
          const files = new Map<string, string>();
          const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
          notes.forEach((kinds, at) => {
            const path = `n${at}.md`;
            files.set(path, noteText(kinds, `Q${at}-`));
            index.update(path, files.get(path)!);
          });
          const store: NoteStore = {
            async process(path, edit) {
              files.set(path, edit(files.get(path)!));
            },
          };
          let now = new Date(T0);
          const progress: DailyProgress = { day: "2026-05-10", newDone: 0, reviewsDone: 0, buried: [] };
          const settings = { dayStartHour: 4, newPerDay, reviewsPerDay };
          const scheduler = new Scheduler({ fuzz: false });
          const include = firstNoteOnly ? (path: string): boolean => path === "n0.md" : (): boolean => true;
          const session = new ReviewSession({
            index,
            scheduler: () => scheduler,
            store,
            clock: () => now,
            settings: () => settings,
            parseOptions: () => DEFAULT_PARSE_OPTIONS,
            progress,
            saveProgress: () => {},
            appendLog: () => {},
            include: firstNoteOnly ? (note) => include(note.path) : undefined,
          });
          // The test's own record of what the session skipped, mirrored through undo.
          const skipped = new Set<string>();
          const done: { kind: string; id: string }[] = [];
          /** Learning cards due within the learn-ahead: what the header's learning count must say. */
          let learning = 0;
          const expected = (): { new: number; due: number } => {
            const excluded = new Set([...skipped, ...progress.buried]);
            let news = 0;
            let due = 0;
            learning = 0;
            for (const note of index.allNotes()) {
              if (!include(note.path)) continue;
              for (const card of note.cards) {
                if (card.state?.suspended || excluded.has(cardId(note.path, card.key))) continue;
                const kind = classify(card.state, now, settings.dayStartHour);
                if (kind === "new") news++;
                else if (kind === "due") due++;
                else if (kind === "learning") learning++;
              }
            }
            const shown = session.counts();
            return { new: Math.max(0, news - shown.new), due: Math.max(0, due - shown.due) };
          };
          expect(session.heldBack()).toEqual(expected());
          expect(session.counts().learning).toBe(learning);
          for (const next of steps) {
            const card = session.card;
            const id = card === null ? "" : cardId(card.note.path, card.card.key);
            if (next.do === "grade" && card !== null) {
              if ((await session.grade(next.rating)).ok) done.push({ kind: "grade", id });
            } else if (next.do === "skip" && card !== null) {
              session.skip();
              skipped.add(id);
              done.push({ kind: "skip", id });
            } else if (next.do === "bury" && card !== null) {
              session.bury();
              done.push({ kind: "bury", id });
            } else if (next.do === "suspend" && card !== null) {
              if ((await session.changeCurrentCard("suspend", (before) => ({ ...(before ?? state({ state: "new" })), suspended: true }))).ok) done.push({ kind: "suspend", id });
            } else if (next.do === "flag" && card !== null) {
              // A flag keeps the card where it is: new stays new, due stays due.
              if ((await session.changeCurrentCard("flag", (before) => ({ ...(before ?? state({ state: "new" })), flag: "red" }))).ok) done.push({ kind: "flag", id });
            } else if (next.do === "undo") {
              const result = await session.undo();
              if (result.ok) {
                const last = done.pop();
                if (last?.kind === "skip") skipped.delete(last.id);
              }
            } else if (next.do === "wait") {
              now = new Date(now.getTime() + next.ms);
              session.tick();
            } else if (next.do === "rebuild") {
              session.rebuild();
            }
            expect(session.heldBack()).toEqual(expected());
            expect(session.counts().learning).toBe(learning);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("the learning count by bisection", () => {
  it("is the count of every learning card due within the learn-ahead, at any moment", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 120 }), { maxLength: 30 }), fc.integer({ min: -10, max: 130 }), (minutes, nowMinute) => {
        // Whole minutes, so that some cards fall exactly on the learn-ahead's edge.
        const offsets = minutes.map((minute) => minute * 60);
        const nowOffset = nowMinute * 60;
        const base = Date.parse("2026-05-10T12:00:00Z");
        const iso = (seconds: number): string => new Date(base + seconds * 1000).toISOString().replace(".000Z", "Z");
        const keys = offsets.map((_, at) => `L${at + 1}`);
        const lines = offsets.map((offset, at) => `  ${encodeEntry(keys[at], state({ due: iso(offset), state: "learning", step: 1 }))}`);
        const text = ["---", "tags: [flashcards]", ...(lines.length > 0 ? ["srs:", ...lines] : []), "---", ...keys.flatMap((key) => [`### ${key}`, "answer", ""])].join("\n");
        const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
        index.update("l.md", text);
        const queue = DueQueue.build(index, new Date(base), { dayStartHour: 4, newLeft: 0, reviewsLeft: 0, excluded: new Set() });
        const now = new Date(base + nowOffset * 1000);
        const expected = offsets.filter((offset) => base + offset * 1000 <= now.getTime() + LEARN_AHEAD_MS).length;
        expect(queue.counts(now, true).learning).toBe(expected);
        expect(queue.counts(now, false).learning).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});
