/** "Did you mean …": the names nearest to what was typed, for a helpful refusal. */

/** Edit distance (insertions, deletions, substitutions), compared case-insensitively. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, index) => index);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[y.length];
}

/**
 * Up to `count` names closest to `typed`: names containing it (in any letter case) first, then by edit
 * distance; names too far away to be a typo of it are left out.
 */
export function closestNames(typed: string, names: readonly string[], count = 3): string[] {
  const lower = typed.toLowerCase();
  const scored = names.map((name) => {
    const contains = name.toLowerCase().includes(lower) || lower.includes(name.toLowerCase());
    return { name, score: contains ? 0 : editDistance(typed, name) };
  });
  const limit = Math.max(3, Math.ceil(typed.length / 2));
  return scored
    .filter((entry) => entry.score <= limit)
    .sort((a, b) => a.score - b.score)
    .slice(0, count)
    .map((entry) => entry.name);
}
