// js-yaml 3's internal modules, used by src/shims/js-yaml.ts; typed from the public declarations.
declare module "js-yaml/lib/js-yaml/loader.js" {
	export { load, safeLoad } from "js-yaml";
}
declare module "js-yaml/lib/js-yaml/schema/core.js" {
	import type { Schema } from "js-yaml";
	const CORE_SCHEMA: Schema;
	export default CORE_SCHEMA;
}
