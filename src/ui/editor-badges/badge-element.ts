import type { Badge } from "../../core/study/badge";

/**
 * The badge as a DOM element, for the editor and the Reading view alike. Its tooltip is its
 * aria-label (Obsidian shows an element's aria-label as its tooltip); a click hands over to `onClick`.
 */
export function badgeElement(badge: Badge, onClick: (evt: MouseEvent) => void): HTMLElement {
  const el = createSpan({ cls: "hf-badge", attr: { role: "button", tabindex: "-1", "data-tooltip-position": "top" } });
  fillBadge(el, badge);
  // Keep the editor's cursor and selection where they are: the badge is not text.
  el.addEventListener("mousedown", (evt) => evt.preventDefault());
  el.addEventListener("click", (evt) => {
    evt.preventDefault();
    evt.stopPropagation();
    onClick(evt);
  });
  return el;
}

/** Sets (or resets) an element to show `badge`. */
export function fillBadge(el: HTMLElement, badge: Badge): void {
  el.className = `hf-badge hf-badge-${badge.kind}`;
  if (badge.flag !== null) el.addClass(`hf-flag-${badge.flag}`);
  el.setText(badge.label);
  el.setAttribute("aria-label", badge.tooltip);
}

export function sameBadge(a: Badge, b: Badge): boolean {
  return a.kind === b.kind && a.label === b.label && a.tooltip === b.tooltip && a.flag === b.flag;
}
