// Issue 9, points 1 and 2: a metadata cache still filling at layout-ready, events during the initial
// build, and reads that fail. Every tagged note ends up in the index; indexing always completes.
import { describe, expect, it } from "vitest";
import HeadingFlashcardsPlugin from "../../src/main";
import { collectProblems } from "../../src/ui/problems-modal";
import { createFakeApp, loadPlugin } from "../fake-obsidian";
import type { CacheFill } from "../fake-obsidian/metadata-cache";
import { MANIFEST, openReview, sampleVault, screen, settle, until } from "./helpers";

const card = (question: string) => `#flashcards\n\n### ${question}\nanswer of ${question}\n`;

async function start(files: Record<string, string | Uint8Array>, options: { coldCache?: CacheFill; readDelayMs?: number; failing?: string[] } = {}) {
  const app = createFakeApp({ files, coldCache: options.coldCache ?? false });
  app.vault.readDelayMs = options.readDelayMs ?? 0;
  for (const path of options.failing ?? []) app.vault.failingReads.set(path, new Error("EIO: i/o error, read"));
  const plugin = await loadPlugin(app, HeadingFlashcardsPlugin, MANIFEST);
  app.workspace.setLayoutReady();
  return { app, plugin };
}

const indexed = (plugin: HeadingFlashcardsPlugin): string[] => [...plugin.index.allNotes()].map((note) => note.path).sort();

describe("cold start (issue 9, point 1)", () => {
  it("reads each tagged note once at startup: one build, not one per layout-ready listener", async () => {
    const files = { "a.md": card("A"), "b.md": card("B"), "c.md": "untagged\n" };
    const app = createFakeApp({ files });
    const reads: string[] = [];
    const cachedRead = app.vault.cachedRead.bind(app.vault);
    app.vault.cachedRead = (file) => {
      reads.push(file.path);
      return cachedRead(file);
    };
    const plugin = await loadPlugin(app, HeadingFlashcardsPlugin, MANIFEST);
    app.workspace.setLayoutReady();
    await until(() => plugin.indexReady);
    await settle(app);
    expect(reads.sort()).toEqual(["a.md", "b.md"]);
    expect(indexed(plugin)).toEqual(["a.md", "b.md"]);
  });

  it("a big note is read in a slice of its own, not added to a slice that has already done work", async () => {
    let big = "#flashcards\n\n";
    for (let i = 0; big.length < 250_000; i++) big += `### Question ${i}\n${"answer text ".repeat(20)}\n\n`;
    const app = createFakeApp({ files: { "a.md": card("A"), "b.md": big } });
    // Reading takes time: the slice that read a.md has done work when b.md comes.
    app.vault.readDelayMs = 5;
    const events: string[] = [];
    const cachedRead = app.vault.cachedRead.bind(app.vault);
    app.vault.cachedRead = (file) => {
      events.push(`read ${file.path}`);
      return cachedRead(file);
    };
    const originalSetTimeout = window.setTimeout;
    window.setTimeout = ((handler: () => void, ms?: number) => {
      if (!ms) events.push("yield");
      return originalSetTimeout(handler, ms);
    }) as typeof window.setTimeout;
    let plugin: HeadingFlashcardsPlugin;
    try {
      plugin = await loadPlugin(app, HeadingFlashcardsPlugin, MANIFEST);
      app.workspace.setLayoutReady();
      await until(() => plugin.indexReady);
    } finally {
      window.setTimeout = originalSetTimeout;
    }
    const readA = events.indexOf("read a.md");
    const readB = events.indexOf("read b.md");
    expect(readA).toBeGreaterThanOrEqual(0);
    expect(readB).toBeGreaterThan(readA);
    expect(events.slice(readA, readB)).toContain("yield");
    expect(plugin.index.get("b.md")?.cards.length).toBeGreaterThan(500);
  });

  it("every tagged note is indexed once the cache has resolved, with no edit and no restart", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`n${String(i).padStart(2, "0")}.md`] = i % 3 === 2 ? "untagged\n### no card\nx\n" : card(`Q${i}`);
    // The last four notes are known from the last session; the rest are parsed while the build reads those.
    const { app, plugin } = await start(files, { coldCache: { alreadyParsed: 4, batchSize: 3, intervalMs: 5 }, readDelayMs: 10 });
    await until(() => plugin.indexReady);
    await settle(app);
    expect(indexed(plugin)).toEqual(Object.keys(files).filter((_, i) => i % 3 !== 2));
    const view = await openReview(app);
    expect(screen(view).counts).toBe("8 · 0 · 0");
  });

  it("changes, renames and deletes during the initial build are applied, never dropped", async () => {
    const files = { "a.md": card("A"), "b.md": card("B"), "c.md": card("C"), "d.md": card("D") };
    const { app, plugin } = await start(files, { readDelayMs: 15 });
    // The build is reading (slowly); meanwhile the user edits, renames and deletes.
    expect(plugin.indexReady).toBe(false);
    app.vault.setText("a.md", card("A edited"));
    await app.vault.rename(app.vault.getFileByPath("b.md")!, "moved/b.md");
    await app.vault.delete(app.vault.getFileByPath("c.md")!);
    app.vault.setText("e.md", card("E"));
    await until(() => plugin.indexReady);
    await settle(app);
    // The new note reaches the index when Obsidian has parsed it (a cold cache parses in batches).
    await until(() => plugin.index.has("e.md"));
    expect(indexed(plugin)).toEqual(["a.md", "d.md", "e.md", "moved/b.md"]);
    expect(plugin.index.get("a.md")?.cards.map((c) => c.question)).toEqual(["A edited"]);
    // No ghost cards: every indexed card is in a note that exists.
    for (const path of indexed(plugin)) expect(app.vault.getFileByPath(path)).not.toBeNull();
  });

  it("a cold cache and a slow disk together: the sample vault is complete", async () => {
    const { app, plugin } = await start(sampleVault(), { coldCache: { alreadyParsed: 1, batchSize: 1, intervalMs: 3 }, readDelayMs: 4 });
    await until(() => plugin.indexReady);
    await settle(app);
    expect(indexed(plugin)).toEqual(["The future of DL+CV.md", "courses/eecs498/Lecture 1.md", "lang/German.md"]);
  });
});

describe("failed reads (issue 9, point 2)", () => {
  it("one unreadable note is one problem; the rest is indexed and the index is ready", async () => {
    const { app, plugin } = await start({ "a.md": card("A"), "b.md": card("B"), "c.md": card("C") }, { failing: ["b.md"] });
    await until(() => plugin.indexReady);
    await settle(app);
    expect(indexed(plugin)).toEqual(["a.md", "c.md"]);
    const problems = collectProblems(plugin.index, plugin.skippedNotes);
    expect(problems).toEqual([{ path: "b.md", messages: [{ line: 1, message: expect.stringContaining("could not be read") }] }]);
    const view = await openReview(app);
    expect(screen(view).question).not.toBe("");
  });

  it("a note deleted between listing and reading is simply gone", async () => {
    const { app, plugin } = await start({ "a.md": card("A"), "b.md": card("B") }, { readDelayMs: 10 });
    await app.vault.delete(app.vault.getFileByPath("b.md")!);
    await until(() => plugin.indexReady);
    await settle(app);
    expect(indexed(plugin)).toEqual(["a.md"]);
    expect(collectProblems(plugin.index, plugin.skippedNotes)).toEqual([]);
  });

  it("once readable again, the note is indexed on its next change", async () => {
    const { app, plugin } = await start({ "a.md": card("A"), "b.md": card("B") }, { failing: ["b.md"] });
    await until(() => plugin.indexReady);
    app.vault.failingReads.clear();
    app.vault.setText("b.md", card("B again"));
    await settle(app);
    expect(indexed(plugin)).toEqual(["a.md", "b.md"]);
    expect(collectProblems(plugin.index, plugin.skippedNotes)).toEqual([]);
  });
});
