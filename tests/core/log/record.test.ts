import { describe, expect, it } from "vitest";
import { formatAnswerPrint, loggedAnswerPrint, mergeLogs, parseLogText, serialiseRecord, standingReviews, type LogRecord } from "../../../src/core/log/record";
import { answerPrint } from "../../../src/core/state/duplicate-history";

const state = { due: "2026-11-29T08:00:00Z", stability: 2.3065, difficulty: 2.1181, reps: 1, lapses: 0, state: "review", step: 0, last_review: "2026-11-26T08:00:00Z" } as const;

function review(time: string, device: string, card: string, rating: "again" | "good" = "good"): LogRecord {
  return { v: 1, type: "review", time, device, card, note: "a.md", key: "Q", rating, before: null, after: { ...state }, tookMs: 1000 };
}

describe("review log records", () => {
  it("round-trips a record through its line", () => {
    const record = review("2026-11-26T08:00:00Z", "phone", "k3f9q2");
    const { records, problems } = parseLogText(serialiseRecord(record), "phone.jsonl");
    expect(problems).toEqual([]);
    expect(records).toEqual([record]);
  });

  it("round-trips the answer print a record carries (design.md Q5), and reads old records without one", () => {
    const print = answerPrint("The answer under the heading");
    const record: LogRecord = { ...review("2026-11-26T08:00:00Z", "phone", "k3f9q2"), answer: formatAnswerPrint(print) };
    const { records, problems } = parseLogText(serialiseRecord(record) + serialiseRecord(review("2026-11-26T09:00:00Z", "phone", "k3f9q2")), "phone.jsonl");
    expect(problems).toEqual([]);
    expect(records[0]).toEqual(record);
    expect(loggedAnswerPrint(records[0])).toBe(print);
    expect("answer" in records[1]).toBe(false);
    expect(loggedAnswerPrint(records[1])).toBeUndefined();
    // Small prints keep their leading zeros; every print reads back as itself.
    expect(formatAnswerPrint(0x1a)).toBe("0000001a");
    for (const value of [0, 1, 0x7fffffff, 0xffffffff]) expect(loggedAnswerPrint({ answer: formatAnswerPrint(value) })).toBe(value);
  });

  it("drops an answer print in another form and keeps the record", () => {
    const base = review("2026-11-26T08:00:00Z", "phone", "k3f9q2");
    for (const answer of ["xyz", "1234567", "123456789", "ABCDEF12", 12345678, null, { a: 1 }]) {
      const { records, problems } = parseLogText(`${JSON.stringify({ ...base, answer })}\n`, "phone.jsonl");
      expect(problems).toEqual([]);
      expect(records).toEqual([base]);
    }
  });

  it("skips a torn last line and reports it, keeping the lines before it", () => {
    const text = serialiseRecord(review("2026-11-26T08:00:00Z", "phone", "a")) + '{"v":1,"type":"rev';
    const { records, problems } = parseLogText(text, "phone.jsonl");
    expect(records).toHaveLength(1);
    expect(problems).toEqual([{ source: "phone.jsonl", line: 2, message: "torn last line (an unfinished write); skipped" }]);
  });

  it("reads the legacy single log: no version, the card field held the key", () => {
    const legacy = JSON.stringify({ type: "review", time: "2026-11-26T08:00:00.000Z", note: "a.md", card: "Bias", rating: "good", before: null, after: state, tookMs: 5 });
    const { records } = parseLogText(`${legacy}\n`, "review-log.jsonl");
    expect(records[0]).toMatchObject({ v: 1, key: "Bias", card: "", device: "", rating: "good" });
  });

  it("rejects records that are not records, with a reason each", () => {
    const { records, problems } = parseLogText('[1]\n{"type":"dance","time":"2026-01-01T00:00:00Z"}\n{"type":"review","time":"yesterday"}\n{"v":1,"type":"review","time":"2026-01-01T00:00:00Z"}\n', "x");
    expect(records).toEqual([]);
    expect(problems.map((problem) => problem.line)).toEqual([1, 2, 3, 4]);
  });

  it("merges devices in time order", () => {
    const a = [review("2026-11-26T08:00:00Z", "a", "1"), review("2026-11-26T10:00:00Z", "a", "1")];
    const b = [review("2026-11-26T09:00:00Z", "b", "1")];
    expect(mergeLogs([a, b]).map((record) => record.time)).toEqual(["2026-11-26T08:00:00Z", "2026-11-26T09:00:00Z", "2026-11-26T10:00:00Z"]);
  });

  it("drops undone reviews: by the undo's reference, and legacy undos by note and key", () => {
    const first = review("2026-11-26T08:00:00Z", "a", "1");
    const second = review("2026-11-26T08:01:00Z", "a", "1", "again");
    const undo: LogRecord = { ...second, type: "undo", time: "2026-11-26T08:02:00Z", undoes: second.time };
    expect(standingReviews([first, second, undo])).toEqual([first]);
    const legacyUndo: LogRecord = { ...second, type: "undo", time: "2026-11-26T08:02:00Z", card: "" };
    delete legacyUndo.undoes;
    expect(standingReviews([first, second, legacyUndo])).toEqual([first]);
  });
});
