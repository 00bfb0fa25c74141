// Issue 9, point 4: Obsidian's Properties view (and any plugin calling processFrontMatter) rewrites the
// whole frontmatter in block style. Reviews and undo still work on such a note, nothing is lost, and the
// state property comes back to one-line form.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Notice } from "../fake-obsidian";
import { loadFlashcards, openReview, press, SAMPLE_PATH, SAMPLE_TEXT, settle } from "./helpers";
import type { FakeApp } from "../fake-obsidian";

const FIRST = "We will discover new types of deep models.";
const SECOND = "Deep Learning will find new applications";

function properties(text: string): Record<string, unknown> {
  return parse(/^---\n([\s\S]*?)\n---\n/.exec(text)?.[1] ?? "") as Record<string, unknown>;
}
const withoutState = (text: string) => {
  const { srs: _state, ...rest } = properties(text);
  return rest;
};
const stateLines = (text: string) => text.split("\n").filter((line) => /^ {2}\S.*: \{due: /.test(line));

async function editInPropertiesView(app: FakeApp): Promise<void> {
  await app.fileManager.processFrontMatter(app.vault.getFileByPath(SAMPLE_PATH)!, (frontmatter: Record<string, unknown>) => {
    frontmatter.status = "done";
  });
  await settle(app);
}

async function grade(app: FakeApp): Promise<void> {
  await press(app, " ");
  await press(app, "3");
}

describe("the Properties view rewrites the frontmatter (issue 9, point 4)", () => {
  it("the fake's processFrontMatter rewrites every property in block style, as Obsidian does", async () => {
    const { app } = await loadFlashcards({ [SAMPLE_PATH]: SAMPLE_TEXT });
    await openReview(app);
    await grade(app);
    await editInPropertiesView(app);
    const text = app.vault.getText(SAMPLE_PATH);
    expect(text).toMatch(/^---\ntags:\n {2}- flashcards\n/);
    expect(text).toContain(`srs:\n  ${FIRST}:\n    due: `);
  });

  it("undo of a review made before the rewrite still restores the card", async () => {
    const { app, plugin } = await loadFlashcards({ [SAMPLE_PATH]: SAMPLE_TEXT });
    await openReview(app);
    await grade(app);
    await editInPropertiesView(app);
    const rewritten = app.vault.getText(SAMPLE_PATH);
    await press(app, "u");
    await settle(app);
    expect(Notice.log).toEqual([]);
    const text = app.vault.getText(SAMPLE_PATH);
    expect(withoutState(text)).toEqual(withoutState(rewritten));
    expect(text).not.toContain("srs:");
    expect(plugin.index.get(SAMPLE_PATH)?.cards[0].state).toBeNull();
  });

  it("a review after the rewrite brings the state property back to one-line form; undo restores its card, nothing else changes", async () => {
    const { app } = await loadFlashcards({ [SAMPLE_PATH]: SAMPLE_TEXT });
    await openReview(app);
    await grade(app);
    await editInPropertiesView(app);
    const rewritten = app.vault.getText(SAMPLE_PATH);
    await grade(app);
    await settle(app);
    const reviewed = app.vault.getText(SAMPLE_PATH);
    expect(withoutState(reviewed)).toEqual(withoutState(rewritten));
    expect(stateLines(reviewed).map((line) => line.slice(2, line.indexOf(": {")))).toEqual([FIRST, SECOND]);
    expect(reviewed).not.toMatch(/\n {4}due: /);

    await press(app, "u");
    await settle(app);
    const undone = app.vault.getText(SAMPLE_PATH);
    expect(Notice.log).toEqual([]);
    expect(properties(undone)).toEqual(properties(rewritten));
    expect(stateLines(undone)).toEqual(stateLines(reviewed).slice(0, 1));
  });

  it("when the state itself was changed in the Properties view, undo says so and changes nothing", async () => {
    const { app } = await loadFlashcards({ [SAMPLE_PATH]: SAMPLE_TEXT });
    await openReview(app);
    await grade(app);
    await app.fileManager.processFrontMatter(app.vault.getFileByPath(SAMPLE_PATH)!, (frontmatter: { srs: Record<string, { reps: number }> }) => {
      frontmatter.srs[FIRST].reps = 9;
    });
    await settle(app);
    const edited = app.vault.getText(SAMPLE_PATH);
    await press(app, "u");
    await settle(app);
    expect(Notice.log).toEqual([expect.stringMatching(/rewritten since that review \(Obsidian's Properties view or another plugin/)]);
    expect(app.vault.getText(SAMPLE_PATH)).toBe(edited);
  });
});
