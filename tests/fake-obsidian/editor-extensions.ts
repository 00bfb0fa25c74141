import type * as obsidian from "obsidian";
import { EditorState, StateField, type Extension } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import type { App } from "./app";
import type { TFile } from "./files";
import { MarkdownRenderChild, MarkdownRenderer } from "./markdown";

/**
 * What Obsidian does with a plugin's editor extensions and Markdown post-processors, for tests and the
 * playground: registerEditorExtension adds to every Markdown editor (the declarations), and each editor's
 * state holds `editorInfoField` (its MarkdownFileInfo: app, file, editor). Post-processors run on each
 * rendered section of Reading view with a context whose getSectionInfo gives the section's lines.
 */

/** The editor's file info; Obsidian sets it per editor (here: `editorInfoField.init(() => info)`). */
export const editorInfoField: StateField<obsidian.MarkdownFileInfo> = StateField.define<obsidian.MarkdownFileInfo>({
  create: () => ({ app: null, file: null }) as unknown as obsidian.MarkdownFileInfo,
  update: (value) => value,
});

interface Registry {
  editorExtensions: Extension[];
  postProcessors: obsidian.MarkdownPostProcessor[];
}

const registries = new WeakMap<App, Registry>();

export function registryOf(app: App): Registry {
  let registry = registries.get(app);
  if (registry === undefined) registries.set(app, (registry = { editorExtensions: [], postProcessors: [] }));
  return registry;
}

/** The extensions an editor of `file` gets: the app's registered ones and its file info. */
export function noteEditorExtensions(app: App, file: TFile): Extension[] {
  const info = { app, file } as unknown as obsidian.MarkdownFileInfo;
  return [editorInfoField.init(() => info), ...registryOf(app).editorExtensions];
}

/** Test and playground helper: a CodeMirror editor of `file` with its text, as Obsidian's Markdown editor holds it. */
export function createNoteEditor(app: App, file: TFile, parent: HTMLElement, extensions: Extension[] = []): EditorView {
  const doc = app.vault.getText(file.path);
  return new EditorView({ parent, state: EditorState.create({ doc, extensions: [...noteEditorExtensions(app, file), ...extensions] }) });
}

/**
 * Test and playground helper: the note rendered as Reading view does it — one section per block (each
 * heading its own section), each rendered and then handed to the registered post-processors.
 * Returns the component that owns the render children; unload it to "close" the view.
 */
export async function renderReadingView(app: App, file: TFile, el: HTMLElement): Promise<MarkdownRenderChild> {
  const text = app.vault.getText(file.path);
  const owner = new MarkdownRenderChild(el);
  owner.load();
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const sections = readingSections(lines);
  for (const { start, end } of sections) {
    const sectionEl = el.createDiv("markdown-preview-section");
    await MarkdownRenderer.render(app, lines.slice(start, end + 1).join("\n"), sectionEl, file.path, owner);
    const context: obsidian.MarkdownPostProcessorContext = {
      docId: file.path,
      sourcePath: file.path,
      frontmatter: null,
      addChild: (child) => owner.addChild(child),
      getSectionInfo: (target) => (target === sectionEl ? { text, lineStart: start, lineEnd: end } : null),
    };
    for (const processor of registryOf(app).postProcessors) await processor(sectionEl, context);
  }
  return owner;
}

/** Sections as Reading view cuts them: frontmatter left out, every ATX heading alone, the rest split at headings. */
function readingSections(lines: string[]): { start: number; end: number }[] {
  let first = 0;
  if (lines[0] === "---") {
    const close = lines.indexOf("---", 1);
    if (close !== -1) first = close + 1;
  }
  const sections: { start: number; end: number }[] = [];
  let open = -1;
  let fence = false;
  for (let index = first; index < lines.length; index++) {
    const line = lines[index];
    if (/^ {0,3}(```|~~~)/.test(line)) fence = !fence;
    const heading = !fence && /^ {0,3}#{1,6}(?:[ \t]|$)/.test(line);
    if (heading) {
      if (open !== -1) sections.push({ start: open, end: index - 1 });
      sections.push({ start: index, end: index });
      open = -1;
    } else if (open === -1 && line.trim() !== "") open = index;
  }
  if (open !== -1) sections.push({ start: open, end: lines.length - 1 });
  return sections;
}
