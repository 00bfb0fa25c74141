/** Number formats the statistics view shares. */

export function percent(value: number | null, digits = 1): string {
  return value === null ? "—" : `${(value * 100).toFixed(digits)}%`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

export function minutes(ms: number): string {
  const value = ms / 60_000;
  return value < 10 ? `${value.toFixed(1)} min` : `${Math.round(value).toLocaleString()} min`;
}

/** Days as Anki shows intervals: days under a month, then months, then years. */
export function days(value: number): string {
  if (value < 1) return `${Math.round(value * 24 * 10) / 10} h`;
  if (value < 30) return `${Math.round(value * 10) / 10} d`;
  if (value < 365) return `${Math.round((value / 30) * 10) / 10} mo`;
  return `${Math.round((value / 365) * 10) / 10} y`;
}

// One formatter each, made once: toLocaleDateString builds a new one per call (half a millisecond). Made
// when first used, not when the plugin loads: the first one loads the locale's data, 160 ms of the
// plugin's start at a phone's speed (`npm run bench:browser`, CPU 4× slower).
let shortDateFormat: Intl.DateTimeFormat | null = null;
let shortMonthFormat: Intl.DateTimeFormat | null = null;

/** The local noon of a "YYYY-MM-DD" study-day label. */
function dateOf(label: string): Date {
  return new Date(Number(label.slice(0, 4)), Number(label.slice(5, 7)) - 1, Number(label.slice(8, 10)), 12);
}

/** A short date for ticks and tips: "Nov 26". */
export function shortDate(label: string): string {
  shortDateFormat ??= new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
  return shortDateFormat.format(dateOf(label));
}

/** A month's short name: "Nov". */
export function shortMonth(label: string): string {
  shortMonthFormat ??= new Intl.DateTimeFormat(undefined, { month: "short" });
  return shortMonthFormat.format(dateOf(label));
}

/** 0 Sunday … 6 Saturday. */
export function weekday(label: string): number {
  return dateOf(label).getDay();
}

/** Folded tables up to this many rows are built with their panel; longer ones when first unfolded. */
const EAGER_ROWS = 12;

/**
 * A table of the numbers a chart shows, folded under the chart ("accessible table of the same numbers").
 * A long table's rows (a year of days is over a thousand nodes) are built when it is first unfolded, by
 * the summary's click (pointer or keyboard) before the fold opens, or any other opening (toggle): a
 * folded table is neither shown nor read out, so nothing is missing while it is closed.
 */
export function dataTable(parent: HTMLElement, caption: string, headers: string[], rows: (string | number)[][], open = false): HTMLTableElement {
  const details = parent.createEl("details", { cls: "hf-stats-table" });
  if (open) details.setAttr("open", "");
  const summary = details.createEl("summary", { text: "Table" });
  const table = details.createEl("table");
  table.createEl("caption", { text: caption });
  if (open || rows.length <= EAGER_ROWS) {
    fillTable(table, headers, rows);
    return table;
  }
  let filled = false;
  const fill = (): void => {
    if (filled) return;
    filled = true;
    fillTable(table, headers, rows);
  };
  summary.addEventListener("click", fill);
  details.addEventListener("toggle", fill);
  return table;
}

export function tableIn(parent: HTMLElement, caption: string, headers: string[], rows: (string | number)[][]): HTMLTableElement {
  const table = parent.createEl("table");
  table.createEl("caption", { text: caption });
  fillTable(table, headers, rows);
  return table;
}

function fillTable(table: HTMLTableElement, headers: string[], rows: (string | number)[][]): void {
  const head = table.createEl("thead").createEl("tr");
  for (const header of headers) head.createEl("th", { text: header, attr: { scope: "col" } });
  const body = table.createEl("tbody");
  for (const row of rows) {
    const tr = body.createEl("tr");
    row.forEach((cell, index) => tr.createEl(index === 0 ? "th" : "td", { text: typeof cell === "number" ? cell.toLocaleString() : cell, attr: index === 0 ? { scope: "row" } : {} }));
  }
}
