import { describe, expect, it, vi } from "vitest";
import { CardIndex } from "../../src/core/study/card-index";
import { DEFAULT_PARSE_OPTIONS } from "../../src/core/types";
import { SyncHealer } from "../../src/plugin/sync-healer";
import { createFakeApp } from "../fake-obsidian";
import { serialiseRecord, type LogRecord } from "../../src/core/log/record";
import { encodeEntry } from "../../src/core/state/state-codec";
import type { CardState } from "../../src/core/types";
import { Notice } from "../fake-obsidian";
import { loadFlashcards, openReview, press, PLUGIN_ID, SAMPLE_PATH, SAMPLE_TEXT, sampleVault, settle, START } from "./helpers";

// design.md §2a on the fake: settings and progress that survive syncing, conflict copies, healing.

function storedData(app: { pluginData: Record<string, string> }): Record<string, unknown> {
  return JSON.parse(app.pluginData[PLUGIN_ID] ?? "{}") as Record<string, unknown>;
}

describe("settings and progress across devices", () => {
  it("a settings change from another device is applied and not reverted by the next grade; counts are the sum", async () => {
    const { app, plugin } = await loadFlashcards(sampleVault());
    await openReview(app);
    await press(app, " ");
    await press(app, "3");
    await settle(app);
    const day = plugin.progress().day;
    expect(plugin.progress().newDone).toBe(1);

    // Obsidian Sync brings data.json from the phone: a new daily limit and the phone's own progress.
    const synced = storedData(app);
    synced.settings = { ...((synced.settings as object | undefined) ?? {}), newPerDay: 7 };
    synced["progress:phone"] = { day, newDone: 3, reviewsDone: 2, buried: [] };
    app.pluginData[PLUGIN_ID] = JSON.stringify(synced);
    await plugin.onExternalSettingsChange();
    expect(plugin.settings.newPerDay).toBe(7);
    expect(plugin.progress()).toMatchObject({ newDone: 4, reviewsDone: 2 });

    await press(app, " ");
    await press(app, "3");
    await settle(app);
    const after = storedData(app);
    expect((after.settings as { newPerDay: number }).newPerDay).toBe(7);
    expect(after["progress:phone"]).toEqual({ day, newDone: 3, reviewsDone: 2, buried: [] });
    expect(plugin.progress().newDone).toBe(5);
  });

  it("the daily new-card limit counts the other devices' new cards", async () => {
    const { app, plugin } = await loadFlashcards(sampleVault(), { pluginData: { settings: { newPerDay: 2 } } });
    const synced = storedData(app);
    synced["progress:phone"] = { day: plugin.progress().day, newDone: 2, reviewsDone: 0, buried: [] };
    app.pluginData[PLUGIN_ID] = JSON.stringify(synced);
    await plugin.onExternalSettingsChange();
    const session = plugin.createSession({ kind: "all" });
    expect(session.counts().new).toBe(0);
  });
});

describe("conflict copies and healing", () => {
  it("a conflict copy's cards are left out of the index and counts", async () => {
    const copy = "The future of DL+CV (Conflicted copy Laptop 202603011430).md";
    const { plugin } = await loadFlashcards({ [SAMPLE_PATH]: SAMPLE_TEXT, [copy]: SAMPLE_TEXT });
    expect(plugin.index.has(SAMPLE_PATH)).toBe(true);
    expect(plugin.index.has(copy)).toBe(false);
  });

  it("a spliced state line is restored from another device's log, with a notice", async () => {
    const key = "We will discover new types of deep models.";
    const logged: CardState = { due: "2026-03-05T10:00:00Z", stability: 3.1, difficulty: 5.2, reps: 2, lapses: 0, state: "review", step: 0, last_review: "2026-03-01T10:00:00Z", id: "kq3f9a" };
    const line = `  ${encodeEntry(key, logged)}`;
    const spliced = line.replace("reps: 2", "reps: 12");
    const text = SAMPLE_TEXT.replace("summary:\n", `summary:\nsrs:\n${spliced}\n`);
    const record: LogRecord = { v: 1, type: "review", time: "2026-03-01T10:00:00Z", device: "phone", card: "kq3f9a", note: SAMPLE_PATH, key, rating: "good", before: null, after: logged, tookMs: 900 };
    Notice.log = [];
    const { app, plugin } = await loadFlashcards({ [SAMPLE_PATH]: text, ".obsidian/plugins/heading-flashcards/logs/phone.jsonl": serialiseRecord(record) });
    await settle(app);
    for (let i = 0; i < 20 && !(await app.vault.adapter.read(SAMPLE_PATH)).includes(line); i++) await settle(app);
    const healed = await app.vault.adapter.read(SAMPLE_PATH);
    expect(healed).toBe(SAMPLE_TEXT.replace("summary:\n", `summary:\nsrs:\n${line}\n`));
    expect(Notice.log.some((message) => message.includes("healed") && message.includes(key))).toBe(true);
    expect(plugin.index.get(SAMPLE_PATH)?.cards.find((card) => card.key === key)?.state).toEqual(logged);
  });
});

describe("healing at start on a big vault", () => {
  it("looks at the notes in slices that give the UI its turn, and still heals the last one", async () => {
    const key = "We will discover new types of deep models.";
    const logged: CardState = { due: "2026-03-05T10:00:00Z", stability: 3.1, difficulty: 5.2, reps: 2, lapses: 0, state: "review", step: 0, last_review: "2026-03-01T10:00:00Z", id: "kq3f9a" };
    const line = `  ${encodeEntry(key, logged)}`;
    const damaged = SAMPLE_TEXT.replace("summary:\n", `summary:\nsrs:\n${line.replace("reps: 2", "reps: 12")}\n`);
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`n${String(i).padStart(2, "0")}.md`] = `#flashcards\n### Q${i}\nA${i}\n`;
    files["z/last.md"] = damaged;
    const app = createFakeApp({ files });
    const index = new CardIndex(DEFAULT_PARSE_OPTIONS);
    for (const [path, text] of Object.entries(files)) index.update(path, text);
    const record: LogRecord = { v: 1, type: "review", time: "2026-03-01T10:00:00Z", device: "phone", card: "kq3f9a", note: "z/last.md", key, rating: "good", before: null, after: logged, tookMs: 900 };
    const healer = new SyncHealer(app, {
      index: () => index,
      records: () => [record],
      parseOptions: () => DEFAULT_PARSE_OPTIONS,
      clock: () => START,
      process: async (path, edit) => void (await app.vault.process(app.vault.getFileByPath(path)!, edit)),
      notify: () => {},
    });
    // Every look at the clock finds a slice's worth of time gone by.
    let now = 0;
    const clock = vi.spyOn(Date, "now").mockImplementation(() => (now += 25));
    try {
      let uiTurns = 0;
      let done = false;
      const started = healer.start().then(() => (done = true));
      while (!done) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (!done) uiTurns++;
      }
      await started;
      expect(uiTurns).toBeGreaterThan(10);
    } finally {
      clock.mockRestore();
    }
    expect(app.vault.getText("z/last.md")).toBe(SAMPLE_TEXT.replace("summary:\n", `summary:\nsrs:\n${line}\n`));
  });
});

describe("copied notes", () => {
  it("a copy of a reviewed note gets new ids for its cards, with a notice; the original keeps its ids", async () => {
    const key = "We will discover new types of deep models.";
    const state: CardState = { due: "2026-03-05T10:00:00Z", stability: 3.1, difficulty: 5.2, reps: 2, lapses: 0, state: "review", step: 0, last_review: "2026-03-01T10:00:00Z", id: "kq3f9a" };
    const text = SAMPLE_TEXT.replace("summary:\n", `summary:\nsrs:\n  ${encodeEntry(key, state)}\n`);
    Notice.log = [];
    const { app, plugin } = await loadFlashcards({ [SAMPLE_PATH]: text, "The future of DL+CV 1.md": text });
    for (let i = 0; i < 20 && plugin.index.get(SAMPLE_PATH)?.cards[0].state?.id === plugin.index.get("The future of DL+CV 1.md")?.cards[0].state?.id; i++) await settle(app);
    expect(await app.vault.adapter.read(SAMPLE_PATH)).toBe(text);
    const copied = plugin.index.get("The future of DL+CV 1.md")?.cards.find((card) => card.key === key)?.state;
    expect(copied?.id).not.toBe("kq3f9a");
    expect({ ...copied, id: "kq3f9a" }).toEqual(state);
    expect(Notice.log.some((message) => message.includes("The future of DL+CV 1.md") && message.includes("got its own id"))).toBe(true);
  });
});
