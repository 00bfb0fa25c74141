import { describe, expect, it } from "vitest";
import { serialiseRecord, type LogRecord } from "../../src/core/log/record";
import { ReviewLogStore } from "../../src/plugin/review-log-store";
import { createFakeApp } from "../fake-obsidian/app";

function record(time: string, device: string): LogRecord {
  return { v: 1, type: "review", time, device, card: "abc123", note: "n.md", key: "Q", rating: "good", before: null, after: null, tookMs: 10 };
}

describe("ReviewLogStore", () => {
  it("reads every device's file once, appends to its own only, and tells listeners", async () => {
    const app = createFakeApp();
    const folder = ".obsidian/plugins/heading-flashcards/logs";
    await app.vault.adapter.write(`${folder}/other.jsonl`, serialiseRecord(record("2026-11-02T00:00:00Z", "other")) + '{"torn":');
    const store = new ReviewLogStore(app.vault.adapter, { folder: () => folder, legacyPath: ".obsidian/plugins/heading-flashcards/review-log.jsonl", deviceId: () => "mine" });
    await store.load();
    expect(store.records().map((r) => r.device)).toEqual(["other"]);
    expect(store.problems()).toHaveLength(1);
    let changes = 0;
    store.onChange(() => changes++);
    await store.append(record("2026-11-01T00:00:00Z", "mine"));
    expect(store.records().map((r) => r.device)).toEqual(["mine", "other"]);
    expect(changes).toBe(1);
    expect(await app.vault.adapter.read(`${folder}/mine.jsonl`)).toBe(serialiseRecord(record("2026-11-01T00:00:00Z", "mine")));
    expect(await app.vault.adapter.read(`${folder}/other.jsonl`)).toContain('{"torn":');
  });
});
