// Browser end-to-end tests: the production main.js in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core), loaded by the playground page as Obsidian loads it, against a temporary
// copy of the sample vault served by the playground server. Grades are checked on disk.
//
//   npm run test:e2e            (builds main.js and the page's bundles itself)
//   node tests/e2e/run.mjs [--grep <text>] [--no-build]
//
// Screenshots go to test-results/screenshots/. Plain Node: node:assert, one line per scenario, and a
// closing "N passed, N failed"; exit 1 when anything failed.
// Functions passed to page.evaluate and waitForFunction run in the page: they use browser globals.
/* global window, document, getComputedStyle */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import process from "node:process";

import yaml from "js-yaml";
import esbuild from "esbuild";
import { chromium } from "playwright-core";

import { MAX_BODY_BYTES, buildPlayground, repoRoot, sampleVault, startServer } from "../../scripts/playground/server.mjs";
import { registerBadgeScenarios } from "./editor-badges.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOTS = path.join(repoRoot, "test-results", "screenshots");
const NOTE = "The future of DL+CV.md";
const PLUGIN_DIR = ".obsidian/plugins/heading-flashcards";
const STATE_PROPERTY = "srs";
const THEME_KEY = "heading-flashcards-playground-theme";
const QUESTIONS = [
	"We will discover new types of deep models.",
	"Deep Learning will find new applications",
	"Deep Learning will use more data and more compute",
	"Bias",
	"Need new theory",
	"Generalization",
	"We need a lot of labelled training data",
	"Deep Learning doesn't understand the world",
];
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

const args = process.argv.slice(2);
const grep = args.includes("--grep") ? args[args.indexOf("--grep") + 1] : null;
const build = !args.includes("--no-build");

// ---- harness ---------------------------------------------------------------------------------------------

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

let browser;
const temps = [];

/** A fresh vault copy, a server on a free port, and a page that has booted the playground on it. */
async function openPlayground({ viewport = DESKTOP, theme = "light", mobile = false, cache = "warm", extraFiles = {} } = {}) {
	const root = mkdtempSync(path.join(tmpdir(), "hf-e2e-"));
	temps.push(root);
	const vault = path.join(root, "vault");
	cpSync(sampleVault, vault, { recursive: true });
	for (const [relative, text] of Object.entries(extraFiles)) {
		mkdirSync(path.dirname(path.join(vault, relative)), { recursive: true });
		writeFileSync(path.join(vault, relative), text);
	}
	const server = await startServer({ vault, port: 0 });
	const context = await browser.newContext({ viewport, deviceScaleFactor: 1, isMobile: mobile, hasTouch: mobile });
	const errors = [];
	const offsite = [];
	// No network at run time: everything comes from the playground server, anything else is refused.
	await context.route("**/*", (route) => {
		const url = route.request().url();
		if (url.startsWith(server.url) || url.startsWith("data:")) return route.continue();
		offsite.push(url);
		return route.abort();
	});
	await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [THEME_KEY, theme]);
	const page = await context.newPage();
	page.on("pageerror", (error) => errors.push(`pageerror: ${error.stack ?? error}`));
	page.on("console", (message) => {
		if (message.type() === "error") errors.push(`console.error: ${message.text()}`);
	});
	page.on("requestfailed", (request) => errors.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ""}`));
	page.on("response", (response) => {
		if (response.status() >= 400) errors.push(`HTTP ${response.status()} for ${response.url()}`);
	});
	// Scenarios start with Obsidian's metadata cache full unless they test the cold start (npm start's default).
	await page.goto(cache === "warm" ? `${server.url}?cache=warm` : server.url);
	await page.waitForSelector("body[data-playground]", { timeout: 15_000 });
	if ((await page.getAttribute("body", "data-playground")) !== "ready") {
		const message = await page.evaluate(() => document.querySelector(".pg-boot")?.textContent ?? "");
		assert.fail(`the playground did not start: ${message}\n${errors.join("\n")}`);
	}
	await page.waitForSelector(".hf-review .hf-question, .hf-review .hf-done");
	return {
		page,
		vault,
		server,
		errors,
		offsite,
		read: (relative) => readFileSync(path.join(vault, relative), "utf8"),
		list: (relative) => readdirSync(path.join(vault, relative)),
		flush: () => page.evaluate(() => window.__playground.flush()),
		async close() {
			await context.close();
			await server.close();
		},
	};
}

/** Runs fn with a playground and, whatever happens, checks the page reported no errors and went nowhere. */
async function withPlayground(options, fn) {
	const t0 = Date.now();
	const lap = (m) => process.env.E2E_DEBUG && console.log(`    ${m} ${Date.now() - t0} ms`);
	const pg = await openPlayground(options);
	lap("opened");
	try {
		await fn(pg);
		lap("ran");
		await pg.flush();
		assert.deepEqual(pg.errors, [], "the page reported errors");
		assert.deepEqual(pg.offsite, [], "the page tried to reach the network");
	} finally {
		await pg.close();
		lap("closed");
	}
}

// ---- page helpers ------------------------------------------------------------------------------------------

const question = (page) => page.textContent(".hf-review .hf-question").then((t) => t?.trim() ?? null);

/** Waits until the review is idle (no write in flight) and shows a card or the done screen. */
async function settled(page) {
	await page.waitForFunction(() => {
		const review = document.querySelector(".hf-review");
		return review && !review.classList.contains("is-busy") && (review.querySelector(".hf-question") || review.querySelector(".hf-done"));
	});
}

async function studyDeck(page, label) {
	await page.click(`.hf-deck-name:text-is("${label}")`);
	await settled(page);
}

/** The new · learning · due counts of a study pane row (by its label), or of "Study all". */
async function deckCounts(page, label) {
	return page.evaluate((label) => {
		const row =
			label === null
				? document.querySelector(".hf-study-all")
				: [...document.querySelectorAll(".hf-deck-row")].find((r) => r.querySelector(".hf-deck-name")?.textContent === label);
		if (!row) return null;
		const n = (kind) => Number(row.querySelector(`.hf-count-${kind}`)?.textContent ?? NaN);
		return { new: n("new"), learning: n("learning"), due: n("due") };
	}, label);
}

async function reviewCounts(page) {
	return page.evaluate(() => {
		const n = (kind) => Number(document.querySelector(`.hf-review .hf-count-${kind}`)?.textContent ?? NaN);
		return { new: n("new"), learning: n("learning"), due: n("due") };
	});
}

async function pollEqual(fn, expected, message, timeout = 5000) {
	const start = Date.now();
	let actual;
	for (;;) {
		actual = await fn();
		try {
			assert.deepEqual(actual, expected);
			return;
		} catch {
			if (Date.now() - start > timeout) assert.deepEqual(actual, expected, message);
			await new Promise((r) => setTimeout(r, 50));
		}
	}
}

/** Splits a note into its frontmatter lines (without the fences) and the body lines. */
function splitNote(text) {
	const lines = text.split("\n");
	assert.equal(lines[0], "---");
	const end = lines.indexOf("---", 1);
	return { front: lines.slice(1, end), body: lines.slice(end) };
}

/** The state block's lines (the property line and its indented entries) and the frontmatter without them. */
function stateLines(front) {
	const start = front.findIndex((l) => l === `${STATE_PROPERTY}:`);
	if (start < 0) return { block: [], rest: front };
	let end = start + 1;
	while (end < front.length && /^\s+\S/.test(front[end])) end++;
	return { block: front.slice(start, end), rest: [...front.slice(0, start), ...front.slice(end)] };
}

/** Checks the note on disk differs from the original in its state lines only; returns the state entries. */
function assertOnlyStateChanged(original, current) {
	const a = splitNote(original);
	const b = splitNote(current);
	assert.deepEqual(b.body, a.body, "the note's body changed");
	const { block, rest } = stateLines(b.front);
	assert.deepEqual(rest, stateLines(a.front).rest, "a frontmatter line other than the state lines changed");
	const parsedBefore = yaml.load(a.front.join("\n")) ?? {};
	const parsedAfter = yaml.load(b.front.join("\n")) ?? {};
	const state = parsedAfter[STATE_PROPERTY] ?? {};
	delete parsedAfter[STATE_PROPERTY];
	delete parsedBefore[STATE_PROPERTY];
	assert.deepEqual(parsedAfter, parsedBefore, "frontmatter properties other than the state changed");
	// One line per card: `  <question>: {…}`.
	for (const line of block.slice(1)) assert.match(line, /^ {2}\S.*: \{.*\}$/, `not a one-line state entry: ${line}`);
	return state;
}

async function shoot(target, name) {
	mkdirSync(SCREENSHOTS, { recursive: true });
	const page = "mouse" in target ? target : target.page();
	await page.mouse.move(0, 0); // no hover effects left over from the last click
	await target.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

// ---- scenarios ----------------------------------------------------------------------------------------------

test("the page has no require, process or Buffer globals, and the plugin runs regardless", async () => {
	await withPlayground({}, async ({ page }) => {
		const globals = await page.evaluate(() => ({
			require: typeof window.require,
			process: typeof window.process,
			Buffer: typeof window.Buffer,
			module: typeof window.module,
			exports: typeof window.exports,
			global: typeof window.global,
		}));
		assert.deepEqual(globals, { require: "undefined", process: "undefined", Buffer: "undefined", module: "undefined", exports: "undefined", global: "undefined" });
		// Running, with the keyboard focus in the review pane and every card of the vault counted.
		assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("hf-review-container")), true, "focus is not in the review pane");
		// 22 new cards, 20 of them within today's new-card limit: the count says the rest wait.
		assert.deepEqual(await deckCounts(page, null), { new: 20, learning: 0, due: 0 });
		assert.equal(await page.getAttribute(".hf-study-all .hf-counts", "aria-label"), "20 new · 0 learning · 0 due (2 more new held back by today's limit)");
		await pollEqual(() => page.textContent(".status-bar"), "20 new", "the status bar says what it counts");
		// The title is the vault's name, not the folder of a temporary copy.
		assert.equal(await page.textContent(".pg-title"), "vault");
		assert.equal(await page.title(), "vault - Heading Flashcards playground");
	});
});

test("cold metadata cache: cards arrive as Obsidian parses their notes, and every deck is complete", async () => {
	let warmTotal;
	await withPlayground({}, async ({ page }) => {
		warmTotal = (await page.textContent(".hf-study-all"))?.trim();
	});
	await withPlayground({ cache: "cold" }, async ({ page }) => {
		const atStart = await page.evaluate(() => window.__playground.cacheUnparsedAtStart);
		assert.ok(atStart > 0, `the cache was still filling when the layout was ready (${atStart} notes unparsed)`);
		await page.waitForFunction(() => window.__playground.app.metadataCache.unparsedCount === 0, null, { timeout: 10_000 });
		await settled(page);
		await pollEqual(async () => (await page.textContent(".hf-study-all"))?.trim(), warmTotal, "study all: the same counts as with a warm cache");
		assert.ok(await page.$(".hf-review .hf-question"), "the review shows a card");
	});
});

test("unsaved text in an open editor: typing, then grading within 2 s keeps every typed character and the state line", async () => {
	await withPlayground({}, async ({ page, read, flush }) => {
		const original = readFileSync(path.join(sampleVault, NOTE), "utf8");
		await studyDeck(page, "Vault root");
		const first = await question(page);
		// "Open note" puts the note beside the review: a real CodeMirror 6 editor.
		await page.keyboard.press("o");
		const line = page.locator(".markdown-source-view .cm-line", { hasText: /^# Problems$/ });
		await line.click();
		await page.keyboard.press("End");
		await page.keyboard.type(" typed in the editor", { delay: 10 });
		const typedAt = Date.now();
		// Back to the review tab and grade the card, well within Obsidian's 2 s save delay.
		await page.click('.pg-tab[data-type="heading-flashcards-review"]');
		await page.focus(".hf-review-container");
		await page.keyboard.press("Space");
		await page.waitForSelector(".hf-answer");
		await page.keyboard.press("3");
		await settled(page);
		assert.ok(Date.now() - typedAt < 2000, `graded ${Date.now() - typedAt} ms after the last keystroke`);
		const editorText = await page.evaluate(() => window.__playground.app.workspace.getLeavesOfType("markdown")[0].view.editor.getValue());
		assert.ok(editorText.includes("# Problems typed in the editor\n"), "the editor keeps the typing");
		assert.ok(editorText.includes(`\n  ${first}: {due: `), "the editor shows the new state line");
		// Let Obsidian's delayed save run, then check the disk.
		await page.waitForTimeout(2300);
		await flush();
		const saved = read(NOTE);
		assert.ok(saved.includes("# Problems typed in the editor\n"), "every typed character is on disk");
		const state = assertOnlyStateChanged(original, saved.replace(" typed in the editor", ""));
		assert.deepEqual(Object.keys(state), [first], "the state line is on disk");
		await page.click('.pg-tab[data-type="markdown"]');
		await page.waitForSelector(".markdown-source-view .cm-editor");
		await shoot(page, "open-editor-after-grade");
	});
});

test("review all 8 cards of the example note with the keyboard; on disk only state lines change", async () => {
	await withPlayground({}, async ({ page, read, list, flush }) => {
		const original = readFileSync(path.join(sampleVault, NOTE), "utf8");
		await studyDeck(page, "Vault root"); // the folder deck holding only the example note
		assert.deepEqual(await deckCounts(page, "Vault root"), { new: 8, learning: 0, due: 0 });
		// The study pane's click moved the focus back into the review: keys work without another click.
		await page.waitForFunction(() => document.activeElement?.classList.contains("hf-review-container"));

		const grades = ["4", "3", "4", "2", "4", "4", "3", "4"]; // Easy, Good, Easy, Hard, ...
		const seen = [];
		for (let i = 0; i < QUESTIONS.length; i++) {
			const q = await question(page);
			seen.push(q);
			assert.equal(await page.isVisible(".hf-answer"), false, "the answer shows before Space");
			await page.keyboard.press("Space");
			await page.waitForSelector(".hf-answer");
			assert.equal(await page.isVisible(".hf-grade-buttons"), true);
			await page.keyboard.press(grades[i]);
			await settled(page);
			await pollEqual(() => deckCounts(page, "Vault root").then((c) => c?.new), 7 - i, `study pane: new count after ${i + 1} grades`);

			if (i === 4) {
				// Undo the fifth grade: the same card comes back, its state line goes from disk.
				await flush();
				assert.ok(read(NOTE).includes(`  ${q}: {`), "the graded card's state line is on disk");
				await page.keyboard.press("u");
				await settled(page);
				assert.equal(await question(page), q, "undo brings the card back");
				await pollEqual(() => deckCounts(page, "Vault root").then((c) => c?.new), 4, "study pane: undo gives the new card back");
				await flush();
				assert.ok(!read(NOTE).includes(`  ${q}: {`), "undo removed the state line on disk");
				await page.keyboard.press("Space");
				await page.waitForSelector(".hf-answer");
				await page.keyboard.press(grades[i]);
				await settled(page);
			}
		}
		assert.deepEqual([...seen].sort(), [...QUESTIONS].sort(), "each card of the note came once");

		// Learning cards (Good, Hard) may come back within the learn-ahead window: finish them with Easy.
		for (let guard = 0; guard < 10 && (await page.$(".hf-review .hf-question")); guard++) {
			await page.keyboard.press("Space");
			await page.waitForSelector(".hf-answer");
			await page.keyboard.press("4");
			await settled(page);
		}
		await page.waitForSelector(".hf-done");
		await flush();

		const state = assertOnlyStateChanged(original, read(NOTE));
		assert.deepEqual(Object.keys(state).sort(), [...QUESTIONS].sort(), "one state entry per card");
		for (const [key, entry] of Object.entries(state)) {
			assert.equal(entry.reps >= 1, true, `${key}: reps`);
			assert.ok(["review", "learning"].includes(entry.state), `${key}: state ${entry.state}`);
		}
		// The study pane follows: nothing new left in the note's deck; the others are untouched.
		await pollEqual(() => deckCounts(page, "Vault root").then((c) => c?.new), 0, "study pane: no new card left");
		assert.deepEqual(await deckCounts(page, "python"), { new: 4, learning: 0, due: 0 });
		// The review log was appended in the plugin's folder, on disk.
		const logFiles = list(`${PLUGIN_DIR}/logs`);
		assert.equal(logFiles.length, 1, "one log file: this device's");
		const log = read(`${PLUGIN_DIR}/logs/${logFiles[0]}`).trim().split("\n").map((l) => JSON.parse(l));
		assert.ok(log.length >= 10, `review log has ${log.length} records`);
		// And today's progress (data.json) too.
		// ... under this device's own key, so a sync engine's key-by-key merge keeps every device's (design §2a).
		assert.ok(Object.keys(JSON.parse(read(`${PLUGIN_DIR}/data.json`))).some((key) => key.startsWith("progress:")), "data.json holds today's progress");
	});
});

test("a card whose answer embeds an image and a code block renders both (and the example note's images load)", async () => {
	await withPlayground({}, async ({ page }) => {
		await studyDeck(page, "python");
		for (let guard = 0; guard < 5 && (await question(page)) !== "What does a data pipeline look like?"; guard++) {
			await page.keyboard.press("s"); // skip for this session
			await settled(page);
		}
		assert.equal(await question(page), "What does a data pipeline look like?");
		await page.keyboard.press("Space");
		await page.waitForSelector(".hf-answer img");
		const img = await page.waitForFunction(() => {
			const el = document.querySelector(".hf-answer img");
			return el && el.complete && el.naturalWidth > 0 ? { src: el.getAttribute("src"), width: el.naturalWidth } : null;
		});
		const { src, width } = await img.jsonValue();
		assert.match(src, /^\/vault\/attachments\/diagram\.png\?\d+/);
		assert.equal(width, 240);
		assert.match(await page.textContent(".hf-answer pre > code"), /prediction = model\(preprocess\(raw_input\)\)/);
		assert.equal(await page.getAttribute(".hf-answer pre > code", "class"), "language-python");

		await studyDeck(page, "Vault root");
		await page.keyboard.press("s");
		await settled(page);
		assert.equal(await question(page), QUESTIONS[1]);
		await page.keyboard.press("Space");
		const loaded = await page.waitForFunction(() => {
			const el = document.querySelector(".hf-answer img");
			return el && el.complete && el.naturalWidth > 0 ? el.getAttribute("src") : null;
		});
		assert.match(await loaded.jsonValue(), /^\/vault\/AI-Notes\/Concepts\/the-future-of-dl%2Bcv-srcs\/Screen_Shot_1\.png\?\d+$/);
	});
});

test("a note edited while the pane is open updates the queue (edited question, deleted card)", async () => {
	await withPlayground({}, async ({ page, read, flush }) => {
		await studyDeck(page, "Vault root");
		assert.equal(await question(page), QUESTIONS[0]);
		assert.deepEqual(await reviewCounts(page), { new: 8, learning: 0, due: 0 });

		// Edit the current card's question through the vault, as an edit in the editor or a sync would.
		await page.evaluate(async (path) => {
			const { app } = window.__playground;
			const file = app.vault.getFileByPath(path);
			const text = await app.vault.read(file);
			await app.vault.modify(file, text.replace("### We will discover new types of deep models.", "### Which new kinds of deep models will we discover?"));
		}, NOTE);
		await pollEqual(() => question(page), "Which new kinds of deep models will we discover?", "the edited question shows");
		await flush();
		assert.ok(read(NOTE).includes("### Which new kinds of deep models will we discover?"), "the edit reached the disk");

		// Delete the current card (heading and answer): it disappears from the queue and the counts.
		await page.evaluate(async (path) => {
			const { app } = window.__playground;
			const file = app.vault.getFileByPath(path);
			await app.vault.process(file, (text) => text.replace(/### Which new kinds[^]*?(?=### Deep Learning will find)/, ""));
		}, NOTE);
		await pollEqual(() => question(page), QUESTIONS[1], "the next card shows once the current one is deleted");
		await pollEqual(() => reviewCounts(page), { new: 7, learning: 0, due: 0 }, "review counts drop");
		await pollEqual(() => deckCounts(page, "Vault root"), { new: 7, learning: 0, due: 0 }, "study pane counts drop");

		// A card deleted further down the queue goes too.
		await page.evaluate(async (path) => {
			const { app } = window.__playground;
			const file = app.vault.getFileByPath(path);
			await app.vault.process(file, (text) => text.replace(/### Bias\n[^]*?(?=### Need new theory)/, ""));
		}, NOTE);
		await pollEqual(() => reviewCounts(page), { new: 6, learning: 0, due: 0 }, "review counts drop again");
		for (let i = 0; i < 6; i++) {
			assert.notEqual(await question(page), "Bias", "the deleted card is not shown");
			await page.keyboard.press("s");
			await settled(page);
		}
	});
});

// ---- screenshots ----------------------------------------------------------------------------------------------

for (const theme of ["light", "dark"]) {
	test(`screenshots, desktop, ${theme} theme: review question and answer, end of session, study pane`, async () => {
		await withPlayground({ theme }, async ({ page }) => {
			assert.equal(await page.evaluate(() => document.body.classList.contains(`theme-${localStorage.getItem("heading-flashcards-playground-theme")}`)), true);
			await studyDeck(page, "Vault root");
			await page.keyboard.press("s"); // the second card: bold text and an image in its answer
			await settled(page);
			const pane = page.locator(".mod-root > .workspace-leaf:not(.pg-hidden)");
			await shoot(pane, `review-question-${theme}`);
			await page.keyboard.press("Space");
			await page.waitForFunction(() => [...document.querySelectorAll(".hf-answer img")].every((i) => i.complete && i.naturalWidth > 0));
			await shoot(pane, `review-answer-${theme}`);
			await page.keyboard.press("3");
			await settled(page);
			await shoot(page.locator(".mod-right-split"), `study-${theme}`);
			await shoot(page, `desktop-${theme}`);

			// The math deck: tags as chips, a callout, KaTeX, a footnote; then a table, task and nested
			// lists and a heading embed; then a long answer that scrolls inside the card only.
			await studyDeck(page, "math");
			await page.keyboard.press("Space");
			await page.waitForSelector(".hf-answer .katex-display");
			await shoot(pane, `review-math-${theme}`);
			await page.keyboard.press("1"); // Again: the table card comes next, not this one again
			await settled(page);
			assert.equal(await question(page), "Which transforms go with which signals?");
			await page.keyboard.press("Space");
			await page.waitForSelector(".hf-answer .markdown-embed-content");
			await shoot(pane, `review-table-${theme}`);
			await page.keyboard.press("4");
			await settled(page);
			await page.keyboard.press("Space");
			await settled(page);
			await shoot(pane, `review-long-${theme}`);
			// Easy on the long one; the card answered Again is back (a learning step): Easy.
			for (const key of ["4", "Space", "4"]) {
				await page.keyboard.press(key);
				await settled(page);
			}
			await page.waitForSelector(".hf-done");
			await shoot(pane, `review-done-${theme}`);
		});
	});
}

/** A synthetic year of reviews (300 cards) as one device's log, written into the playground's plugin folder. */
async function seedReviewLog(page) {
	await page.evaluate(async () => {
		const { app, plugin } = window.__playground;
		let seed = 15;
		const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
		const lines = [];
		const start = Date.UTC(2025, 0, 1, 9);
		for (let card = 0; card < 300; card++) {
			let day = Math.floor(card / 3);
			let interval = 1;
			for (let n = 0; n < 12 && day < 365; n++) {
				const again = n > 0 && random() < 0.12;
				const rating = n === 0 ? (random() < 0.2 ? "again" : "good") : again ? "again" : random() < 0.1 ? "hard" : "good";
				const before = n === 0 ? null : { due: "2025-01-01T00:00:00Z", stability: interval, difficulty: 5, reps: n, lapses: 0, state: "review", step: 0, last_review: "2025-01-01T00:00:00Z" };
				const time = new Date(start + day * 86_400_000 + Math.floor(random() * 8 * 3_600_000)).toISOString();
				lines.push(JSON.stringify({ v: 1, type: "review", time, device: "e2e", card: `c${card}`, note: "n.md", key: `c${card}`, rating, before, after: null }));
				interval = again ? 1 : Math.max(1, Math.round(interval * (2 + random())));
				day += interval;
			}
		}
		const folder = `${app.vault.configDir}/plugins/heading-flashcards/logs`;
		if (!(await app.vault.adapter.exists(folder))) await app.vault.adapter.mkdir(folder);
		await app.vault.adapter.write(`${folder}/e2e.jsonl`, `${lines.join("\n")}\n`);
		await plugin.logStore.load();
	});
}

for (const [label, options] of [
	["desktop, light", { theme: "light" }],
	["desktop, dark", { theme: "dark" }],
	["phone 390×844, dark", { theme: "dark", viewport: PHONE, mobile: true }],
]) {
	test(`FSRS optimizer and "Help me decide" (${label}): progress, report, chart; screenshots`, async () => {
		await withPlayground(options, async ({ page }) => {
			const name = label.replace(/[^a-z]+/g, "-").replace(/-$/, "");
			await seedReviewLog(page);
			await page.evaluate(() => window.__playground.app.commands.executeCommandById("heading-flashcards:optimize-fsrs-parameters"));
			await page.waitForSelector(".hf-optimizer progress");
			await page.waitForSelector(".hf-optimizer table", { timeout: 180_000 });
			const text = await page.textContent(".hf-optimizer");
			assert.match(text, /Used \d+ reviews of 300 cards/);
			await shoot(page.locator(".modal:has(.hf-optimizer)"), `optimizer-${name}`);
			await page.click(".hf-optimizer button:text-is('Close')");
			await page.evaluate(() => window.__playground.app.setting.openTabById("heading-flashcards"));
			await page.waitForSelector("textarea.hf-weights");
			await shoot(page.locator(".hf-weights-setting"), `weights-setting-${name}`);
			await page.click("button:text-is('Help me decide')");
			await page.waitForSelector(".hf-retention-chart path.hf-chart-remembered", { timeout: 120_000 });
			// The playground's settings window has no stacking order for a modal opened from it; close it for the shot.
			await page.evaluate(() => window.__playground.app.setting.close());
			await shoot(page.locator(".modal:has(.hf-retention)"), `retention-${name}`);
		});
	});
}
test("the review as an Anki user expects it: labelled counts, keys, ? list, fixed buttons, plain breadcrumb, footnotes, end of session", async () => {
	await withPlayground({}, async ({ page, read }) => {
		await studyDeck(page, "math");
		const math = read("math/Fourier analysis.md");
		// Counts say what they are; the status bar says what it counts.
		assert.equal(await page.getAttribute(".hf-review-top .hf-counts", "aria-label"), "3 new · 0 learning · 0 due");
		assert.equal(await page.textContent(".hf-show-answer .hf-key"), "Space");
		// The breadcrumb is plain text, without the note's name or the question; the tag is a chip.
		assert.equal(await page.textContent(".hf-context"), "Series and code with numpy");
		assert.equal(await question(page), "Fourier series");
		assert.equal(await page.textContent(".hf-card-tags .tag"), "#exam");
		// On a phone the breadcrumb keeps to one line (cut with an ellipsis, the tooltip has all of it).
		await page.setViewportSize({ width: 320, height: 700 });
		const crumb = await page.evaluate(() => {
			const el = document.querySelector(".hf-context");
			return { height: el.getBoundingClientRect().height, line: parseFloat(getComputedStyle(el).lineHeight) || 20, label: el.getAttribute("aria-label") };
		});
		assert.ok(crumb.height <= crumb.line * 1.5, `the breadcrumb takes more than one line (${crumb.height} px)`);
		assert.equal(crumb.label, "Context: Series and code with numpy");
		await page.setViewportSize({ width: 1280, height: 800 });
		// ? lists the keys.
		await page.keyboard.press("?");
		await page.waitForSelector(".modal .hf-key-list");
		await page.keyboard.press("Escape");
		await page.keyboard.press("Space");
		assert.match(await page.textContent(".hf-answer .footnotes"), /Period/);
		assert.deepEqual(await page.locator(".hf-grade .hf-key").allTextContents(), ["1", "2", "3", "4"]);
		await page.keyboard.press("4");
		await settled(page);
		await page.keyboard.press("Space");
		await page.keyboard.press("4");
		await settled(page);
		// The long answer: only the answer scrolls; the question and the buttons stay where they are.
		await page.setViewportSize({ width: 800, height: 500 });
		await page.keyboard.press("Space");
		await settled(page);
		const before = await page.evaluate(() => ({
			question: document.querySelector(".hf-question").getBoundingClientRect().top,
			buttons: document.querySelector(".hf-grade-buttons").getBoundingClientRect().top,
			viewport: window.innerHeight,
		}));
		assert.ok(before.buttons < before.viewport, "the grade buttons are on screen");
		const scrolled = await page.evaluate(() => {
			const area = document.querySelector(".hf-answer-area");
			area.scrollTop = area.scrollHeight;
			return { scrollable: area.scrollHeight > area.clientHeight, top: area.scrollTop };
		});
		assert.ok(scrolled.scrollable && scrolled.top > 0, "the long answer scrolls inside the card");
		const after = await page.evaluate(() => ({
			question: document.querySelector(".hf-question").getBoundingClientRect().top,
			buttons: document.querySelector(".hf-grade-buttons").getBoundingClientRect().top,
			page: document.scrollingElement.scrollTop,
		}));
		assert.deepEqual(after, { question: before.question, buttons: before.buttons, page: 0 });
		await page.keyboard.press("4");
		await settled(page);
		// The end of the session: what was done, what comes next elsewhere.
		await page.waitForSelector(".hf-done");
		const done = await page.textContent(".hf-done");
		assert.match(done, /Studied 3 cards in/);
		assert.match(done, /pass rate 100%/);
		assert.match(done, /Other decks have \d+ new cards\./);
		assert.notEqual(read("math/Fourier analysis.md"), math, "the grades were written");
	});
});

test("the command palette (Ctrl+P) lists every command of the plugin and runs one", async () => {
	await withPlayground({}, async ({ page }) => {
		await page.keyboard.press("Control+p");
		await page.waitForSelector(".pg-palette-modal .pg-palette-item");
		const ids = await page.locator(".pg-palette-item").evaluateAll((items) => items.map((i) => i.getAttribute("data-command")));
		const registered = await page.evaluate(() => window.__playground.app.commands.listCommands().map((c) => c.id));
		assert.deepEqual([...ids].sort(), [...registered].sort());
		assert.ok(ids.includes("heading-flashcards:show-problems"));
		await page.keyboard.type("problems");
		await page.keyboard.press("Enter");
		await page.waitForSelector(".modal-title:text-is('Problems in flashcard notes')");
	});
});

test("the theme toggle switches Obsidian's theme-light / theme-dark body classes", async () => {
	await withPlayground({ theme: "light" }, async ({ page }) => {
		const classes = () => page.evaluate(() => ["theme-light", "theme-dark"].filter((c) => document.body.classList.contains(c)));
		assert.deepEqual(await classes(), ["theme-light"]);
		const background = () => page.evaluate(() => getComputedStyle(document.querySelector(".hf-review-container")).backgroundColor);
		const light = await background();
		await page.click(".pg-theme");
		assert.deepEqual(await classes(), ["theme-dark"]);
		assert.notEqual(await background(), light, "the review pane follows the theme");
		await page.click(".pg-theme");
		assert.deepEqual(await classes(), ["theme-light"]);
	});
});

for (const theme of ["light", "dark"]) {
	test(`phone size 390×844 (${theme}): is-mobile, grade buttons ≥ 44 px, nothing overflows; screenshots`, async () => {
		await withPlayground({ viewport: PHONE, theme, mobile: true }, async ({ page }) => {
			assert.equal(await page.evaluate(() => document.body.classList.contains("is-mobile")), true, "is-mobile at 390 px");
			const overflow = () =>
				page.evaluate(() => {
					const width = window.innerWidth;
					const offenders = [];
					const clipped = (el) => {
						for (let p = el.parentElement; p && !p.classList.contains("hf-review"); p = p.parentElement) {
							if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(p).overflowX)) return true;
						}
						return false;
					};
					for (const el of document.querySelectorAll(".hf-review, .hf-review *")) {
						const r = el.getBoundingClientRect();
						if ((r.width > width + 0.5 || r.right > width + 0.5 || r.left < -0.5) && !clipped(el)) offenders.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")} ${Math.round(r.left)}..${Math.round(r.right)}`);
					}
					return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, offenders };
				});
			const noOverflow = async (when) => {
				const o = await overflow();
				assert.ok(o.scrollWidth <= o.innerWidth, `${when}: the page scrolls sideways (${o.scrollWidth} > ${o.innerWidth})`);
				assert.deepEqual(o.offenders, [], `${when}: elements wider than the viewport`);
			};

			// The study pane is a drawer: open it, study the note's deck; choosing a deck closes it.
			await page.click(".pg-toggle-right");
			await page.waitForSelector(".mod-right-split:not(.is-collapsed) .hf-deck-name");
			await shoot(page, `phone-study-${theme}`);
			await studyDeck(page, "Vault root");
			assert.equal(await page.isVisible(".mod-right-split"), false, "the drawer closes when a deck is chosen");

			await page.keyboard.press("s");
			await settled(page);
			await noOverflow("question side");
			const show = await page.locator(".hf-show-answer").boundingBox();
			assert.ok(show.height >= 44, `Show answer is ${show.height} px tall`);
			await shoot(page, `phone-review-question-${theme}`);

			await page.tap(".hf-show-answer");
			await page.waitForFunction(() => [...document.querySelectorAll(".hf-answer img")].every((i) => i.complete && i.naturalWidth > 0));
			await noOverflow("answer side");
			const heights = await page.locator(".hf-grade").evaluateAll((buttons) => buttons.map((b) => b.getBoundingClientRect().height));
			assert.equal(heights.length, 4);
			for (const h of heights) assert.ok(h >= 44, `a grade button is ${h} px tall (< 44)`);
			const tools = await page.locator(".hf-tool").evaluateAll((buttons) => buttons.map((b) => b.getBoundingClientRect().height));
			for (const h of tools) assert.ok(h >= 44, `a tool button is ${h} px tall (< 44)`);
			await shoot(page, `phone-review-answer-${theme}`);

			// The end of a session on a phone.
			for (let i = 0; i < 20 && !(await page.isVisible(".hf-done")); i++) {
				await page.keyboard.press("Space");
				await page.keyboard.press("4");
				await settled(page);
			}
			await noOverflow("end of session");
			await shoot(page, `phone-review-done-${theme}`);

			// The code-and-image card at phone width: the code scrolls inside its block, the image shrinks.
			await page.click(".pg-toggle-right");
			await studyDeck(page, "python");
			await page.keyboard.press("s");
			await settled(page);
			await page.tap(".hf-show-answer");
			await page.waitForSelector(".hf-answer pre");
			await noOverflow("code and image card");
		});
	});
}

// ---- statistics ---------------------------------------------------------------------------------------------

/** A year of simulated study of an 80-card note, from tests/e2e/stats-fixture.ts (bundled here with esbuild). */
let statsFixture = null;
async function statsFiles() {
	if (statsFixture === null) {
		const outfile = path.join(mkdtempSync(path.join(tmpdir(), "hf-e2e-stats-")), "stats-fixture.cjs");
		temps.push(path.dirname(outfile));
		await esbuild.build({ entryPoints: [path.join(repoRoot, "tests/e2e/stats-fixture.ts")], outfile, bundle: true, platform: "node", format: "cjs", logLevel: "warning" });
		statsFixture = (await import(outfile)).default.statsVault(new Date(), PLUGIN_DIR);
	}
	return statsFixture;
}

async function openStatistics(page) {
	await page.evaluate(() => window.__playground.app.commands.executeCommandById("heading-flashcards:open-statistics"));
	await page.waitForSelector('.hf-stats [data-panel="retention"] table');
}

/** Nothing in the statistics view is wider than the viewport unless a scrolling box (tables) holds it. */
async function statsOverflow(page) {
	return page.evaluate(() => {
		const width = window.innerWidth;
		const offenders = [];
		const clipped = (el) => {
			for (let p = el.parentElement; p && !p.classList.contains("hf-stats"); p = p.parentElement) {
				if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(p).overflowX)) return true;
			}
			return false;
		};
		for (const el of document.querySelectorAll(".hf-stats, .hf-stats *")) {
			const r = el.getBoundingClientRect();
			if (r.width > 0 && (r.right > width + 0.5 || r.left < -0.5) && !clipped(el)) offenders.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")} ${Math.round(r.left)}..${Math.round(r.right)}`);
		}
		return offenders;
	});
}

for (const theme of ["light", "dark"]) {
	test(`statistics view (${theme}): a year of reviews as charts with tooltips, scope and period switches; screenshots`, async () => {
		const extraFiles = await statsFiles();
		await withPlayground({ theme, extraFiles }, async ({ page }) => {
			const started = await page.evaluate(() => performance.now());
			await openStatistics(page);
			const openMs = (await page.evaluate(() => performance.now())) - started;
			const panels = await page.$$eval(".hf-stats [data-panel]", (els) => els.map((el) => el.getAttribute("data-panel")));
			assert.deepEqual(panels, ["today", "future-due", "calendar", "reviews", "card-counts", "distributions", "hourly", "buttons", "retention"]);
			// The simulated year shows: 80 cards, reviews on most days, a knowledge estimate.
			const counts = await page.$$eval('[data-panel="card-counts"] tbody tr', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
			assert.deepEqual(counts.at(-1).slice(0, 2), ["Total", "102"], "the sample vault's 22 cards and the 80 vocabulary cards");
			const newCards = Number(counts[0][1]);
			assert.ok(newCards >= 22 && newCards < 102, `${newCards} new cards: most vocabulary cards have been studied`);
			const heat = await page.$$eval(".hf-heatmap .hf-heat:not(.hf-heat-0)", (cells) => cells.length);
			assert.ok(heat > 100, `the calendar shows ${heat} days with reviews`);
			await shoot(page.locator(".mod-root > .workspace-leaf:not(.pg-hidden)"), `stats-${theme}`);
			assert.deepEqual(await statsOverflow(page), [], "nothing overflows the desktop view");
			// Hover: the exact values of a bar, in a tooltip beside the pointer.
			const bar = page.locator('[data-panel="card-counts"] .hf-bar').nth(3);
			await bar.hover();
			const tip = await page.textContent(".hf-stats-tooltip");
			assert.match(tip, /^Mature: \d+ cards? \(\d+\.\d%\)$/);
			assert.equal(await page.isVisible(".hf-stats-tooltip"), true, "the tooltip shows");
			await page.locator('[data-panel="card-counts"]').screenshot({ path: path.join(SCREENSHOTS, `stats-tooltip-${theme}.png`) });
			for (const panel of ["calendar", "reviews", "retention"]) await shoot(page.locator(`[data-panel="${panel}"]`), `stats-${panel}-${theme}`);
			// A long table is built when it is unfolded: every day with reviews is there, in a row of its own.
			await page.click('[data-panel="calendar"] details.hf-stats-table > summary');
			const days = await page.$$eval('[data-panel="calendar"] details.hf-stats-table[open] tbody tr', (rows) => rows.length);
			assert.ok(days > 100, `the calendar's table shows ${days} days with reviews`);

			// Period and scope switches answer quickly and change what is drawn.
			const switchMs = await page.evaluate(() => {
				const start = performance.now();
				document.querySelector('.hf-stats [data-period="year"]').click();
				return performance.now() - start;
			});
			assert.equal(await page.$$eval('[data-panel="reviews"] .hf-bar', (bars) => bars.length), 53);
			const scopeMs = await page.evaluate(() => {
				const select = document.querySelector(".hf-stats-scope select");
				const start = performance.now();
				select.value = "deck:lang/es";
				select.dispatchEvent(new Event("change"));
				return performance.now() - start;
			});
			assert.equal(await page.textContent(".hf-stats-title"), "Statistics: lang › es");
			console.log(`    statistics in Chromium: open ${Math.round(openMs)} ms (command to drawn), period switch ${Math.round(switchMs)} ms, scope switch ${Math.round(scopeMs)} ms`);
		});
	});
}

for (const theme of ["light", "dark"]) {
	test(`statistics view at phone size 390×844 (${theme}): nothing overflows; screenshot`, async () => {
		const extraFiles = await statsFiles();
		await withPlayground({ viewport: PHONE, theme, mobile: true, extraFiles }, async ({ page }) => {
			await openStatistics(page);
			assert.deepEqual(await statsOverflow(page), [], "nothing overflows the phone view");
			await shoot(page, `phone-stats-${theme}`);
		});
	});
}

// ---- the server and npm start -----------------------------------------------------------------------------------

/** A raw HTTP request, the path sent exactly as given (no URL normalisation, unlike a browser). */
function raw(port, method, target, { body, headers = {} } = {}) {
	return new Promise((resolve, reject) => {
		const request = http.request({ host: "127.0.0.1", port, method, path: target, headers: { "X-Playground": "1", ...headers } }, (response) => {
			const chunks = [];
			response.on("data", (c) => chunks.push(c));
			response.on("end", () => resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString("utf8") }));
		});
		request.on("error", reject);
		if (body !== undefined) request.write(body);
		request.end();
	});
}

test("the server serves and writes inside the vault folder only, and refuses every way out (403)", async () => {
	const root = mkdtempSync(path.join(tmpdir(), "hf-e2e-server-"));
	temps.push(root);
	const vault = path.join(root, "vault");
	cpSync(sampleVault, vault, { recursive: true });
	writeFileSync(path.join(root, "secret.md"), "outside the vault\n");
	symlinkSync(path.join(root, "secret.md"), path.join(vault, "link-out.md"));
	symlinkSync(root, path.join(vault, "folder-out"));
	symlinkSync(path.join(vault, "languages"), path.join(vault, "link-in"));
	const server = await startServer({ vault, port: 0 });
	const { port } = server;
	try {
		// Inside: read, write (creating folders), delete; a symlink that stays inside is followed.
		assert.equal((await raw(port, "GET", "/vault/languages/German%20basics.md")).status, 200);
		assert.equal((await raw(port, "GET", "/vault/link-in/French%20phrases.md")).status, 200);
		assert.equal((await raw(port, "PUT", "/vault/new/deeper/note.md", { body: "hello" })).status, 204);
		assert.equal(readFileSync(path.join(vault, "new/deeper/note.md"), "utf8"), "hello");
		assert.equal((await raw(port, "DELETE", "/vault/new/deeper/note.md")).status, 204);
		assert.equal(existsSync(path.join(vault, "new/deeper/note.md")), false);
		const listing = JSON.parse((await raw(port, "GET", "/api/files")).text);
		assert.ok(listing.files.some((f) => f.path === "The future of DL+CV.md"));
		assert.ok(!listing.files.some((f) => f.path.startsWith("link-out") || f.path.startsWith("folder-out")), "symlinks out are not listed");

		const escapes = [
			"/vault/../secret.md",
			"/vault/languages/../../secret.md",
			"/vault/%2e%2e/secret.md",
			"/vault/%2E%2E%2Fsecret.md",
			"/vault/languages%2f..%2f..%2fsecret.md",
			"/vault/..%5csecret.md",
			"/vault//etc/passwd",
			"/vault/%2Fetc%2Fpasswd",
			"/vault/./The%20future%20of%20DL+CV.md",
			"/vault/link-out.md",
			"/vault/folder-out/secret.md",
			"/vault/note.md%00.png",
		];
		for (const target of escapes) {
			for (const method of ["GET", "PUT", "DELETE"]) {
				const response = await raw(port, method, target, method === "PUT" ? { body: "pwned" } : {});
				assert.equal(response.status, 403, `${method} ${target} -> ${response.status}`);
				assert.match(response.text, /^refused: /, `${method} ${target}: a clear message`);
			}
		}
		assert.equal(readFileSync(path.join(root, "secret.md"), "utf8"), "outside the vault\n", "nothing outside was written");
		assert.equal(existsSync(path.join(root, "etc")), false);

		// Other Host names (DNS rebinding), writes without the page's header, oversized bodies.
		assert.equal((await raw(port, "GET", "/api/files", { headers: { Host: "evil.example:80" } })).status, 403);
		assert.equal((await raw(port, "PUT", "/vault/x.md", { body: "x", headers: { "X-Playground": "" } })).status, 403);
		const big = await raw(port, "PUT", "/vault/big.md", { body: Buffer.alloc(MAX_BODY_BYTES + 1, 97) });
		assert.equal(big.status, 413);
		assert.equal(existsSync(path.join(vault, "big.md")), false);
		assert.equal((await raw(port, "POST", "/api/files")).status, 405);
		// Many files in one response: inside only, for the page only.
		const bundle = await raw(port, "POST", "/api/text-files", { body: JSON.stringify(["languages/German basics.md"]) });
		assert.equal(bundle.status, 200);
		assert.equal(bundle.text, `${JSON.stringify([["languages/German basics.md", statSync(path.join(vault, "languages/German basics.md")).size]])}\n${readFileSync(path.join(vault, "languages/German basics.md"), "utf8")}`);
		for (const out of ["../secret.md", "link-out.md", "folder-out/secret.md", "/etc/passwd", "languages/../../secret.md"]) {
			assert.equal((await raw(port, "POST", "/api/text-files", { body: JSON.stringify([out]) })).status, 403, `text-files ${out}`);
		}
		assert.equal((await raw(port, "POST", "/api/text-files", { body: "[]", headers: { "X-Playground": "" } })).status, 403);
		assert.equal((await raw(port, "POST", "/api/text-files", { body: "not json" })).status, 400);
		assert.equal((await raw(port, "GET", "/etc/passwd")).status, 404);
	} finally {
		await server.close();
	}
});

test("npm start --vault <dir>: serves and writes that folder as is; Ctrl+C (SIGINT) stops it cleanly", async () => {
	const root = mkdtempSync(path.join(tmpdir(), "hf-e2e-start-"));
	temps.push(root);
	const vault = path.join(root, "my vault");
	cpSync(sampleVault, vault, { recursive: true });
	const child = spawn(process.execPath, [path.join(repoRoot, "scripts/playground.mjs"), "--port", "0", "--no-build", "--vault", vault], { stdio: ["ignore", "pipe", "pipe"] });
	let out = "";
	child.stdout.on("data", (d) => (out += d));
	child.stderr.on("data", (d) => (out += d));
	const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
	try {
		const start = Date.now();
		while (!/open\s+http:\/\/127\.0\.0\.1:\d+\//.test(out)) {
			if (Date.now() - start > 15_000) throw new Error(`no URL printed:\n${out}`);
			await new Promise((r) => setTimeout(r, 50));
		}
		const port = Number(/127\.0\.0\.1:(\d+)/.exec(out)[1]);
		assert.equal((await raw(port, "GET", "/vault/languages/German%20basics.md")).status, 200);
		assert.equal((await raw(port, "PUT", "/vault/written.md", { body: "on disk" })).status, 204);
		assert.equal(readFileSync(path.join(vault, "written.md"), "utf8"), "on disk", "--vault is used as is");
		child.kill("SIGINT");
		const { code } = await exited;
		assert.equal(code, 0, `exit code after SIGINT:\n${out}`);
		assert.match(out, /stopped/);
	} finally {
		if (child.exitCode === null) child.kill("SIGKILL");
	}
});

test("npm start: SIGTERM stops it cleanly; a taken default port moves to the next free one, saying so", async () => {
	const blocker = http.createServer(() => {});
	await new Promise((resolve) => blocker.listen(8765, "127.0.0.1", resolve)).catch(() => {});
	const child = spawn(process.execPath, [path.join(repoRoot, "scripts/playground.mjs"), "--no-build"], { stdio: ["ignore", "pipe", "pipe"] });
	let out = "";
	child.stdout.on("data", (d) => (out += d));
	child.stderr.on("data", (d) => (out += d));
	const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
	try {
		const start = Date.now();
		while (!/open\s+http:\/\/127\.0\.0\.1:\d+\//.test(out)) {
			if (Date.now() - start > 15_000) throw new Error(`no URL printed:\n${out}`);
			await new Promise((r) => setTimeout(r, 50));
		}
		const port = Number(/127\.0\.0\.1:(\d+)/.exec(out)[1]);
		assert.ok(port > 8765, `the default port is taken, got ${port}`);
		assert.match(out, /port 8765 is in use; using \d+ instead\./);
		assert.match(out, /vault\s+\.playground\/vault-[^/]+\/sample-vault/);
		child.kill("SIGTERM");
		const { code } = await exited;
		assert.equal(code, 0, `exit code after SIGTERM:\n${out}`);
		assert.match(out, /SIGTERM: stopping/);
		assert.match(out, /stopped/);
	} finally {
		if (child.exitCode === null) child.kill("SIGKILL");
		blocker.close();
		const copy = /vault\s+(\.playground\/vault-[^/]+)\//.exec(out)?.[1];
		if (copy) rmSync(path.join(repoRoot, copy), { recursive: true, force: true });
	}
});
// ---- card browser and card info (issue 13) -------------------------------------------------------------------

/** Runs one of the plugin's commands by its short id, as the command palette would. */
async function command(page, id) {
	await page.evaluate((id) => window.__playground.app.commands.executeCommandById(`heading-flashcards:${id}`), id);
}

for (const [size, viewport, mobile] of [["desktop", DESKTOP, false], ["phone", PHONE, true]]) {
	for (const theme of ["light", "dark"]) {
		test(`card browser and card info, ${size} ${theme}: search, error, suspend on disk; screenshots`, async () => {
			await withPlayground({ viewport, theme, mobile }, async ({ page, read, flush }) => {
				// Two reviews, so card info has a history and a chart.
				await settled(page);
				const first = await question(page);
				await page.keyboard.press("Space");
				await page.keyboard.press("3");
				await settled(page);
				await flush();

				await command(page, "browse-cards");
				await page.waitForSelector(".hf-browser-row");
				const count = () => page.textContent(".hf-browser-count");
				assert.match(await count(), /^22 of 22 cards/);
				await page.fill(".hf-browser-search", 'note:"The future of DL+CV"');
				await pollEqual(count, "8 of 22 cards", "the search narrows the table");
				await page.fill(".hf-browser-search", "is:learn (");
				await page.waitForSelector(".hf-browser-error.is-visible");
				assert.match(await page.textContent(".hf-browser-error"), /Unclosed \(/);
				await shoot(page, `browser-error-${size}-${theme}`);
				await page.fill(".hf-browser-search", "");
				await page.waitForSelector(".hf-browser-error:not(.is-visible)", { state: "attached" });
				await shoot(page, `browser-${size}-${theme}`);

				// Suspend the first card of the example note from the browser: on disk, `suspended: true`.
				await page.fill(".hf-browser-search", `"${first}"`);
				await pollEqual(count, "1 of 22 cards", "one card found");
				await page.click(".hf-browser-row");
				await page.click('.hf-browser-actions button:text-is("Suspend")');
				await flush();
				const notes = [NOTE, "languages/German basics.md", "languages/French phrases.md", "Inbox/Reading list.md", "programming/Python idioms.md"];
				const stateLine = () => notes.flatMap((note) => read(note).split("\n")).find((line) => line.startsWith(`  ${first}: {`)) ?? "";
				await pollEqual(() => /suspended: true/.test(stateLine()), true, "suspended on disk");
				await page.keyboard.press("Enter");
				await page.waitForSelector(".hf-card-info .hf-info-history tbody tr");
				assert.match(await page.textContent(".hf-card-info .hf-info-facts"), /Suspended/);
				assert.equal(await page.locator(".hf-card-info .hf-info-chart svg path").count(), 1);
				await shoot(page, `card-info-${size}-${theme}`);
			});
		});
	}
}
// ---- sync conflict copies (issue 11) ---------------------------------------------------------------------------

for (const [size, viewport, mobile, theme] of [["desktop", DESKTOP, false, "light"], ["desktop", DESKTOP, false, "dark"], ["phone", PHONE, true, "light"]]) {
	test(`Resolve sync conflicts, ${size} ${theme}: the modal lists the copy, confirming merges its later review and trashes it; screenshots`, async () => {
		await withPlayground({ viewport, theme, mobile }, async ({ page, read, list, flush }) => {
			const copy = "The future of DL+CV (Conflicted copy Laptop 202603011430).md";
			// The laptop reviewed a card this device has not: grade it, keep that version as the sync's copy, undo it here.
			await settled(page);
			const reviewed = await question(page);
			await page.keyboard.press("Space");
			await page.keyboard.press("3");
			await settled(page);
			await flush();
			const laptop = read(NOTE);
			await page.evaluate(([path, text]) => window.__playground.app.vault.create(path, text), [copy, laptop]);
			await page.keyboard.press("u");
			await settled(page);
			await flush();
			const original = read(NOTE);
			assert.ok(!original.includes(`  ${reviewed}: {`), "the undo took the review out of the original");

			await command(page, "resolve-sync-conflicts");
			await page.waitForSelector(".modal-title:text-is('Resolve sync conflicts')");
			assert.equal(await page.textContent(".modal .heading-flashcards-orphans-note h4"), copy);
			assert.equal(await page.textContent(".modal .heading-flashcards-orphans-note li"), `Into ${NOTE}: ${reviewed}`);
			await shoot(page, `resolve-sync-conflicts-${size}-${theme}`);
			// Nothing happens until the user confirms.
			await flush();
			assert.equal(read(NOTE), original);
			assert.ok(list("").includes(copy), "the copy is still there");

			await page.click(".modal button:text-is('Merge and delete copies')");
			await page.waitForSelector(".notice:has-text('resolved sync conflicts')");
			assert.match(await page.textContent(".notice:has-text('resolved sync conflicts')"), /1 later review\(s\) merged; the copy went to the trash/);
			await flush();
			await pollEqual(() => list("").includes(copy), false, "the copy went to the trash");
			assert.equal(read(NOTE), laptop, "the original holds the laptop's review, and nothing else changed");
			await shoot(page, `resolve-sync-conflicts-done-${size}-${theme}`);
		});
	});
}

registerBadgeScenarios({ test, withPlayground, shoot, settled, NOTE, QUESTIONS, PHONE });

// ---- runner ------------------------------------------------------------------------------------------------------

async function main() {
	if (!existsSync(CHROMIUM)) {
		console.error(`e2e: no browser at ${CHROMIUM}. Install Debian's chromium: sudo apt-get install chromium (never a downloaded browser; set CHROMIUM_PATH to use another binary).`);
		process.exit(1);
	}
	if (build) await buildPlayground({ quiet: true });
	if (!grep) rmSync(SCREENSHOTS, { recursive: true, force: true }); // a partial run keeps the others
	try {
		// launch() gives every run a fresh, temporary user-data-dir (profile), removed on close.
		browser = await chromium.launch({
			executablePath: CHROMIUM,
			headless: true,
			// Root in a container needs --no-sandbox; the rest keeps Chromium off the network and quiet.
			args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
		});
	} catch (error) {
		console.error(`e2e: ${CHROMIUM} did not start (${String(error.message ?? error).split("\n")[0]}). Reinstall Debian's chromium: sudo apt-get install --reinstall chromium`);
		process.exit(1);
	}
	console.log(`e2e: ${CHROMIUM} (Chromium ${browser.version()}), production main.js`);
	let passed = 0;
	let failed = 0;
	try {
		for (const { name, fn } of tests) {
			if (grep && !name.includes(grep)) continue;
			const start = Date.now();
			try {
				await fn();
				passed++;
				console.log(`  ✓ ${name} (${Date.now() - start} ms)`);
			} catch (error) {
				failed++;
				console.log(`  ✗ ${name}\n${String(error.stack ?? error).replace(/^/gm, "      ")}`);
			}
		}
	} finally {
		await browser.close();
		for (const dir of temps) rmSync(dir, { recursive: true, force: true });
	}
	if (existsSync(SCREENSHOTS)) console.log(`screenshots: ${path.relative(process.cwd(), SCREENSHOTS) || SCREENSHOTS}`);
	console.log(`\n${passed} passed, ${failed} failed`);
	process.exit(failed > 0 ? 1 : 0);
}

await main();
