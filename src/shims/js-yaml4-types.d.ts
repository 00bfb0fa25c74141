// js-yaml 4 (installed under the alias js-yaml4): what src/core/notes/strict-yaml.ts and the tests use.
// The package has no declarations of its own here (@types/js-yaml is for js-yaml 3, which the reader uses).
declare module "js-yaml4" {
	export interface Schema {
		readonly compiledImplicit: unknown;
	}
	/** The loader's state as its listener sees it: where it is, and the node just read. */
	export interface LoaderState {
		readonly position: number;
		readonly line: number;
		readonly kind: "scalar" | "mapping" | "sequence" | null;
		readonly result: unknown;
		readonly anchor: string | null;
		readonly tag: string | null;
	}
	export interface LoadOptions {
		schema?: Schema;
		json?: boolean;
		/** Called as each node opens (before its leading whitespace is skipped) and when it is read. */
		listener?: (event: "open" | "close", state: LoaderState) => void;
	}
	export const CORE_SCHEMA: Schema;
	export function load(source: string, options?: LoadOptions): unknown;
}
// Its internal modules, used by src/shims/js-yaml4.ts (the plugin bundle's loader-only stand-in).
declare module "js-yaml4/lib/loader.js" {
	export { load } from "js-yaml4";
}
declare module "js-yaml4/lib/schema/core.js" {
	import type { Schema } from "js-yaml4";
	const CORE_SCHEMA: Schema;
	export default CORE_SCHEMA;
}
