import { describe, expect, it, vi } from "vitest";
import * as obsidian from "obsidian"; // aliased to the fake in this project
import {
  Component,
  ItemView,
  MarkdownRenderer,
  Notice,
  Plugin,
  Scope,
  Setting,
  TFile,
  createFakeApp,
  getAllTags,
  handlerErrors,
  loadPlugin,
  type WorkspaceLeaf,
} from "../fake-obsidian";

const note = (fm: string, body: string) => `---\n${fm}\n---\n${body}`;

describe("alias", () => {
  it("`obsidian` resolves to the fake", () => {
    expect(obsidian.TFile).toBe(TFile);
  });
});

describe("vault", () => {
  it("process is atomic, returns the new text, fires modify once", async () => {
    const app = createFakeApp({ files: { "a.md": "one" } });
    const file = app.vault.getFileByPath("a.md")!;
    const modified: string[] = [];
    app.vault.on("modify", (f) => modified.push(f.path));
    const p1 = app.vault.process(file, (t) => t + " two");
    // Written synchronously inside the call: a second process sees the first result.
    expect(app.vault.getText("a.md")).toBe("one two");
    const p2 = app.vault.process(file, (t) => t + " three");
    expect(await p1).toBe("one two");
    expect(await p2).toBe("one two three");
    expect(modified).toEqual(["a.md", "a.md"]);
    await expect(app.vault.process(file, () => { throw new Error("no"); })).rejects.toThrow("no");
    expect(app.vault.getText("a.md")).toBe("one two three");
  });

  it("create, folders, rename with oldPath, delete, binary", async () => {
    const app = createFakeApp({ files: { "img/pic.png": new Uint8Array([1, 2, 3]) } });
    const events: string[] = [];
    app.vault.on("create", (f) => events.push(`create ${f.path}`));
    app.vault.on("rename", (f, old) => events.push(`rename ${old} -> ${f.path}`));
    app.vault.on("delete", (f) => events.push(`delete ${f.path}`));
    const f = await app.vault.create("notes/deep/n.md", "x");
    expect(f.basename).toBe("n");
    expect(f.parent?.path).toBe("notes/deep");
    await expect(app.vault.create("notes/deep/n.md", "y")).rejects.toThrow();
    await app.fileManager.renameFile(f, "other/m.md");
    expect(f.path).toBe("other/m.md");
    expect(app.vault.getFileByPath("notes/deep/n.md")).toBeNull();
    await app.vault.delete(f);
    expect(events).toEqual(["create notes", "create notes/deep", "create notes/deep/n.md", "rename notes/deep/n.md -> other/m.md", "delete other/m.md"]);
    const png = app.vault.getFileByPath("img/pic.png")!;
    expect(new Uint8Array(await app.vault.readBinary(png))).toEqual(new Uint8Array([1, 2, 3]));
    expect(app.vault.getResourcePath(png)).toBe("app://local/img/pic.png");
    expect(app.vault.getMarkdownFiles()).toEqual([]);
  });
});

describe("metadataCache", () => {
  it("frontmatter (dates stay strings), body tags only in cache.tags, headings", () => {
    const text = note("tags: [flashcards, x]\ndue: 2026-01-01", "# H1\n### Q #inbody\n```\n#incode\n### not\n```\n`#inline` %% #hidden %% #1234 #ok/sub");
    const app = createFakeApp({ files: { "n.md": text } });
    const cache = app.metadataCache.getCache("n.md")!;
    expect(cache.frontmatter).toEqual({ tags: ["flashcards", "x"], due: "2026-01-01" });
    expect(cache.frontmatterPosition?.start.line).toBe(0);
    expect(cache.frontmatterPosition?.end.line).toBe(3);
    expect(cache.tags?.map((t) => t.tag)).toEqual(["#inbody", "#ok/sub"]);
    expect(cache.headings?.map((h) => [h.level, h.heading, h.position.start.line])).toEqual([[1, "H1", 4], [3, "Q #inbody", 5]]);
    expect(getAllTags(cache)).toEqual(["#flashcards", "#x", "#inbody", "#ok/sub"]);
  });

  it("invalid YAML gives no frontmatter; unclosed frontmatter is body", () => {
    const app = createFakeApp({ files: { "bad.md": note("tags: [a", "#t"), "open.md": "---\ntags: a\n#b" } });
    const bad = app.metadataCache.getCache("bad.md")!;
    expect(bad.frontmatter).toBeUndefined();
    expect(bad.frontmatterPosition).toBeDefined();
    expect(getAllTags(bad)).toEqual(["#t"]);
    const open = app.metadataCache.getCache("open.md")!;
    expect(open.frontmatter).toBeUndefined();
    expect(open.tags?.map((t) => t.tag)).toEqual(["#b"]);
  });

  it("'changed' fires asynchronously after a write; the cache lags until then", async () => {
    const app = createFakeApp({ files: { "n.md": "# A" } });
    const file = app.vault.getFileByPath("n.md")!;
    const changed = vi.fn();
    app.metadataCache.on("changed", changed);
    await app.vault.modify(file, "# B");
    expect(changed).not.toHaveBeenCalled();
    expect(app.metadataCache.getFileCache(file)?.headings?.[0].heading).toBe("A");
    await app.flushEvents();
    expect(changed).toHaveBeenCalledTimes(1);
    expect(changed.mock.calls[0][0]).toBe(file);
    expect(changed.mock.calls[0][1]).toBe("# B");
    expect(app.metadataCache.getFileCache(file)?.headings?.[0].heading).toBe("B");
  });

  it("rename moves the cache without 'changed'; delete fires 'deleted'", async () => {
    const app = createFakeApp({ files: { "n.md": "#t" } });
    const file = app.vault.getFileByPath("n.md")!;
    const changed = vi.fn();
    const deleted = vi.fn();
    app.metadataCache.on("changed", changed);
    app.metadataCache.on("deleted", deleted);
    await app.vault.rename(file, "m.md");
    await app.flushEvents();
    expect(changed).not.toHaveBeenCalled();
    expect(app.metadataCache.getCache("m.md")?.tags?.[0].tag).toBe("#t");
    expect(app.metadataCache.getCache("n.md")).toBeNull();
    await app.vault.delete(file);
    await app.flushEvents();
    expect(deleted).toHaveBeenCalledWith(file, expect.objectContaining({ tags: expect.any(Array) }));
  });

  it("resolves link paths: exact, relative, then by name", () => {
    const app = createFakeApp({ files: { "a/n.md": "", "a/img.png": "", "b/img.png": "", "c/deep/only.png": "", "Top.md": "" } });
    const mc = app.metadataCache;
    expect(mc.getFirstLinkpathDest("img.png", "a/n.md")?.path).toBe("a/img.png");
    expect(mc.getFirstLinkpathDest("img.png", "b/x.md")?.path).toBe("b/img.png");
    expect(mc.getFirstLinkpathDest("only.png", "a/n.md")?.path).toBe("c/deep/only.png");
    expect(mc.getFirstLinkpathDest("Top", "a/n.md")?.path).toBe("Top.md");
    expect(mc.getFirstLinkpathDest("missing", "a/n.md")).toBeNull();
  });

  it("finds link targets by name as the vault changes; equally good targets go to the first the vault lists", async () => {
    const app = createFakeApp({ files: { "a/x.md": "", "b/x.md": "", "c/n.md": "" } });
    const mc = app.metadataCache;
    expect(mc.getFirstLinkpathDest("X", "c/n.md")?.path).toBe("a/x.md");
    expect(mc.fileToLinktext(app.vault.getFileByPath("c/n.md")!, "")).toBe("n");
    expect(mc.fileToLinktext(app.vault.getFileByPath("a/x.md")!, "")).toBe("a/x");
    // A moved file is listed last by the vault, so the other one now wins the tie.
    await app.vault.rename(app.vault.getFileByPath("a/x.md")!, "d/x.md");
    expect(mc.getFirstLinkpathDest("x", "c/n.md")?.path).toBe("b/x.md");
    expect(mc.getFirstLinkpathDest("d/x", "c/n.md")?.path).toBe("d/x.md");
    await app.vault.rename(app.vault.getFileByPath("d/x.md")!, "d/Renamed.md");
    expect(mc.getFirstLinkpathDest("renamed", "c/n.md")?.path).toBe("d/Renamed.md");
    expect(mc.fileToLinktext(app.vault.getFileByPath("b/x.md")!, "")).toBe("x");
    await app.vault.delete(app.vault.getFileByPath("b/x.md")!);
    expect(mc.getFirstLinkpathDest("x", "c/n.md")).toBeNull();
    await app.vault.create("e/x.md", "");
    expect(mc.getFirstLinkpathDest("x", "c/n.md")?.path).toBe("e/x.md");
    // A folder's move moves its files' paths, not their names.
    await app.vault.rename(app.vault.getFolderByPath("e")!, "f");
    expect(mc.getFirstLinkpathDest("x", "c/n.md")?.path).toBe("f/x.md");
  });

  it("resolves a note's links without going through every file of the vault", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 50; i++) files[`notes/n${i}.md`] = `[[n${i + 1}]] ![[missing-${i}.png]]`;
    const app = createFakeApp({ files });
    expect(app.metadataCache.resolvedLinks["notes/n0.md"]).toEqual({ "notes/n1.md": 1 });
    expect(app.metadataCache.unresolvedLinks["notes/n49.md"]).toEqual({ n50: 1, "missing-49.png": 1 });
    const getFiles = vi.spyOn(app.vault, "getFiles");
    app.vault.setText("notes/new.md", "[[n3]] [[N3]] [[nowhere]]");
    await app.flushEvents();
    expect(app.metadataCache.resolvedLinks["notes/new.md"]).toEqual({ "notes/n3.md": 2 });
    expect(getFiles).not.toHaveBeenCalled();
  });
});

class KeyView extends ItemView {
  pressed: string[] = [];
  constructor(leaf: WorkspaceLeaf) {
    super(leaf);
    this.scope = new Scope(this.app.scope);
    this.scope.register([], " ", () => {
      this.pressed.push("space");
      return false;
    });
    this.scope.register(["Mod"], "z", () => {
      this.pressed.push("undo");
    });
  }
  getViewType() {
    return "key-view";
  }
  getDisplayText() {
    return "Keys";
  }
  override async onOpen() {
    this.contentEl.createDiv({ cls: "opened", text: "hi" });
  }
}

describe("workspace, views and keys", () => {
  it("routes keys to the active view's scope, falling back to the app scope", async () => {
    const app = createFakeApp();
    const appKeys: string[] = [];
    app.scope.register([], "x", () => void appKeys.push("x"));
    const plugin = new (class extends Plugin {})(app, { id: "p", name: "P", author: "", version: "1", minAppVersion: "1", description: "" });
    plugin.registerView("key-view", (leaf) => new KeyView(leaf));
    plugin.load();
    const leaf = app.workspace.getRightLeaf(false)!;
    await leaf.setViewState({ type: "key-view", active: true });
    const view = leaf.view as KeyView;
    expect(view.containerEl.children[1].hasClass("view-content")).toBe(true);
    expect(view.contentEl.find(".opened")?.getText()).toBe("hi");
    expect(app.workspace.getLeavesOfType("key-view")).toEqual([leaf]);

    expect(app.pressKey(" ").defaultPrevented).toBe(true);
    expect(app.pressKey("z", ["Mod"]).defaultPrevented).toBe(false);
    app.pressKey("z", ["Meta"]); // Linux: Meta is not Mod
    app.pressKey("x");
    expect(view.pressed).toEqual(["space", "undo"]);
    expect(appKeys).toEqual(["x"]);

    // Another leaf active: the view no longer gets keys.
    app.workspace.setActiveLeaf(app.workspace.getLeaf(false));
    app.pressKey(" ");
    expect(view.pressed).toEqual(["space", "undo"]);

    const onClose = vi.spyOn(view, "onClose");
    plugin.unload();
    await app.flushEvents();
    expect(onClose).toHaveBeenCalled();
    expect(app.workspace.getLeavesOfType("key-view")).toEqual([]);
  });

  it("onLayoutReady waits for setLayoutReady; openLinkText opens a markdown leaf", async () => {
    const app = createFakeApp({ files: { "dir/Target.md": "hello" } });
    const ready = vi.fn();
    app.workspace.onLayoutReady(ready);
    expect(ready).not.toHaveBeenCalled();
    app.workspace.setLayoutReady();
    expect(ready).toHaveBeenCalledTimes(1);
    const opened = vi.fn();
    app.workspace.on("file-open", opened);
    await app.workspace.openLinkText("Target#Sec", "other.md");
    const file = app.vault.getFileByPath("dir/Target.md");
    expect(app.workspace.getActiveFile()).toBe(file);
    expect(opened).toHaveBeenCalledWith(file);
    expect(app.workspace.activeLeaf?.view.getViewType()).toBe("markdown");
    expect(app.workspace.activeLeaf?.lastEState).toEqual({ subpath: "#Sec" });
  });
});

describe("Component", () => {
  it("loads children after the parent, unloads them first, runs cleanups", () => {
    const order: string[] = [];
    class C extends Component {
      constructor(private n: string) {
        super();
      }
      override onload() {
        order.push(`load ${this.n}`);
        this.register(() => order.push(`cleanup ${this.n}`));
      }
      override onunload() {
        order.push(`unload ${this.n}`);
      }
    }
    const parent = new C("p");
    parent.addChild(new C("c"));
    parent.load();
    parent.unload();
    expect(order).toEqual(["load p", "load c", "cleanup c", "unload c", "cleanup p", "unload p"]);
  });
});

describe("Setting", () => {
  it("controls are real inputs driving onChange", () => {
    const el = createDiv();
    const got: unknown[] = [];
    new Setting(el)
      .setName("Tag")
      .setDesc("which tag")
      .addText((t) => t.setValue("flashcards").onChange((v) => got.push(v)))
      .addToggle((t) => t.setValue(true).onChange((v) => got.push(v)))
      .addDropdown((d) => d.addOptions({ a: "A", b: "B" }).setValue("a").onChange((v) => got.push(v)))
      .addSlider((s) => s.setLimits(0, 10, 1).setValue(3).onChange((v) => got.push(v)));
    expect(el.find(".setting-item-name")?.getText()).toBe("Tag");
    const input = el.find("input[type=text]") as HTMLInputElement;
    expect(input.value).toBe("flashcards");
    input.value = "cards";
    input.dispatchEvent(new Event("input"));
    (el.find(".checkbox-container") as HTMLElement).click();
    const select = el.find("select") as HTMLSelectElement;
    select.value = "b";
    select.dispatchEvent(new Event("change"));
    const slider = el.find("input[type=range]") as HTMLInputElement;
    slider.value = "7";
    slider.dispatchEvent(new Event("change"));
    expect(got).toEqual(["cards", false, "b", 7]);
  });
});

describe("MarkdownRenderer", () => {
  it("renders like Obsidian: tables, callouts, footnotes, task and nested lists, math, comments hidden, heading embeds", async () => {
    const app = createFakeApp({
      files: {
        "n.md": "",
        "Other.md": "---\ntags: [x]\n---\n# Top\nintro\n## Part\nThe part's text.\n### Deeper\nstill part\n## Next\nnot part\n",
      },
    });
    const el = createDiv();
    const md = [
      "| a | b |",
      "|---|---|",
      "| 1 | 2 |",
      "",
      "> [!warning] Mind this",
      "> Callout body",
      "",
      "A claim.[^1] %%hidden remark%% shown",
      "%%",
      "a whole hidden block",
      "%%",
      "",
      "- [ ] open task",
      "- [x] done task",
      "- outer",
      "  - inner",
      "",
      "$$",
      "\\det A",
      "$$",
      "",
      "==marked== and #tag",
      "",
      "![[Other#Part]]",
      "",
      "[^1]: The footnote.",
    ].join("\n");
    await MarkdownRenderer.render(app, md, el, "n.md", new Component());
    expect(el.findAll("table td").map((td) => td.getText())).toEqual(["1", "2"]);
    const callout = el.find('.callout[data-callout="warning"]')!;
    expect(callout.find(".callout-title-inner")?.getText()).toBe("Mind this");
    expect(callout.find(".callout-content")?.getText().trim()).toBe("Callout body");
    expect(el.find(".footnotes")?.getText()).toContain("The footnote.");
    expect(el.find("sup.footnote-ref")).not.toBeNull();
    expect(el.getText()).not.toContain("hidden");
    expect(el.getText()).toContain("shown");
    expect(el.findAll("input.task-list-item-checkbox").map((box) => (box as HTMLInputElement).checked)).toEqual([false, true]);
    expect(el.find("ul ul li")?.getText()).toBe("inner");
    expect(el.find("div.math-block .katex-display")).not.toBeNull();
    expect(el.find("mark")?.getText()).toBe("marked");
    expect(el.find("a.tag")?.getText()).toBe("#tag");
    const embed = el.find(".markdown-embed")!;
    expect(embed.getText()).toContain("The part's text.");
    expect(embed.getText()).toContain("still part");
    expect(embed.getText()).not.toContain("not part");
    expect(embed.getText()).not.toContain("intro");
  });

  it("resolves embeds relative to the source path, logs the call", async () => {
    const app = createFakeApp({ files: { "deck/n.md": "", "deck/pic.png": new Uint8Array([0]), "pic.png": new Uint8Array([1]), "Other.md": "" } });
    const el = createDiv();
    const comp = new Component();
    const md = "### Q\nSee ![[pic.png]] and [[Other|the other]], `code` **bold** $x^2$ [web](https://x.org)\n\n```python\nprint(1)\n```\n- a\n- b";
    await MarkdownRenderer.render(app, md, el, "deck/n.md", comp);
    expect(el.find("img")?.getAttr("src")).toBe("app://local/deck/pic.png");
    const link = el.find("a.internal-link")!;
    expect([link.getAttr("data-href"), link.getText()]).toEqual(["Other", "the other"]);
    expect(el.find("pre > code.language-python")?.getText()).toBe("print(1)\n");
    // Math through KaTeX: typeset, with the TeX kept as its annotation.
    expect(el.find("span.math .katex")).not.toBeNull();
    expect(el.find("span.math annotation")?.getText()).toBe("x^2");
    expect(el.find("strong")?.getText()).toBe("bold");
    expect(el.find("a.external-link")?.getAttr("href")).toBe("https://x.org");
    expect(el.findAll("ul > li").length).toBe(2);
    expect(el.innerHTML).not.toContain("<script");
    expect(MarkdownRenderer.log).toHaveLength(1);
    expect(MarkdownRenderer.log[0].sourcePath).toBe("deck/n.md");
    expect(MarkdownRenderer.log[0].component).toBe(comp);
  });
});

describe("Plugin", () => {
  const manifest = { id: "hf", name: "HF" };
  // Written against the real `obsidian` types, like the production plugin.
  class P extends obsidian.Plugin {
    override async onload() {
      const data = (await this.loadData()) ?? { n: 0 };
      data.n++;
      await this.saveData(data);
      this.addCommand({ id: "go", name: "Go", checkCallback: (checking) => (checking ? data.n > 0 : void new obsidian.Notice(`n=${data.n}`)) });
      this.addSettingTab(new (class extends obsidian.PluginSettingTab {
        display() {
          new obsidian.Setting(this.containerEl).setName("x");
        }
      })(this.app, this));
    }
  }

  it("loadData/saveData persist across reloads (deep copies); commands; notices; settings", async () => {
    const app = createFakeApp();
    const p1 = await loadPlugin(app, P, manifest);
    p1.unload();
    const p2 = await loadPlugin(app, P, manifest);
    const data = await p2.loadData();
    expect(data).toEqual({ n: 2 });
    data.n = 99;
    expect(await p2.loadData()).toEqual({ n: 2 });
    expect(app.commands.executeCommandById("hf:go")).toBe(true);
    expect(Notice.log).toEqual(["n=2"]);
    const tab = app.setting.openTabById("hf");
    expect(tab.containerEl.find(".setting-item-name")?.getText()).toBe("x");
    p2.unload();
    expect(app.commands.executeCommandById("hf:go")).toBe(false);
    expect(handlerErrors).toEqual([]);
  });
});
