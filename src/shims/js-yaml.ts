/**
 * Stands in for the `js-yaml` package inside `main.js` only (see esbuild.config.mjs): the plugin only
 * ever loads YAML, with CORE_SCHEMA, so the bundle gets js-yaml's loader and that schema without the
 * dumper or the loader's default schemas, code that never runs.
 */
import CORE_SCHEMA from "js-yaml/lib/js-yaml/schema/core.js";
import { load, safeLoad } from "js-yaml/lib/js-yaml/loader.js";

export { CORE_SCHEMA, load, safeLoad };

export function safeDump(): never {
	throw new Error("YAML output is not part of the plugin bundle");
}
