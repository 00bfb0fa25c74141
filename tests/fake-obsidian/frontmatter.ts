import type * as obsidian from "obsidian";
import * as jsYaml from "js-yaml";

// js-yaml 3 is CommonJS: under Node ESM interop the functions may sit on `default`.
const yaml = ((jsYaml as unknown as { default?: typeof jsYaml }).default ?? jsYaml) as typeof jsYaml;

/** CORE_SCHEMA: like Obsidian, `2026-01-01` stays a string instead of becoming a Date. */
export function parseYaml(text: string): unknown {
  return yaml.load(text, { schema: yaml.CORE_SCHEMA });
}

export function stringifyYaml(obj: unknown): string {
  return yaml.dump(obj, { schema: yaml.CORE_SCHEMA, lineWidth: -1 });
}

const OPEN = /^\uFEFF?---[ \t]*(?:\r?\n|$)/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/;

/**
 * Frontmatter exists only when the file starts (after an optional BOM) with a `---` line and a later
 * `---` (or `...`) line closes it; unclosed, the whole file is body.
 */
export function getFrontMatterInfo(content: string): obsidian.FrontMatterInfo & { closeLineEnd: number } {
  const none = { exists: false, frontmatter: "", from: 0, to: 0, contentStart: 0, closeLineEnd: 0 };
  const open = OPEN.exec(content);
  if (!open) return none;
  const from = open[0].length;
  let pos = from;
  while (pos <= content.length) {
    const nl = content.indexOf("\n", pos);
    const lineEnd = nl < 0 ? content.length : nl;
    const line = content.slice(pos, lineEnd).replace(/\r$/, "");
    if (CLOSE.test(line)) {
      const closeLineEnd = pos + line.length;
      return { exists: true, frontmatter: content.slice(from, pos), from, to: pos, contentStart: nl < 0 ? content.length : nl + 1, closeLineEnd };
    }
    if (nl < 0) break;
    pos = nl + 1;
  }
  return none;
}

type FM = Record<string, unknown> | null | undefined;

export function parseFrontMatterEntry(frontmatter: FM, key: string | RegExp): unknown {
  if (!frontmatter) return null;
  for (const [k, v] of Object.entries(frontmatter)) {
    if (typeof key === "string" ? k === key : key.test(k)) if (v !== null && v !== undefined) return v;
  }
  return null;
}

/** A list or a string, split on commas (and on whitespace when `nospaces`), across every matching key. */
export function parseFrontMatterStringArray(frontmatter: FM, key: string | RegExp, nospaces = false): string[] | null {
  if (!frontmatter) return null;
  const split = nospaces ? /[,\s]+/ : /,/;
  const out: string[] = [];
  for (const [k, v] of Object.entries(frontmatter)) {
    if (!(typeof key === "string" ? k === key : key.test(k))) continue;
    const items = Array.isArray(v) ? v : [v];
    for (const item of items) {
      if (typeof item !== "string" && typeof item !== "number") continue;
      for (const s of String(item).split(split)) if (s.trim()) out.push(s.trim());
    }
  }
  return out.length ? out : null;
}

/**
 * Frontmatter `tags` (any case), each returned with a leading '#'. The singular `tag` is not read:
 * "We have officially removed support for the properties tag, alias, cssclass" (Obsidian 1.9.10
 * changelog, quoted in efemkay/obsidian-modular-css-layout#127; deprecated since 1.4, see
 * jackyzha0/quartz#1987).
 */
export function parseFrontMatterTags(frontmatter: FM): string[] | null {
  const tags = parseFrontMatterStringArray(frontmatter, /^tags$/i, true);
  return tags ? tags.map((t) => (t.startsWith("#") ? t : "#" + t)).filter((t) => t.length > 1) : null;
}

export function parseFrontMatterAliases(frontmatter: FM): string[] | null {
  return parseFrontMatterStringArray(frontmatter, /^alias(es)?$/i);
}

/** Frontmatter tags then body tags, each with '#'. (The cache's own `tags` holds body tags only.) */
export function getAllTags(cache: obsidian.CachedMetadata): string[] | null {
  const tags = parseFrontMatterTags(cache.frontmatter) ?? [];
  for (const t of cache.tags ?? []) tags.push(t.tag);
  return tags;
}
