/**
 * Stands in for Node's `fs` inside gray-matter, in `main.js` only (see esbuild.config.mjs).
 *
 * gray-matter requires `fs` when it loads, for `matter.read(path)`, which this plugin never calls. Left as
 * an external, that top-level `require("fs")` would run inside Obsidian's `require` on mobile, where there is
 * no `fs`, and stop the plugin from loading. The plugin reads notes through the vault instead.
 */

export function readFileSync(): never {
	throw new Error("fs is not available in the plugin bundle: read notes through the vault");
}
