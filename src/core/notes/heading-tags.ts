/**
 * Tags written at the end of a question's heading (`### Fourier series #exam`): Obsidian shows them as
 * tags, so they are not question text and not part of the card's key.
 */

/** An Obsidian tag: `#` then letters, digits, `_`, `-`, `/`, with at least one character that is not a digit. */
const TRAILING_TAG = /(?:^|[ \t])#([\p{L}\p{N}_/-]*[\p{L}_/-][\p{L}\p{N}_/-]*)[ \t]*$/u;

/** The heading's text without its trailing tags, and those tags (without `#`) in the order written. */
export function splitHeadingTags(heading: string): { text: string; tags: string[] } {
  if (!heading.includes("#")) return { text: heading, tags: [] };
  const tags: string[] = [];
  let text = heading;
  for (let match = TRAILING_TAG.exec(text); match !== null; match = TRAILING_TAG.exec(text)) {
    tags.unshift(match[1]);
    text = text.slice(0, match.index).trimEnd();
  }
  // A heading that is only tags keeps its text: it is a question about tags, not an empty one.
  return text === "" ? { text: heading, tags: [] } : { text, tags };
}
