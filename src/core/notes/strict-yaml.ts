import { isAlias, isMap, isNode, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node, type Pair } from "yaml";

/**
 * The frontmatter as a strict YAML 1.2 parser reads it (rule T3): whether it is valid at all, and where
 * YAML says the state property is — its key and value as offsets into the frontmatter's text. The line
 * scanner in frontmatter.ts finds `srs:` by looking at lines; this is what proves (or disproves) that
 * such a line really is the property and not a line inside a multi-line string or flow collection.
 * Nothing here resolves aliases: their expansion is what makes a small "billion laughs" note costly.
 */
export type StrictFrontmatter =
  | { ok: false; message: string; offset: number }
  | { ok: true; state: StrictProperty | null; topLevelKeys: number[] };

export interface StrictProperty {
  /** Offset of the key's first character, and of the end of the value (comments excluded). */
  keyStart: number;
  valueEnd: number;
  /** True when the key is written as a plain or quoted scalar on a line of its own (not `? key`, not an alias). */
  simpleKey: boolean;
  /** Why the property can't be read or written without following YAML references; null when it can. */
  referenceProblem: string | null;
  /** Entries in file order, read from the nodes (only when `referenceProblem` is null). */
  entries: { key: string; value: unknown }[] | string;
  /** The comment after the property's value on its key line (`srs: {} # c` → ` c`), if any. */
  comment: string | null;
}

const OPTIONS = { schema: "core", uniqueKeys: true, prettyErrors: false, strict: true } as const;

/**
 * The writer reads one note several times in a row (before the edit, the edit, its check), and the
 * frontmatter outside the edited line is the same each time: the last few results are kept.
 */
const CACHE_SIZE = 8;
const cache = new Map<string, StrictFrontmatter>();

export function parseStrictFrontmatter(source: string, stateProperty: string): StrictFrontmatter {
  const cacheKey = `${stateProperty}\n${source}`;
  const cached = cache.get(cacheKey);
  if (cached !== undefined) return cached;
  const result = parseUncached(source, stateProperty);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(cacheKey, result);
  return result;
}

function parseUncached(source: string, stateProperty: string): StrictFrontmatter {
  const document = parseDocument(source, OPTIONS);
  if (document.errors.length > 0) {
    const error = document.errors[0];
    return { ok: false, message: error.message.split("\n")[0], offset: error.pos[0] };
  }
  const contents = document.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) return { ok: true, state: null, topLevelKeys: [] };
  if (!isMap(contents)) return { ok: true, state: null, topLevelKeys: [] };
  const topLevelKeys: number[] = [];
  let state: StrictProperty | null = null;
  for (const pair of contents.items as Pair<Node | null, Node | null>[]) {
    const keyStart = pair.key?.range?.[0] ?? -1;
    topLevelKeys.push(keyStart);
    if (keyName(pair.key, document) !== stateProperty) continue;
    state = describeState(pair, source, document);
  }
  return { ok: true, state, topLevelKeys };
}

/** The key as a string, when it is a scalar (or an alias of one: an alias key is still that key to YAML). */
function keyName(key: Node | null, document: Document): string | null {
  if (key === null) return null;
  const node = isAlias(key) ? key.resolve(document) : key;
  if (!isScalar(node)) return null;
  const value: unknown = node.value;
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : null;
}

function describeState(pair: Pair<Node | null, Node | null>, source: string, document: Document): StrictProperty {
  const key = pair.key!;
  const value = pair.value;
  const keyStart = key.range?.[0] ?? 0;
  const valueEnd = contentEnd(value ?? key, source);
  const explicit = source.lastIndexOf("?", keyStart) > source.lastIndexOf("\n", keyStart);
  const simpleKey = isScalar(key) && !explicit && key.anchor === undefined;
  const referenceProblem = usesReferences(key) || (value !== null && usesReferences(value)) ? "it uses YAML anchors or aliases (& or *), which are not followed" : null;
  return {
    keyStart,
    valueEnd,
    simpleKey,
    referenceProblem,
    entries: referenceProblem === null ? readEntries(value, document) : [],
    comment: value?.comment ?? null,
  };
}

/**
 * Where a node's own text ends: a block collection's range runs on over trailing comments and blank
 * lines, so it ends with its last item instead; trailing whitespace is not content.
 */
function contentEnd(node: Node, source: string): number {
  let end = node.range?.[1] ?? 0;
  if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length > 0) {
    const last = node.items[node.items.length - 1] as Node | Pair<Node | null, Node | null>;
    const inner = isPair(last) ? (last.value ?? last.key) : last;
    if (inner !== null && isNode(inner)) end = contentEnd(inner, source);
  }
  while (end > 0 && /\s/.test(source[end - 1])) end--;
  return end;
}

function usesReferences(node: Node): boolean {
  let found = false;
  visit(node, {
    Alias: () => {
      found = true;
      return visit.BREAK;
    },
    Node: (_key, child) => {
      if ((child as { anchor?: string }).anchor !== undefined) {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The state property's entries as key → plain value. Keys are data: `__proto__` is a card like any other. */
function readEntries(value: Node | null, document: Document): { key: string; value: unknown }[] | string {
  if (value === null || (isScalar(value) && value.value === null)) return [];
  if (!isMap(value)) return "must map card names to states";
  const entries: { key: string; value: unknown }[] = [];
  for (const pair of value.items as Pair<Node | null, Node | null>[]) {
    const key = keyName(pair.key, document);
    if (key === null) return "holds a key that is not a card name";
    entries.push({ key, value: pair.value === null ? null : pair.value.toJS(document, { maxAliasCount: 0 }) });
  }
  return entries;
}

/**
 * Offset of the first character YAML may not hold, or -1. YAML 1.2's printable set, inverted: C0
 * controls but tab and line breaks, DEL, C1 controls but NEL, U+FFFE, U+FFFF and unpaired surrogates
 * (the `yaml` package accepts some of these; js-yaml does not). As the expression
 *   /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
 * would find it in [from, to), by character codes: this runs over every frontmatter read.
 */
export function findUnprintable(source: string, from = 0, to = source.length): number {
  for (let at = from; at < to; at++) {
    const code = source.charCodeAt(at);
    if (code >= 0x20 && code < 0x7f) continue;
    if (code < 0x20) {
      if (code !== 9 && code !== 10 && code !== 13) return at;
    } else if (code <= 0x9f) {
      if (code !== 0x85) return at;
    } else if (code >= 0xd800 && code <= 0xdbff) {
      const next = source.charCodeAt(at + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return at;
      at++;
    } else if ((code >= 0xdc00 && code <= 0xdfff) || code === 0xfffe || code === 0xffff) {
      return at;
    }
  }
  return -1;
}

export function describeCharacter(text: string, offset: number): string {
  return `U+${text.charCodeAt(offset).toString(16).toUpperCase().padStart(4, "0")}`;
}
