// Issue 9, point 7: what phones and tablets lack. No status bar, no structuredClone on older iOS WebKit,
// and only icon names that exist in the Lucide set Obsidian bundles (lucide-static 0.446.0 here).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { Platform } from "../fake-obsidian";
import { loadFlashcards, openReview, press, run, sampleVault, SAMPLE_PATH, screen, settle } from "./helpers";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const LUCIDE = new Set(readdirSync(path.join(REPO, "node_modules/lucide-static/icons")).map((file) => file.replace(/\.svg$/, "")));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Icon names written in the source: setIcon(el, …), addRibbonIcon(…), addAction(…), `icon = …`, the review's tool(…). */
function iconNamesInSource(): Map<string, string> {
  const names = new Map<string, string>();
  const calls = /setIcon\([^,]+,([^)]*)\)|addRibbonIcon\(\s*("[^"]*")|addAction\(\s*("[^"]*")|\bicon\s*=\s*("[^"]*")|\btool\(\s*("[^"]*")/g;
  for (const file of sourceFiles(path.join(REPO, "src"))) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(calls)) {
      const args = match.slice(1).find((group) => group !== undefined) ?? "";
      for (const literal of args.matchAll(/"([^"]+)"/g)) names.set(literal[1], path.relative(REPO, file));
    }
  }
  return names;
}

afterEach(() => {
  Platform.isMobile = false;
});

describe("mobile (issue 9, point 7)", () => {
  it("no status bar item, and no status bar counting, where there is no status bar", async () => {
    Platform.isMobile = true;
    const { app } = await loadFlashcards(sampleVault());
    await openReview(app);
    expect(app.statusBarCallsOnMobile).toBe(0);
    expect(app.statusBarEl.childElementCount).toBe(0);
  });

  it("works without structuredClone (older iOS WebKit)", async () => {
    const original = globalThis.structuredClone;
    // Missing, as on iOS WebKit before 15.4: any call throws.
    globalThis.structuredClone = (() => {
      throw new ReferenceError("structuredClone is not defined");
    }) as typeof structuredClone;
    try {
      const { app } = await loadFlashcards(sampleVault());
      await openReview(app);
      await press(app, " ");
      await press(app, "3");
      await press(app, "u");
      run(app, "open-study-pane");
      await settle(app);
      expect(app.vault.getText(SAMPLE_PATH)).not.toContain("srs:");
    } finally {
      globalThis.structuredClone = original;
    }
    for (const file of sourceFiles(path.join(REPO, "src"))) expect(readFileSync(file, "utf8"), file).not.toMatch(/\bstructuredClone\s*\(/);
  });

  it("every icon name in the source is in Lucide's icon list", () => {
    expect(LUCIDE.size).toBeGreaterThan(1000);
    const names = iconNamesInSource();
    expect(names.size).toBeGreaterThanOrEqual(8); // the scan finds the icons the views use
    const missing = [...names].filter(([name]) => !LUCIDE.has(name)).map(([name, file]) => `${name} (${file})`);
    expect(missing).toEqual([]);
  });

  it("every icon the plugin draws while running is in Lucide's icon list", async () => {
    const { app } = await loadFlashcards(sampleVault());
    run(app, "open-study-pane");
    await settle(app);
    const view = await openReview(app);
    for (let i = 0; i < 20 && screen(view).done === null; i++) {
      await press(app, " ");
      await press(app, "4");
    }
    await settle(app);
    const drawn = new Set([...document.querySelectorAll("[data-icon]")].map((el) => el.getAttribute("data-icon") ?? ""));
    app.workspace.iterateAllLeaves((leaf) => void drawn.add(leaf.getIcon()));
    drawn.delete("document"); // the fake's own default for its empty tab
    expect(drawn.has("circle-check")).toBe(true); // the done screen was drawn
    expect([...drawn].filter((name) => !LUCIDE.has(name))).toEqual([]);
  });
});
