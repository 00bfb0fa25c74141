/**
 * Conflict copies (design.md §2a): sync engines that keep both versions of a note changed on two
 * devices save the other one beside it. Their cards are not a deck of their own: they are left out of
 * queues and counts, and their reviews are offered for merging into the original.
 *   Obsidian Sync: `Name (Conflicted copy DEVICE 202411281430).md`
 *   Syncthing:     `Name.sync-conflict-20241128-143000-ABCDEFG.md`
 *   Dropbox:       `Name (Laptop's conflicted copy 2024-11-28).md` (also `… 2024-11-28 (1))`)
 */
const PATTERNS: readonly RegExp[] = [
  /^(.+) \(Conflicted copy .+ \d{12}\)(\.md)$/i,
  /^(.+)\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}(\.md)$/,
  /^(.+) \(.+['’]s conflicted copy \d{4}-\d{2}-\d{2}(?: \(\d+\))?\)(\.md)$/i,
];

/** The path of the note a conflict copy was made of, or null when the path is not a conflict copy. */
export function conflictCopyOriginal(path: string): string | null {
  const slash = path.lastIndexOf("/");
  const folder = path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  for (const pattern of PATTERNS) {
    const match = pattern.exec(name);
    if (match !== null) return folder + match[1] + match[2];
  }
  return null;
}

export function isConflictCopy(path: string): boolean {
  return conflictCopyOriginal(path) !== null;
}
