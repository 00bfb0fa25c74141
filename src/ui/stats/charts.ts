import { max, nice, ticks } from "d3-array";
import { shortMonth } from "./format";

/**
 * SVG charts for the statistics view, drawn with d3-array's nice ticks, coloured by CSS
 * classes that use Obsidian's variables (styles.css), so they follow the theme. Each chart scales to its
 * container's width through its viewBox. Every mark carries `data-tip`, the exact values, which the view
 * shows as a tooltip on hover; the same numbers are in each panel's table.
 */

const WIDTH = 640;
const MARGIN = { top: 10, right: 40, bottom: 22, left: 40 };

export interface Series {
  name: string;
  /** CSS class giving the fill, e.g. `hf-fill-young`. */
  cls: string;
}

export interface BarDatum {
  /** The label under the bar, or "" when this bar gets no tick. */
  tick: string;
  /** One value per series, stacked bottom to top. */
  values: number[];
  tip: string;
  /** Drawn apart, with a hatched fill (overdue cards before today). */
  apart?: boolean;
}

export interface BarChartSpec {
  label: string;
  series: Series[];
  data: BarDatum[];
  height?: number;
  /** viewBox width: smaller for charts shown small, so their labels stay readable. */
  width?: number;
  /** A line over the bars on a 0–1 axis at the right (pass rate). */
  rate?: { values: (number | null)[]; name: string };
  yFormat?: (value: number) => string;
}

/**
 * Linear and band positions. d3-scale would bring d3-interpolate, d3-color and d3-format into main.js
 * (about 30 KB) for two lines of arithmetic; the tick choice, the part worth a library, is d3-array's.
 */
function linear(domainMax: number, bottom: number, top: number): (value: number) => number {
  return (value) => bottom - (value / domainMax) * (bottom - top);
}

function bands(count: number, left: number, right: number, padding: number): { x: (index: number) => number; bandwidth: number } {
  const step = (right - left) / Math.max(1, count - padding);
  return { x: (index) => left + index * step, bandwidth: step * (1 - padding) };
}

function svgRoot(parent: HTMLElement, width: number, height: number, label: string): SVGSVGElement {
  return parent.createSvg("svg", {
    cls: "hf-chart",
    attr: { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label, preserveAspectRatio: "xMidYMid meet" },
  });
}

/** A coordinate to 1/100 of a unit: path data stays short, and nothing moves by a visible amount. */
function short(value: number): number {
  return Math.round(value * 100) / 100;
}

export function text(parent: SVGElement, x: number, y: number, value: string, cls: string, anchor = "middle"): void {
  const el = parent.createSvg("text", { cls, attr: { x, y, "text-anchor": anchor } });
  el.textContent = value;
}

export function barChart(parent: HTMLElement, spec: BarChartSpec): SVGSVGElement {
  const height = spec.height ?? 180;
  const svg = svgRoot(parent, spec.width ?? WIDTH, height, spec.label);
  const width = spec.width ?? WIDTH;
  const band = bands(spec.data.length, MARGIN.left, width - MARGIN.right, spec.data.length > 60 ? 0.1 : 0.2);
  const top = max(spec.data, (datum) => datum.values.reduce((sum, value) => sum + value, 0)) ?? 0;
  const [, yMax] = nice(0, Math.max(1, top), 4);
  const y = linear(yMax, height - MARGIN.bottom, MARGIN.top);
  const format = spec.yFormat ?? ((value: number) => String(value));

  const grid = svg.createSvg("g", { cls: "hf-chart-grid" });
  for (const tick of ticks(0, yMax, 4).filter(Number.isInteger)) {
    grid.createSvg("line", { attr: { x1: MARGIN.left, x2: width - MARGIN.right, y1: y(tick), y2: y(tick) } });
    text(grid, MARGIN.left - 6, y(tick) + 4, format(tick), "hf-chart-tick", "end");
  }

  // Each series' bars are one path (a few nodes for the whole chart, not one per bar and series); each bar
  // keeps its own group with a hit area above them, which carries the tooltip and the hover shade.
  const outlines = spec.series.map(() => [] as string[]);
  const bars = svg.createSvg("g", { cls: "hf-chart-bars" });
  const fills = bars.createSvg("g", { cls: "hf-chart-fills" });
  spec.data.forEach((datum, index) => {
    const left = band.x(index);
    const group = bars.createSvg("g", { cls: datum.apart === true ? "hf-bar is-apart" : "hf-bar", attr: { "data-tip": datum.tip } });
    let base = 0;
    datum.values.forEach((value, series) => {
      if (value <= 0) return;
      const top = y(base + value);
      const bottom = y(base);
      // A bar drawn apart keeps its own rectangle, filled by its own style.
      if (datum.apart === true) group.createSvg("rect", { cls: spec.series[series]?.cls ?? "", attr: { x: left, width: band.bandwidth, y: top, height: bottom - top } });
      else outlines[series]?.push(`M${short(left)} ${short(top)}h${short(band.bandwidth)}V${short(bottom)}H${short(left)}Z`);
      base += value;
    });
    // A full-height hit area, so thin and empty bars still answer the pointer.
    group.createSvg("rect", { cls: "hf-bar-hit", attr: { x: left, width: band.bandwidth, y: MARGIN.top, height: height - MARGIN.bottom - MARGIN.top } });
    if (datum.tick !== "") text(svg, left + band.bandwidth / 2, height - 6, datum.tick, "hf-chart-tick");
  });
  outlines.forEach((outline, series) => {
    if (outline.length > 0) fills.createSvg("path", { cls: spec.series[series].cls, attr: { d: outline.join("") } });
  });

  if (spec.rate !== undefined) drawRate(svg, spec.rate.values, (index) => band.x(index) + band.bandwidth / 2, width, height);
  return svg;
}

/** The pass-rate line on its own 0–100 % axis at the right; hours without reviews leave a gap. */
function drawRate(svg: SVGSVGElement, values: (number | null)[], xOf: (index: number) => number, width: number, height: number): void {
  const y = linear(1, height - MARGIN.bottom, MARGIN.top);
  for (const tick of [0, 0.5, 1]) text(svg, width - MARGIN.right + 6, y(tick) + 4, `${tick * 100}%`, "hf-chart-tick hf-rate-tick", "start");
  svg.createSvg("path", { cls: "hf-rate-line", attr: { d: polyline(values, xOf, y) } });
}

/**
 * An SVG path through the values, broken where a value is null: the path d3-shape's `line()` draws
 * with `.defined()`, its default linear curve (a run of one point is closed, "M x,yZ") and its default
 * 3 decimals, without the 4 KB that d3-shape and d3-path add to main.js for it.
 */
const round3 = (value: number): number => Math.round(value * 1000) / 1000;

export function polyline(values: readonly (number | null)[], xOf: (index: number) => number, yOf: (value: number) => number): string {
  let path = "";
  let run = 0;
  values.forEach((value, index) => {
    if (value === null) {
      if (run === 1) path += "Z";
      run = 0;
      return;
    }
    path += `${run === 0 ? "M" : "L"}${round3(+xOf(index))},${round3(+yOf(value))}`;
    run++;
  });
  if (run === 1) path += "Z";
  return path;
}

export interface HeatDay {
  /** "YYYY-MM-DD" */
  day: string;
  /** 0 Sunday … 6 Saturday */
  weekday: number;
  count: number;
  tip: string;
}

/** A year of days as weeks (columns) by weekdays (rows), shaded in four steps of the busiest day. */
export function heatmap(parent: HTMLElement, days: HeatDay[], label: string): SVGSVGElement {
  const cell = 11;
  const gap = 2;
  const left = 24;
  const firstWeekday = days[0]?.weekday ?? 0;
  const weeks = Math.ceil((firstWeekday + days.length) / 7);
  const width = left + weeks * (cell + gap);
  const height = 7 * (cell + gap) + 14;
  const svg = parent.createSvg("svg", { cls: "hf-chart hf-heatmap", attr: { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label } });
  const busiest = Math.max(1, max(days, (day) => day.count) ?? 1);
  // Four equal steps of the busiest day's count (a quantize scale).
  const level = (count: number): number => Math.min(4, 1 + Math.floor((4 * count) / busiest));
  const side = cell - 4;
  const roundedCell = `h${side}a2 2 0 0 1 2 2v${side}a2 2 0 0 1-2 2h-${side}a2 2 0 0 1-2-2v-${side}a2 2 0 0 1 2-2z`;
  ["Mon", "Wed", "Fri"].forEach((name, index) => text(svg, 0, (1 + index * 2) * (cell + gap) + cell - 1, name, "hf-chart-tick", "start"));
  days.forEach((day, index) => {
    const slot = firstWeekday + index;
    const week = Math.floor(slot / 7);
    const cls = day.count === 0 ? "hf-heat hf-heat-0" : `hf-heat hf-heat-${level(day.count)}`;
    // A rounded square as one path: three attributes where a rect needs seven (365 cells).
    const x = left + week * (cell + gap);
    const y = (slot % 7) * (cell + gap);
    svg.createSvg("path", { cls, attr: { d: `M${x + 2} ${y}${roundedCell}`, "data-tip": day.tip } });
    if (day.day.endsWith("-01") || index === 0) {
      const month = shortMonth(day.day);
      if (index === 0 && Number(day.day.slice(8)) > 20) return;
      text(svg, left + week * (cell + gap), height - 2, month, "hf-chart-tick", "start");
    }
  });
  return svg;
}

/** Shows the `data-tip` of whatever the pointer is over, in one tooltip per container. */
export function attachTooltip(container: HTMLElement): void {
  const tip = container.createDiv({ cls: "hf-stats-tooltip", attr: { role: "tooltip" } });
  tip.hide();
  container.addEventListener("pointermove", (event) => {
    const target = (event.target as Element | null)?.closest?.("[data-tip]");
    const value = target?.getAttribute("data-tip");
    if (value === null || value === undefined) {
      tip.hide();
      return;
    }
    tip.setText(value);
    tip.show();
    const bounds = container.getBoundingClientRect();
    const x = Math.min(event.clientX - bounds.left + 12, bounds.width - tip.offsetWidth - 4);
    tip.setCssProps({ "--hf-tip-x": `${Math.max(0, x)}px`, "--hf-tip-y": `${event.clientY - bounds.top + container.scrollTop + 14}px` });
  });
  container.addEventListener("pointerleave", () => tip.hide());
}
