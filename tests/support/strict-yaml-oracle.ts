// The strict frontmatter check as it was on the `yaml` package (eemeli/yaml, strict mode), kept for the
// tests as an oracle for src/core/notes/strict-yaml.ts (js-yaml 4 with the checks it adds).
import { isAlias, isMap, isNode, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node, type Pair } from "yaml";
import type { StrictFrontmatter, StrictProperty } from "../../src/core/notes/strict-yaml";

const OPTIONS = { schema: "core", uniqueKeys: true, prettyErrors: false, strict: true } as const;

/** parseStrictFrontmatter as it was on the `yaml` package (2.9.1), before js-yaml 4 replaced it: the oracle. */
export function parseWithYamlPackage(source: string, stateProperty: string): StrictFrontmatter {
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
