/**
 * Stands in for the `js-yaml` package inside `main.js` only (see esbuild.config.mjs): the plugin and
 * gray-matter only ever load YAML, so the bundle gets js-yaml's loader and schemas without its dumper,
 * which would be a fifth of the bundle's dependencies for code that never runs.
 */
import CORE_SCHEMA from "js-yaml/lib/js-yaml/schema/core.js";
import { load, safeLoad } from "js-yaml/lib/js-yaml/loader.js";

export { CORE_SCHEMA, load, safeLoad };

export function safeDump(): never {
	throw new Error("YAML output is not part of the plugin bundle");
}
