// The fake's behaviours that make real plugins fail (design.md §5 "faithful"): each is checked here on
// its own, so a plugin test that relies on one knows the fake really does it.
import { describe, expect, it, vi } from "vitest";
import { EditorView } from "@codemirror/view";
import { Component, createFakeApp, getAllTags, ItemView, MarkdownRenderer, MarkdownView, SAVE_DELAY_MS } from "../fake-obsidian";

describe("cold metadata cache", () => {
  it("is empty at layout-ready, then fills in batches: 'changed' per file, 'resolved' per batch", async () => {
    const files = { "a.md": "#t a", "b.md": "#t b", "c.md": "#t c", "d.md": "plain", "e.md": "#t e" };
    const app = createFakeApp({ files, coldCache: { batchSize: 2, intervalMs: 5 } });
    const events: string[] = [];
    app.metadataCache.on("changed", (file) => events.push(`changed ${file.path}`));
    app.metadataCache.on("resolved", () => events.push("resolved"));
    let cacheAtReady: unknown = "not called";
    app.workspace.onLayoutReady(() => (cacheAtReady = app.metadataCache.getCache("a.md")));
    app.workspace.setLayoutReady();

    expect(cacheAtReady).toBeNull();
    expect(app.metadataCache.unparsedCount).toBe(5);
    await app.flushEvents();
    expect(app.metadataCache.unparsedCount).toBe(0);
    expect(events).toEqual(["changed a.md", "changed b.md", "resolved", "changed c.md", "changed d.md", "resolved", "changed e.md", "resolved"]);
    expect(app.metadataCache.getCache("e.md")?.tags?.[0].tag).toBe("#t");
  });

  it("files known from the last session are parsed from the start", () => {
    const app = createFakeApp({ files: { "a.md": "#t", "b.md": "#t", "c.md": "#t" }, coldCache: { alreadyParsed: 2, batchSize: 1, intervalMs: 5 } });
    expect(["a.md", "b.md", "c.md"].map((p) => app.metadataCache.getCache(p) !== null)).toEqual([false, true, true]);
    expect(app.metadataCache.unparsedCount).toBe(1);
  });

  it("a write parses the file at once, out of its batch; a deleted file is never parsed", async () => {
    const app = createFakeApp({ files: { "a.md": "x", "b.md": "y", "c.md": "z" }, coldCache: { batchSize: 1, intervalMs: 5 } });
    const changed = vi.fn();
    app.metadataCache.on("changed", (file, data) => changed(file.path, data));
    app.workspace.setLayoutReady();
    app.vault.setText("c.md", "#t now");
    await app.vault.delete(app.vault.getFileByPath("b.md")!);
    await app.flushEvents();
    // c.md once, with its written text (not again in its batch); b.md never.
    expect(changed.mock.calls.sort()).toEqual([
      ["a.md", "x"],
      ["c.md", "#t now"],
    ]);
  });

  it("a warm cache (the default) is full before the plugin loads and resolves at layout-ready", () => {
    const app = createFakeApp({ files: { "a.md": "#t" } });
    const resolved = vi.fn();
    app.metadataCache.on("resolved", resolved);
    expect(app.metadataCache.getCache("a.md")).not.toBeNull();
    app.workspace.setLayoutReady();
    expect(resolved).toHaveBeenCalledTimes(1);
  });

  it("a warm cache of a big vault is read in batches that yield to the page, without events, before the plugin loads", async () => {
    const files = { "a.md": "#t [[b]]", "b.md": "#t b", "c.md": "#t c", "d.md": "plain", "e.md": "#t e" };
    const app = createFakeApp({ files, loadCacheInBatches: 2 });
    const changed = vi.fn();
    app.metadataCache.on("changed", changed);
    const cached = () => Object.keys(files).filter((p) => app.metadataCache.getCache(p) !== null).length;
    expect(cached()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(cached()).toBe(2);
    app.vault.setText("e.md", "#t edited"); // a write meanwhile is parsed as a write ('changed'), not loaded again
    await app.metadataCache.loaded;
    await app.flushEvents();
    expect(cached()).toBe(5);
    expect(app.metadataCache.unparsedCount).toBe(0);
    expect(changed.mock.calls.map(([file]) => file.path)).toEqual(["e.md"]);
    expect(app.metadataCache.resolvedLinks["a.md"]).toEqual({ "b.md": 1 });
    const resolved = vi.fn();
    app.metadataCache.on("resolved", resolved);
    app.workspace.setLayoutReady();
    expect(resolved).toHaveBeenCalledTimes(1);
  });
});

describe("vault reads", () => {
  it("take time: a write lands while a read is pending, and the read sees the newer text", async () => {
    const app = createFakeApp({ files: { "a.md": "old" } });
    app.vault.readDelayMs = 10;
    const file = app.vault.getFileByPath("a.md")!;
    const reading = app.vault.cachedRead(file);
    app.vault.setText("a.md", "new");
    await expect(reading).resolves.toBe("new");
  });

  it("fail for a failing path, and for a file deleted while the read was pending", async () => {
    const app = createFakeApp({ files: { "a.md": "a", "b.md": "b" } });
    app.vault.failingReads.set("a.md", new Error("EIO: i/o error"));
    await expect(app.vault.cachedRead(app.vault.getFileByPath("a.md")!)).rejects.toThrow("EIO");
    app.vault.readDelayMs = 5;
    const b = app.vault.getFileByPath("b.md")!;
    const reading = app.vault.read(b);
    await app.vault.delete(b);
    await expect(reading).rejects.toThrow("ENOENT");
  });
});

describe("MarkdownView: a CodeMirror 6 editor with Obsidian's delayed save", () => {
  async function openNote(text: string) {
    const app = createFakeApp({ files: { "n.md": text }, layoutReady: true });
    const file = app.vault.getFileByPath("n.md")!;
    const leaf = app.workspace.getLeaf("tab");
    await leaf.openFile(file);
    return { app, file, view: leaf.view as MarkdownView };
  }

  it("holds the note in a real EditorView; typing is saved SAVE_DELAY_MS after the last keystroke", async () => {
    vi.useFakeTimers();
    try {
      const { app, view } = await openNote("# Note\nbody\n");
      expect(view.editor.cm).toBeInstanceOf(EditorView);
      expect(view.editor.getValue()).toBe("# Note\nbody\n");
      view.editor.type("more ", { line: 1, ch: 0 });
      await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS - 500);
      view.editor.type("text ");
      await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS - 100);
      expect(app.vault.getText("n.md")).toBe("# Note\nbody\n");
      expect(view.hasUnsavedChanges).toBe(true);
      await vi.advanceTimersByTimeAsync(200);
      expect(app.vault.getText("n.md")).toBe("# Note\nmore text body\n");
      expect(view.hasUnsavedChanges).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a write around the editor is shown when nothing is unsaved, and overwritten by the pending save otherwise", async () => {
    const { app, view } = await openNote("a\nb\n");
    app.vault.setText("n.md", "a\nb\nfrom disk\n");
    expect(view.editor.getValue()).toBe("a\nb\nfrom disk\n");

    view.editor.type("typed ", { line: 0, ch: 0 });
    app.vault.setText("n.md", "a\nb\nfrom disk\nwritten around the editor\n");
    expect(view.editor.getValue()).toBe("typed a\nb\nfrom disk\n");
    await view.flushSave();
    expect(app.vault.getText("n.md")).toBe("typed a\nb\nfrom disk\n"); // the write around it is lost
  });

  it("a transaction changes only the given range; closing the view saves", async () => {
    const { app, view } = await openNote("one\ntwo\nthree\n");
    view.editor.type("1 ", { line: 0, ch: 0 });
    view.editor.transaction({ changes: [{ from: { line: 1, ch: 0 }, to: { line: 1, ch: 3 }, text: "TWO" }] });
    expect(view.editor.getValue()).toBe("1 one\nTWO\nthree\n");
    view.leaf.detach();
    await app.flushEvents();
    expect(app.vault.getText("n.md")).toBe("1 one\nTWO\nthree\n");
  });

  it("an eState with a line or a heading subpath puts the cursor there", async () => {
    const { view } = await openNote("# Top\ntext\n### Q #1\nanswer\n");
    view.setEphemeralState({ line: 3 });
    expect(view.editor.getCursor().line).toBe(3);
    view.setEphemeralState({ subpath: "#Q #1" });
    expect(view.editor.getCursor().line).toBe(2);
  });
});

describe("getLeaf(false)", () => {
  it("never returns a leaf whose view can't navigate (a plugin's custom view); reuses an empty or note tab", async () => {
    const app = createFakeApp({ files: { "n.md": "x" }, layoutReady: true });
    class Custom extends ItemView {
      getViewType() {
        return "custom";
      }
      getDisplayText() {
        return "Custom";
      }
    }
    app.workspace.registerViewType("custom", (leaf) => new Custom(leaf));
    const empty = app.workspace.activeLeaf!;
    expect(app.workspace.getLeaf(false)).toBe(empty);
    await empty.setViewState({ type: "custom", active: true });
    const other = app.workspace.getLeaf(false);
    expect(other).not.toBe(empty);
    await other.openFile(app.vault.getFileByPath("n.md")!);
    expect(app.workspace.getLeaf(false)).toBe(other);
  });
});

describe("deferred views (Obsidian 1.7.2+)", () => {
  it("a restored background leaf holds a DeferredView of the saved type until loadIfDeferred or reveal", async () => {
    const app = createFakeApp({ layoutReady: true });
    const opened = vi.fn();
    class Custom extends ItemView {
      state: unknown = null;
      getViewType() {
        return "custom";
      }
      getDisplayText() {
        return "Custom";
      }
      override async onOpen() {
        opened();
      }
      override async setState(state: unknown) {
        this.state = state;
      }
    }
    app.workspace.registerViewType("custom", (leaf) => new Custom(leaf));
    const leaf = app.workspace.restoreDeferredLeaf("root", { type: "custom", state: { scope: "x" } });
    expect(leaf.isDeferred).toBe(true);
    expect(app.workspace.getLeavesOfType("custom")).toEqual([leaf]);
    expect(leaf.view).not.toBeInstanceOf(Custom);
    expect(opened).not.toHaveBeenCalled();
    await leaf.loadIfDeferred();
    expect(leaf.isDeferred).toBe(false);
    expect(leaf.view).toBeInstanceOf(Custom);
    expect((leaf.view as Custom).state).toEqual({ scope: "x" });
    const other = app.workspace.restoreDeferredLeaf("right", { type: "custom" });
    await app.workspace.revealLeaf(other);
    expect(other.view).toBeInstanceOf(Custom);
  });

  it("requestSaveLayout saves the layout 2 s after the last request", async () => {
    vi.useFakeTimers();
    try {
      const app = createFakeApp({ layoutReady: true });
      void app.workspace.requestSaveLayout();
      void app.workspace.requestSaveLayout();
      await vi.advanceTimersByTimeAsync(1999);
      expect(app.workspace.layoutSaves).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(app.workspace.layoutSaves).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("links, tags and previews", () => {
  it("rendered links do nothing on their own; tags render as a.tag", async () => {
    const app = createFakeApp({ files: { "a.md": "", "b.md": "" }, layoutReady: true });
    const el = createDiv();
    await MarkdownRenderer.render(app, "see [[b]] and #topic/sub, not#this or #1", el, "a.md", new Component());
    el.addEventListener("click", (evt) => evt.preventDefault()); // no browser navigation in the test
    el.find("a.internal-link")!.click();
    expect(app.workspace.openedLinks).toEqual([]);
    expect(el.findAll("a.tag").map((a) => a.getAttr("href"))).toEqual(["#topic/sub"]);
  });

  it("Page preview answers 'hover-link' of registered sources, with Mod when defaultMod", () => {
    const app = createFakeApp({ layoutReady: true });
    app.workspace.hoverLinkSources.plain = { display: "Plain", defaultMod: false };
    app.workspace.hoverLinkSources.mod = { display: "Mod", defaultMod: true };
    const hover = (source: string, ctrlKey = false) =>
      app.workspace.trigger("hover-link", { event: new MouseEvent("mouseover", { ctrlKey }), source, hoverParent: {}, targetEl: createDiv(), linktext: "b", sourcePath: "a.md" });
    hover("unregistered");
    hover("plain");
    hover("mod");
    hover("mod", true);
    expect(app.workspace.pagePreviews.map((p) => p.source)).toEqual(["plain", "mod"]);
  });

  it("the core Search plugin is reachable the way plugins open a tag search", () => {
    const app = createFakeApp();
    app.internalPlugins.getPluginById("global-search")?.instance.openGlobalSearch("tag:#x");
    expect(app.internalPlugins.searches).toEqual(["tag:#x"]);
  });

  it("getAllTags no longer reads the singular `tag` property (Obsidian 1.9.10)", () => {
    const app = createFakeApp({ files: { "a.md": "---\ntag: flashcards\n---\n", "b.md": "---\ntags: flashcards\n---\n" } });
    expect(getAllTags(app.metadataCache.getCache("a.md")!)).toEqual([]);
    expect(getAllTags(app.metadataCache.getCache("b.md")!)).toEqual(["#flashcards"]);
  });
});

describe("keys: the browser's default action", () => {
  it("Enter on a focused button clicks it, Space too; a handled key (preventDefault) does not", () => {
    const app = createFakeApp();
    const button = app.containerEl.createEl("button");
    const clicked = vi.fn();
    button.addEventListener("click", clicked);
    button.focus();
    app.pressKey("Enter");
    app.pressKey(" ");
    expect(clicked).toHaveBeenCalledTimes(2);
    app.scope.register([], "Enter", () => false);
    app.pressKey("Enter");
    expect(clicked).toHaveBeenCalledTimes(2);
  });
});
