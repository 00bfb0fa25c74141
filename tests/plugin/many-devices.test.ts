import { describe, expect, it, vi } from "vitest";
import { CardIndex } from "../../src/core/study/card-index";
import { DEFAULT_PARSE_OPTIONS } from "../../src/core/types";
import { SyncHealer } from "../../src/plugin/sync-healer";
import { createFakeApp } from "../fake-obsidian";
import { serialiseRecord, type LogRecord } from "../../src/core/log/record";
import { locateFrontmatter } from "../../src/core/notes/frontmatter";
import { splitLines } from "../../src/core/notes/lines";
import { parseStrictFrontmatter } from "../../src/core/notes/strict-yaml";
import { encodeEntry } from "../../src/core/state/state-codec";
import type { CardState } from "../../src/core/types";
import { Notice } from "../fake-obsidian";
import { baseNote, expectedStates, KEYS, NOTE_PATH, outsideStateProperty, runDevice, seeded, statesOf } from "../support/two-devices";
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

describe("copied notes in Show problems", () => {
  it("a copy healing can't write to is listed with each copied card's state line and id, as flashcards check lists it", async () => {
    const key = "We will discover new types of deep models.";
    const state: CardState = { due: "2026-03-05T10:00:00Z", stability: 3.1, difficulty: 5.2, reps: 2, lapses: 0, state: "review", step: 0, last_review: "2026-03-01T10:00:00Z", id: "kq3f9a" };
    const bias = `  ${encodeEntry("Bias", { ...state, id: "kbias2" })}`;
    const text = SAMPLE_TEXT.replace("summary:\n", `summary:\nsrs:\n  ${encodeEntry(key, state)}\n${bias}\n`);
    // The copy also met a sync that ran another property into its state lines: nothing may be written to it.
    const copy = text.replace(bias, `${bias.replace("reps: 2, lapses", "reps: 2 lapses")}aliases:\n  - x`);
    const copyPath = "The future of DL+CV 1.md";
    Notice.log = [];
    const { app } = await loadFlashcards({ [SAMPLE_PATH]: text, [copyPath]: copy });
    await settle(app);
    expect(Notice.log.some((message) => message.includes(`could not heal ${copyPath}`))).toBe(true);
    expect(app.commands.executeCommandById(`${PLUGIN_ID}:show-problems`)).toBe(true);
    for (let i = 0; i < 10 && document.body.querySelector(".hf-problems") === null; i++) await settle(app);
    const sections = [...document.body.querySelectorAll(".hf-problems-note")].map((section) => [section.querySelector(".hf-problems-path")?.textContent, [...section.querySelectorAll("li")].map((li) => li.textContent)]);
    const line = copy.split("\n").findIndex((each) => each.startsWith(`  ${key}: {`)) + 1;
    expect(sections).toContainEqual([copyPath, expect.arrayContaining([`Line ${line}: "${key}" has the id kq3f9a of a card in ${SAMPLE_PATH} (a copied note); this copy's card gets a new id`])]);
    expect(sections.map((section) => section[0])).not.toContain(SAMPLE_PATH);
    expect(app.vault.getText(copyPath)).toBe(copy);
  });
});

describe("a merge that broke the state property's block (Obsidian Sync, diff-match-patch)", () => {
  const LOGS = ".obsidian/plugins/heading-flashcards/logs";
  // Both devices reviewed "Dropout" offline; Obsidian Sync's character merge of the two lines left
  // `  Dropout: {…, h: f28d8}` and `0  Batch norm: {…}` in column 0: the whole frontmatter is no longer YAML.
  function twoDevicesReviewedDropout(): { base: string; a: string; b: string; logA: LogRecord[]; logB: LogRecord[] } {
    const random = seeded(132);
    const base = baseNote(KEYS.map(() => true), random);
    const a = runDevice(base, "A", [{ card: 2, rating: "good", at: 10 }], 1, random);
    const b = runDevice(base, "B", [{ card: 2, rating: "good", at: 20 }], 0, random);
    return { base: base.text, a: a.text, b: b.text, logA: [...base.records, ...a.records], logB: b.records };
  }

  function frontmatterIsYaml(text: string): boolean {
    const lines = splitLines(text);
    const range = locateFrontmatter(lines)!;
    return parseStrictFrontmatter(text.slice(lines.starts[range.open + 1], lines.starts[range.close]), "srs").ok;
  }

  async function loadWith(devices: ReturnType<typeof twoDevicesReviewedDropout>, logs: Record<string, LogRecord[]>) {
    const files: Record<string, string> = { [NOTE_PATH]: devices.b };
    for (const [device, records] of Object.entries(logs)) files[`${LOGS}/${device}.jsonl`] = records.map(serialiseRecord).join("");
    Notice.log = [];
    const loaded = await loadFlashcards(files);
    // This device is B; Obsidian Sync brings A's version of the note.
    const merged = await loaded.app.obsidianSyncMerge(NOTE_PATH, devices.base, devices.a);
    for (let i = 0; i < 20 && (await loaded.app.vault.adapter.read(NOTE_PATH)) === merged; i++) await settle(loaded.app);
    return { ...loaded, merged, healed: await loaded.app.vault.adapter.read(NOTE_PATH) };
  }

  it("with both logs: every card gets its latest review back, only state lines change, and a notice names the healed cards", async () => {
    const devices = twoDevicesReviewedDropout();
    const { plugin, merged, healed } = await loadWith(devices, { A: devices.logA, B: devices.logB });
    expect(frontmatterIsYaml(merged)).toBe(false);
    expect(frontmatterIsYaml(healed)).toBe(true);
    expect(statesOf(healed)).toEqual(expectedStates(devices.base, [devices.logA, devices.logB]));
    expect(outsideStateProperty(healed)).toBe(outsideStateProperty(merged));
    const notice = Notice.log.find((message) => message.includes("healed") && message.includes(NOTE_PATH)) ?? "";
    expect(notice).toContain('"Dropout"');
    expect(notice).toContain('"Batch norm"');
    const indexed = plugin.index.get(NOTE_PATH)!;
    expect(new Map(indexed.cards.map((card) => [card.key, card.state]))).toEqual(expectedStates(devices.base, [devices.logA, devices.logB]));
  });

  it("without any log: the undamaged cards keep their states, the damaged ones keep their readable values and are due now, and the notice says so", async () => {
    const devices = twoDevicesReviewedDropout();
    const { plugin, clock, merged, healed } = await loadWith(devices, {});
    expect(frontmatterIsYaml(merged)).toBe(false);
    const before = statesOf(devices.b);
    const after = statesOf(healed);
    for (const key of ["Bias", "Variance", "Attention", "Residual: why?"]) expect(after.get(key)).toEqual(before.get(key));
    for (const key of ["Dropout", "Batch norm"]) {
      // The values the damaged line still holds (found by the card's id), due now.
      const id = before.get(key)!.id!;
      const damaged = merged.split("\n").find((line) => line.includes(`id: ${id},`))!;
      const value = (field: string) => new RegExp(`${field}: ([^,}]+)`).exec(damaged)![1];
      expect(after.get(key)).toEqual({ ...before.get(key), due: clock.now.toISOString().replace(".000Z", "Z"), stability: Number(value("stability")), difficulty: Number(value("difficulty")), reps: Number(value("reps")), state: value("state"), step: 0, last_review: value("last") });
    }
    expect(outsideStateProperty(healed)).toBe(outsideStateProperty(merged));
    const notice = Notice.log.find((message) => message.includes("healed") && message.includes(NOTE_PATH)) ?? "";
    expect(notice).toMatch(/"Dropout": changed outside Heading Flashcards .* due now/);
    expect(notice).toMatch(/"Batch norm": changed outside Heading Flashcards .* due now/);
    expect(plugin.index.get(NOTE_PATH)?.cards.filter((card) => card.state !== null)).toHaveLength(KEYS.length);
  });
});
