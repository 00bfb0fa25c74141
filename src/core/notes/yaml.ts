import matter from "gray-matter";
import { CORE_SCHEMA, load } from "js-yaml";
import { parseSimpleProperties } from "./simple-properties";

/**
 * YAML the way Obsidian reads properties: dates stay strings (CORE_SCHEMA has no timestamp type), and
 * parsing never executes anything. Errors come back as a message, never thrown.
 */
export type YamlResult = { ok: true; data: unknown } | { ok: false; message: string };

// gray-matter with an options object: without one it caches every input forever and shares `data`
// with that cache. The engine is ours so the schema is Obsidian's, not js-yaml's default.
const MATTER_OPTIONS = {
  language: "yaml",
  engines: { yaml: { parse: loadYaml, stringify: (): string => "" } },
};

function loadYaml(source: string): object {
  return load(source, { schema: CORE_SCHEMA, json: false }) as object;
}

/** Parses the text between a note's frontmatter delimiters. */
export function parseFrontmatterYaml(source: string): YamlResult {
  // Most notes' properties are simple lines; those are read without the general parser.
  const simple = parseSimpleProperties(source);
  if (simple !== null) return { ok: true, data: simple };
  try {
    // gray-matter ends its block at the first line that merely *starts* with `---`; such a line can
    // sit inside a block scalar, so those (rare) blocks go to the same engine directly.
    const data = source.includes("\n---")
      ? (loadYaml(source) ?? {})
      : matter(`---\n${source}\n---\n`, MATTER_OPTIONS).data;
    return { ok: true, data };
  } catch (error) {
    return { ok: false, message: describeYamlError(error) };
  }
}

/** Parses a standalone YAML snippet (one state line, or one state property). */
export function parseYamlSnippet(source: string): YamlResult {
  try {
    return { ok: true, data: loadYaml(source) };
  } catch (error) {
    return { ok: false, message: describeYamlError(error) };
  }
}

function describeYamlError(error: unknown): string {
  if (error instanceof RangeError) return "YAML is nested too deeply to read";
  const reason = (error as { reason?: unknown }).reason;
  if (typeof reason === "string" && reason) return reason;
  return error instanceof Error ? error.message.split("\n")[0] : String(error);
}
