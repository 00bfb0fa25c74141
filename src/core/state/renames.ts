/**
 * Rename-proof history: when a question's heading is edited, its state entry no longer matches any
 * card. Such an orphan is paired with a card that has no state when their texts are similar enough and
 * the pair is unambiguous, and the card carries the history on. The stored key is renamed on the
 * note's next write.
 *
 * Similarity is the Sørensen–Dice coefficient of the two texts' character bigrams, after lower-casing
 * and folding whitespace: 1 for the same text, 0 for nothing in common. "Need new theory" and
 * "We need new theory" score 0.90, "Bias" and "Biases" 0.75, "Bias" and "Variance" 0.20.
 */

/** Pairs need at least this similarity. */
export const RENAME_MIN_SIMILARITY = 0.6;
/** A pair is ambiguous, and stays unpaired, when another candidate comes this close to its score. */
export const RENAME_AMBIGUITY_MARGIN = 0.1;
/** Beyond this many comparisons (orphans × new cards) no pairing is attempted: a mass edit is no rename. */
const MAX_COMPARISONS = 250_000;

export function similarity(a: string, b: string): number {
  const left = bigrams(normalise(a));
  const right = bigrams(normalise(b));
  if (left.size === 0 || right.size === 0) return normalise(a) === normalise(b) ? 1 : 0;
  let shared = 0;
  let leftTotal = 0;
  let rightTotal = 0;
  for (const count of right.values()) rightTotal += count;
  for (const [gram, count] of left) {
    leftTotal += count;
    shared += Math.min(count, right.get(gram) ?? 0);
  }
  return (2 * shared) / (leftTotal + rightTotal);
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  for (let index = 0; index < text.length - 1; index++) {
    const gram = text.slice(index, index + 2);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

/**
 * Pairs orphaned keys with card keys that have no state. A pair is made only when each is the other's
 * best match, the score reaches RENAME_MIN_SIMILARITY, and no rival for either side scores within
 * RENAME_AMBIGUITY_MARGIN. Returns card key → orphan key.
 */
export function pairRenamed(orphanKeys: readonly string[], statelessKeys: readonly string[]): Map<string, string> {
  const pairs = new Map<string, string>();
  if (orphanKeys.length === 0 || statelessKeys.length === 0) return pairs;
  if (orphanKeys.length * statelessKeys.length > MAX_COMPARISONS) return pairs;
  const scores = orphanKeys.map((orphan) => statelessKeys.map((card) => similarity(orphan, card)));
  for (let o = 0; o < orphanKeys.length; o++) {
    const row = scores[o];
    const c = indexOfBest(row);
    const score = row[c];
    if (score < RENAME_MIN_SIMILARITY) continue;
    const column = scores.map((other) => other[c]);
    if (indexOfBest(column) !== o) continue;
    if (secondBest(row, c) > score - RENAME_AMBIGUITY_MARGIN) continue;
    if (secondBest(column, o) > score - RENAME_AMBIGUITY_MARGIN) continue;
    pairs.set(statelessKeys[c], orphanKeys[o]);
  }
  return pairs;
}

function indexOfBest(values: number[]): number {
  let best = 0;
  for (let index = 1; index < values.length; index++) if (values[index] > values[best]) best = index;
  return best;
}

function secondBest(values: number[], except: number): number {
  let best = -Infinity;
  for (let index = 0; index < values.length; index++) if (index !== except && values[index] > best) best = values[index];
  return best;
}
