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
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import process from "node:process";

import yaml from "js-yaml";
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
async function openPlayground({ viewport = DESKTOP, theme = "light", mobile = false } = {}) {
	const root = mkdtempSync(path.join(tmpdir(), "hf-e2e-"));
	temps.push(root);
	const vault = path.join(root, "vault");
	cpSync(sampleVault, vault, { recursive: true });
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
	await page.goto(server.url);
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
		assert.deepEqual(await deckCounts(page, null), { new: 19, learning: 0, due: 0 });
		await pollEqual(() => page.textContent(".status-bar"), "19 cards due", "the status bar counts the cards");
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
		assert.ok(JSON.parse(read(`${PLUGIN_DIR}/data.json`)).progress, "data.json holds today's progress");
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
	test(`screenshots, desktop, ${theme} theme: review question and answer, study pane`, async () => {
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
		});
	});
}

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
