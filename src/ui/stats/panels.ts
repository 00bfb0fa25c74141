import type { DayActivity } from "../../core/stats/activity";
import { CARD_COUNT_KINDS, type CardCountKind } from "../../core/stats/card-counts";
import type { Distribution } from "../../core/stats/distributions";
import { BUTTON_GROUPS } from "../../core/stats/hourly";
import type { StatsReport } from "../../core/stats/report";
import { combined, RETENTION_WINDOWS, retentionRate, type PassFail, type RetentionWindow } from "../../core/stats/retention";
import { REVIEW_KINDS, type ReviewKind } from "../../core/stats/review-facts";
import { RATINGS, type Rating } from "../../core/types";
import { barChart, heatmap, type BarDatum, type Series } from "./charts";
import { dataTable, days, minutes, percent, plural, shortDate, weekday } from "./format";

/** Panels 1–9 of the statistics view, each drawn from one report: a title, a line of explanation, a chart, its table. */

/**
 * The charts' viewBox width: the width they are shown at (set by renderPanels from the view's width),
 * so their 10-unit labels are 10 px on a phone as on a desktop.
 */
let chartWidth = 640;

/** Beyond this many days, per-day bars become per-week bars. */
const DAILY_LIMIT = 91;

function panel(parent: HTMLElement, id: string, title: string, explanation: string): HTMLElement {
  const el = parent.createEl("section", { cls: "hf-stats-panel", attr: { "data-panel": id, "aria-labelledby": `hf-stats-${id}` } });
  el.createEl("h3", { text: title, attr: { id: `hf-stats-${id}` } });
  el.createEl("p", { cls: "hf-stats-explain", text: explanation });
  return el;
}

function figure(parent: HTMLElement, value: string, label: string): void {
  const el = parent.createDiv("hf-stats-figure");
  el.createDiv({ cls: "hf-stats-figure-value", text: value });
  el.createDiv({ cls: "hf-stats-figure-label", text: label });
}

const KIND_LABEL: Record<ReviewKind, string> = { learning: "Learning", young: "Young", mature: "Mature", relearning: "Relearning" };
const KIND_SERIES: Series[] = REVIEW_KINDS.map((kind) => ({ name: KIND_LABEL[kind], cls: `hf-fill-${kind}` }));
const RATING_LABEL: Record<Rating, string> = { again: "Again", hard: "Hard", good: "Good", easy: "Easy" };

export function todayPanel(parent: HTMLElement, report: StatsReport): void {
  const { today } = report;
  const el = panel(parent, "today", "Today", "What you studied since the study day began.");
  const figures = el.createDiv("hf-stats-figures");
  figure(figures, today.cards.toLocaleString(), today.cards === 1 ? "card studied" : "cards studied");
  figure(figures, minutes(today.minutes * 60_000), "studying");
  figure(figures, today.again.toLocaleString(), "Again");
  figure(figures, percent(today.passRate), "passed");
  figure(figures, today.newLearned.toLocaleString(), "new cards learned");
  dataTable(el, "Today", ["Figure", "Value"], [
    ["Cards studied", today.cards],
    ["Reviews", today.reviews],
    ["Minutes", Math.round(today.minutes * 100) / 100],
    ["Again", today.again],
    ["Pass rate", percent(today.passRate)],
    ["New cards learned", today.newLearned],
  ]);
}

/** Consecutive days summed into weeks (the last week may be shorter). */
function weekly<T>(items: T[], sum: (group: T[]) => number[]): { first: T; values: number[]; size: number }[] {
  const weeks: { first: T; values: number[]; size: number }[] = [];
  for (let at = 0; at < items.length; at += 7) {
    const group = items.slice(at, at + 7);
    weeks.push({ first: group[0], values: sum(group), size: group.length });
  }
  return weeks;
}

/** Every how many bars a date label fits: one label per 80 pixels of chart. */
function tickEvery(count: number): number {
  return Math.max(1, Math.ceil(count / Math.max(3, Math.floor(chartWidth / 80))));
}

export function futureDuePanel(parent: HTMLElement, report: StatsReport): void {
  const { futureDue: due, days: studyDays } = report;
  const el = panel(parent, "future-due", "Future due", "Cards coming due on each day ahead; cards already overdue are shown apart, on the left.");
  const perWeek = due.perDay.length > DAILY_LIMIT;
  const rows = perWeek
    ? weekly(due.perDay.map((count, day) => ({ day, count })), (group) => [group.reduce((sum, item) => sum + item.count, 0)]).map((week) => ({ day: week.first.day, count: week.values[0], size: week.size }))
    : due.perDay.map((count, day) => ({ day, count, size: 1 }));
  const every = tickEvery(rows.length);
  const periodLabel = (row: { day: number; size: number }): string => {
    if (row.size === 1) return row.day === 0 ? "Today" : row.day === 1 ? "Tomorrow" : shortDate(studyDays.label(row.day));
    return `Week of ${shortDate(studyDays.label(row.day))}`;
  };
  const data: BarDatum[] = [
    { tick: "Overdue", values: [due.overdue], tip: `Overdue: ${plural(due.overdue, "card")}`, apart: true },
    ...rows.map((row, index) => ({ tick: index > 0 && index % every === 0 ? shortDate(studyDays.label(row.day)) : "", values: [row.count], tip: `${periodLabel(row)}: ${plural(row.count, "card")}` })),
  ];
  barChart(el.createDiv("hf-stats-chart"), { label: "Cards due per day ahead", series: [{ name: "Due", cls: "hf-fill-due" }], data, width: chartWidth });
  el.createEl("p", {
    cls: "hf-stats-summary",
    text: `Due today: ${due.dueToday.toLocaleString()} (${due.overdue.toLocaleString()} overdue) · tomorrow: ${due.dueTomorrow.toLocaleString()} · average: ${(Math.round(due.averagePerDay * 10) / 10).toLocaleString()} cards a day`,
  });
  dataTable(el, "Cards due", [perWeek ? "Week of" : "Day", "Cards"], [["Overdue", due.overdue], ...rows.map((row) => [studyDays.label(row.day), row.count])]);
}

export function calendarPanel(parent: HTMLElement, report: StatsReport): void {
  const { calendar, streaks, days: studyDays } = report;
  const el = panel(parent, "calendar", "Calendar", "Reviews on each day of the last year; darker days had more.");
  const heatDays = calendar.map((row) => {
    const label = studyDays.label(row.day);
    return { day: label, weekday: weekday(label), count: row.count, tip: `${shortDate(label)}: ${plural(row.count, "review")}` };
  });
  heatmap(el.createDiv("hf-stats-chart"), heatDays, "Reviews per day over the last year");
  el.createEl("p", {
    cls: "hf-stats-summary",
    text: `Current streak: ${plural(streaks.current, "day")} · longest streak: ${plural(streaks.longest, "day")} · days studied: ${streaks.daysStudied.toLocaleString()}`,
  });
  dataTable(el, "Days with reviews", ["Day", "Reviews"], calendar.filter((row) => row.count > 0).map((row) => [studyDays.label(row.day), row.count]));
}

export function reviewsPanel(parent: HTMLElement, report: StatsReport, asTime: boolean, setAsTime: (asTime: boolean) => void): void {
  const { reviews, days: studyDays } = report;
  const el = panel(parent, "reviews", "Reviews", "Reviews on each day of the period, by the kind of card reviewed.");
  const toggle = el.createDiv({ cls: "hf-stats-toggle", attr: { role: "group", "aria-label": "Show reviews as" } });
  for (const [value, label] of [[false, "Count"], [true, "Time"]] as const) {
    const button = toggle.createEl("button", { text: label, attr: { type: "button", "aria-pressed": String(asTime === value) } });
    button.toggleClass("is-active", asTime === value);
    button.addEventListener("click", () => setAsTime(value));
  }
  const valuesOf = (group: DayActivity[]): number[] => REVIEW_KINDS.map((kind) => group.reduce((sum, row) => sum + (asTime ? row.msByKind[kind] / 60_000 : row.counts[kind]), 0));
  const perWeek = reviews.length > DAILY_LIMIT;
  const rows = perWeek ? weekly(reviews, valuesOf).map((week) => ({ day: week.first.day, values: week.values, size: week.size })) : reviews.map((row) => ({ day: row.day, values: valuesOf([row]), size: 1 }));
  const every = tickEvery(rows.length);
  const unit = (value: number): string => (asTime ? minutes(value * 60_000) : value.toLocaleString());
  const data: BarDatum[] = rows.map((row, index) => ({
    tick: index % every === 0 ? shortDate(studyDays.label(row.day)) : "",
    values: row.values,
    tip: `${row.size === 1 ? shortDate(studyDays.label(row.day)) : `Week of ${shortDate(studyDays.label(row.day))}`}: ${REVIEW_KINDS.map((kind, at) => `${KIND_LABEL[kind]} ${unit(row.values[at])}`).join(", ")}`,
  }));
  barChart(el.createDiv("hf-stats-chart"), { label: asTime ? "Minutes of review per day" : "Reviews per day", series: KIND_SERIES, data, yFormat: (value) => value.toLocaleString(), width: chartWidth });
  legend(el, KIND_SERIES);
  const total = reviews.reduce((sum, row) => sum + row.count, 0);
  const studied = reviews.filter((row) => row.count > 0).length;
  el.createEl("p", {
    cls: "hf-stats-summary",
    text: `${plural(total, "review")} in ${minutes(reviews.reduce((sum, row) => sum + row.ms, 0))} · ${studied} of ${reviews.length} days studied · ${(Math.round((total / Math.max(1, reviews.length)) * 10) / 10).toLocaleString()} a day on average`,
  });
  dataTable(el, asTime ? "Minutes of review" : "Reviews", [perWeek ? "Week of" : "Day", ...REVIEW_KINDS.map((kind) => KIND_LABEL[kind]), "Total"], rows.map((row) => [studyDays.label(row.day), ...row.values.map((value) => (asTime ? Math.round(value * 10) / 10 : value)), Math.round(row.values.reduce((a, b) => a + b, 0) * 10) / 10]));
}

function legend(parent: HTMLElement, series: Series[]): void {
  const el = parent.createDiv({ cls: "hf-stats-legend", attr: { "aria-hidden": "true" } });
  for (const item of series) {
    const entry = el.createSpan("hf-stats-legend-item");
    entry.createSpan({ cls: `hf-swatch ${item.cls}` });
    entry.createSpan({ text: item.name });
  }
}

const COUNT_LABEL: Record<CardCountKind, string> = { new: "New", learning: "Learning", young: "Young", mature: "Mature", suspended: "Suspended", buried: "Buried" };

export function cardCountsPanel(parent: HTMLElement, report: StatsReport): void {
  const counts = report.cards;
  const el = panel(parent, "card-counts", "Card counts", "Where your cards stand: young cards have an interval under 21 days, mature ones 21 days or more.");
  const series = CARD_COUNT_KINDS.map((kind) => ({ name: COUNT_LABEL[kind], cls: `hf-fill-${kind}` }));
  const data: BarDatum[] = CARD_COUNT_KINDS.map((kind, index) => ({
    tick: COUNT_LABEL[kind],
    values: CARD_COUNT_KINDS.map((_, at) => (at === index ? counts[kind] : 0)),
    tip: `${COUNT_LABEL[kind]}: ${plural(counts[kind], "card")} (${percent(counts.total === 0 ? null : counts[kind] / counts.total)})`,
  }));
  barChart(el.createDiv("hf-stats-chart"), { label: "Cards by state", series, data, height: 150, width: chartWidth });
  el.createEl("p", { cls: "hf-stats-summary", text: `${plural(counts.total, "card")} in all` });
  dataTable(el, "Card counts", ["State", "Cards", "Share"], [...CARD_COUNT_KINDS.map((kind) => [COUNT_LABEL[kind], counts[kind], percent(counts.total === 0 ? null : counts[kind] / counts.total)]), ["Total", counts.total, ""]]);
}

function histogram(parent: HTMLElement, title: string, dist: Distribution, describe: (x0: number, x1: number) => string, cls: string, summary: string): void {
  const el = parent.createDiv("hf-stats-distribution");
  el.createEl("h4", { text: title });
  const every = tickEvery(dist.bins.length);
  const data: BarDatum[] = dist.bins.map((bin, index) => ({ tick: index % every === 0 ? describe(bin.x0, bin.x0).split("–")[0] : "", values: [bin.count], tip: `${describe(bin.x0, bin.x1)}: ${plural(bin.count, "card")}` }));
  barChart(el.createDiv("hf-stats-chart"), { label: `${title} of your cards`, series: [{ name: title, cls }], data, height: 150, width: Math.min(chartWidth, 340) });
  el.createEl("p", { cls: "hf-stats-summary", text: summary });
  dataTable(el, title, ["Range", "Cards"], dist.bins.map((bin) => [describe(bin.x0, bin.x1), bin.count]));
}

export function distributionsPanel(parent: HTMLElement, report: StatsReport): void {
  const dist = report.distributions;
  const el = panel(parent, "distributions", "Distributions", "Intervals, memory stability, difficulty and the chance of recalling each card right now, over the cards you have reviewed.");
  el.createEl("p", {
    cls: "hf-stats-knowledge",
    text: `Estimated total knowledge: ${plural(Math.round(dist.estimatedKnowledge), "card")} — the cards you would recall if asked all of them now (the sum of their retrievability).`,
  });
  const grid = el.createDiv("hf-stats-distributions");
  const mean = (value: number | null, show: (v: number) => string): string => (value === null ? "No reviewed cards" : `Average ${show(value)}`);
  histogram(grid, "Intervals", dist.interval, (a, b) => (a === b ? days(a) : `${days(a)}–${days(b)}`), "hf-fill-young", mean(dist.interval.mean, days));
  histogram(grid, "Stability", dist.stability, (a, b) => (a === b ? days(a) : `${days(a)}–${days(b)}`), "hf-fill-mature", mean(dist.stability.mean, days));
  histogram(grid, "Difficulty", dist.difficulty, (a, b) => (a === b ? String(a) : `${a}–${b}`), "hf-fill-learning", mean(dist.difficulty.mean, (v) => (Math.round(v * 10) / 10).toString()));
  histogram(grid, "Retrievability", dist.retrievability, (a, b) => (a === b ? percent(a, 0) : `${percent(a, 0)}–${percent(b, 0)}`), "hf-fill-good", mean(dist.retrievability.mean, (v) => percent(v)));
}

export function hourlyPanel(parent: HTMLElement, report: StatsReport): void {
  const rows = report.hourly;
  const el = panel(parent, "hourly", "Hourly breakdown", "Reviews by hour of the day over the period (bars), and the share you passed (line).");
  const rate = (row: { reviews: number; passed: number }): number | null => (row.reviews === 0 ? null : row.passed / row.reviews);
  const data: BarDatum[] = rows.map((row) => ({ tick: row.hour % 3 === 0 ? String(row.hour) : "", values: [row.reviews], tip: `${row.hour}:00–${row.hour + 1}:00: ${plural(row.reviews, "review")}, ${percent(rate(row))} passed` }));
  barChart(el.createDiv("hf-stats-chart"), { label: "Reviews by hour of day", series: [{ name: "Reviews", cls: "hf-fill-young" }], data, rate: { values: rows.map(rate), name: "Passed" }, width: chartWidth });
  dataTable(el, "Reviews by hour", ["Hour", "Reviews", "Passed", "Pass rate"], rows.map((row) => [`${row.hour}:00`, row.reviews, row.passed, percent(rate(row))]));
}

export function buttonsPanel(parent: HTMLElement, report: StatsReport): void {
  const table = report.buttons;
  const el = panel(parent, "buttons", "Answer buttons", "How often you pressed each button, for learning, young and mature cards, over the period.");
  const groupLabel = { learning: "Learning", young: "Young", mature: "Mature" } as const;
  const series = RATINGS.map((rating) => ({ name: RATING_LABEL[rating], cls: `hf-fill-${rating}` }));
  const data: BarDatum[] = [];
  for (const group of BUTTON_GROUPS) {
    const total = RATINGS.reduce((sum, rating) => sum + table[group][rating], 0);
    RATINGS.forEach((rating, index) => {
      const count = table[group][rating];
      data.push({ tick: index === 0 ? groupLabel[group] : "", values: RATINGS.map((_, at) => (at === index ? count : 0)), tip: `${groupLabel[group]}, ${RATING_LABEL[rating]}: ${count.toLocaleString()} (${percent(total === 0 ? null : count / total)})` });
    });
  }
  barChart(el.createDiv("hf-stats-chart"), { label: "Answer buttons used", series, data, height: 160, width: chartWidth });
  legend(el, series);
  dataTable(el, "Answer buttons", ["Cards", ...RATINGS.map((rating) => RATING_LABEL[rating]), "Passed"], BUTTON_GROUPS.map((group) => {
    const row = table[group];
    const total = RATINGS.reduce((sum, rating) => sum + row[rating], 0);
    return [groupLabel[group], ...RATINGS.map((rating) => row[rating]), percent(total === 0 ? null : (total - row.again) / total)];
  }));
}

const WINDOW_LABEL: Record<RetentionWindow, string> = { today: "Today", yesterday: "Yesterday", week: "Last week", month: "Last month", year: "Last year" };

export function retentionPanel(parent: HTMLElement, report: StatsReport): void {
  const el = panel(parent, "retention", "True retention", "Of the reviews of cards in review, the share you passed (Hard, Good or Easy); young and mature by the interval at the review.");
  const cell = (value: PassFail): string[] => [value.passed.toLocaleString(), value.failed.toLocaleString(), percent(retentionRate(value))];
  const rows = RETENTION_WINDOWS.map((window) => {
    const row = report.retention[window];
    return [WINDOW_LABEL[window], ...cell(row.young), ...cell(row.mature), ...cell(combined(row))];
  });
  const table = el.createDiv("hf-stats-retention").createEl("table", { cls: "hf-retention-table" });
  table.createEl("caption", { text: "True retention" });
  const head = table.createEl("thead");
  const groups = head.createEl("tr");
  groups.createEl("td");
  for (const group of ["Young", "Mature", "All"]) groups.createEl("th", { text: group, attr: { colspan: 3, scope: "colgroup" } });
  const columns = head.createEl("tr");
  columns.createEl("td");
  for (const group of ["Young", "Mature", "All"]) {
    for (const label of ["Passed", "Failed", "Rate"]) columns.createEl("th", { text: label, attr: { scope: "col", "aria-label": `${group}: ${label === "Rate" ? "retention" : label.toLowerCase()}` } });
  }
  const body = table.createEl("tbody");
  rows.forEach((row, index) => {
    const all = combined(report.retention[RETENTION_WINDOWS[index]]);
    const tr = body.createEl("tr", { attr: { "data-tip": `${row[0]}: ${all.passed.toLocaleString()} passed, ${all.failed.toLocaleString()} failed` } });
    row.forEach((cell, at) => tr.createEl(at === 0 ? "th" : "td", { text: cell, attr: at === 0 ? { scope: "row" } : {} }));
  });
}

/** Each panel and what it is drawn from (with the report's study days and the chart width). */
const PANELS: { id: string; inputs: (report: StatsReport, asTime: boolean) => unknown[]; draw: (parent: HTMLElement, report: StatsReport, asTime: boolean, setAsTime: (asTime: boolean) => void) => void }[] = [
  { id: "today", inputs: (report) => [report.today], draw: todayPanel },
  { id: "future-due", inputs: (report) => [report.futureDue], draw: futureDuePanel },
  { id: "calendar", inputs: (report) => [report.calendar, report.streaks], draw: calendarPanel },
  { id: "reviews", inputs: (report, asTime) => [report.reviews, asTime], draw: reviewsPanel },
  { id: "card-counts", inputs: (report) => [report.cards], draw: cardCountsPanel },
  { id: "distributions", inputs: (report) => [report.distributions], draw: distributionsPanel },
  { id: "hourly", inputs: (report) => [report.hourly], draw: hourlyPanel },
  { id: "buttons", inputs: (report) => [report.buttons], draw: buttonsPanel },
  { id: "retention", inputs: (report) => [report.retention], draw: retentionPanel },
];

/** What the panels in a container were drawn from, so an update redraws only what changed. */
const drawnFrom = new WeakMap<HTMLElement, { days: unknown; width: number; inputs: unknown[][] }>();

function setChartWidth(width: number): number {
  chartWidth = width > 0 ? Math.max(300, Math.min(640, Math.round(width))) : 640;
  return chartWidth;
}

/** All nine panels, in order, into `el`, their charts drawn for `width` pixels (0: unknown, a desktop's). */
export function renderPanels(el: HTMLElement, report: StatsReport, reviewsAsTime: boolean, setReviewsAsTime: (asTime: boolean) => void, width = 0): void {
  const drawnWidth = setChartWidth(width);
  for (const panel of PANELS) panel.draw(el, report, reviewsAsTime, setReviewsAsTime);
  drawnFrom.set(el, { days: report.days, width: drawnWidth, inputs: PANELS.map((panel) => panel.inputs(report, reviewsAsTime)) });
}

/**
 * The panels `renderPanels` drew into `el`, brought up to `report`: a panel drawn from the same figures
 * (StatsModel hands out the same objects for what a period switch doesn't change: today, the calendar,
 * card counts, distributions, true retention) at the same width stays as it is; the others are drawn
 * again in place. Draws them all when `el` holds none.
 */
export function updatePanels(el: HTMLElement, report: StatsReport, reviewsAsTime: boolean, setReviewsAsTime: (asTime: boolean) => void, width = 0): void {
  const drawn = drawnFrom.get(el);
  const drawnWidth = setChartWidth(width);
  if (drawn === undefined || drawn.days !== report.days || drawn.width !== drawnWidth) {
    for (const old of Array.from(el.querySelectorAll(":scope > [data-panel]"))) old.remove();
    renderPanels(el, report, reviewsAsTime, setReviewsAsTime, width);
    return;
  }
  PANELS.forEach((panel, at) => {
    const inputs = panel.inputs(report, reviewsAsTime);
    const old = el.querySelector(`:scope > [data-panel="${panel.id}"]`);
    if (old !== null && inputs.every((input, index) => input === drawn.inputs[at][index])) return;
    const holder = el.createDiv();
    panel.draw(holder, report, reviewsAsTime, setReviewsAsTime);
    const fresh = holder.firstElementChild;
    holder.remove();
    if (fresh === null) return;
    if (old !== null) old.replaceWith(fresh);
    else el.appendChild(fresh);
    drawn.inputs[at] = inputs;
  });
}
