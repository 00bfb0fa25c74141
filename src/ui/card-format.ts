import { intervalDays, retrievability } from "../core/manage/memory";
import type { CardState } from "../core/types";

/** How the browser and card info show a card's numbers. */
export function phaseLabel(state: CardState | null): string {
  if (state === null || state.state === "new") return "New";
  if (state.state === "learning") return "Learning";
  if (state.state === "relearning") return "Relearning";
  return "Review";
}

/** `2026-11-29 08:00` in local time; empty for a card never reviewed. */
export function formatInstant(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function formatDue(state: CardState | null): string {
  return state === null || state.state === "new" ? "" : formatInstant(state.due);
}

export function formatInterval(state: CardState | null): string {
  if (state === null || state.state === "new") return "";
  return `${intervalDays(state)}d`;
}

export function formatNumber(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined ? "" : value.toFixed(digits);
}

export function formatRetrievability(state: CardState | null, now: Date): string {
  const value = retrievability(state, now);
  return value === null ? "" : `${Math.round(value * 100)}%`;
}

/** "Suspended", "Leech", both, or nothing. */
export function statusLabel(state: CardState | null): string {
  const parts: string[] = [];
  if (state?.suspended === true) parts.push("Suspended");
  if (state?.leech === true) parts.push("Leech");
  return parts.join(", ");
}

export function capitalise(text: string): string {
  return text === "" ? text : text[0].toUpperCase() + text.slice(1);
}
