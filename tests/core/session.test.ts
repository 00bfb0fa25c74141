import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CardIndex, cardId } from "../../src/core/study/card-index";
import { cardAnswer, parseNote } from "../../src/core/notes/note";
import { Scheduler, type SchedulerSettings } from "../../src/core/scheduling/scheduler";
import { limitsLeft, MAX_ANSWER_MS, ReviewSession, type DailyProgress, type NoteStore, type ReviewLogRecord, type SessionSettings, type StudyMode } from "../../src/core/study/session";
import { DEFAULT_PARSE_OPTIONS, type CardState } from "../../src/core/types";
import { lineDiff } from "../support/line-diff";

// The test config pins TZ=UTC: the study day starts at 04:00Z.
const SAMPLE_PATH = "The future of DL+CV.md";
const SAMPLE = readFileSync(new URL(`../../sample-vault/${SAMPLE_PATH}`, import.meta.url), "utf8");
const SAMPLE_KEYS = parseNote(SAMPLE).cards.map((card) => card.key);
const T0 = "2026-05-10T12:00:00Z";
const MIN = 60_000;

/**
 * Notes in memory. `process` runs the edit on the latest text and writes its result in one step, like
 * Vault.process. Hooks let a test put another writer in the way:
 * - `beforeRead`: runs just before the edit reads the note (the user or a sync changed it after indexing);
 * - `race`: runs after the edit computed its result but before it lands; the store notices the text
 *   changed and runs the edit again on the new text, as an optimistic read-modify-write would;
 * - `gate`: holds the write open, to test what happens while a grade is in flight.
 */
class MemoryStore implements NoteStore {
  readonly files = new Map<string, string>();
  writes = 0;
  editRuns = 0;
  beforeRead: ((path: string) => void) | null = null;
  race: ((path: string) => void) | null = null;
  gate: Promise<void> | null = null;

  async process(path: string, edit: (text: string) => string): Promise<void> {
    await Promise.resolve();
    const hook = this.beforeRead;
    this.beforeRead = null;
    hook?.(path);
    for (;;) {
      const text = this.files.get(path);
      if (text === undefined) throw new Error(`${path} does not exist`);
      this.editRuns++;
      const next = edit(text);
      const race = this.race;
      this.race = null;
      race?.(path);
      if (this.files.get(path) !== text) continue;
      if (this.gate) await this.gate;
      this.files.set(path, next);
      this.writes++;
      return;
    }
  }

  text(path: string = SAMPLE_PATH): string {
    const text = this.files.get(path);
    if (text === undefined) throw new Error(`no ${path}`);
    return text;
  }

  edit(path: string, change: (text: string) => string): void {
    this.files.set(path, change(this.text(path)));
  }
}

interface Setup {
  session: ReviewSession;
  store: MemoryStore;
  index: CardIndex;
  log: ReviewLogRecord[];
  saved: DailyProgress[];
  progress: DailyProgress;
  scheduler: Scheduler;
  settings: SessionSettings;
  clock: { now: Date; advance(ms: number): void };
  /** A new session over the same index, store and saved progress (a restart, or a second pane). */
  another(include?: (path: string) => boolean, mode?: StudyMode): ReviewSession;
}

function setup(
  options: {
    notes?: Record<string, string>;
    progress?: DailyProgress;
    settings?: Partial<SessionSettings>;
    scheduler?: Partial<SchedulerSettings>;
    now?: string;
    mode?: StudyMode;
  } = {},
): Setup {
  const notes = options.notes ?? { [SAMPLE_PATH]: SAMPLE };
  const store = new MemoryStore();
  const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
  for (const [path, text] of Object.entries(notes)) {
    store.files.set(path, text);
    index.update(path, text);
  }
  const clock = {
    now: new Date(options.now ?? T0),
    advance(ms: number): void {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  const settings: SessionSettings = { dayStartHour: 4, newPerDay: 20, reviewsPerDay: 200, ...options.settings };
  const progress: DailyProgress = options.progress ?? { day: "2026-05-10", newDone: 0, reviewsDone: 0, buried: [] };
  const log: ReviewLogRecord[] = [];
  const saved: DailyProgress[] = [];
  const scheduler = new Scheduler({ fuzz: false, ...options.scheduler });
  const make = (include?: (path: string) => boolean, mode: StudyMode | undefined = options.mode): ReviewSession =>
    new ReviewSession({
      index,
      scheduler: () => scheduler,
      store,
      clock: () => clock.now,
      settings: () => settings,
      parseOptions: () => DEFAULT_PARSE_OPTIONS,
      progress,
      saveProgress: (p) => saved.push(structuredClone(p)),
      appendLog: (record) => log.push(structuredClone(record)),
      include: include ? (note) => include(note.path) : undefined,
      mode,
    });
  return { session: make(), store, index, log, saved, progress, scheduler, settings, clock, another: make };
}


function storedState(text: string, key: string): CardState | null | undefined {
  return parseNote(text).cards.find((card) => card.key === key)?.state;
}

const REVIEW_LINE = (key: string, due: string): string =>
  `  ${key}: {due: ${due}, stability: 3, difficulty: 5, reps: 2, lapses: 0, state: review, step: 0, last: 2026-05-01T08:00:00Z}`;

/** A note with new cards `N…` and review cards `R…` (due a day ago, oldest first). */
function mixedNote(news: number, reviews: number): string {
  const keys = [...Array.from({ length: news }, (_, i) => `N${i + 1}`), ...Array.from({ length: reviews }, (_, i) => `R${i + 1}`)];
  const srs = keys.filter((k) => k.startsWith("R")).map((k, i) => REVIEW_LINE(k, `2026-05-0${1 + i}T08:00:00Z`));
  const frontmatter = ["---", "tags: [flashcards]", ...(srs.length > 0 ? ["srs:", ...srs] : []), "---"];
  return [...frontmatter, ...keys.flatMap((k) => [`### ${k}`, `answer ${k}`, ""])].join("\n");
}

describe("grade", () => {
  it("reveal then grade writes only the card's state line", async () => {
    const { session, store, index } = setup();
    const first = session.card!;
    expect(first.card.key).toBe(SAMPLE_KEYS[0]);
    expect(session.revealed).toBe(false);
    session.reveal();
    expect(session.revealed).toBe(true);

    const result = await session.grade("good");
    expect(result.ok).toBe(true);
    const afterFirst = store.text();
    // The note had no state property: `srs:` and one line are added, nothing else changes.
    const diff = lineDiff(SAMPLE, afterFirst);
    expect(diff.removed).toEqual([]);
    expect(diff.added).toHaveLength(2);
    expect(diff.added[0]).toBe("srs:");
    expect(diff.added[1]).toMatch(/^ {2}We will discover new types of deep models\.: \{due: /);
    const state = result.ok ? result.state : null;
    expect(storedState(afterFirst, SAMPLE_KEYS[0])).toEqual(state);
    expect(index.get(SAMPLE_PATH)!.cards[0].state).toEqual(state);

    // The next card: one line added next to the first one.
    expect(session.card!.card.key).toBe(SAMPLE_KEYS[1]);
    expect(session.revealed).toBe(false);
    await session.grade("easy");
    const second = lineDiff(afterFirst, store.text());
    expect(second.removed).toEqual([]);
    expect(second.added).toHaveLength(1);
    expect(second.added[0].startsWith(`  ${SAMPLE_KEYS[1]}: {`)).toBe(true);
  });

  it("grading again replaces exactly that card's line", async () => {
    const { session, store, clock } = setup({ notes: { "n.md": mixedNote(1, 0) } });
    await session.grade("again");
    const once = store.text("n.md");
    clock.advance(MIN);
    expect(session.card?.card.key).toBe("N1");
    await session.grade("good");
    const diff = lineDiff(once, store.text("n.md"));
    expect(diff.removed).toHaveLength(1);
    expect(diff.removed[0].startsWith("  N1: {")).toBe(true);
    expect(diff.added).toHaveLength(1);
    expect(diff.added[0].startsWith("  N1: {")).toBe(true);
    expect(diff.added[0]).not.toBe(diff.removed[0]);
  });

  it("a graded card leaves the queue; a learning card comes back after its step", async () => {
    const { session, clock } = setup({ notes: { "n.md": mixedNote(3, 0) } });
    expect(session.counts()).toEqual({ new: 3, learning: 0, due: 0 });
    const result = await session.grade("again");
    expect(result.ok && result.state?.state).toBe("learning");
    expect(result.ok && result.state?.due).toBe("2026-05-10T12:01:00Z");
    expect(session.card?.card.key).toBe("N2");
    expect(session.counts()).toEqual({ new: 2, learning: 1, due: 0 });
    // Its step (1 minute) has passed: it comes before the remaining new card.
    clock.advance(MIN);
    await session.grade("easy");
    expect(session.card?.card.key).toBe("N1");
    await session.grade("easy");
    expect(session.card?.card.key).toBe("N3");
    await session.grade("easy");
    expect(session.card).toBeNull();
    expect(session.counts()).toEqual({ new: 0, learning: 0, due: 0 });
  });

  it("the done screen names the next review when no learning card is left", async () => {
    // One review card, due the day after tomorrow; nothing else.
    const note = ["---", "tags: [flashcards]", "srs:", REVIEW_LINE("R1", "2026-05-12T09:30:00Z"), "---", "### R1", "answer", ""].join("\n");
    const { session } = setup({ notes: { "r.md": note } });
    expect(session.card).toBeNull();
    expect(session.nextDueAt()?.toISOString()).toBe("2026-05-12T09:30:00.000Z");
  });

  it("the done screen names the next study day when new cards wait behind today's limit", () => {
    const { session } = setup({ notes: { "n.md": mixedNote(2, 0) }, settings: { newPerDay: 0 } });
    expect(session.card).toBeNull();
    // TZ=UTC, the day starts at 04:00: the next study day starts tomorrow at 04:00Z.
    expect(session.nextDueAt()?.toISOString()).toBe("2026-05-11T04:00:00.000Z");
  });

  it("the done screen says when the next learning card becomes available; tick shows it then", async () => {
    const { session, clock } = setup({ notes: { "n.md": mixedNote(1, 0) }, scheduler: { learningSteps: ["30m"] } });
    const result = await session.grade("again");
    expect(result.ok && result.state?.due).toBe("2026-05-10T12:30:00Z");
    // Due in 30 minutes: beyond the 20-minute learn-ahead, so nothing is left for now.
    expect(session.card).toBeNull();
    expect(session.nextDueAt()?.toISOString()).toBe("2026-05-10T12:10:00.000Z");
    clock.advance(10 * MIN - 1000);
    session.tick();
    expect(session.card).toBeNull();
    clock.advance(1000);
    session.tick();
    expect(session.card?.card.key).toBe("N1");
  });

  it("refuses when the card vanished from the note: clear reason, nothing written, the card leaves the queue", async () => {
    const { session, store, log, progress } = setup({ notes: { "n.md": mixedNote(2, 0) } });
    expect(session.card?.card.key).toBe("N1");
    store.edit("n.md", (text) => text.replace("### N1\nanswer N1\n", ""));
    const edited = store.text("n.md");
    const result = await session.grade("good");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/"N1" is no longer in n\.md/);
    expect(store.text("n.md")).toBe(edited);
    expect(store.writes).toBe(0);
    expect(log).toEqual([]);
    expect(progress.newDone).toBe(0);
    expect(session.card?.card.key).toBe("N2");
    expect(session.counts().new).toBe(1);
  });

  it("refuses when the note was deleted", async () => {
    const { session, store } = setup({ notes: { "n.md": mixedNote(1, 0) } });
    store.files.delete("n.md");
    const result = await session.grade("good");
    expect(result.ok).toBe(false);
    expect(session.card).toBeNull();
  });

  it("refuses a note whose YAML became invalid, saying so, and writes nothing", async () => {
    const { session, store, log } = setup({ notes: { "n.md": mixedNote(1, 0) } });
    store.edit("n.md", (text) => text.replace("tags: [flashcards]", "tags: [flashcards\nbroken: {"));
    const broken = store.text("n.md");
    const result = await session.grade("good");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/invalid YAML/i);
    expect(store.text("n.md")).toBe(broken);
    expect(log).toEqual([]);
    expect(session.card).toBeNull();
  });

  it("refuses a body-tagged note with invalid YAML that was indexed that way", async () => {
    const text = "---\ntitle: [unclosed\n---\n#flashcards\n### Q\nA\n";
    const { session, store, index } = setup({ notes: { "n.md": text } });
    expect(index.get("n.md")?.writable).toBe(false);
    expect(session.card?.card.key).toBe("Q");
    const result = await session.grade("good");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/invalid YAML/i);
    expect(store.text("n.md")).toBe(text);
  });

  it("recomputes from the note's current state when another device changed it", async () => {
    const { session, store, scheduler, clock, log, progress } = setup({ notes: { "n.md": mixedNote(1, 0) } });
    // The index still sees N1 as new; a sync brings a review state for it before the grade reads the note.
    const synced = REVIEW_LINE("N1", "2026-05-09T08:00:00Z");
    store.beforeRead = (path) => store.edit(path, (text) => text.replace("tags: [flashcards]\n", `tags: [flashcards]\nsrs:\n${synced}\n`));
    const result = await session.grade("good");
    expect(result.ok).toBe(true);
    const remote: CardState = {
      due: "2026-05-09T08:00:00Z",
      stability: 3,
      difficulty: 5,
      reps: 2,
      lapses: 0,
      state: "review",
      step: 0,
      last_review: "2026-05-01T08:00:00Z",
    };
    const expected = scheduler.grade(remote, "good", clock.now);
    expect(expected).not.toEqual(scheduler.grade(null, "good", clock.now));
    expect(result.ok && { ...result.state, id: undefined }).toEqual({ ...expected, id: undefined });
    expect(storedState(store.text("n.md"), "N1")).toEqual(result.ok && result.state);
    // The log and the limits see what the card really was.
    expect(log[0].before).toEqual(remote);
    expect(progress).toMatchObject({ newDone: 0, reviewsDone: 1 });
  });

  it("the next grade of the same note reads what is there now, not what this session wrote last", async () => {
    const { session, store, scheduler, clock } = setup({ notes: { "n.md": mixedNote(2, 0) } });
    expect((await session.grade("easy")).ok).toBe(true);
    // Between two grades of one note, a sync brings N2's state from another device.
    const synced = REVIEW_LINE("N2", "2026-05-09T08:00:00Z");
    store.beforeRead = (path) => store.edit(path, (text) => text.replace("srs:\n", `srs:\n${synced}\n`));
    expect(session.card?.card.key).toBe("N2");
    const result = await session.grade("good");
    const remote = parseNote(synced.replace(/^ +/, "---\ntags: [flashcards]\nsrs:\n  ") + "\n---\n### N2\nx\n").cards[0].state;
    expect(result.ok && { ...result.state, id: undefined }).toEqual({ ...scheduler.grade(remote, "good", clock.now), id: undefined }); // a first write gives the card its id
    expect(storedState(store.text("n.md"), "N2")).toEqual(result.ok ? result.state : null);
  });

  it("grading card after card of one note writes every state (no parse skipped wrongly)", async () => {
    const { session, store } = setup({ notes: { "n.md": mixedNote(5, 0) } });
    const states = new Map<string, CardState>();
    for (let i = 0; i < 5; i++) {
      const key = session.card!.card.key;
      const result = await session.grade("easy");
      if (result.ok && result.state) states.set(key, result.state);
    }
    expect(states.size).toBe(5);
    for (const [key, state] of states) expect(storedState(store.text("n.md"), key)).toEqual(state);
  });

  it("a store that re-runs the edit after a concurrent user edit keeps that edit and still writes the state", async () => {
    const { session, store } = setup({ notes: { "n.md": mixedNote(2, 0) } });
    store.race = (path) => store.edit(path, (text) => `${text}\nA line the user typed meanwhile.\n`);
    const result = await session.grade("easy");
    expect(result.ok).toBe(true);
    expect(store.editRuns).toBe(2);
    const text = store.text("n.md");
    expect(text.endsWith("\nA line the user typed meanwhile.\n")).toBe(true);
    expect(storedState(text, "N1")).toEqual(result.ok ? result.state : null);
  });

  it("rapid grading of every card of one note loses no update", async () => {
    const { session, store } = setup();
    const states = new Map<string, CardState>();
    while (session.card !== null) {
      const key = session.card.card.key;
      const result = await session.grade("easy");
      expect(result.ok).toBe(true);
      if (result.ok && result.state) states.set(key, result.state);
    }
    expect([...states.keys()].sort()).toEqual([...SAMPLE_KEYS].sort());
    const cards = parseNote(store.text()).cards;
    for (const card of cards) expect(card.state).toEqual(states.get(card.key));
    // Only the state property grew: the body is untouched.
    const diff = lineDiff(SAMPLE, store.text());
    expect(diff.removed).toEqual([]);
    expect(diff.added).toHaveLength(1 + SAMPLE_KEYS.length);
  });

  it("two panes grading different cards of one note at once both land", async () => {
    const { session, store, another } = setup();
    const second = another();
    second.skip();
    const [a, b] = [session.card!.card.key, second.card!.card.key];
    expect(a).not.toBe(b);
    const results = await Promise.all([session.grade("good"), second.grade("good")]);
    expect(results.every((r) => r.ok)).toBe(true);
    const text = store.text();
    expect(storedState(text, a)).not.toBeNull();
    expect(storedState(text, b)).not.toBeNull();
  });

  it("after the note is re-indexed (the write's own change event), a learning card still waits for its step", async () => {
    const { session, store, index, clock } = setup({ notes: { "n.md": mixedNote(3, 0) } });
    await session.grade("again"); // N1 → learning, due in 1 minute
    index.update("n.md", store.text("n.md")); // the adapter re-parses the note it just wrote
    clock.advance(MIN);
    await session.grade("easy"); // N2
    expect(session.card?.card.key).toBe("N1");
    const result = await session.grade("good"); // N1 → next step, due in 10 minutes
    expect(result.ok && result.state?.due).toBe("2026-05-10T12:11:00Z");
    // N3 is available now; N1 is not due for 10 minutes.
    expect(session.card?.card.key).toBe("N3");
    session.refreshIfStale();
    expect(session.card?.card.key).toBe("N3");
    expect(session.counts()).toEqual({ new: 1, learning: 1, due: 0 });
  });

  it("a grade doesn't hide an index change it didn't make from refreshIfStale", async () => {
    const { session, store, index } = setup({ notes: { "n.md": mixedNote(3, 0) } });
    await session.grade("easy"); // N1
    store.edit("n.md", (text) => text.replace("answer N3", "a better answer for N3"));
    index.update("n.md", store.text("n.md")); // the user's edit reaches the index while N2 is on screen
    await session.grade("easy"); // N2
    session.refreshIfStale();
    expect(session.card?.card.key).toBe("N3");
    // The card shown is the index's current one (answers are read from the note's text when shown).
    expect(session.card?.card).toBe(index.get("n.md")!.cards.find((card) => card.key === "N3"));
    expect(cardAnswer(store.text("n.md"), session.card!.card.key)).toBe("a better answer for N3");
  });

  it("busy: while a grade is being written, further grades and undos are refused", async () => {
    const { session, store } = setup({ notes: { "n.md": mixedNote(2, 0) } });
    let release = (): void => {};
    store.gate = new Promise((resolve) => (release = resolve));
    const pending = session.grade("good");
    expect(session.busy).toBe(true);
    expect((await session.grade("easy")).ok).toBe(false);
    expect((await session.undo()).ok).toBe(false);
    release();
    expect((await pending).ok).toBe(true);
    expect(session.busy).toBe(false);
    expect(store.writes).toBe(1);
    expect(session.card?.card.key).toBe("N2");
  });
});

describe("review log", () => {
  it("records time, note, card, rating, state before and after, and the time from show to grade", async () => {
    const { session, log, clock } = setup({ notes: { "n.md": mixedNote(1, 1) } });
    expect(session.card?.card.key).toBe("R1");
    const before = session.card!.card.state;
    clock.advance(7_500);
    const r1 = await session.grade("hard");
    clock.advance(3_000);
    const n1 = await session.grade("good");
    expect(log).toEqual([
      { type: "review", time: "2026-05-10T12:00:07.500Z", note: "n.md", card: "R1", rating: "hard", before, after: r1.ok && r1.state, tookMs: 7_500 },
      { type: "review", time: "2026-05-10T12:00:10.500Z", note: "n.md", card: "N1", rating: "good", before: null, after: n1.ok && n1.state, tookMs: 3_000 },
    ]);
  });
});

describe("daily progress", () => {
  it("counts new and review cards against the limits, every answer (learning steps too) as studied, and saves every change", async () => {
    const { session, progress, saved, clock } = setup({ notes: { "n.md": mixedNote(1, 1) } });
    await session.grade("good"); // R1: review
    expect(progress).toMatchObject({ day: "2026-05-10", newDone: 0, reviewsDone: 1 });
    await session.grade("again"); // N1: new → learning
    expect(progress).toMatchObject({ newDone: 1, reviewsDone: 1 });
    clock.advance(MIN);
    expect(session.card?.card.key).toBe("N1");
    await session.grade("good"); // a learning step: no limit used, but studied (Anki's "3 reviews today")
    expect(progress).toMatchObject({ newDone: 1, reviewsDone: 1, graded: 3 });
    // Time: 0 s for the first two answers, the third shown a minute before it was answered.
    expect(saved.at(-1)).toEqual({ day: "2026-05-10", newDone: 1, reviewsDone: 1, buried: [], graded: 3, studyMs: MIN, forgotten: [cardId("n.md", "N1")] });
  });

  it("resets when the study day changes during a session", async () => {
    const { session, progress, clock } = setup({ notes: { "n.md": mixedNote(2, 0) } });
    await session.grade("easy");
    expect(progress).toMatchObject({ day: "2026-05-10", newDone: 1 });
    clock.now = new Date("2026-05-11T03:59:00Z");
    await session.grade("easy");
    expect(progress).toMatchObject({ day: "2026-05-10", newDone: 2 });
    clock.now = new Date("2026-05-11T04:00:01Z");
    session.rebuild();
    expect(progress).toMatchObject({ day: "2026-05-11", newDone: 0, reviewsDone: 0, buried: [] });
  });

  it("a session built with saved progress of a past day starts from zero", () => {
    const { session, progress, saved } = setup({
      notes: { "n.md": mixedNote(3, 0) },
      now: "2026-05-11T05:00:00Z",
      settings: { newPerDay: 2 },
      progress: { day: "2026-05-10", newDone: 2, reviewsDone: 5, buried: [cardId("n.md", "N1")] },
    });
    expect(progress).toEqual({ day: "2026-05-11", newDone: 0, reviewsDone: 0, buried: [], graded: 0, studyMs: 0, forgotten: [], extraNew: 0 });
    expect(saved.at(-1)).toEqual(progress);
    expect(session.counts().new).toBe(2);
    expect(session.card?.card.key).toBe("N1");
  });

  it("a session built with today's saved progress honours the limits", () => {
    const full = setup({ settings: { newPerDay: 20 }, progress: { day: "2026-05-10", newDone: 20, reviewsDone: 0, buried: [] } });
    expect(full.session.card).toBeNull();
    expect(full.session.counts()).toEqual({ new: 0, learning: 0, due: 0 });

    const some = setup({ settings: { newPerDay: 20 }, progress: { day: "2026-05-10", newDone: 17, reviewsDone: 0, buried: [] } });
    expect(some.session.counts().new).toBe(3);

    const reviews = setup({
      notes: { "n.md": mixedNote(0, 3) },
      settings: { reviewsPerDay: 200 },
      progress: { day: "2026-05-10", newDone: 0, reviewsDone: 199, buried: [] },
    });
    expect(reviews.session.counts().due).toBe(1);
  });

  it("limits hold within a session: after newPerDay new cards, no more", async () => {
    const { session, another } = setup({ settings: { newPerDay: 2 } });
    await session.grade("easy");
    await session.grade("easy");
    expect(session.card).toBeNull();
    // A restart the same day sees the same.
    expect(another().card).toBeNull();
  });
});

describe("undo", () => {
  it("undoes several levels: exact bytes each time, card back in front, progress back, log appended", async () => {
    const { session, store, progress, log, clock } = setup();
    const texts = [store.text()];
    const keys: string[] = [];
    for (const rating of ["good", "easy", "again"] as const) {
      keys.push(session.card!.card.key);
      clock.advance(2_000);
      expect((await session.grade(rating)).ok).toBe(true);
      texts.push(store.text());
    }
    expect(progress.newDone).toBe(3);
    const reviews = structuredClone(log);
    expect(session.canUndo).toBe(true);

    for (let level = 2; level >= 0; level--) {
      const result = await session.undo();
      expect(result.ok).toBe(true);
      expect(store.text()).toBe(texts[level]);
      expect(session.card?.card.key).toBe(keys[level]);
      expect(session.revealed).toBe(false);
      expect(session.card?.card.state).toBeNull();
      expect(progress.newDone).toBe(level);
    }
    expect(store.text()).toBe(SAMPLE);
    expect(session.canUndo).toBe(false);
    expect((await session.undo()).ok).toBe(false);

    // Append-only: the three reviews stay as they were, three undo records follow.
    expect(log.slice(0, 3)).toEqual(reviews);
    expect(log.slice(3).map((r) => [r.type, r.card, r.rating])).toEqual([
      ["undo", keys[2], "again"],
      ["undo", keys[1], "easy"],
      ["undo", keys[0], "good"],
    ]);
    expect(log[3].before).toBeNull();
    expect(log[3].after).toEqual(reviews[2].after);
  });

  it("puts the undone card in front even where the queue's own order would show another", async () => {
    const { session } = setup({ notes: { "n.md": mixedNote(1, 2) } });
    expect(session.card?.card.key).toBe("R1");
    await session.grade("good");
    expect(session.card?.card.key).toBe("N1");
    await session.grade("good");
    expect(session.card?.card.key).toBe("R2");
    await session.undo();
    // A fresh queue would open with the review R2; the card that was undone comes first.
    expect(session.card?.card.key).toBe("N1");
  });

  it("restores a replaced line byte for byte, and a review card's progress", async () => {
    const text = mixedNote(0, 1).replace(/\n/g, "\r\n");
    const { session, store, progress } = setup({ notes: { "n.md": text } });
    await session.grade("again");
    expect(store.text("n.md")).not.toBe(text);
    expect(progress.reviewsDone).toBe(1);
    await session.undo();
    expect(store.text("n.md")).toBe(text);
    expect(progress.reviewsDone).toBe(0);
    expect(session.card?.card.key).toBe("R1");
    expect(session.card?.card.state?.state).toBe("review");
  });

  it("is refused when the card's state line changed meanwhile; nothing is written", async () => {
    const { session, store, progress, log } = setup({ notes: { "n.md": mixedNote(2, 0) } });
    await session.grade("easy");
    store.edit("n.md", (text) => text.replace(/^ {2}N1: .*$/m, REVIEW_LINE("N1", "2026-06-01T08:00:00Z")));
    const changed = store.text("n.md");
    const writes = store.writes;
    const result = await session.undo();
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/changed/);
    expect(store.text("n.md")).toBe(changed);
    expect(store.writes).toBe(writes);
    expect(progress.newDone).toBe(1);
    expect(log.map((r) => r.type)).toEqual(["review"]);
  });
});

describe("skip and bury", () => {
  it("skip leaves the card out for this session only; nothing is written", () => {
    const { session, store, progress, another } = setup({ notes: { "n.md": mixedNote(2, 0) } });
    session.skip();
    expect(session.card?.card.key).toBe("N2");
    session.rebuild();
    expect(session.card?.card.key).toBe("N2");
    expect(session.counts().new).toBe(1);
    expect(progress.buried).toEqual([]);
    expect(store.writes).toBe(0);
    expect(another().card?.card.key).toBe("N1");
  });

  it("bury leaves the card out until the next study day, across restarts", () => {
    const { session, progress, saved, another, clock, store } = setup({ notes: { "n.md": mixedNote(2, 0) } });
    session.bury();
    expect(session.card?.card.key).toBe("N2");
    expect(progress.buried).toEqual([cardId("n.md", "N1")]);
    expect(saved.at(-1)?.buried).toEqual([cardId("n.md", "N1")]);
    expect(store.writes).toBe(0);
    expect(another().card?.card.key).toBe("N2");
    clock.now = new Date("2026-05-11T04:00:00Z");
    expect(another().card?.card.key).toBe("N1");
    expect(progress.buried).toEqual([]);
  });
});

describe("end of session", () => {
  it("sums cards studied, Again answers and time spent (each answer up to a minute); undo takes an answer back", async () => {
    const { session, clock } = setup({ notes: { "n.md": mixedNote(3, 0) } });
    clock.advance(5_000);
    await session.grade("again"); // N1, 5 s
    clock.advance(3 * MIN);
    await session.grade("good"); // N2, shown when N1 was answered: 3 min, counted as 1
    clock.advance(2_000);
    await session.grade("easy"); // 2 s
    expect(session.summary()).toEqual({ studied: 3, again: 1, timeMs: 5_000 + MAX_ANSWER_MS + 2_000 });
    await session.undo();
    expect(session.summary()).toEqual({ studied: 2, again: 1, timeMs: 5_000 + MAX_ANSWER_MS });
  });
});

describe("never the same card twice in a row", () => {
  it("passes over the card just answered while another is available, and shows it when it is the only one", async () => {
    const { session, clock } = setup({ notes: { "n.md": mixedNote(2, 0) } });
    await session.grade("again"); // N1: due in 1 minute
    clock.advance(30_000);
    expect(session.card?.card.key).toBe("N2");
    await session.grade("good"); // N2: due in 10 minutes
    expect(session.card?.card.key).toBe("N1");
    await session.grade("again"); // N1 again: first in line (1 minute), but just shown
    expect(session.card?.card.key).toBe("N2");
    await session.grade("good"); // N2 graduates: N1 is all that is left
    expect(session.card?.card.key).toBe("N1");
  });

  it("holds for every sequence of answers (property)", async () => {
    const fc = await import("fast-check");
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom("again", "hard", "good", "easy"), { minLength: 1, maxLength: 25 }), fc.array(fc.integer({ min: 0, max: 15 * MIN }), { maxLength: 25 }), async (ratings, waits) => {
        const { session, clock } = setup({ notes: { "n.md": mixedNote(3, 1) } });
        for (const [i, rating] of ratings.entries()) {
          const shown = session.card;
          if (shown === null) break;
          await session.grade(rating);
          clock.advance(waits[i] ?? 0);
          session.tick();
          const next = session.card;
          // Another card available means the next one is not the one just answered.
          if (next !== null && next.card.key === shown.card.key) {
            const others = session.counts().new + session.counts().due + session.counts().learning;
            expect(others, `${ratings.slice(0, i + 1).join(",")}`).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("when only learning cards not yet due remain", () => {
  it("says when the next comes, and studies it now on request", async () => {
    const { session, store } = setup({ notes: { "n.md": mixedNote(1, 0) }, scheduler: { learningSteps: ["30m"] } });
    await session.grade("again");
    expect(session.card).toBeNull();
    const next = session.nextLearning();
    expect(next?.ref.card.key).toBe("N1");
    expect(next?.due.toISOString()).toBe("2026-05-10T12:30:00.000Z");
    session.studyNextLearningNow();
    expect(session.card?.card.key).toBe("N1");
    const writes = store.writes;
    await session.reveal();
    const result = await session.grade("good");
    expect(result.ok).toBe(true);
    expect(store.writes).toBe(writes + 1);
    expect(session.nextLearning()).toBeNull();
  });
});

describe("undo covers skip and bury", () => {
  it("undoing a skip shows the card again and counts it again", async () => {
    const { session } = setup({ notes: { "n.md": mixedNote(2, 0) } });
    session.skip();
    expect(session.card?.card.key).toBe("N2");
    expect(session.counts().new).toBe(1);
    expect(await session.undo()).toEqual({ ok: true, undone: "skip" });
    expect(session.card?.card.key).toBe("N1");
    expect(session.counts().new).toBe(2);
  });

  it("undoing a bury takes it off the saved list; grades, skips and burials undo in reverse order", async () => {
    const { session, progress, saved, store } = setup({ notes: { "n.md": mixedNote(3, 0) } });
    await session.grade("easy"); // N1
    session.bury(); // N2
    session.skip(); // N3
    expect(session.card).toBeNull();
    expect((await session.undo()).ok && session.card?.card.key).toBe("N3");
    expect((await session.undo()).ok && session.card?.card.key).toBe("N2");
    expect(progress.buried).toEqual([]);
    expect(saved.at(-1)?.buried).toEqual([]);
    const before = store.text("n.md");
    expect(await session.undo()).toEqual({ ok: true, undone: "grade" });
    expect(session.card?.card.key).toBe("N1");
    expect(store.text("n.md")).not.toBe(before);
    expect(session.canUndo).toBe(false);
  });
});

describe("study more (custom study)", () => {
  it("extra new cards today raise today's new limit everywhere limits are counted", () => {
    const progress: DailyProgress = { day: "2026-05-10", newDone: 2, reviewsDone: 0, buried: [], extraNew: 5 };
    const settings: SessionSettings = { dayStartHour: 4, newPerDay: 2, reviewsPerDay: 10 };
    expect(limitsLeft(progress, settings, new Date(T0))).toEqual({ new: 5, reviews: 10 });
    // Another day: nothing done, no extra.
    expect(limitsLeft(progress, settings, new Date("2026-05-11T05:00:00Z"))).toEqual({ new: 2, reviews: 10 });
    const { session } = setup({ notes: { "n.md": mixedNote(9, 0) }, settings: { newPerDay: 2 }, progress });
    expect(session.counts().new).toBe(5);
  });

  it("review ahead shows reviews due in the next N days (no new cards) and grades them normally", async () => {
    const note = ["---", "tags: [flashcards]", "srs:", REVIEW_LINE("Soon", "2026-05-12T09:00:00Z"), REVIEW_LINE("Later", "2026-05-20T09:00:00Z"), "---", "### Soon", "a", "### Later", "b", "### New", "c", ""].join("\n");
    const normal = setup({ notes: { "r.md": note } });
    expect(normal.session.counts()).toEqual({ new: 1, learning: 0, due: 0 });
    const { session, store } = setup({ notes: { "r.md": note }, mode: { kind: "ahead", days: 3 } });
    expect(session.counts()).toEqual({ new: 0, learning: 0, due: 1 });
    expect(session.card?.card.key).toBe("Soon");
    session.reveal();
    await session.grade("good");
    expect(storedState(store.text("r.md"), "Soon")?.last_review).toBe("2026-05-10T12:00:00Z");
  });

  it("cram shows every card in scope, Again brings a card back, and nothing is written, logged or counted", async () => {
    const { session, store, log, progress, saved } = setup({ notes: { "n.md": mixedNote(2, 2) }, mode: { kind: "cram", cards: "all" } });
    const text = store.text("n.md");
    expect(session.counts().due).toBe(4);
    const seen: string[] = [];
    const ratings = ["again", "good", "good", "good", "good"] as const;
    for (const rating of ratings) {
      seen.push(session.card!.card.key);
      session.reveal();
      const result = await session.grade(rating);
      expect(result).toEqual({ ok: true, state: null });
    }
    expect(seen).toEqual(["N1", "N2", "R1", "R2", "N1"]);
    expect(session.card).toBeNull();
    expect(store.text("n.md")).toBe(text);
    expect(store.writes).toBe(0);
    expect(log).toEqual([]);
    expect(progress).toMatchObject({ newDone: 0, reviewsDone: 0 });
    expect(progress.graded ?? 0).toBe(0);
    expect(saved).toEqual([]);
    expect(session.summary()).toMatchObject({ studied: 5, again: 1 });
    expect(await session.undo()).toEqual({ ok: true, undone: "cram" });
    expect(session.card?.card.key).toBe("N1");
    expect(session.summary()).toMatchObject({ studied: 4, again: 1 });
  });

  it("cram of today's forgotten cards: those answered Again today, in scope", async () => {
    const { session, another } = setup({ notes: { "n.md": mixedNote(3, 0) } });
    await session.grade("again"); // N1 forgotten
    await session.grade("easy"); // N2
    const cram = another(undefined, { kind: "cram", cards: "forgotten" });
    expect(cram.counts().due).toBe(1);
    expect(cram.card?.card.key).toBe("N1");
    // Undoing the Again takes it off the list.
    await session.undo();
    await session.undo();
    expect(another(undefined, { kind: "cram", cards: "forgotten" }).card).toBeNull();
  });
});
