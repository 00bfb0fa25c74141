// The statistics charts and tables draw few nodes (one path per bar series, heat cells as paths, long
// tables built when unfolded) and still carry every number: each bar and day its tooltip, each table
// its rows once opened, the same rows as a table built at once.
import { describe, expect, it } from "vitest";
import { mergeLogs } from "../../src/core/log/record";
import { StatsModel } from "../../src/core/stats/report";
import { attachTooltip, barChart, heatmap } from "../../src/ui/stats/charts";
import { dataTable } from "../../src/ui/stats/format";
import { renderPanels, updatePanels } from "../../src/ui/stats/panels";
import { CARDS, NOW, RECORDS } from "../core/stats/known-log";

const cells = (table: HTMLTableElement): string[][] => Array.from(table.querySelectorAll("tr")).map((tr) => Array.from(tr.children).map((cell) => cell.textContent ?? ""));

describe("statistics tables", () => {
  const rows = Array.from({ length: 40 }, (_, day) => [`2026-01-${String(day + 1).padStart(2, "0")}`, day * 1000]);

  it("builds a short table at once", () => {
    const table = dataTable(document.body.createDiv(), "Today", ["Figure", "Value"], [["Reviews", 5]]);
    expect(cells(table)).toEqual([["Figure", "Value"], ["Reviews", "5"]]);
  });

  it("builds a long folded table when its summary is clicked, with the rows an unfolded one has", () => {
    const folded = dataTable(document.body.createDiv(), "Reviews", ["Day", "Reviews"], rows);
    expect(folded.querySelector("caption")?.textContent).toBe("Reviews");
    expect(folded.querySelectorAll("tr")).toHaveLength(0);
    folded.closest("details")!.querySelector("summary")!.click();
    const open = dataTable(document.body.createDiv(), "Reviews", ["Day", "Reviews"], rows, true);
    expect(cells(folded)).toHaveLength(41);
    expect(cells(folded)).toEqual(cells(open));
    expect(cells(folded)[40]).toEqual(["2026-01-40", (39_000).toLocaleString()]);
    // Folding and unfolding again builds nothing twice.
    folded.closest("details")!.querySelector("summary")!.click();
    folded.closest("details")!.dispatchEvent(new Event("toggle"));
    expect(folded.querySelectorAll("tr")).toHaveLength(41);
  });

  it("builds it on any other opening too (toggle)", () => {
    const table = dataTable(document.body.createDiv(), "Reviews", ["Day", "Reviews"], rows);
    const details = table.closest("details")!;
    details.setAttribute("open", "");
    details.dispatchEvent(new Event("toggle"));
    expect(table.querySelectorAll("tbody tr")).toHaveLength(40);
  });
});

describe("statistics charts", () => {
  it("draws each series' bars as one path, one hit area per bar with its tooltip, overdue apart", () => {
    const parent = document.body.createDiv();
    attachTooltip(parent);
    const svg = barChart(parent, {
      label: "Reviews",
      series: [
        { name: "Young", cls: "hf-fill-young" },
        { name: "Mature", cls: "hf-fill-mature" },
      ],
      data: [
        { tick: "Overdue", values: [3, 0], tip: "Overdue: 3", apart: true },
        { tick: "", values: [2, 1], tip: "Mon: 2 young, 1 mature" },
        { tick: "", values: [0, 0], tip: "Tue: nothing" },
        { tick: "", values: [4, 0], tip: "Wed: 4 young" },
      ],
    });
    const paths = Array.from(svg.querySelectorAll(".hf-chart-fills path"));
    expect(paths.map((path) => path.getAttribute("class"))).toEqual(["hf-fill-young", "hf-fill-mature"]);
    // Two young bars (Mon, Wed) in one path, one mature bar; the overdue bar keeps its own rectangle.
    expect(paths[0].getAttribute("d")?.match(/M/g)).toHaveLength(2);
    expect(paths[1].getAttribute("d")?.match(/M/g)).toHaveLength(1);
    const bars = svg.querySelectorAll(".hf-bar");
    expect(bars).toHaveLength(4);
    expect(bars[0].querySelectorAll("rect:not(.hf-bar-hit)")).toHaveLength(1);
    bars[2].querySelector("rect")!.dispatchEvent(new PointerEvent("pointermove", { bubbles: true, clientX: 5, clientY: 5 }));
    expect(parent.querySelector(".hf-stats-tooltip")?.textContent).toBe("Tue: nothing");
  });

  it("draws a day of the calendar per cell, shaded by its count, with its tooltip", () => {
    const parent = document.body.createDiv();
    attachTooltip(parent);
    const svg = heatmap(parent, [
      { day: "2026-03-01", weekday: 0, count: 0, tip: "Mar 1: 0 reviews" },
      { day: "2026-03-02", weekday: 1, count: 8, tip: "Mar 2: 8 reviews" },
      { day: "2026-03-03", weekday: 2, count: 2, tip: "Mar 3: 2 reviews" },
    ], "Reviews per day");
    const days = Array.from(svg.querySelectorAll(".hf-heat"));
    expect(days.map((day) => day.getAttribute("class"))).toEqual(["hf-heat hf-heat-0", "hf-heat hf-heat-4", "hf-heat hf-heat-2"]);
    days[1].dispatchEvent(new PointerEvent("pointermove", { bubbles: true, clientX: 5, clientY: 5 }));
    expect(parent.querySelector(".hf-stats-tooltip")?.textContent).toBe("Mar 2: 8 reviews");
  });
});

describe("statistics panels brought up to a new report", () => {
  const model = new StatsModel(mergeLogs([RECORDS]), CARDS, NOW, 4);
  const panelsOf = (el: HTMLElement): Record<string, Element> => Object.fromEntries(Array.from(el.querySelectorAll("[data-panel]")).map((panel) => [panel.getAttribute("data-panel"), panel]));

  it("redraws on a period switch only the panels the period changes, in place", () => {
    const el = document.body.createDiv();
    renderPanels(el, model.report({ kind: "all" }, "month"), false, () => {}, 500);
    const before = panelsOf(el);
    updatePanels(el, model.report({ kind: "all" }, "year"), false, () => {}, 500);
    const after = panelsOf(el);
    expect(Object.keys(after)).toEqual(["today", "future-due", "calendar", "reviews", "card-counts", "distributions", "hourly", "buttons", "retention"]);
    for (const kept of ["today", "calendar", "card-counts", "distributions", "retention"]) expect(after[kept]).toBe(before[kept]);
    for (const redrawn of ["future-due", "reviews", "hourly", "buttons"]) expect(after[redrawn]).not.toBe(before[redrawn]);
    expect(after.reviews.querySelectorAll(".hf-bar")).toHaveLength(53);
    // The same as drawing the year afresh.
    const fresh = document.body.createDiv();
    renderPanels(fresh, model.report({ kind: "all" }, "year"), false, () => {}, 500);
    expect(el.innerHTML).toBe(fresh.innerHTML);
  });

  it("redraws only the reviews for Count/Time, and everything for another scope or width", () => {
    const el = document.body.createDiv();
    const month = model.report({ kind: "all" }, "month");
    renderPanels(el, month, false, () => {}, 500);
    const before = panelsOf(el);
    updatePanels(el, month, true, () => {}, 500);
    const after = panelsOf(el);
    expect(Object.keys(after).filter((id) => after[id] !== before[id])).toEqual(["reviews"]);
    updatePanels(el, model.report({ kind: "deck", deck: "lang" }, "month"), true, () => {}, 500);
    expect(Object.keys(panelsOf(el)).filter((id) => panelsOf(el)[id] === after[id])).toEqual([]);
    const deck = panelsOf(el);
    updatePanels(el, model.report({ kind: "deck", deck: "lang" }, "month"), true, () => {}, 400);
    expect(Object.keys(panelsOf(el)).filter((id) => panelsOf(el)[id] === deck[id])).toEqual([]);
    expect(el.querySelectorAll("[data-panel]")).toHaveLength(9);
  });
});
