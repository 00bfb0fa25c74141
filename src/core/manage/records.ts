import { LOG_RECORD_VERSION, type LogEventType, type LogRecord } from "../log/record";
import type { CardState } from "../types";

/** The review-log record of a card-management action (design.md §7): whole states before and after. */
export function actionRecord(
  type: Exclude<LogEventType, "review" | "undo">,
  at: { time: Date; device: string; note: string; key: string },
  before: CardState | null,
  after: CardState | null,
): LogRecord {
  return {
    v: LOG_RECORD_VERSION,
    type,
    time: at.time.toISOString(),
    device: at.device,
    card: after?.id ?? before?.id ?? "",
    note: at.note,
    key: at.key,
    before,
    after,
  };
}
