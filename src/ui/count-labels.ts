/**
 * Counts that say what they are, everywhere they appear (review header, study pane, "Study all", status
 * bar): "3 new · 1 learning · 12 due" as tooltip and accessible label, and "held back by today's limit"
 * when a daily limit keeps cards out.
 */

export interface ShownCounts {
  new: number;
  learning: number;
  due: number;
}

/** Cards a daily limit keeps out today, beyond what the counts show. */
export interface HeldBack {
  new: number;
  due: number;
}

const KINDS = ["new", "learning", "due"] as const;

/** "3 new · 1 learning · 12 due", plus what a limit holds back ("+17 new held back by today's limit"). */
export function describeCounts(counts: ShownCounts, held: HeldBack = { new: 0, due: 0 }): string {
  const text = `${counts.new} new · ${counts.learning} learning · ${counts.due} due`;
  const notes: string[] = [];
  if (held.new > 0) notes.push(`${held.new} more new`);
  if (held.due > 0) notes.push(`${held.due} more due`);
  return notes.length === 0 ? text : `${text} (${notes.join(", ")} held back by today's limit)`;
}

/**
 * The three counts, coloured as Anki colours them, each with its own label; the whole with the full
 * description. A count held back by a limit is marked (`is-limited`, underlined) and its label says so.
 */
export function renderCounts(parent: HTMLElement, counts: ShownCounts, held: HeldBack = { new: 0, due: 0 }, existing?: HTMLElement): HTMLElement {
  const el = existing ?? parent.createSpan("hf-counts");
  el.empty();
  const label = describeCounts(counts, held);
  el.setAttr("aria-label", label);
  el.setAttr("data-tooltip-position", "top");
  for (const kind of KINDS) {
    if (el.childElementCount > 0) el.createSpan({ cls: "hf-count-separator", text: " · ", attr: { "aria-hidden": "true" } });
    const value = counts[kind];
    const limited = kind !== "learning" && held[kind] > 0;
    // The number stays what can be studied now; a dotted underline and the label say more wait.
    const span = el.createSpan({ cls: `hf-count hf-count-${kind}`, text: String(value) });
    span.setAttr("aria-label", limited ? `${value} ${kind}, ${held[kind]} more held back by today's limit` : `${value} ${kind}`);
    span.toggleClass("is-zero", value === 0 && !limited);
    span.toggleClass("is-limited", limited);
  }
  return el;
}

/** The status bar: "12 due · 20 new" (learning cards count as due there); nothing when nothing is waiting. */
export function statusBarText(counts: ShownCounts): string {
  const parts: string[] = [];
  const due = counts.due + counts.learning;
  if (due > 0) parts.push(`${due} due`);
  if (counts.new > 0) parts.push(`${counts.new} new`);
  return parts.join(" · ");
}
