// `flashcards optimize` and `flashcards evaluate` in-process: the JSON shapes of the issue, the CSV and
// log-folder inputs, and clear refusals for bad input.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import * as binding from "@open-spaced-repetition/binding";
import { run } from "../support/cli";
import { DEFAULT_WEIGHTS } from "../../src/core/optimizer/model";
import { simulatedDeviceLogs, simulateHistory } from "../core/optimizer/simulated-history";
import { referenceItems, toBinding } from "../core/optimizer/oracle";
import { filteredItems } from "../../src/core/optimizer/pretrain";
import { readReviewCsv } from "../../src/core/optimizer/csv";

const CSV = fileURLToPath(new URL("../core/optimizer/fixtures/py-fsrs-josh-2024.csv", import.meta.url));
const temp = mkdtempSync(path.join(tmpdir(), "hf-optimize-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));


/** A simulated history written as the plugin's per-device logs, split over two devices. */
function writeLogs(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const [device, text] of Object.entries(simulatedDeviceLogs(2))) writeFileSync(path.join(dir, `${device}.jsonl`), text);
}

describe("flashcards evaluate", () => {
  it("prints {items, logLoss, rmseBins} for the default weights, as the reference computes them", () => {
    const result = run("evaluate", "--csv", CSV, "--json");
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as Record<string, number>;
    expect(Object.keys(json)).toEqual(["items", "logLoss", "rmseBins"]);
    expect(json.items).toBe(6276);
    const reference = new binding.FSRSBinding([...DEFAULT_WEIGHTS]).evaluate(toBinding(referenceItems(readReviewCsv(readFileSync(CSV, "utf8")), 4)));
    expect(Math.abs(json.logLoss - reference.logLoss)).toBeLessThanOrEqual(1e-5);
    expect(Math.abs(json.rmseBins - reference.rmseBins)).toBeLessThanOrEqual(1e-5);
  });

  it("takes --weights and refuses a list that is not 21 numbers within bounds", () => {
    const good = run("evaluate", "--csv", CSV, "--weights", DEFAULT_WEIGHTS.map((w) => w * 1).join(","), "--json");
    expect(good.code).toBe(0);
    const bad = run("evaluate", "--csv", CSV, "--weights", "1,2,3");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("expected 21 numbers");
    const outOfBounds = run("evaluate", "--csv", CSV, "--weights", [...DEFAULT_WEIGHTS.slice(0, 20), 5].join(","));
    expect(outOfBounds.code).toBe(2);
    expect(outOfBounds.stderr).toContain("w20");
  });

  it("reads the plugin's log folder and agrees with the reference on the same reviews", () => {
    const dir = path.join(temp, "logs-eval");
    writeLogs(dir);
    const result = run("evaluate", "--logs", dir, "--json");
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { items: number; logLoss: number; rmseBins: number };
    const events = simulateHistory({ cards: 150, newPerDay: 5, days: 150, seed: 7 });
    const items = referenceItems(events, 4);
    expect(json.items).toBe(items.length);
    const reference = new binding.FSRSBinding([...DEFAULT_WEIGHTS]).evaluate(toBinding(items));
    expect(Math.abs(json.logLoss - reference.logLoss)).toBeLessThanOrEqual(1e-5);
    expect(Math.abs(json.rmseBins - reference.rmseBins)).toBeLessThanOrEqual(1e-5);
    expect(filteredItems(items).length).toBeGreaterThan(0);
  });

  it("needs a source, and refuses a CSV without the needed columns, naming them", () => {
    expect(run("evaluate").code).toBe(2);
    const file = path.join(temp, "bad.csv");
    writeFileSync(file, "id,rating,time\n1,3,2024-01-01T00:00:00Z\n");
    const result = run("evaluate", "--csv", file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("card_id, review_rating, review_time");
    writeFileSync(file, "card_id,review_rating,review_time\n1,5,2024-01-01T00:00:00Z\n");
    expect(run("evaluate", "--csv", file).stderr).toContain("Line 2: review_rating must be 1, 2, 3 or 4");
  });
});

describe("flashcards optimize", () => {
  it("prints exactly the issue's JSON: reviews, cards, items, weights, default and optimized metrics", () => {
    const dir = path.join(temp, "vault", ".obsidian", "plugins", "heading-flashcards", "logs");
    writeLogs(dir);
    const result = run("optimize", path.join(temp, "vault"), "--seed", "5", "--json");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { reviews: number; cards: number; items: number; weights: number[]; default: object; optimized: object };
    expect(Object.keys(json)).toEqual(["reviews", "cards", "items", "weights", "default", "optimized"]);
    expect(json.reviews).toBe(simulateHistory({ cards: 150, newPerDay: 5, days: 150, seed: 7 }).length);
    expect(json.cards).toBe(150);
    expect(json.weights).toHaveLength(21);
    expect(Object.keys(json.default)).toEqual(["logLoss", "rmseBins"]);
    expect(Object.keys(json.optimized)).toEqual(["logLoss", "rmseBins"]);
    // The same seed gives the same weights.
    expect(JSON.parse(run("optimize", "--logs", dir, "--seed", "5", "--json").stdout)).toEqual(json);
  });

  it("says how many more reviews it needs when there are too few", () => {
    const file = path.join(temp, "few.csv");
    writeFileSync(file, "card_id,review_rating,review_time\n1,3,2024-01-01T10:00:00Z\n1,3,2024-01-03T10:00:00+02:00\n");
    const result = run("optimize", "--csv", file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/too few reviews: \d+ more needed/);
  });

  it("refuses --logs with --csv, and a bad --seed", () => {
    expect(run("optimize", "--logs", temp, "--csv", CSV).code).toBe(2);
    expect(run("optimize", "--csv", CSV, "--seed", "x").stderr).toContain("--seed");
  });
});
