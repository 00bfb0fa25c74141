// The playground page: an Obsidian-like shell around the fake `obsidian` module (window.__obsidian, from
// fake-obsidian.js) that loads the production main.js the way Obsidian does, and mirrors every vault write
// to the server, which writes it into the vault folder on disk.
//
// On purpose, this page defines no `require`, `process` or `Buffer` global (Obsidian mobile has none): the
// plugin's CommonJS bundle gets its `require` as a parameter, and it answers only "obsidian".
import type * as FakeObsidian from "../../tests/fake-obsidian/index";
import type { FakeApp } from "../../tests/fake-obsidian/index";
import type { Content } from "../../tests/fake-obsidian/vault";
import type { TFile, TFolder, WorkspaceLeaf } from "../../tests/fake-obsidian/index";
import type * as CmState from "@codemirror/state";
import type * as CmView from "@codemirror/view";

type Obsidian = typeof FakeObsidian;
type Theme = "light" | "dark";

interface Entry {
	path: string;
	size: number;
	text: boolean;
	mtime: number;
}
interface Listing {
	name: string;
	files: Entry[];
	config: Entry[];
}
interface PluginManifest {
	id: string;
	name: string;
	version: string;
	minAppVersion: string;
	author: string;
	description: string;
	dir?: string;
}

/** What the page offers to the end-to-end tests (and to curious users in the devtools console). */
export interface PlaygroundApi {
	app: FakeApp;
	plugin: unknown;
	obsidian: Obsidian;
	/** Resolves once every write so far has reached the disk. */
	flush(): Promise<void>;
	setTheme(theme: Theme): void;
	/** Phone layout: opens or closes the sidebar drawers. */
	showSidebar(side: "left" | "right", open: boolean): void;
	writes: { done: number; failed: number };
	/** How many notes Obsidian's metadata cache had not parsed yet when the layout became ready. */
	cacheUnparsedAtStart: number;
}

const O = (window as unknown as { __obsidian: Obsidian }).__obsidian;
const CM = (window as unknown as { __codemirror: { state: typeof CmState; view: typeof CmView } }).__codemirror;
const PHONE_MAX_WIDTH = 480;
const THEME_KEY = "heading-flashcards-playground-theme";
/** Notes per batch while a warm metadata cache is read at the start. */
const WARM_CACHE_BATCH = 200;
/**
 * `cache=warm`: the metadata cache is full when the plugin loads. `hold`: stop before main.js runs (see
 * hold()). `views=none`: open no view at the start.
 */
const params = new URLSearchParams(location.search);

const encodePath = (p: string): string => p.split("/").map(encodeURIComponent).join("/");
const vaultUrl = (p: string): string => `/vault/${encodePath(p)}`;
const isHiddenPath = (p: string): boolean => p.split("/").some((s) => s.startsWith("."));

// ---- writes to disk ----------------------------------------------------------------------------------------

const writes = { done: 0, failed: 0 };
let queue: Promise<void> = Promise.resolve();
let pendingWrites = 0;
let saveStateEl: HTMLElement | null = null;

/** Queues a write (bytes or text) or, with null, a delete. One queue, so the disk sees the page's order. */
function persist(path: string, body: Content | null): void {
	pendingWrites++;
	updateSaveState();
	const snapshot = body === null ? null : typeof body === "string" ? body : body.slice();
	queue = queue
		.then(async () => {
			const response = await fetch(vaultUrl(path), {
				method: snapshot === null ? "DELETE" : "PUT",
				headers: { "X-Playground": "1" },
				body: snapshot,
			});
			if (!response.ok) throw new Error(`${response.status} ${(await response.text()).trim()}`);
			writes.done++;
		})
		.catch((error: unknown) => {
			writes.failed++;
			console.error(`Playground: could not ${snapshot === null ? "delete" : "write"} ${path} on disk:`, error);
			new O.Notice(`Playground: could not save ${path} to disk (${String(error)})`);
		})
		.finally(() => {
			pendingWrites--;
			updateSaveState();
		});
}

function updateSaveState(): void {
	if (saveStateEl === null) return;
	saveStateEl.setText(pendingWrites > 0 ? "Saving…" : writes.failed > 0 ? `${writes.failed} write(s) failed` : "Saved to disk");
	saveStateEl.toggleClass("mod-error", writes.failed > 0);
}

/** Mirrors the vault's own events (notes and attachments) and the adapter's hidden config files to disk. */
function mirrorToDisk(app: FakeApp): void {
	const { vault } = app;
	const contentOf = (file: TFile): Content | undefined => vault.contentOf(file);
	const isFile = (f: unknown): f is TFile => f instanceof O.TFile;
	vault.on("create", (f) => {
		if (isFile(f)) persist(f.path, contentOf(f) ?? "");
	});
	vault.on("modify", (f) => {
		if (isFile(f)) persist(f.path, contentOf(f) ?? "");
	});
	vault.on("delete", (f) => persist(f.path, null)); // children first, so a folder is empty when its turn comes
	vault.on("rename", (f, oldPath) => {
		if (isFile(f)) {
			persist(f.path, contentOf(f) ?? "");
			persist(oldPath, null);
		} else {
			// A folder's files are reported after the folder itself: remove the old folder once they moved.
			queueMicrotask(() => persist(oldPath, null));
		}
	});

	// Files in dot-folders (the plugin's review log under .obsidian/plugins/...) bypass the vault index.
	const adapter = vault.adapter;
	const afterWrite = async (path: string): Promise<void> => {
		if (isHiddenPath(path)) persist(path, new Uint8Array(await adapter.readBinary(path)));
	};
	const wrap = <K extends "write" | "writeBinary" | "append" | "process">(name: K): void => {
		const original = (adapter[name] as (...args: unknown[]) => Promise<unknown>).bind(adapter);
		(adapter as unknown as Record<string, unknown>)[name] = async (path: string, ...rest: unknown[]) => {
			const result = await original(path, ...rest);
			await afterWrite(path);
			return result;
		};
	};
	wrap("write");
	wrap("writeBinary");
	wrap("append");
	wrap("process");
	const remove = adapter.remove.bind(adapter);
	adapter.remove = async (path: string) => {
		await remove(path);
		if (isHiddenPath(path)) persist(path, null);
	};

	// data.json: the fake keeps it on the app; Obsidian keeps it in the plugin's folder.
	const configDir = vault.configDir;
	app.pluginData = new Proxy(app.pluginData, {
		set(target, id, value: string) {
			target[id as string] = value;
			persist(`${configDir}/plugins/${String(id)}/data.json`, `${JSON.stringify(JSON.parse(value), null, 2)}\n`);
			return true;
		},
	});
}

// ---- loading ------------------------------------------------------------------------------------------------

async function fetchOk(url: string): Promise<Response> {
	const response = await fetch(url);
	if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${(await response.text()).trim()}`);
	return response;
}

async function readVault(entries: Entry[]): Promise<Record<string, Content>> {
	const files: Record<string, Content> = await readTextFiles(entries.filter((e) => e.text));
	let next = 0;
	const binary = entries.filter((e) => !e.text);
	const worker = async (): Promise<void> => {
		while (next < binary.length) {
			const entry = binary[next++];
			const response = await fetchOk(vaultUrl(entry.path));
			files[entry.path] = new Uint8Array(await response.arrayBuffer());
		}
	};
	await Promise.all(Array.from({ length: 6 }, worker));
	// Insertion order decides the file list's order in the fake: keep the server's (sorted) order.
	return Object.fromEntries(entries.filter((e) => e.path in files).map((e) => [e.path, files[e.path]]));
}

/**
 * Text files in one request (a vault of 10,000 notes would otherwise take 10,000): the server sends each
 * file's bytes, and each is decoded as `Response.text()` decodes a file (UTF-8, a leading BOM dropped).
 */
async function readTextFiles(entries: Entry[]): Promise<Record<string, string>> {
	const files: Record<string, string> = {};
	if (entries.length === 0) return files;
	const response = await fetch("/api/text-files", { method: "POST", headers: { "X-Playground": "1" }, body: JSON.stringify(entries.map((e) => e.path)) });
	if (!response.ok) throw new Error(`POST /api/text-files: ${response.status} ${(await response.text()).trim()}`);
	const bytes = new Uint8Array(await response.arrayBuffer());
	const headerEnd = bytes.indexOf(10);
	const sizes = JSON.parse(new TextDecoder().decode(bytes.subarray(0, headerEnd))) as [string, number][];
	let offset = headerEnd + 1;
	for (const [path, size] of sizes) {
		files[path] = new TextDecoder().decode(bytes.subarray(offset, offset + size));
		offset += size;
	}
	return files;
}

/** Evaluates the CommonJS bundle as Obsidian does: a function of (require, module, exports). */
function evaluatePlugin(code: string, id: string): new (app: unknown, manifest: unknown) => unknown {
	const module: { exports: Record<string, unknown> } = { exports: {} };
	const requireForPlugin = (name: string): unknown => {
		if (name === "obsidian") return O;
		if (name === "@codemirror/state") return CM.state;
		if (name === "@codemirror/view") return CM.view;
		throw new Error(`main.js required "${name}": only "obsidian" and CodeMirror exist for a plugin (Obsidian mobile has no Node modules)`);
	};
	// This is how Obsidian loads a plugin: the bundle is the body of a function of (require, module, exports).
	const load = new Function("require", "module", "exports", `${code}\n//# sourceURL=plugin:${id}`) as (r: unknown, m: unknown, e: unknown) => void;
	load(requireForPlugin, module, module.exports);
	const exported = (module.exports.default ?? module.exports) as unknown;
	if (typeof exported !== "function") throw new Error("main.js does not export a plugin class");
	return exported as new (app: unknown, manifest: unknown) => unknown;
}

// ---- the shell ------------------------------------------------------------------------------------------------

function setTheme(theme: Theme): void {
	document.body.toggleClass("theme-dark", theme === "dark");
	document.body.toggleClass("theme-light", theme === "light");
	try {
		localStorage.setItem(THEME_KEY, theme);
	} catch {
		// storage off: the theme just isn't remembered
	}
}

function initialTheme(): Theme {
	try {
		const saved = localStorage.getItem(THEME_KEY);
		if (saved === "light" || saved === "dark") return saved;
	} catch {
		// ignore
	}
	return window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

function isPhone(): boolean {
	return window.innerWidth <= PHONE_MAX_WIDTH;
}

function buildTitlebar(vaultName: string): HTMLElement {
	const bar = document.body.createDiv("pg-titlebar");
	const button = (cls: string, icon: string, label: string, onClick: () => void): HTMLElement => {
		const el = bar.createEl("button", { cls: `clickable-icon ${cls}`, attr: { type: "button", "aria-label": label, title: label } });
		O.setIcon(el, icon);
		el.addEventListener("click", onClick);
		return el;
	};
	button("pg-toggle-left", "folder", "Files", () => toggleSidebar("left"));
	button("pg-palette", "terminal-square", "Command palette (Ctrl/Cmd+P)", () => openPalette());
	bar.createDiv({ cls: "pg-title", text: vaultName });
	document.title = `${vaultName} - Heading Flashcards playground`;
	saveStateEl = bar.createDiv({ cls: "pg-save-state", attr: { "aria-live": "polite" } });
	updateSaveState();
	button("pg-settings", "settings", "Plugin settings", () => openSettings());
	button("pg-theme", "sun-moon", "Light / dark theme", () => setTheme(document.body.hasClass("theme-dark") ? "light" : "dark"));
	button("pg-toggle-right", "layers", "Decks", () => toggleSidebar("right"));
	return bar;
}

let appRef: FakeApp | null = null;
let pluginId = "";

function toggleSidebar(side: "left" | "right"): void {
	const area = side === "left" ? appRef?.workspace.leftSplit : appRef?.workspace.rightSplit;
	if (!area) return;
	showSidebar(side, area.collapsed);
}

function showSidebar(side: "left" | "right", open: boolean): void {
	const ws = appRef?.workspace;
	if (!ws) return;
	const area = side === "left" ? ws.leftSplit : ws.rightSplit;
	if (open) {
		area.expand();
		// On a phone the sidebars are drawers over the main area: one at a time.
		if (isPhone()) (side === "left" ? ws.rightSplit : ws.leftSplit).collapse();
	} else area.collapse();
}

function openSettings(): void {
	const app = appRef;
	if (!app) return;
	app.setting.openTabById(pluginId);
	const container = app.setting.containerEl;
	if (!container.querySelector(":scope > .pg-modal-close")) {
		const close = container.createEl("button", { cls: "clickable-icon pg-modal-close", attr: { type: "button", "aria-label": "Close settings" } });
		O.setIcon(close, "x");
		close.addEventListener("click", () => app.setting.close());
		container.addEventListener("click", (evt) => {
			if (evt.target === container) app.setting.close();
		});
		document.addEventListener("keydown", (evt) => {
			if (evt.key === "Escape" && container.isShown()) app.setting.close();
		});
	}
	container.prepend(container.querySelector(":scope > .pg-modal-close")!);
}

/**
 * The command palette (Ctrl/Cmd+P), as Obsidian's: every command of the plugin, filtered as you type;
 * Enter or a click runs it. Commands not available right now (checkCallback) are listed but greyed.
 */
function openPalette(): void {
	const app = appRef;
	if (!app || document.querySelector(".pg-palette-modal")) return;
	const modal = new O.Modal(app as never);
	modal.modalEl.addClass("pg-palette-modal");
	modal.titleEl.setText("Command palette");
	const input = modal.contentEl.createEl("input", { cls: "pg-palette-input", attr: { type: "text", placeholder: "Type a command…", "aria-label": "Command" } });
	const list = modal.contentEl.createDiv({ cls: "pg-palette-list", attr: { role: "listbox" } });
	const pluginName = (id: string): string => (id.startsWith(`${pluginId}:`) ? "Heading Flashcards" : id.split(":")[0]);
	const commands = app.commands
		.listCommands()
		.map((command) => ({ command, label: `${pluginName(command.id)}: ${command.name}` }))
		.sort((a, b) => a.label.localeCompare(b.label));
	let selected = 0;
	let shown = commands;
	const runCommand = (id: string): void => {
		if (!app.commands.isAvailable(id)) return;
		modal.close();
		app.commands.executeCommandById(id);
	};
	const render = (): void => {
		const query = input.value.trim().toLowerCase();
		shown = commands.filter(({ label }) => query.split(/\s+/).every((word) => label.toLowerCase().includes(word)));
		selected = Math.min(selected, Math.max(0, shown.length - 1));
		list.empty();
		shown.forEach(({ command, label }, index) => {
			const item = list.createDiv({ cls: "pg-palette-item", attr: { role: "option", "data-command": command.id } });
			const colon = label.indexOf(": ");
			item.createSpan({ cls: "pg-palette-plugin", text: label.slice(0, colon + 2) });
			item.createSpan({ text: label.slice(colon + 2) });
			item.toggleClass("is-selected", index === selected);
			item.toggleClass("is-disabled", !app.commands.isAvailable(command.id));
			item.addEventListener("click", () => runCommand(command.id));
		});
		if (shown.length === 0) list.createDiv({ cls: "pg-palette-item is-disabled", text: "No matching command" });
	};
	input.addEventListener("input", () => {
		selected = 0;
		render();
	});
	input.addEventListener("keydown", (evt) => {
		if (evt.key === "ArrowDown" || evt.key === "ArrowUp") {
			evt.preventDefault();
			selected = (selected + (evt.key === "ArrowDown" ? 1 : -1) + shown.length) % Math.max(1, shown.length);
			render();
		} else if (evt.key === "Enter" && shown[selected]) {
			evt.preventDefault();
			runCommand(shown[selected].command.id);
		} else if (evt.key === "Escape") {
			evt.preventDefault();
			modal.close();
		}
	});
	modal.open();
	render();
	input.focus();
}

/** The file list in the left sidebar, kept in step with the vault. */
function buildFileList(app: FakeApp): void {
	const pane = app.workspace.leftSplit.containerEl.createDiv("pg-file-pane");
	pane.createDiv({ cls: "pg-pane-title", text: "Files" });
	const list = pane.createDiv({ cls: "pg-file-list", attr: { role: "tree" } });
	const render = (): void => {
		list.empty();
		let rows = 0;
		const walk = (folder: TFolder, el: HTMLElement, depth: number): void => {
			const children = [...folder.children].sort((a, b) => Number(b instanceof O.TFolder) - Number(a instanceof O.TFolder) || a.name.localeCompare(b.name));
			for (const child of children) {
				if (rows++ >= MAX_FILE_ROWS) return;
				const row = el.createDiv({ cls: "pg-file-row", attr: { "data-path": child.path, style: `--depth: ${depth}` } });
				if (child instanceof O.TFolder) {
					row.addClass("is-folder");
					O.setIcon(row.createSpan("pg-file-icon"), "folder");
					row.createSpan({ cls: "pg-file-name", text: child.name });
					walk(child, el, depth + 1);
				} else {
					const file = child as TFile;
					O.setIcon(row.createSpan("pg-file-icon"), file.extension === "md" ? "file-text" : "image");
					row.createSpan({ cls: "pg-file-name", text: file.extension === "md" ? file.basename : file.name });
					row.toggleClass("is-active", app.workspace.getActiveFile()?.path === file.path);
					row.addEventListener("click", () => void openFile(app, file));
				}
			}
		};
		walk(app.vault.getRoot(), list, 0);
		const files = app.vault.getAllLoadedFiles().length - 1;
		if (files > MAX_FILE_ROWS) list.createDiv({ cls: "pg-file-row pg-file-more", text: `… and ${files - MAX_FILE_ROWS} more (the playground lists the first ${MAX_FILE_ROWS})` });
	};
	render();
	for (const name of ["create", "delete", "rename"] as const) app.vault.on(name as "create", () => render());
	app.workspace.on("file-open", () => render());
}

/**
 * Rows the file list draws at most. Obsidian's file explorer draws only the rows in sight; a playground
 * list of every note of a 10,000-note vault would make each style and layout pass of the page (and so
 * every figure of `npm run bench:browser`) pay for 10,000 rows Obsidian never has in its DOM.
 */
const MAX_FILE_ROWS = 300;

/** Opens a note in its own tab (reusing an open note tab), never in place of the review. */
async function openFile(app: FakeApp, file: TFile): Promise<void> {
	let leaf: WorkspaceLeaf | null = null;
	app.workspace.iterateRootLeaves((l) => {
		if (l.view.getViewType() === "markdown" || l.view.getViewType() === "file" || l.view.getViewType() === "empty") leaf ??= l;
	});
	await (leaf ?? app.workspace.getLeaf("tab")).openFile(file, { active: true });
	if (isPhone()) showSidebar("left", false);
}

/** Tabs over the main area: only the active tab's leaf is shown, as in Obsidian. */
function buildTabs(app: FakeApp): void {
	const ws = app.workspace;
	const root = ws.rootSplit.containerEl;
	const header = createDiv("pg-tab-header");
	root.prepend(header);
	let shown: WorkspaceLeaf | null = null;
	const render = (): void => {
		const leaves: WorkspaceLeaf[] = [];
		ws.iterateRootLeaves((l) => void leaves.push(l));
		const active = ws.activeLeaf;
		if (active && leaves.includes(active)) shown = active;
		if (shown === null || !leaves.includes(shown)) shown = ws.getMostRecentLeaf() ?? leaves[0] ?? null;
		header.empty();
		for (const leaf of leaves) {
			const isShown = leaf === shown;
			leaf.containerEl.toggleClass("pg-hidden", !isShown);
			const tab = header.createDiv({ cls: "pg-tab", attr: { role: "tab", "aria-selected": String(isShown), "data-type": leaf.view.getViewType() } });
			tab.toggleClass("is-active", isShown);
			O.setIcon(tab.createSpan("pg-tab-icon"), leaf.view.getIcon());
			tab.createSpan({ cls: "pg-tab-title", text: leaf.getDisplayText() });
			const close = tab.createEl("button", { cls: "clickable-icon pg-tab-close", attr: { type: "button", "aria-label": "Close" } });
			O.setIcon(close, "x");
			close.addEventListener("click", (evt) => {
				evt.stopPropagation();
				leaf.detach();
			});
			tab.addEventListener("click", () => ws.setActiveLeaf(leaf, { focus: true }));
		}
		// Every view's header shows its title, as in Obsidian.
		ws.iterateAllLeaves((leaf) => {
			const title = leaf.view.containerEl.querySelector<HTMLElement>(":scope > .view-header .view-header-title");
			if (title && title.textContent !== leaf.getDisplayText()) title.setText(leaf.getDisplayText());
		});
	};
	// Choosing something in a drawer (a deck to study, a note) shows it in the main area: on a phone the
	// drawer closes. Opening a view in the main area always ends in a layout change.
	const closeDrawers = (): void => {
		if (!isPhone() || ws.activeLeaf?.getRoot() !== ws.rootSplit) return;
		ws.rightSplit.collapse();
		ws.leftSplit.collapse();
	};
	ws.on("layout-change", () => {
		render();
		closeDrawers();
	});
	ws.on("active-leaf-change", () => {
		render();
		closeDrawers();
	});
	render();
	// The note view is a plain text view in the fake: keep it current when the note changes (e.g. a grade).
	app.vault.on("modify", (f) => {
		ws.iterateAllLeaves((leaf) => {
			const view = leaf.view as unknown as { file?: TFile | null; setViewData?: (data: string, clear: boolean) => void };
			if (view.file === f && typeof view.setViewData === "function") view.setViewData(app.vault.getText(f.path), false);
		});
	});
}

function applyLayoutMode(app: FakeApp | null): void {
	const phone = isPhone();
	const body = document.body;
	const changed = body.hasClass("is-mobile") !== phone;
	body.toggleClass("is-mobile", phone);
	body.toggleClass("is-phone", phone);
	body.toggleClass("mod-desktop", !phone);
	if (changed && app) {
		if (phone) {
			app.workspace.leftSplit.collapse();
			app.workspace.rightSplit.collapse();
		} else {
			app.workspace.leftSplit.expand();
			app.workspace.rightSplit.expand();
		}
		app.workspace.trigger("resize");
		app.workspace.iterateAllLeaves((leaf) => leaf.onResize());
	}
}

// ---- icons ------------------------------------------------------------------------------------------------------

// The fake's setIcon leaves an empty <svg data-icon>; Obsidian draws Lucide icons. Draw the ones the plugin
// and this shell use (shapes after Lucide, ISC licence), and a dot for any other.
const ICONS: Record<string, string> = {
	pencil: '<path d="M21.174 6.812a1 1 0 0 0-3.986-3.987L3.842 16.174a2 2 0 0 0-.5.83l-1.321 4.352a.5.5 0 0 0 .623.622l4.353-1.32a2 2 0 0 0 .83-.497z"/><path d="m15 5 4 4"/>',
	"circle-plus": '<circle cx="12" cy="12" r="10"/><path d="M8 12h8"/><path d="M12 8v8"/>',
	keyboard: '<path d="M10 8h.01"/><path d="M12 12h.01"/><path d="M14 8h.01"/><path d="M16 12h.01"/><path d="M18 8h.01"/><path d="M6 8h.01"/><path d="M7 16h10"/><path d="M8 12h.01"/><rect width="20" height="16" x="2" y="4" rx="2"/>',
	"terminal-square": '<path d="m7 11 2-2-2-2"/><path d="M11 13h4"/><rect width="18" height="18" x="3" y="3" rx="2" ry="2"/>',
	layers: '<path d="m12.83 2.18a2 2 0 0 0-1.66 0L2.6 6.08a1 1 0 0 0 0 1.83l8.58 3.91a2 2 0 0 0 1.66 0l8.58-3.9a1 1 0 0 0 0-1.83Z"/><path d="m22 17.65-9.17 4.16a2 2 0 0 1-1.66 0L2 17.65"/><path d="m22 12.65-9.17 4.16a2 2 0 0 1-1.66 0L2 12.65"/>',
	"undo-2": '<path d="M9 14 4 9l5-5"/><path d="M4 9h10.5a5.5 5.5 0 0 1 5.5 5.5a5.5 5.5 0 0 1-5.5 5.5H11"/>',
	"skip-forward": '<polygon points="5 4 15 12 5 20 5 4"/><line x1="19" x2="19" y1="5" y2="19"/>',
	"calendar-clock": '<path d="M21 7.5V6a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h3.5"/><path d="M16 2v4"/><path d="M8 2v4"/><path d="M3 10h5"/><path d="M17.5 17.5 16 16.3V14"/><circle cx="16" cy="16" r="6"/>',
	"file-text": '<path d="M15 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V7Z"/><path d="M14 2v4a2 2 0 0 0 2 2h4"/><path d="M10 9H8"/><path d="M16 13H8"/><path d="M16 17H8"/>',
	"circle-check": '<circle cx="12" cy="12" r="10"/><path d="m9 12 2 2 4-4"/>',
	"chevron-right": '<path d="m9 18 6-6-6-6"/>',
	"chevron-down": '<path d="m6 9 6 6 6-6"/>',
	play: '<polygon points="6 3 20 12 6 21 6 3"/>',
	folder: '<path d="M20 20a2 2 0 0 0 2-2V8a2 2 0 0 0-2-2h-7.9a2 2 0 0 1-1.69-.9L9.6 3.9A2 2 0 0 0 7.93 3H4a2 2 0 0 0-2 2v13a2 2 0 0 0 2 2Z"/>',
	image: '<rect width="18" height="18" x="3" y="3" rx="2" ry="2"/><circle cx="9" cy="9" r="2"/><path d="m21 15-3.086-3.086a2 2 0 0 0-2.828 0L6 21"/>',
	x: '<path d="M18 6 6 18"/><path d="m6 6 12 12"/>',
	settings: '<path d="M12.22 2h-.44a2 2 0 0 0-2 2v.18a2 2 0 0 1-1 1.73l-.43.25a2 2 0 0 1-2 0l-.15-.08a2 2 0 0 0-2.73.73l-.22.38a2 2 0 0 0 .73 2.73l.15.1a2 2 0 0 1 1 1.72v.51a2 2 0 0 1-1 1.74l-.15.09a2 2 0 0 0-.73 2.73l.22.38a2 2 0 0 0 2.73.73l.15-.08a2 2 0 0 1 2 0l.43.25a2 2 0 0 1 1 1.73V20a2 2 0 0 0 2 2h.44a2 2 0 0 0 2-2v-.18a2 2 0 0 1 1-1.73l.43-.25a2 2 0 0 1 2 0l.15.08a2 2 0 0 0 2.73-.73l.22-.39a2 2 0 0 0-.73-2.73l-.15-.08a2 2 0 0 1-1-1.74v-.5a2 2 0 0 1 1-1.74l.15-.09a2 2 0 0 0 .73-2.73l-.22-.38a2 2 0 0 0-2.73-.73l-.15.08a2 2 0 0 1-2 0l-.43-.25a2 2 0 0 1-1-1.73V4a2 2 0 0 0-2-2z"/><circle cx="12" cy="12" r="3"/>',
	"sun-moon": '<path d="M12 8a2.83 2.83 0 0 0 4 4 4 4 0 1 1-4-4"/><path d="M12 2v2"/><path d="M12 20v2"/><path d="m4.9 4.9 1.4 1.4"/><path d="m17.7 17.7 1.4 1.4"/><path d="M2 12h2"/><path d="M20 12h2"/><path d="m6.3 17.7-1.4 1.4"/><path d="m19.1 4.9-1.4 1.4"/>',
	document: '<path d="M15 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V7Z"/><path d="M14 2v4a2 2 0 0 0 2 2h4"/>',
	// The badge menu's icons (issue 16).
	info: '<circle cx="12" cy="12" r="10"/><path d="M12 16v-4"/><path d="M12 8h.01"/>',
	"circle-pause": '<circle cx="12" cy="12" r="10"/><line x1="10" x2="10" y1="15" y2="9"/><line x1="14" x2="14" y1="15" y2="9"/>',
	"circle-play": '<circle cx="12" cy="12" r="10"/><polygon points="10 8 16 12 10 16 10 8"/>',
	"eye-off": '<path d="M10.733 5.076a10.744 10.744 0 0 1 11.205 6.575 1 1 0 0 1 0 .696 10.747 10.747 0 0 1-1.444 2.49"/><path d="M14.084 14.158a3 3 0 0 1-4.242-4.242"/><path d="M17.479 17.499a10.75 10.75 0 0 1-15.417-5.151 1 1 0 0 1 0-.696 10.75 10.75 0 0 1 4.446-5.143"/><path d="m2 2 20 20"/>',
	"rotate-ccw": '<path d="M3 12a9 9 0 1 0 9-9 9.75 9.75 0 0 0-6.74 2.74L3 8"/><path d="M3 3v5h5"/>',
	flag: '<path d="M4 15s1-1 4-1 5 2 8 2 4-1 4-1V3s-1 1-4 1-5-2-8-2-4 1-4 1z"/><line x1="4" x2="4" y1="22" y2="15"/>',
	"flag-off": '<path d="M8 2c3 0 5 2 8 2s4-1 4-1v11"/><path d="M4 22V4"/><path d="M4 15s1-1 4-1 5 2 8 2"/><line x1="2" x2="22" y1="2" y2="22"/>',
	check: '<path d="M20 6 9 17l-5-5"/>',
};

function drawIcon(svg: SVGElement): void {
	if (svg.childElementCount > 0) return;
	const id = svg.getAttribute("data-icon") ?? "";
	svg.setAttribute("viewBox", "0 0 24 24");
	svg.setAttribute("fill", "none");
	svg.setAttribute("stroke", "currentColor");
	svg.setAttribute("stroke-linecap", "round");
	svg.setAttribute("stroke-linejoin", "round");
	svg.innerHTML = ICONS[id] ?? '<circle cx="12" cy="12" r="3"/>';
}

function drawIconsAsAdded(): void {
	const scan = (root: ParentNode): void => root.querySelectorAll<SVGElement>("svg.svg-icon[data-icon]").forEach(drawIcon);
	new MutationObserver((records) => {
		for (const record of records) {
			for (const node of Array.from(record.addedNodes)) {
				if (node instanceof SVGElement && node.matches("svg.svg-icon[data-icon]")) drawIcon(node);
				else if (node instanceof Element) scan(node);
			}
		}
	}).observe(document.body, { childList: true, subtree: true });
	scan(document.body);
}

// ---- boot ---------------------------------------------------------------------------------------------------------

async function boot(): Promise<void> {
	setTheme(initialTheme());
	applyLayoutMode(null);
	drawIconsAsAdded();
	const bootEl = document.querySelector(".pg-boot");

	const listing = (await (await fetchOk("/api/files")).json()) as Listing;
	const manifest = (await (await fetchOk("/manifest.json")).json()) as PluginManifest;
	pluginId = manifest.id;
	const files = await readVault(listing.files);
	const config = await readVault(listing.config.filter((e) => e.text));

	buildTitlebar(listing.name);
	const configDir = ".obsidian";
	const dataPath = `${configDir}/plugins/${manifest.id}/data.json`;
	const pluginData: Record<string, unknown> = {};
	if (typeof config[dataPath] === "string") pluginData[manifest.id] = JSON.parse(config[dataPath]);

	const coldCache = coldCacheFill(Object.keys(files).filter((p) => p.endsWith(".md")).length);
	// A warm cache is the last session's, read in batches while the vault opens (as Obsidian reads it from IndexedDB).
	const app = O.createFakeApp({ files, pluginData, coldCache, loadCacheInBatches: coldCache ? 0 : WARM_CACHE_BATCH });
	await app.metadataCache.loaded;
	appRef = app;
	app.containerEl.addClass("pg-app");
	// Obsidian serves vault files from its own URL scheme; here the server serves them under /vault/.
	app.vault.getResourcePath = (file) => `${vaultUrl(file.path)}?${file.stat.mtime}`;
	app.vault.adapter.getResourcePath = (path: string) => vaultUrl(path);
	for (const [path, text] of Object.entries(config)) if (path !== dataPath) await app.vault.adapter.write(path, text as string);
	mirrorToDisk(app);

	buildFileList(app);
	buildTabs(app);
	// On a phone, an open drawer dims the main area; a tap there closes it.
	const scrim = app.workspace.containerEl.createDiv("pg-drawer-scrim");
	scrim.addEventListener("click", () => {
		showSidebar("left", false);
		showSidebar("right", false);
	});
	applyLayoutMode(app);
	window.addEventListener("resize", () => applyLayoutMode(app));
	// Ctrl/Cmd+P: the command palette, before any view's keys see it.
	document.addEventListener(
		"keydown",
		(evt) => {
			if ((evt.ctrlKey || evt.metaKey) && !evt.altKey && !evt.shiftKey && evt.key.toLowerCase() === "p") {
				evt.preventDefault();
				evt.stopPropagation();
				openPalette();
			}
		},
		{ capture: true },
	);

	const code = await (await fetchOk("/main.js")).text();
	if (params.has("hold")) await hold(app);
	const PluginClass = evaluatePlugin(code, manifest.id);
	manifest.dir = `${configDir}/plugins/${manifest.id}`;
	const plugin = await O.loadPlugin(app, PluginClass as never, manifest);
	app.workspace.setLayoutReady();
	const cacheUnparsedAtStart = app.metadataCache.unparsedCount;
	// A cold cache keeps filling while the review opens: its cards arrive as Obsidian parses their notes.
	if (app.coldCacheFill === null) await app.flushEvents();

	// The study pane in the right sidebar, then the review in the main area, with the keyboard focus.
	if (params.get("views") !== "none") {
		const placeholder = app.workspace.activeLeaf;
		run(app, `${manifest.id}:open-study-pane`);
		await app.flushEvents();
		run(app, `${manifest.id}:review-due-cards`);
		await app.flushEvents();
		await waitFor(() => app.workspace.getLeavesOfType("heading-flashcards-review").length > 0);
		if (placeholder && placeholder.view.getViewType() === "empty" && placeholder !== app.workspace.activeLeaf) placeholder.detach();
	}
	if (isPhone()) {
		app.workspace.rightSplit.collapse();
		app.workspace.leftSplit.collapse();
	}
	bootEl?.remove();

	const api: PlaygroundApi = {
		app,
		plugin,
		obsidian: O,
		flush: async () => {
			for (;;) {
				const current = queue;
				await current;
				if (current === queue) return;
			}
		},
		setTheme,
		showSidebar,
		writes,
		cacheUnparsedAtStart,
	};
	(window as unknown as { __playground: PlaygroundApi }).__playground = api;
	document.body.setAttribute("data-playground", "ready");
}

/**
 * `?hold`: the vault is loaded but main.js has not run yet; the page waits for
 * `window.__playgroundHold.resume()`, so a benchmark (bench/phone.mjs) can start throttling and profiling
 * first and time the plugin from its very start.
 */
async function hold(app: FakeApp): Promise<void> {
	await new Promise<void>((resume) => {
		(window as unknown as { __playgroundHold: unknown }).__playgroundHold = { app, resume };
		document.body.setAttribute("data-playground", "held");
	});
	document.body.removeAttribute("data-playground");
}

/**
 * As on the first open of a vault in Obsidian, the metadata cache starts empty and fills over about
 * 1.5 s after the layout is ready, one note at a time. `?cache=warm` starts with it full.
 */
function coldCacheFill(notes: number): { alreadyParsed: number; batchSize: number; intervalMs: number } | false {
	if (params.get("cache") === "warm") return false;
	return { alreadyParsed: 0, batchSize: 1, intervalMs: Math.round(1500 / Math.max(1, notes)) };
}

function run(app: FakeApp, id: string): void {
	if (!app.commands.executeCommandById(id)) throw new Error(`command ${id} is not available`);
}

async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
	const start = Date.now();
	while (!condition()) {
		if (Date.now() - start > ms) throw new Error("timed out waiting for the plugin's views");
		await new Promise((r) => setTimeout(r, 20));
	}
}

boot().catch((error: unknown) => {
	console.error("Playground failed to start:", error);
	const el = document.querySelector(".pg-boot") ?? document.body.createDiv("pg-boot");
	el.addClass("mod-error");
	el.textContent = `The playground failed to start: ${error instanceof Error ? error.message : String(error)}`;
	document.body.setAttribute("data-playground", "failed");
});
