// The statistics view on the fake: opened by command and from the study pane, every panel with a title,
// an explanation and a table, numbers from the review log, scope and period switches, live updates.
import { describe, expect, it } from "vitest";
import { serialiseRecord, type LogRecord } from "../../src/core/log/record";
import { encodeEntry } from "../../src/core/state/state-codec";
import type { CardState, Rating } from "../../src/core/types";
import { STATS_VIEW_TYPE } from "../../src/ui/host";
import { StatsView } from "../../src/ui/stats-view";
import { createFakeApp, type FakeApp } from "../fake-obsidian";
import { loadFlashcards, openReview, type Loaded, PLUGIN_ID, press, run, sampleVault, SAMPLE_PATH, settle, studyView } from "./helpers";

// Lines with an id carry their checksum, as the plugin writes them (an id without `h` reads as a line a sync cut short).
const SPANISH = `---
tags: [flashcards/lang/es]
srs:
  ${encodeEntry("uno", { due: "2026-03-20T08:00:00Z", stability: 25, difficulty: 5, reps: 3, lapses: 0, state: "review", step: 0, last_review: "2026-02-25T08:00:00Z", id: "sp0001" })}
  ${encodeEntry("dos", { due: "2026-03-03T08:00:00Z", stability: 2, difficulty: 6, reps: 2, lapses: 0, state: "review", step: 0, last_review: "2026-03-01T08:00:00Z", id: "sp0002" })}
---
### uno
one
### dos
two
`;

function before(last: string, days: number): CardState {
  return { due: new Date(Date.parse(last) + days * 86_400_000).toISOString(), stability: days, difficulty: 5, reps: 2, lapses: 0, state: "review", step: 0, last_review: last };
}

function review(time: string, card: string, key: string, rating: Rating, state: CardState | null, tookMs: number): LogRecord {
  return { v: 1, type: "review", time, device: "phone", card, note: "lang/Spanish.md", key, rating, before: state, after: null, tookMs };
}

// START is Monday 2026-03-02 10:00 UTC: today began at 04:00.
const LOG = [
  review("2026-03-01T12:00:00Z", "sp0002", "dos", "good", null, 3000), // yesterday: a new card learned
  review("2026-03-02T09:00:00Z", "sp0001", "uno", "good", before("2026-01-31T09:00:00Z", 30), 6000), // mature, passed
  review("2026-03-02T09:30:00Z", "sp0002", "dos", "again", before("2026-02-27T09:30:00Z", 3), 9000), // young, failed
];

async function loadWithLog(): Promise<Loaded> {
  const app = createFakeApp({ files: sampleVault({ "lang/Spanish.md": SPANISH }) });
  await app.vault.adapter.write(`.obsidian/plugins/${PLUGIN_ID}/logs/phone.jsonl`, LOG.map(serialiseRecord).join(""));
  const loaded = await loadFlashcards({}, { app });
  await settle(app);
  return loaded;
}

function statsView(app: FakeApp): StatsView {
  const leaf = app.workspace.getLeavesOfType(STATS_VIEW_TYPE)[0];
  if (!leaf || !(leaf.view instanceof StatsView)) throw new Error("no statistics view open");
  return leaf.view;
}

function panel(app: FakeApp, id: string): HTMLElement {
  const el = statsView(app).contentEl.querySelector<HTMLElement>(`[data-panel="${id}"]`);
  if (el === null) throw new Error(`no panel ${id}`);
  return el;
}

/** A panel's table as rows of cell texts (header row first). */
function table(el: HTMLElement): string[][] {
  return Array.from(el.querySelectorAll("table tr")).map((tr) => Array.from(tr.children).map((cell) => cell.textContent ?? ""));
}

async function openStatistics(app: FakeApp): Promise<StatsView> {
  run(app, "open-statistics");
  await settle(app);
  return statsView(app);
}

// Each test draws the nine panels (a few thousand SVG and table nodes) several times in happy-dom: on a
// busy machine that takes longer than vitest's default 5 s.
const SLOW = { timeout: 30_000 };

describe("statistics view", SLOW, () => {
  it("opens in the main area with panels 1–9, each with a title, an explanation and a table of its numbers", async () => {
    const { app } = await loadWithLog();
    const view = await openStatistics(app);
    expect(app.workspace.getLeavesOfType(STATS_VIEW_TYPE)[0].side).toBe("root");
    const ids = Array.from(view.contentEl.querySelectorAll("[data-panel]")).map((el) => el.getAttribute("data-panel"));
    expect(ids).toEqual(["today", "future-due", "calendar", "reviews", "card-counts", "distributions", "hourly", "buttons", "retention"]);
    for (const id of ids) {
      const el = panel(app, id!);
      expect(el.querySelector("h3")?.textContent).not.toBe("");
      expect(el.querySelector(".hf-stats-explain")?.textContent?.length).toBeGreaterThan(20);
      expect(el.querySelector("table")).not.toBeNull();
    }
    for (const id of ["future-due", "calendar", "reviews", "card-counts", "hourly", "buttons"]) expect(panel(app, id).querySelector("svg.hf-chart")).not.toBeNull();
  });

  it("shows today's figures, card counts, answer buttons and true retention worked out from the log", async () => {
    const { app } = await loadWithLog();
    await openStatistics(app);
    expect(table(panel(app, "today"))).toEqual([
      ["Figure", "Value"],
      ["Cards studied", "2"],
      ["Reviews", "2"],
      ["Minutes", "0.25"],
      ["Again", "1"],
      ["Pass rate", "50.0%"],
      ["New cards learned", "0"],
    ]);
    // 11 new cards in the sample vault, "uno" mature (23 days), "dos" young (2 days).
    expect(table(panel(app, "card-counts")).slice(1)).toEqual([
      ["New", "11", "84.6%"],
      ["Learning", "0", "0.0%"],
      ["Young", "1", "7.7%"],
      ["Mature", "1", "7.7%"],
      ["Suspended", "0", "0.0%"],
      ["Buried", "0", "0.0%"],
      ["Total", "13", ""],
    ]);
    expect(table(panel(app, "buttons")).slice(1)).toEqual([
      ["Learning", "0", "0", "1", "0", "100.0%"],
      ["Young", "1", "0", "0", "0", "0.0%"],
      ["Mature", "0", "0", "1", "0", "100.0%"],
    ]);
    const retention = table(panel(app, "retention"));
    expect(retention[0]).toEqual(["", "Young", "Mature", "All"]);
    expect(retention[2]).toEqual(["Today", "0", "1", "0.0%", "1", "0", "100.0%", "1", "1", "50.0%"]);
    expect(retention[3]).toEqual(["Yesterday", "0", "0", "—", "0", "0", "—", "0", "0", "—"]);
    expect(panel(app, "calendar").querySelector(".hf-stats-summary")?.textContent).toBe("Current streak: 2 days · longest streak: 2 days · days studied: 2");
  });

  it("switches scope (deck, note) and period without re-reading the log", async () => {
    const { app } = await loadWithLog();
    const view = await openStatistics(app);
    const reviewBars = (): number => panel(app, "reviews").querySelectorAll(".hf-bar").length;
    expect(reviewBars()).toBe(30);
    const select = view.contentEl.querySelector<HTMLSelectElement>(".hf-stats-scope select")!;
    const options = Array.from(select.options).map((option) => option.value);
    expect(options).toEqual(["all", "deck:/", "deck:courses", "deck:courses/eecs498", "deck:lang", "deck:lang/de", "deck:lang/es"]);
    select.value = "deck:lang/de";
    select.dispatchEvent(new Event("change"));
    expect(view.contentEl.querySelector(".hf-stats-title")?.textContent).toBe("Statistics: lang › de");
    expect(table(panel(app, "card-counts")).at(-1)).toEqual(["Total", "2", ""]);
    expect(table(panel(app, "today"))[2]).toEqual(["Reviews", "0"]);
    view.contentEl.querySelector<HTMLElement>('[data-period="quarter"]')!.click();
    expect(view.currentPeriod).toBe("quarter");
    expect(reviewBars()).toBe(91);
    view.contentEl.querySelector<HTMLElement>('[data-period="year"]')!.click();
    expect(reviewBars()).toBe(53); // 365 days by week
    view.show({ kind: "note", path: "lang/Spanish.md" });
    expect(table(panel(app, "today"))[2]).toEqual(["Reviews", "2"]);
    expect(view.getState()).toMatchObject({ scope: "note:lang/Spanish.md", period: "year" });
  });

  it("shows the exact values of a bar as a tooltip on hover", async () => {
    const { app } = await loadWithLog();
    const view = await openStatistics(app);
    const bars = panel(app, "card-counts").querySelectorAll(".hf-bar");
    bars[3].querySelector("rect")!.dispatchEvent(new PointerEvent("pointermove", { bubbles: true, clientX: 10, clientY: 10 }));
    const tip = view.contentEl.querySelector<HTMLElement>(".hf-stats-tooltip")!;
    expect(tip.textContent).toBe("Mature: 1 card (7.7%)");
    expect(tip.style.display).not.toBe("none");
  });

  it("follows new reviews as they happen", async () => {
    const { app } = await loadWithLog();
    await openStatistics(app);
    await openReview(app);
    await press(app, " ");
    await press(app, "3");
    await new Promise((resolve) => setTimeout(resolve, 350));
    await settle(app);
    expect(table(panel(app, "today"))[2]).toEqual(["Reviews", "3"]);
  });
});

describe("study pane: statistics one click away", SLOW, () => {
  it("opens the statistics of everything, and of the current note when it holds cards", async () => {
    const { app } = await loadWithLog();
    run(app, "open-study-pane");
    await settle(app);
    expect(studyView(app).contentEl.querySelector(".hf-note-stats")).toBeNull();
    studyView(app).contentEl.querySelector<HTMLElement>(".hf-study-stats")!.click();
    await settle(app);
    expect(statsView(app).currentScope).toEqual({ kind: "all" });
    await app.workspace.getLeaf("tab").openFile(app.vault.getFileByPath(SAMPLE_PATH)!);
    await settle(app);
    const link = studyView(app).contentEl.querySelector<HTMLElement>(".hf-note-stats")!;
    expect(link.textContent).toBe("Statistics of The future of DL+CV");
    link.click();
    await settle(app);
    expect(statsView(app).currentScope).toEqual({ kind: "note", path: SAMPLE_PATH });
    expect(app.workspace.getLeavesOfType(STATS_VIEW_TYPE)).toHaveLength(1);
  });

  it("shows each deck's true retention of the last month when the setting is on", async () => {
    const { app, plugin } = await loadWithLog();
    run(app, "open-study-pane");
    await settle(app);
    expect(studyView(app).contentEl.querySelector(".hf-deck-retention")).toBeNull();
    await plugin.updateSettings({ studyPaneRetention: true });
    await settle(app);
    const retention = (deck: string): string | null | undefined => studyView(app).contentEl.querySelector(`.hf-deck[data-deck="${deck}"] > .hf-deck-row .hf-deck-retention`)?.textContent;
    expect(retention("lang/es")).toBe("50%");
    expect(retention("lang")).toBe("50%");
    expect(retention("/")).toBe("—");
    expect(studyView(app).contentEl.querySelector('.hf-deck[data-deck="lang/es"] .hf-deck-retention')?.getAttribute("aria-label")).toBe("True retention: 1 of 2 reviews passed in the last month");
  });
});
