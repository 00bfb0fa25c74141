import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appendLogRecord, readLogFolder } from "../../src/cli/log-files";
import { serialiseRecord, type LogRecord } from "../../src/core/log/record";

function record(time: string, device: string): LogRecord {
  return { v: 1, type: "review", time, device, card: "abc123", note: "n.md", key: "Q", rating: "good", before: null, after: null, tookMs: 10 };
}

describe("the CLI's log folder", () => {
  it("merges every device's file and the legacy log in time order, skipping other files", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hf-logs-"));
    writeFileSync(path.join(dir, "phone.jsonl"), serialiseRecord(record("2026-11-02T00:00:00Z", "phone")));
    writeFileSync(path.join(dir, "laptop.jsonl"), serialiseRecord(record("2026-11-01T00:00:00Z", "laptop")) + serialiseRecord(record("2026-11-03T00:00:00Z", "laptop")));
    writeFileSync(path.join(dir, "review-log.jsonl"), `${JSON.stringify({ type: "review", time: "2026-10-01T00:00:00Z", note: "n.md", card: "Q", rating: "again", before: null, after: null })}\n`);
    writeFileSync(path.join(dir, "notes.txt"), "not a log");
    const { records, problems } = readLogFolder(dir);
    expect(problems).toEqual([]);
    expect(records.map((r) => `${r.device}@${r.time.slice(0, 10)}`)).toEqual(["@2026-10-01", "laptop@2026-11-01", "phone@2026-11-02", "laptop@2026-11-03"]);
  });

  it("reads a missing folder as an empty log", () => {
    expect(readLogFolder(path.join(tmpdir(), "hf-no-such-folder"))).toEqual({ records: [], problems: [] });
  });

  it("appends to DIR/NAME.jsonl and refuses a device name that would leave the folder", () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "hf-logs-")), "logs");
    const file = appendLogRecord(dir, "laptop", record("2026-11-01T00:00:00Z", "laptop"));
    expect(file).toBe(path.join(dir, "laptop.jsonl"));
    expect(readFileSync(file, "utf8").split("\n")).toHaveLength(2);
    expect(() => appendLogRecord(dir, "../escape", record("2026-11-01T00:00:00Z", "x"))).toThrow(/not a usable device name/);
  });
});
