/**
 * Inline Markdown as plain text, for places that show text and not rendered Markdown (the breadcrumb
 * of headings above a card): `[[German basics]]` reads "German basics", `[text](url)` "text",
 * `` `code` `` "code", `$\det$` the formula's TeX, emphasis marks dropped.
 */
const RULES: [RegExp, string | ((...groups: string[]) => string)][] = [
  // Embeds and wikilinks: the alias, else the target as Obsidian displays it ("Note > Heading").
  [/!?\[\[([^\]|\n]*?)(?:\|([^\]\n]*))?\]\]/g, (_, target: string, alias?: string) => alias ?? target.replace(/#\^?/g, " > ").replace(/^ > /, "")],
  [/!?\[([^\]\n]*)\]\([^)\n]*\)/g, "$1"],
  [/(`+)([^`\n]*?)\1/g, "$2"],
  [/\$\$([^$\n]+)\$\$/g, "$1"],
  [/\$([^\s$](?:[^$\n]*[^\s$])?)\$/g, "$1"],
  [/(\*\*|__)(.+?)\1/g, "$2"],
  [/(\*|_)(\S(?:.*?\S)?)\1/g, "$2"],
  [/(==|~~)(.+?)\1/g, "$2"],
  [/<[^>\n]+>/g, ""],
];

export function inlinePlainText(markdown: string): string {
  let text = markdown;
  for (const [pattern, replacement] of RULES) text = text.replace(pattern, replacement as string);
  return text.replace(/\s+/g, " ").trim();
}
