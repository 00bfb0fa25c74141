/**
 * A module-local stand-in for Node's `Buffer`, injected by esbuild into `main.js` only (see the `inject`
 * option in esbuild.config.mjs). It is never installed as a global.
 *
 * Why: Obsidian on mobile, and the plain browser the end-to-end tests use, have no `Buffer`. gray-matter
 * calls `Buffer.from(content)` on every parse, only to keep a copy of the input in `file.orig`, which this
 * plugin never reads. Returning the string itself keeps that path working (`String(file.orig)` is still the
 * text) without pulling a Buffer polyfill into the bundle.
 *
 * What it does not pretend: it makes no buffers. kind-of and section-matter detect buffers through
 * `value.constructor.isBuffer(value)`; a string's constructor is `String`, so they never reach this object,
 * and `isBuffer` answers `false` for code that asks `Buffer.isBuffer(x)` directly. Any other use of
 * `Buffer.from` (bytes, arrays, encodings) throws, so a new dependency that really needs bytes fails
 * loudly in the tests instead of silently getting a string.
 */

function from(value: unknown): string {
	if (typeof value === "string") return value;
	throw new TypeError("Buffer stand-in: the plugin bundle supports only Buffer.from(string)");
}

function isBuffer(_value: unknown): boolean {
	return false;
}

export const Buffer = { from, isBuffer };
