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
/** Beyond this many characters compared in all (long keys), no pairing is attempted either. */
const MAX_CHARACTERS_COMPARED = 20_000_000;

export function similarity(a: string, b: string): number {
  return profileSimilarity(profile(a), profile(b));
}

/** A text's bigram counts, worked out once per key rather than once per comparison. */
interface Profile {
  normalised: string;
  grams: Map<string, number>;
  total: number;
}

function profile(text: string): Profile {
  const normalised = normalise(text);
  const grams = bigrams(normalised);
  return { normalised, grams, total: Math.max(0, normalised.length - 1) };
}

function profileSimilarity(left: Profile, right: Profile): number {
  if (left.total === 0 || right.total === 0) return left.normalised === right.normalised ? 1 : 0;
  // Walk the smaller map: the cost of a comparison is the shorter text's length.
  const [small, large] = left.grams.size <= right.grams.size ? [left.grams, right.grams] : [right.grams, left.grams];
  let shared = 0;
  for (const [gram, count] of small) shared += Math.min(count, large.get(gram) ?? 0);
  return (2 * shared) / (left.total + right.total);
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
  // Each comparison costs about the shorter key's length: bound the total, not just the count.
  const orphanChars = orphanKeys.reduce((sum, key) => sum + key.length, 0);
  const cardChars = statelessKeys.reduce((sum, key) => sum + key.length, 0);
  if (orphanKeys.length * cardChars + statelessKeys.length * orphanChars > MAX_CHARACTERS_COMPARED) return pairs;
  const orphanProfiles = orphanKeys.map(profile);
  const cardProfiles = statelessKeys.map(profile);
  const scores = orphanProfiles.map((orphan) => cardProfiles.map((card) => profileSimilarity(orphan, card)));
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
