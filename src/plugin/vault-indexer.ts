import { getAllTags, TFile, type App, type CachedMetadata, type Component, type TAbstractFile } from "obsidian";
import { CardIndex } from "../core/study/card-index";
import { BINARY_NOTE_PROBLEM, decodeNote } from "../core/notes/note-text";
import { conflictCopyOriginal } from "../core/notes/conflict-copies";
import { answeredCards, asksTwice, followAnswers, storedEntries, type EntryMove } from "../core/state/duplicate-history";
import type { ParseOptions } from "../core/types";

/**
 * Keeps the core's CardIndex in step with the vault. Obsidian's metadata cache says which notes carry
 * the tag, so untagged notes are never read; a change re-parses that one note (its new text comes
 * with the 'changed' event); renames and deletes move or drop it. Nothing rescans the vault.
 *
 * At layout-ready Obsidian's cache may still be filling (first open, a rebuild, files synced while
 * Obsidian was closed): notes it has not parsed yet are read when their 'changed' arrives. Events that
 * arrive while the vault is being read are queued by path and replayed on the latest text once the read
 * is done, so none is lost. A note that can't be read is one problem; indexing always completes.
 */

/** Notes above this size are left out (with a problem) rather than parsed on the UI thread. */
export const MAX_NOTE_CHARS = 20_000_000;
/** Initial indexing yields to the UI this often, so a big vault never freezes Obsidian. */
const YIELD_EVERY_MS = 30;
/**
 * A note this big (bytes on disk; about 500 cards) starts a slice of its own once the current one has
 * done some work: its parse and copies are a slice's worth on a phone, and would otherwise add to a
 * slice that is already spent.
 */
const BIG_NOTE_BYTES = 200_000;

export class VaultIndexer {
  readonly index: CardIndex;
  /** Notes left out of the index, with why: too big, binary, not UTF-8. */
  readonly skipped = new Map<string, string>();
  ready = false;
  /** Paths changed, renamed or deleted while the vault was being read: looked at again after it. */
  private readonly touchedDuringBuild = new Set<string>();
  private building = false;
  private readonly listeners = new Set<() => void>();
  private readonly externalListeners = new Set<(path: string) => void>();
  private readonly moveListeners = new Set<(path: string, moves: EntryMove[]) => void>();
  private readonly arrivalListeners = new Set<(path: string) => void>();
  /**
   * What this plugin itself wrote per note, oldest first, so the 'changed' events that follow cost no
   * parse. A list, not one text: grades in quick succession write again before the metadata cache has
   * reported the previous write, and that older 'changed' must not put the older state back in the index.
   */
  private readonly ownWrites = new Map<string, string[]>();
  private notifyScheduled = false;

  constructor(
    private readonly app: App,
    options: ParseOptions,
  ) {
    this.index = new CardIndex(options);
  }

  /** Subscribes the indexer to vault and metadata events for as long as `owner` is loaded. */
  register(owner: Component): void {
    owner.registerEvent(this.app.metadataCache.on("changed", (file, data, cache) => this.onChanged(file, data, cache)));
    owner.registerEvent(this.app.vault.on("rename", (file, oldPath) => this.onRename(file, oldPath)));
    owner.registerEvent(this.app.vault.on("delete", (file) => this.onDelete(file)));
  }

  /**
   * Reads every note the metadata cache shows tagged. Call when the layout is ready; notes the cache
   * has not parsed yet come with their 'changed' event. Never rejects: a note that can't be read is
   * reported in `skipped`, and `ready` becomes true whatever happens.
   */
  async build(): Promise<void> {
    this.building = true;
    this.index.clear();
    this.skipped.clear();
    try {
      let sliceStart = Date.now();
      for (const file of this.app.vault.getMarkdownFiles()) {
        if (!this.mayHoldCards(file)) continue;
        if (file.stat.size > BIG_NOTE_BYTES && Date.now() > sliceStart) {
          await yieldToUi();
          sliceStart = Date.now();
        }
        await this.readAndIngest(file);
        if (Date.now() - sliceStart > YIELD_EVERY_MS) {
          await yieldToUi();
          sliceStart = Date.now();
        }
      }
      await this.replayTouched();
    } catch (error) {
      console.error("Heading Flashcards: indexing stopped early", error);
    } finally {
      this.building = false;
      this.touchedDuringBuild.clear();
      this.ready = true;
      this.notifyChanged();
    }
  }

  /** Re-reads everything with new options (tag or property name changed). */
  async rebuild(options: ParseOptions): Promise<void> {
    this.index.setOptions(options);
    await this.build();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called with a note's path after a change that did not come from this plugin (another device, the user). */
  onExternalChange(listener: (path: string) => void): () => void {
    this.externalListeners.add(listener);
    return () => this.externalListeners.delete(listener);
  }

  /**
   * Called when an edit from outside changed which card of a repeated question is which (design.md Q5):
   * the moves re-key the stored entries so each history follows its answer. The index shows the states
   * by position until the note is written.
   */
  onAnswersMoved(listener: (path: string, moves: EntryMove[]) => void): () => void {
    this.moveListeners.add(listener);
    return () => this.moveListeners.delete(listener);
  }

  /**
   * Called with a note's path when a change brings a note the index did not hold (a note created, synced
   * in, or first parsed by a metadata cache still filling after the build): no previous version is known.
   */
  onNoteArrived(listener: (path: string) => void): () => void {
    this.arrivalListeners.add(listener);
    return () => this.arrivalListeners.delete(listener);
  }

  /** Tells the indexer which text a write of ours produced; the index already holds its state. */
  expectOwnWrite(path: string, text: string): void {
    const pending = this.ownWrites.get(path) ?? [];
    pending.push(text);
    this.ownWrites.set(path, pending);
  }

  /** Whether the note must be read: Obsidian's cache shows the tag, or can't tell (see cacheMayHoldCards). */
  mayHoldCards(file: TFile): boolean {
    const cache = this.app.metadataCache.getFileCache(file);
    return cache !== null && cacheMayHoldCards(cache, this.index.parseOptions.tag);
  }

  /** Notes changed, moved or deleted during the build: each is read again as it is now, or dropped. */
  private async replayTouched(): Promise<void> {
    while (this.touchedDuringBuild.size > 0) {
      const [path] = this.touchedDuringBuild;
      this.touchedDuringBuild.delete(path);
      const file = this.app.vault.getFileByPath(path);
      if (file !== null && file.extension === "md" && (this.mayHoldCards(file) || this.index.has(path))) await this.readAndIngest(file);
      else {
        this.skipped.delete(path);
        this.index.remove(path);
      }
    }
  }

  /** Reads the note and indexes it. A read that fails is one problem for that note; a vanished note is dropped. */
  private async readAndIngest(file: TFile): Promise<void> {
    let text: string;
    try {
      text = await this.app.vault.cachedRead(file);
    } catch (error) {
      if (this.app.vault.getFileByPath(file.path) !== file) this.index.remove(file.path);
      else this.skip(file.path, `this note could not be read (${error instanceof Error ? error.message : String(error)}); it is left out until it changes`);
      return;
    }
    this.ingest(file, text);
  }

  private ingest(file: TFile, text: string): void {
    // A sync conflict copy's cards are its original's (design.md §2a): not reviewed or counted twice.
    const original = conflictCopyOriginal(file.path);
    const problem = original !== null ? `a sync conflict copy of ${original}; its cards are left out until "Resolve sync conflicts" merges its later reviews into ${original}` : unreadableReason(text);
    if (problem !== null) {
      this.skip(file.path, problem);
      return;
    }
    // Obsidian decodes invalid UTF-8 to U+FFFD; writing that text back would change bytes the user
    // never touched. The rare note with U+FFFD is checked against its bytes before it is indexed.
    if (text.includes("\ufffd")) {
      void this.ingestAfterUtf8Check(file, text);
      return;
    }
    this.skipped.delete(file.path);
    this.index.update(file.path, text);
  }

  private async ingestAfterUtf8Check(file: TFile, text: string): Promise<void> {
    let bytes: ArrayBuffer;
    try {
      bytes = await this.app.vault.readBinary(file);
    } catch {
      return; // gone or unreadable since: its next event says what it is now
    }
    const decoded = decodeNote(new Uint8Array(bytes));
    if (!decoded.ok) this.skip(file.path, decoded.problem);
    else {
      this.skipped.delete(file.path);
      this.index.update(file.path, text);
    }
    this.notifyChanged();
  }

  private skip(path: string, problem: string): void {
    this.skipped.set(path, problem);
    this.index.remove(path);
  }

  private onChanged(file: TFile, data: string, cache: CachedMetadata): void {
    if (file.extension !== "md") return;
    if (this.building || !this.ready) {
      this.touchedDuringBuild.add(file.path);
      return;
    }
    if (!cacheMayHoldCards(cache, this.index.parseOptions.tag) && !this.index.has(file.path)) return;
    const pending = this.ownWrites.get(file.path) ?? [];
    const ours = pending.indexOf(data);
    if (ours !== -1) {
      // Our own write (the index already holds its state); older ones of ours are superseded by it.
      pending.splice(0, ours + 1);
      if (pending.length === 0) this.ownWrites.delete(file.path);
      return;
    }
    this.ownWrites.delete(file.path);
    // The indexed note as it was (an update replaces it, so this reference keeps the previous version).
    const before = this.index.get(file.path);
    // A note we index that Obsidian now sees untagged is parsed too, not dropped: a merge conflict in
    // its state property makes its YAML invalid to Obsidian, while the core reads it as resolved.
    this.ingest(file, data);
    this.notifyChanged();
    for (const listener of this.externalListeners) listener(file.path);
    const after = this.index.get(file.path);
    if (before === undefined && after !== undefined) for (const listener of this.arrivalListeners) listener(file.path);
    if (this.moveListeners.size === 0 || before === undefined || after === undefined || !after.writable) return;
    if (!asksTwice(before) && !asksTwice(after)) return;
    const moves = followAnswers(answeredCards(before), answeredCards(after), storedEntries(after));
    if (moves.length > 0) for (const listener of this.moveListeners) listener(file.path, moves);
  }

  private onRename(file: TAbstractFile, oldPath: string): void {
    if (!(file instanceof TFile)) return;
    if (this.building || !this.ready) {
      this.touchedDuringBuild.add(oldPath);
      this.touchedDuringBuild.add(file.path);
      return;
    }
    this.skipped.delete(oldPath);
    this.ownWrites.delete(oldPath);
    this.index.rename(oldPath, file.path);
    this.notifyChanged();
  }

  private onDelete(file: TAbstractFile): void {
    if (this.building || !this.ready) {
      this.touchedDuringBuild.add(file.path);
      return;
    }
    this.skipped.delete(file.path);
    this.ownWrites.delete(file.path);
    this.index.remove(file.path);
    this.notifyChanged();
  }

  /** Listeners hear about a burst of changes once, on the next tick. */
  notifyChanged(): void {
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    window.setTimeout(() => {
      this.notifyScheduled = false;
      for (const listener of this.listeners) listener();
    }, 0);
  }
}

/**
 * True when the note may hold cards: Obsidian's cache shows the tag, or the note has frontmatter that
 * Obsidian could not read — its tags are then unknown to the cache, and a sync conflict in the state
 * property (which the core resolves) is the usual cause. Such notes are rare; reading them is cheap.
 */
export function cacheMayHoldCards(cache: CachedMetadata, tag: string): boolean {
  return cacheHasTag(cache, tag) || singularTagProperty(cache, tag) || (cache.frontmatterPosition !== undefined && cache.frontmatter === undefined);
}

/**
 * The deprecated singular `tag` property (any letter case), which Obsidian 1.9.10 stopped reading
 * ("officially removed support for the properties tag, alias, cssclass"), so getAllTags leaves it out;
 * the core still reads it (design.md T1), so the pre-filter must not drop such notes.
 */
function singularTagProperty(cache: CachedMetadata, tag: string): boolean {
  const frontmatter = cache.frontmatter;
  if (frontmatter === undefined) return false;
  const wanted = tag.toLowerCase();
  for (const [key, value] of Object.entries(frontmatter)) {
    if (key.toLowerCase() !== "tag") continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item !== "string") continue;
      for (const name of item.toLowerCase().split(/[\s,]+/)) {
        const bare = name.replace(/^#/, "");
        if (bare === wanted || bare.startsWith(`${wanted}/`)) return true;
      }
    }
  }
  return false;
}

/** True when Obsidian's cache shows the tag (frontmatter or body), or one of its nested tags. */
export function cacheHasTag(cache: CachedMetadata, tag: string): boolean {
  const wanted = `#${tag.toLowerCase()}`;
  for (const name of getAllTags(cache) ?? []) {
    const lower = name.toLowerCase();
    if (lower === wanted || lower.startsWith(`${wanted}/`)) return true;
  }
  return false;
}

function unreadableReason(text: string): string | null {
  if (text.length > MAX_NOTE_CHARS) return `this note is larger than ${MAX_NOTE_CHARS / 1_000_000} million characters; it is left out`;
  if (text.includes("\u0000")) return BINARY_NOTE_PROBLEM;
  return null;
}

/** Lets the UI run (input, drawing) before the next slice of work. */
function yieldToUi(): Promise<void> {
  return new Promise((resolve) => window.setTimeout(resolve, 0));
}
