// Browser end-to-end scenarios of the badges after each question (issue 16): the note open in the
// playground's CodeMirror editor with the production main.js's editor extension. Registered by run.mjs.
/* global window, document, Element, requestAnimationFrame */
import assert from "node:assert/strict";

const BADGE = ".markdown-source-view .hf-badge";

/** The badges drawn now (CodeMirror draws the lines near the visible part only): question line and label. */
const drawnBadges = (page) =>
	page.$$eval(BADGE, (els) =>
		els.map((el) => {
			const line = el.closest(".cm-line");
			const text = Array.from(line?.childNodes ?? []).filter((node) => node !== el && !(node instanceof Element && node.classList.contains("hf-badge"))).map((node) => node.textContent).join("");
			return { line: text.trim(), label: el.textContent ?? "", cls: el.className };
		}),
	);

/** Every badge of the note, in order: the editor is scrolled through from top to bottom. */
async function badges(page) {
	const seen = new Map();
	await page.evaluate(() => (document.querySelector(".markdown-source-view .cm-scroller").scrollTop = 0));
	for (let step = 0; step < 50; step++) {
		await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
		for (const badge of await drawnBadges(page)) if (!seen.has(badge.line)) seen.set(badge.line, badge);
		const atEnd = await page.evaluate(() => {
			const scroller = document.querySelector(".markdown-source-view .cm-scroller");
			const end = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1;
			scroller.scrollTop += scroller.clientHeight * 0.8;
			return end;
		});
		if (atEnd) break;
	}
	return [...seen.values()];
}

/** The badge after the question `text`, scrolled into view. */
async function badgeOf(page, text) {
	await page.evaluate(() => (document.querySelector(".markdown-source-view .cm-scroller").scrollTop = 0));
	for (let step = 0; step < 50; step++) {
		const locator = page.locator(`.markdown-source-view .cm-line:has-text("### ${text}") .hf-badge`);
		if ((await locator.count()) > 0) {
			await locator.first().scrollIntoViewIfNeeded();
			return locator.first();
		}
		await page.evaluate(() => (document.querySelector(".markdown-source-view .cm-scroller").scrollTop += 400));
		await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
	}
	throw new Error(`no badge after "### ${text}"`);
}

/** Scrolls the note to its "# Predictions" section (three questions with their badges). */
async function showPredictions(page) {
	await page.evaluate(() => (document.querySelector(".markdown-source-view .cm-scroller").scrollTop = 0));
	await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
	await page.evaluate(() => document.querySelector(".markdown-source-view .cm-line.HyperMD-header-1")?.scrollIntoView({ block: "start" }));
	await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

const labelOf = async (page, text) => (await badgeOf(page, text)).textContent();
const classOf = async (page, text) => (await badgeOf(page, text)).getAttribute("class");

async function openNote(page, note, phone = false) {
	if (phone) await page.evaluate(() => window.__playground.showSidebar("left", true));
	await page.click(`.pg-file-row[data-path="${note}"]`);
	await page.waitForSelector(BADGE);
}

async function poll(read, expected, message) {
	const start = Date.now();
	let value;
	for (;;) {
		value = await read();
		if (JSON.stringify(value) === JSON.stringify(expected)) return;
		if (Date.now() - start > 5000) assert.deepEqual(value, expected, message);
		await new Promise((r) => setTimeout(r, 50));
	}
}

export function registerBadgeScenarios({ test, withPlayground, shoot, settled, NOTE, QUESTIONS, PHONE }) {
	test("badges after each question of a note open in the editor; the badge's menu reviews, suspends and flags", async () => {
		await withPlayground({}, async ({ page, read, flush }) => {
			await openNote(page, NOTE);
			// Badges are drawn for the visible lines only: the questions in sight, in order, all new.
			const shown = (await badges(page)).map((b) => `${b.line} → ${b.label}`);
			assert.ok(shown.length >= 3, `badges in sight: ${shown.length}`);
			assert.deepEqual(shown, QUESTIONS.slice(0, shown.length).map((q) => `### ${q} → new`));
			// Review "Bias" now from its badge: the review shows it; graded Good, its badge says learning.
			await (await badgeOf(page, "Bias")).click();
			await page.click('.menu .menu-item:has-text("Review this card now")');
			await settled(page);
			assert.equal((await page.textContent(".hf-review .hf-question"))?.trim(), "Bias");
			await page.keyboard.press(" ");
			await page.keyboard.press("3");
			await settled(page);
			await page.click('.pg-tab[data-type="markdown"]');
			await poll(() => labelOf(page, "Bias"), "learning", "Bias after a Good grade");
			// Suspend "Need new theory" and flag "Generalization" red: one line each on disk, badges follow.
			await (await badgeOf(page, "Need new theory")).click();
			await page.click('.menu .menu-item:has-text("Suspend")');
			await poll(() => labelOf(page, "Need new theory"), "suspended", "suspended badge");
			await (await badgeOf(page, "Generalization")).click();
			await page.click('.menu .menu-item:has-text("Flag red")');
			await poll(async () => (await classOf(page, "Generalization")).includes("hf-flag-red"), true, "red flag");
			await flush();
			const text = read(NOTE);
			assert.match(text, /\n {2}Need new theory: \{[^\n]*suspended: true/);
			assert.match(text, /\n {2}Generalization: \{[^\n]*flag: red/);
			// Typing a new question shows its badge at once.
			await page.click(".markdown-source-view .cm-content");
			await page.keyboard.press("Control+End");
			await page.keyboard.type("\n### Typed just now\nAn answer.");
			await poll(() => labelOf(page, "Typed just now"), "new", "the typed question's badge");
		});
	});

	for (const theme of ["light", "dark"]) {
		test(`screenshots of a note with badges (${theme}, desktop and phone)`, async () => {
			await withPlayground({ theme }, async ({ page }) => {
				await openNote(page, NOTE);
				// Some variety: a card learned, one suspended, one flagged.
				await (await badgeOf(page, QUESTIONS[0])).click();
				await page.click('.menu .menu-item:has-text("Review this card now")');
				await settled(page);
				await page.keyboard.press(" ");
				await page.keyboard.press("4");
				await settled(page);
				await page.click('.pg-tab[data-type="markdown"]');
				await poll(async () => (await classOf(page, QUESTIONS[0])).includes("hf-badge-later"), true, "easy: later");
				await (await badgeOf(page, QUESTIONS[2])).click();
				await page.click('.menu .menu-item:has-text("Suspend")');
				await poll(() => labelOf(page, QUESTIONS[2]), "suspended", "suspended");
				await (await badgeOf(page, QUESTIONS[1])).click();
				await page.click('.menu .menu-item:has-text("Flag orange")');
				await poll(async () => (await classOf(page, QUESTIONS[1])).includes("hf-flag-orange"), true, "flag");
				await showPredictions(page);
				await shoot(page, `note-badges-${theme}`);
				await (await badgeOf(page, QUESTIONS[1])).click();
				await page.waitForSelector(".menu");
				await shoot(page, `note-badge-menu-${theme}`);
			});
			await withPlayground({ theme, viewport: PHONE, mobile: true }, async ({ page }) => {
				await openNote(page, NOTE, true);
				const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
				assert.ok(width.scroll <= width.inner, `the page scrolls sideways (${width.scroll} > ${width.inner})`);
				await showPredictions(page);
				await shoot(page, `note-badges-phone-${theme}`);
			});
		});
	}
}
