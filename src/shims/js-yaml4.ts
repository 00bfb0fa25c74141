/**
 * Stands in for the `js-yaml4` package (js-yaml 4) inside `main.js` only (see esbuild.config.mjs): the
 * strict frontmatter check (src/core/notes/strict-yaml.ts) only loads YAML, with CORE_SCHEMA, so the
 * bundle gets js-yaml 4's loader and that schema without the dumper or the default schema's types.
 */
import CORE_SCHEMA from "js-yaml4/lib/schema/core.js";
import { load } from "js-yaml4/lib/loader.js";

export { CORE_SCHEMA, load };
