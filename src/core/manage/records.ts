import { formatAnswerPrint, LOG_RECORD_VERSION, type LogEventType, type LogRecord } from "../log/record";
import type { CardState } from "../types";

/** The review-log record of a card-management action (design.md §7): whole states before and after. */
export function actionRecord(
  type: Exclude<LogEventType, "review">,
  /** `answer`: the card's answer print, when the writer knows the card's answer (design.md Q5). */
  at: { time: Date; device: string; note: string; key: string; answer?: number },
  before: CardState | null,
  after: CardState | null,
  /** For `undo`: the time of the action it takes back. */
  undoes?: string,
): LogRecord {
  const record: LogRecord = {
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
  if (undoes !== undefined) record.undoes = undoes;
  if (at.answer !== undefined) record.answer = formatAnswerPrint(at.answer);
  return record;
}

/** What a session or the browser reports for the log; the plugin adds the device. */
export interface ActionEvent {
  type: Exclude<LogEventType, "review">;
  time: Date;
  note: string;
  key: string;
  before: CardState | null;
  after: CardState | null;
  undoes?: string;
}
