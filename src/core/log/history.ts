import { standingReviews, type LogRecord } from "./record";

/**
 * The latest state the review logs know for each card (design.md §2a): what healing restores when a
 * state line was spliced by a sync engine, or lost the merge to an older line. Found by the card's `id`,
 * else by note path and key (records written before the card had an id).
 */
const STATE_EVENTS = new Set(["reset", "reschedule", "suspend", "unsuspend", "flag", "leech"]);

export class ReviewHistory {
  private readonly byId = new Map<string, LogRecord>();
  private readonly byNoteKey = new Map<string, LogRecord>();
  /** Ids first logged for a card without state: given by that review, possibly on two devices at once. */
  private readonly bornNew = new Set<string>();

  constructor(records: readonly LogRecord[]) {
    const standing = new Set(standingReviews(records));
    for (const record of records) {
      if (record.after === null || !(standing.has(record) || STATE_EVENTS.has(record.type))) continue;
      // Records come in time order (mergeLogs): a later one replaces an earlier one.
      if (record.card !== "") {
        if (!this.byId.has(record.card) && (record.before === null || record.before.id === undefined)) this.bornNew.add(record.card);
        this.byId.set(record.card, record);
      }
      this.byNoteKey.set(noteKey(record.note, record.key), record);
    }
  }

  static readonly empty = new ReviewHistory([]);

  /**
   * The latest record with a state for this card, or null when no log knows it. By note and key, a
   * record of another card id is taken only when `id` can't be trusted (it stands in a damaged line).
   */
  latest(id: string | undefined, note: string, key: string, idTrusted = true): LogRecord | null {
    const byId = id === undefined ? undefined : this.byId.get(id);
    const found = this.byNoteKey.get(noteKey(note, key));
    // A damaged line's key is read first: its id may come from another card's line spliced into it.
    if (!idTrusted) return found ?? byId ?? null;
    // A new card graded on two devices before they synced got two ids: the later review is its state.
    const sameCard = found !== undefined && (id === undefined || found.card === "" || found.card === id || (this.bornNew.has(found.card) && (byId === undefined || this.bornNew.has(id))));
    if (!sameCard) return byId ?? null;
    if (byId === undefined) return found;
    return Date.parse(found.time) > Date.parse(byId.time) ? found : byId;
  }

  /** The latest record for an id, whatever note it was in. */
  latestForId(id: string): LogRecord | null {
    return this.byId.get(id) ?? null;
  }
}

function noteKey(note: string, key: string): string {
  return `${note}\u0000${key}`;
}
