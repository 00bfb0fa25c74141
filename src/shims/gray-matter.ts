/**
 * Stands in for gray-matter 4.0.3 inside `main.js` only (see esbuild.config.mjs): its front matter
 * parsing, step for step, for the one way the plugin calls it — the default `---` delimiters, an options
 * object that names the language and gives its engine. Anything else (no options, excerpts, sections,
 * other delimiters, gray-matter's own engines, stringify, read) throws. tests/build/gray-matter-shim.test.ts
 * checks it against gray-matter itself.
 *
 * Why: gray-matter brings ~10 KB to the bundle (kind-of, section-matter, a JavaScript engine that calls
 * `eval`, Node's `fs` and `Buffer`) for the few lines below.
 */

type Parse = (source: string, options: object) => unknown;
export interface MatterOptions {
  language?: string;
  engines: Record<string, Parse | { parse: Parse; stringify?: unknown }>;
}
/** As gray-matter returns it; an empty input gets only data, content and excerpt. */
export interface MatterFile {
  data: unknown;
  content: string;
  excerpt: string;
  matter?: string;
  language?: string;
  isEmpty?: boolean;
}

const OPEN = "---";
const CLOSE = "\n---";

export default function matter(input: string, options: MatterOptions): MatterFile {
  if (typeof input !== "string") throw new TypeError("expected input to be a string");
  if (options === undefined || Object.keys(options).some((key) => key !== "language" && key !== "engines")) {
    throw new Error("gray-matter stand-in: only { language, engines } options are part of the plugin bundle");
  }
  if (input === "") return { data: {}, content: input, excerpt: "" };
  const language = (options.language || "yaml").toLowerCase();
  const file = { data: {} as unknown, content: input, matter: "", language, isEmpty: false, excerpt: "" };
  if (input.charCodeAt(0) === 0xfeff) file.content = input.slice(1);
  let str = file.content;
  if (!str.startsWith(OPEN) || str.charAt(OPEN.length) === "-") return file;
  str = str.slice(OPEN.length);
  const length = str.length;
  // The language named after the opening delimiter, as matter.language reads it.
  const rest = str.startsWith(OPEN) ? str.slice(OPEN.length) : str;
  const raw = rest.slice(0, rest.search(/\r?\n/));
  if (raw && raw.trim()) {
    file.language = raw.trim();
    str = str.slice(raw.length);
  }
  let closeIndex = str.indexOf(CLOSE);
  if (closeIndex === -1) closeIndex = length;
  file.matter = str.slice(0, closeIndex);
  if (file.matter.replace(/^\s*#[^\n]+/gm, "").trim() === "") {
    file.isEmpty = true;
    file.data = {};
  } else {
    file.data = engineFor(file.language, options)(file.matter, { ...options, delimiters: [OPEN, OPEN], language });
  }
  if (closeIndex === length) file.content = "";
  else {
    file.content = str.slice(closeIndex + CLOSE.length);
    if (file.content[0] === "\r") file.content = file.content.slice(1);
    if (file.content[0] === "\n") file.content = file.content.slice(1);
  }
  // gray-matter's excerpt step, which only does this without the excerpt options.
  file.data ??= {};
  return file;
}

/** The engine gray-matter picks: by name, else by its alias. Its own engines are not in the bundle. */
function engineFor(language: string, options: MatterOptions): Parse {
  const lower = language.toLowerCase();
  const alias = lower === "yml" || lower === "yaml" ? "yaml" : lower === "js" || lower === "javascript" ? "javascript" : lower === "coffee" || lower === "coffeescript" || lower === "cson" ? "coffee" : language;
  const engine = options.engines[language] || options.engines[alias];
  if (engine === undefined) throw new Error(`gray-matter engine "${language}" is not registered`);
  const parse = typeof engine === "function" ? engine : engine.parse;
  if (typeof parse !== "function") throw new TypeError(`expected "${language}.parse" to be a function`);
  return parse;
}
