// Hostile input in the plugin: every case is reported or handled, in bounded time, and nothing is written.
import { describe, expect, it } from "vitest";
import { MAX_NOTE_CHARS } from "../../src/plugin/vault-indexer";
import { Notice } from "../fake-obsidian";
import { lineDiff, loadFlashcards, openReview, PLUGIN_ID, press, screen, settle } from "./helpers";

const CARD = "### Q\nA\n";
const SHOW_PROBLEMS = `${PLUGIN_ID}:show-problems`;

function problemsModalText(): string {
  return document.body.querySelector(".modal-container .modal")?.textContent ?? "";
}

describe("hostile input in the plugin", () => {
  it("a note larger than the limit is left out and reported; a binary .md and invalid UTF-8 too", async () => {
    const huge = `#flashcards\n${CARD}${"x".repeat(MAX_NOTE_CHARS)}\n`;
    const binary = new Uint8Array([...new TextEncoder().encode("#flashcards\n### Q\nA\n"), 0, 1, 2, 0]);
    const notUtf8 = new Uint8Array([...new TextEncoder().encode("#flashcards\n### Q\nA caf"), 0xe9, 0x0a]);
    const { app, plugin } = await loadFlashcards({ "huge.md": huge, "binary.md": binary, "latin1.md": notUtf8, "fine.md": `#flashcards\n${CARD}` });
    await settle(app);
    expect([...plugin.index.allNotes()].map((note) => note.path)).toEqual(["fine.md"]);
    expect(app.commands.executeCommandById(SHOW_PROBLEMS)).toBe(true);
    const text = problemsModalText();
    expect(text).toContain("huge.md");
    expect(text).toMatch(/larger than 20 million characters/);
    expect(text).toContain("binary.md");
    expect(text).toMatch(/binary file/);
    expect(text).toContain("latin1.md");
    expect(text).toMatch(/not valid UTF-8/);
    expect(app.vault.writes.filter((path) => path.endsWith(".md"))).toEqual([]);
  });

  it("YAML alias bombs and deeply nested YAML are problems; grading such a note writes nothing", async () => {
    const bomb = ["---", 'a: &a ["x","x","x","x","x","x","x","x","x"]', "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]", "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]", "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]", "tags: [*d, *d]", "---", "#flashcards", CARD].join("\n");
    const deep = `---\nkey: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n---\n#flashcards\n${CARD}`;
    const { app, plugin } = await loadFlashcards({ "bomb.md": bomb, "deep.md": deep });
    // The body tag still makes them flashcard notes; their frontmatter can't be trusted, so they are unwritable.
    expect(plugin.index.get("bomb.md")?.writable).toBe(true);
    expect(plugin.index.get("deep.md")?.writable).toBe(false);
    expect(plugin.index.get("deep.md")?.problems[0]?.message).toMatch(/invalid YAML|nested too deeply/);
    const view = await openReview(app);
    for (let i = 0; i < 2 && screen(view).question !== null; i++) {
      await press(app, " ");
      await press(app, "3");
    }
    await settle(app);
    expect(app.vault.getText("deep.md")).toBe(deep);
    expect(Notice.log.some((message) => message.includes("deep.md"))).toBe(true);
    // The alias bomb is valid YAML, read in bounded time (aliases are shared, not expanded): its card
    // was graded, and only the state property was added.
    expect(lineDiff(bomb, app.vault.getText("bomb.md"))).toEqual({ removed: [], added: ["srs:", expect.stringMatching(/^ {2}Q: \{due: /)] });
  });

  it("a note with 100,000 headings is indexed in bounded time; a note that is only --- is no card", async () => {
    const many = `#flashcards\n${Array.from({ length: 100_000 }, (_, i) => `### Q${i}\nA${i}`).join("\n")}\n`;
    // The test's timeout is the "does not hang" bound; speed targets live in npm run bench.
    const { plugin } = await loadFlashcards({ "many.md": many, "dashes.md": "---", "dashes2.md": "---\n#flashcards\n" });
    expect(plugin.index.get("many.md")?.cards).toHaveLength(100_000);
    expect(plugin.index.get("dashes2.md")?.cards).toEqual([]);
    expect(plugin.index.has("dashes.md")).toBe(false);
  }, 60_000);
});
