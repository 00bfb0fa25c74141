// A note opened in the playground is shown in a CodeMirror 6 editor (the library Obsidian's editor is
// built on), looking like Live Preview, with the plugin's registered editor extensions — the question
// badges among them. The fake's own Markdown view shows plain text; this editor sits beside it and
// replaces it on screen. Edits are saved a second after the last keystroke, as Obsidian saves.
import type * as FakeObsidian from "../../tests/fake-obsidian/index";
import type { FakeApp, TFile, WorkspaceLeaf } from "../../tests/fake-obsidian/index";
import type * as CmState from "@codemirror/state";
import type * as CmView from "@codemirror/view";

type Obsidian = typeof FakeObsidian;

const SAVE_DELAY_MS = 1000;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]|$)/;

interface Mounted {
	file: TFile;
	view: CmView.EditorView;
	saveTimer: number | null;
}

export function mountNoteEditors(app: FakeApp, O: Obsidian, cm: { state: typeof CmState; view: typeof CmView }): void {
	const { EditorView, Decoration, ViewPlugin } = cm.view;
	const { RangeSetBuilder, Annotation } = cm.state;
	const fromDisk = Annotation.define<boolean>();
	const mounted = new Map<WorkspaceLeaf, Mounted>();

	// Live Preview's line classes (Obsidian's CSS classes for heading and frontmatter lines), so the note reads like a note.
	const lineLook = ViewPlugin.fromClass(
		class {
			decorations: CmView.DecorationSet;
			constructor(view: CmView.EditorView) {
				this.decorations = this.build(view);
			}
			update(update: CmView.ViewUpdate): void {
				if (update.docChanged || update.viewportChanged) this.decorations = this.build(update.view);
			}
			build(view: CmView.EditorView): CmView.DecorationSet {
				const builder = new RangeSetBuilder<CmView.Decoration>();
				const doc = view.state.doc;
				let frontmatterEnd = 0;
				if (doc.line(1).text === "---") {
					for (let n = 2; n <= doc.lines; n++) {
						if (doc.line(n).text === "---") {
							frontmatterEnd = n;
							break;
						}
					}
				}
				for (const { from, to } of view.visibleRanges) {
					for (let pos = from; pos <= to; ) {
						const line = doc.lineAt(pos);
						const heading = HEADING.exec(line.text);
						if (line.number <= frontmatterEnd) builder.add(line.from, line.from, Decoration.line({ class: "pg-frontmatter-line" }));
						else if (heading) builder.add(line.from, line.from, Decoration.line({ class: `HyperMD-header HyperMD-header-${heading[1].length}` }));
						pos = line.to + 1;
					}
				}
				return builder.finish();
			}
		},
		{ decorations: (plugin) => plugin.decorations },
	);

	const mount = (leaf: WorkspaceLeaf): void => {
		const view = leaf.view as unknown as { file?: TFile | null; containerEl: HTMLElement };
		const file = view.file ?? null;
		const current = mounted.get(leaf);
		if (current && current.file === file) return;
		current?.view.destroy();
		mounted.delete(leaf);
		view.containerEl.querySelector(":scope > .pg-note-editor")?.remove();
		if (!file || file.extension !== "md" || leaf.view.getViewType() !== "markdown") {
			view.containerEl.removeClass("pg-has-note-editor");
			return;
		}
		view.containerEl.addClass("pg-has-note-editor");
		const host = view.containerEl.createDiv("pg-note-editor markdown-source-view mod-cm6 is-live-preview");
		const entry: Mounted = { file, view: null as unknown as CmView.EditorView, saveTimer: null };
		const save = EditorView.updateListener.of((update) => {
			if (!update.docChanged || update.transactions.some((tr) => tr.annotation(fromDisk))) return;
			if (entry.saveTimer !== null) window.clearTimeout(entry.saveTimer);
			entry.saveTimer = window.setTimeout(() => {
				entry.saveTimer = null;
				void app.vault.modify(file, entry.view.state.doc.toString());
			}, SAVE_DELAY_MS);
		});
		entry.view = O.createNoteEditor(app, file as never, host, [EditorView.lineWrapping, lineLook, save]);
		mounted.set(leaf, entry);
	};

	const mountAll = (): void => {
		app.workspace.iterateAllLeaves((leaf) => mount(leaf));
		for (const leaf of [...mounted.keys()]) {
			let open = false;
			app.workspace.iterateAllLeaves((other) => {
				if (other === leaf) open = true;
			});
			if (!open) {
				mounted.get(leaf)?.view.destroy();
				mounted.delete(leaf);
			}
		}
	};
	app.workspace.on("layout-change", mountAll);
	app.workspace.on("file-open", mountAll);
	app.workspace.on("active-leaf-change", mountAll);

	// A write made around the editor (a grade's state line) shows in it, unless the user is typing.
	app.vault.on("modify", (file) => {
		for (const entry of mounted.values()) {
			if (entry.file !== file || entry.saveTimer !== null) continue;
			const text = app.vault.getText(file.path);
			const doc = entry.view.state.doc.toString();
			if (text === doc) continue;
			let start = 0;
			while (start < text.length && start < doc.length && text[start] === doc[start]) start++;
			let endText = text.length;
			let endDoc = doc.length;
			while (endText > start && endDoc > start && text[endText - 1] === doc[endDoc - 1]) {
				endText--;
				endDoc--;
			}
			entry.view.dispatch({ changes: { from: start, to: endDoc, insert: text.slice(start, endText) }, annotations: fromDisk.of(true) });
		}
	});
}
