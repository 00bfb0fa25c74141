import { CORE_SCHEMA, load, type LoaderState } from "js-yaml4";

/**
 * The frontmatter as a strict YAML 1.2 parser reads it (rule T3): whether it is valid at all, and where
 * YAML says the state property is — its key and value as offsets into the frontmatter's text. The line
 * scanner in frontmatter.ts finds `srs:` by looking at lines; this is what proves (or disproves) that
 * such a line really is the property and not a line inside a multi-line string or flow collection.
 *
 * The parser is js-yaml 4's loader (a YAML 1.2 loader that refuses tabs as indentation, duplicate keys,
 * unknown tags), with CORE_SCHEMA; its listener reports where each node opens and closes, which is all
 * this needs to know where keys and values are. js-yaml 4 accepts a few things strict YAML (the `yaml`
 * package, the tests' oracle) does not — implicit keys over 1,024 characters, lines of flow collections,
 * quoted scalars or tags and anchors not indented past the block around them, tabs as indentation where
 * it does not look, `#` right after a token — and those are checked here, from the same events (each is
 * a row in tests/core/strict-yaml.test.ts). Where js-yaml 4 is the stricter one the note is refused,
 * which is safe. Aliases are resolved by js-yaml by reference, never copied, and nothing here reads
 * through one: a property that holds an anchor or alias is not read at all.
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
  /** The comment on the property's key line after its value (`srs: {} # c` → ` c`; `srs: # c` over a block), if any. */
  comment: string | null;
}

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

/** One node as the loader reported it; offsets are into the frontmatter's text. */
interface YamlNode {
  /** Where the loader began looking for it (possibly before whitespace and comments), and where it stopped. */
  open: number;
  close: number;
  /** Its first character (a tag or anchor included) and the end of its content; -1 when it has none. */
  start: number;
  end: number;
  kind: "scalar" | "mapping" | "sequence" | null;
  /** Where its content starts, past its tag and anchor. */
  content: number;
  flow: boolean;
  alias: boolean;
  anchored: boolean;
  /** This node or one inside it has an anchor or is an alias. */
  references: boolean;
  /** The loader's value for it (for keys and state entries: never read through an alias). */
  value: unknown;
  children: YamlNode[];
  /** Multi-line flow nodes inside it whose indentation the nearest block collection around them checks. */
  flowLines: YamlNode[];
  /** In flowLines: the lines of a node's tag and anchor (up to its content), not a flow node. */
  properties?: boolean;
}

class StrictYamlError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Key and value of one mapping entry, and the end of its `:` (or -1 when it has no value). */
interface Pair {
  key: YamlNode | null;
  value: YamlNode | null;
  explicit: boolean;
  colonEnd: number;
}

function parseUncached(source: string, stateProperty: string): StrictFrontmatter {
  // js-yaml drops a leading BOM before it counts offsets.
  const shift = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  let root: YamlNode | null = null;
  const stack: YamlNode[] = [];
  const leaves: YamlNode[] = [];
  const flows: YamlNode[] = [];
  const listener = (event: "open" | "close", state: LoaderState): void => {
    if (event === "open") {
      const open = state.position + shift;
      stack.push({ open, close: open, start: -1, end: -1, kind: null, content: -1, flow: false, alias: false, anchored: false, references: false, value: null, children: [], flowLines: [] });
      return;
    }
    const node = closeNode(stack.pop()!, state, shift, source, leaves, flows);
    const parent = stack[stack.length - 1];
    if (parent === undefined) root = node;
    else {
      parent.children.push(node);
      if (node.references) parent.references = true;
    }
  };
  try {
    load(source, { schema: CORE_SCHEMA, listener });
    if (root === null) return { ok: true, state: null, topLevelKeys: [] };
    const top: YamlNode = root;
    // Strict YAML refuses a tab in the indentation before a top-level scalar (and, in some positions,
    // before a flow collection): any tab there is refused.
    const topIndent = source.slice(top.start - columnOf(source, top.start), top.start);
    if (!(top.kind === "mapping" || top.kind === "sequence") || top.flow) {
      if (top.start < source.length && topIndent.includes("\t")) throw new StrictYamlError("Tabs are not allowed as indentation", top.start);
    }
    const byStart = (a: YamlNode, b: YamlNode): number => a.start - b.start;
    leaves.sort(byStart);
    checkCommentSpacing(source, leaves);
    if (source.includes("\t")) checkTabs(source, [...leaves, ...flows].sort(byStart));
    if (top.kind !== "mapping") return { ok: true, state: null, topLevelKeys: [] };
    const topLevelKeys: number[] = [];
    let state: StrictProperty | null = null;
    for (const pair of pairsOf(top, source)) {
      topLevelKeys.push(pair.key?.content ?? -1);
      if (pair.key === null || keyName(pair.key, source) !== stateProperty) continue;
      state = describeState(pair, source);
    }
    return { ok: true, state, topLevelKeys };
  } catch (error) {
    if (error instanceof StrictYamlError) return { ok: false, message: error.message, offset: error.offset };
    // The loader reads nested nodes by recursion: blamed on the deepest node it was reading.
    if (error instanceof RangeError) return { ok: false, message: "YAML is nested too deeply to read", offset: Math.min(stack[stack.length - 1]?.open ?? 0, source.length) };
    const yamlError = error as { reason?: unknown; mark?: { position?: unknown } };
    const reason = typeof yamlError.reason === "string" ? yamlError.reason : String(error);
    const position = typeof yamlError.mark?.position === "number" ? yamlError.mark.position + shift : 0;
    return { ok: false, message: describeLoaderError(reason), offset: Math.min(position, source.length) };
  }
}

function describeLoaderError(reason: string): string {
  if (reason === "tab characters must not be used in indentation") return "Tabs are not allowed as indentation";
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}

function closeNode(node: YamlNode, state: LoaderState, shift: number, source: string, leaves: YamlNode[], flows: YamlNode[]): YamlNode {
  const close = Math.min(state.position + shift, source.length);
  node.close = close;
  node.kind = state.kind;
  node.value = state.result;
  node.anchored = state.anchor !== null;
  node.start = significantStart(source, node.open, close);
  const only = node.children.length === 1 ? node.children[0] : null;
  if (only !== null && only.value === node.value && only.kind === node.kind) {
    if (only.alias && (node.anchored || state.tag !== null)) throw new StrictYamlError("An alias node must not specify any properties", only.start);
    // A value on the lines below its key: the loader tried it as a block mapping's key, found no `:`,
    // and kept the node it read. That node is the value (with the tag or anchor written before it).
    only.open = node.open;
    only.start = node.start;
    if (node.anchored) only.anchored = only.references = true;
    return only;
  }
  let content = node.start;
  // Past the node's tag and anchor to its content.
  while (content < close && (source.charCodeAt(content) === 0x21 || source.charCodeAt(content) === 0x26)) {
    while (content < close && !isSpace(source.charCodeAt(content))) content++;
    content = significantStart(source, content, close);
  }
  node.content = content;
  // Properties on lines of their own (`a: !!str` / `  &x value`): those lines are indented like flow lines.
  if (hasLineBreak(source, node.start, content)) node.flowLines.push({ ...node, end: content, flow: false, properties: true });
  const first = content < close ? source.charCodeAt(content) : -1;
  if (first === 0x2a && node.kind === null) {
    // `*name`: the loader has skipped the whitespace after it.
    node.alias = true;
    let end = content + 1;
    while (end < close && !isSpace(source.charCodeAt(end)) && !isFlowIndicator(source.charCodeAt(end))) end++;
    node.end = end;
    leaves.push(node);
  } else if (node.kind === "scalar") {
    node.end = trimEnd(source, node.start, close);
    leaves.push(node);
    const quote = source.charCodeAt(content);
    if ((quote === 0x22 || quote === 0x27) && hasLineBreak(source, content, node.end)) node.flowLines.push(node);
  } else if ((node.kind === "mapping" || node.kind === "sequence") && (first === 0x7b || first === 0x5b) && (node.children.length === 0 || node.children[0].open > content)) {
    // A flow collection (a block mapping can start with `[a]: …` too, but its first key opens where it starts).
    node.flow = true;
    node.end = close;
    flows.push(node);
    if (hasLineBreak(source, content, close)) node.flowLines.push(node);
  } else {
    // A block collection (or a node that only wraps the scalar read inside it): its content ends with
    // its last child's, or with an indicator after it (an empty `-` item), never with a comment.
    let end = -1;
    for (const child of node.children) if (child.end > end) end = child.end;
    const tail = lastSignificantEnd(source, Math.max(end, node.open), close);
    node.end = tail === -1 ? end : tail;
  }
  if (node.anchored || node.alias) node.references = true;
  // A multi-line flow collection's own check covers the flow collections inside it.
  for (const child of node.children) for (const inner of child.flowLines) if (!(node.flow && inner.flow && node.flowLines.length > 0)) node.flowLines.push(inner);
  if (node.kind === "mapping" || node.kind === "sequence") {
    if (!node.flow) {
      checkLines(node, source);
      node.flowLines = [];
    }
    // Implicit keys: those of block mappings and of pairs in flow sequences (not of flow mappings).
    if (node.flow === (node.kind === "sequence")) {
      let previous: Pair | null = null;
      for (const pair of pairsOf(node, source)) {
        checkImplicitKey(source, pair, !node.flow, previous);
        previous = pair;
      }
    }
  }
  return node;
}

/** A block collection's own column, plus one: the least indentation a line of a flow node in it may have. */
function checkLines(collection: YamlNode, source: string): void {
  if (collection.flowLines.length === 0) return;
  checkFlowIndentation(collection, source, columnOf(source, collection.start) + 1);
}

/**
 * Strict YAML's indentation for flow nodes inside block collections: every line of a multi-line flow
 * collection or quoted scalar is indented past the block collection around it (blank lines aside; in a
 * flow collection also comment lines, and its closing bracket one column less). js-yaml reads lines
 * indented less, or with tabs, as the same collection or string.
 */
function checkFlowIndentation(node: YamlNode, source: string, minimum: number): void {
  if (minimum <= 0) return;
  for (const flow of node.flowLines) {
    const quoted = !flow.flow;
    let at = source.indexOf("\n", flow.start);
    while (at !== -1 && at < flow.end) {
      const lineStart = at + 1;
      let spaces = 0;
      while (source.charCodeAt(lineStart + spaces) === 0x20) spaces++;
      let text = lineStart + spaces;
      if (!quoted) while (source.charCodeAt(text) === 0x20 || source.charCodeAt(text) === 0x09) text++;
      if (flow.properties === true && lineStart + spaces >= flow.end) break; // the content's own line
      const next = source.charCodeAt(quoted ? lineStart + spaces : text);
      const blank = next === 0x0a || (next === 0x0d && source.charCodeAt((quoted ? lineStart + spaces : text) + 1) === 0x0a) || Number.isNaN(next);
      const allowed = blank || spaces >= minimum || (!quoted && (next === 0x23 || (spaces === minimum - 1 && text === flow.end - 1)));
      if (!allowed) {
        const what = flow.properties === true ? "A tag or anchor's lines" : quoted ? "A quoted value's continuation lines" : "A flow collection's lines";
        throw new StrictYamlError(`${what} must be indented more than the block around them`, lineStart);
      }
      at = source.indexOf("\n", lineStart);
    }
  }
}

/**
 * Strict YAML refuses tabs in a line's indentation where js-yaml 4 does not look: before content after
 * an explicit key (`? a` / `<TAB>: b`), and on blank or comment lines after a block scalar (they are
 * the scalar's lines to YAML). Tabs inside flow collections and quoted scalars are checked with their
 * indentation (checkFlowIndentation); blank and comment lines elsewhere may hold tabs.
 */
function checkTabs(source: string, spans: YamlNode[]): void {
  for (let tab = source.indexOf("\t"); tab !== -1; tab = source.indexOf("\t", tab + 1)) {
    const lineStart = tab - columnOf(source, tab);
    let text = lineStart;
    while (source.charCodeAt(text) === 0x20 || source.charCodeAt(text) === 0x09) text++;
    if (text <= tab) {
      tab = lineEnd(source, tab);
      continue; // not in the indentation
    }
    const around = spanAround(spans, lineStart);
    // Lines between a node's tag or anchor and its content are indentation too.
    const span = around !== null && lineStart > around.content ? around : null;
    const blankOrComment = text >= source.length || source.charCodeAt(text) === 0x0a || source.charCodeAt(text) === 0x0d || source.charCodeAt(text) === 0x23;
    if (span !== null) {
      // Inside a scalar or flow collection: only a block scalar's indentation is checked here.
      if (isBlockScalar(source, span) && tab - lineStart < blockScalarIndent(source, span)) throw new StrictYamlError("Tabs are not allowed as indentation", tab);
    } else if (!blankOrComment || followsBlockScalar(source, spans, lineStart)) {
      throw new StrictYamlError("Tabs are not allowed as indentation", tab);
    }
    tab = lineEnd(source, tab);
  }
}

function lineEnd(source: string, from: number): number {
  let at = from;
  while (at < source.length && source.charCodeAt(at) !== 0x0a && source.charCodeAt(at) !== 0x0d) at++;
  return at;
}

/** The scalar or flow collection whose text holds `offset` (past its first character), or null. */
function spanAround(spans: YamlNode[], offset: number): YamlNode | null {
  let low = 0;
  let high = spans.length - 1;
  let found: YamlNode | null = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (spans[middle].start < offset) {
      found = spans[middle];
      low = middle + 1;
    } else high = middle - 1;
  }
  // Spans nest only inside flow collections, which are checked as a whole: the outermost one counts.
  for (let index = found === null ? -1 : spans.indexOf(found); index >= 0; index--) if (spans[index].start < offset && offset < spans[index].end) return spans[index];
  return null;
}

function isBlockScalar(source: string, node: YamlNode): boolean {
  const first = source.charCodeAt(node.content);
  return node.kind === "scalar" && (first === 0x7c || first === 0x3e);
}

function blockScalarIndent(source: string, node: YamlNode): number {
  let at = lineEnd(source, node.content);
  while (at < node.end) {
    at++;
    let spaces = 0;
    while (source.charCodeAt(at + spaces) === 0x20) spaces++;
    const next = source.charCodeAt(at + spaces);
    if (next !== 0x0a && next !== 0x0d && next !== 0x09) return spaces;
    at = lineEnd(source, at);
  }
  return 0;
}

/** True when only blank and comment lines lie between a block scalar's last line and this line. */
function followsBlockScalar(source: string, spans: YamlNode[], lineStart: number): boolean {
  let at = lineStart - 1;
  while (at > 0) {
    const start = at - columnOf(source, at);
    const text = significantStart(source, start, at);
    if (text < at && source.charCodeAt(text) !== 0x23) return spans.some((span) => span.start <= at && span.end >= start && isBlockScalar(source, span));
    at = start - 1;
  }
  return false;
}

/** Strict YAML: a comment is separated from what is before it by whitespace (`"x"#c` is not a comment). */
function checkCommentSpacing(source: string, leaves: YamlNode[]): void {
  let leaf = 0;
  for (let at = source.indexOf("#"); at !== -1; at = source.indexOf("#", at + 1)) {
    while (leaf < leaves.length && leaves[leaf].end <= at) leaf++;
    let inside = false;
    for (let each = leaf; each < leaves.length && leaves[each].start <= at; each++) {
      if (at < leaves[each].end) {
        inside = true;
        break;
      }
    }
    if (inside) continue;
    if (at > 0 && !isSpace(source.charCodeAt(at - 1))) throw new StrictYamlError("Comments must be separated from other tokens by white space characters", at);
    // A comment: a `#` in it is its text.
    while (at + 1 < source.length && source.charCodeAt(at + 1) !== 0x0a && source.charCodeAt(at + 1) !== 0x0d) at++;
  }
}

/**
 * Strict YAML: an implicit key ends at most 1,024 characters after it starts (its tag and anchor
 * included). A flow collection as an implicit key is valid YAML but the `yaml` package (strict) refuses
 * it after a blank line ("Map comment with trailing content"), and no properties editor writes one: refused.
 */
function checkImplicitKey(source: string, pair: Pair, blockMapping: boolean, previous: Pair | null): void {
  if (pair.key === null || pair.explicit || pair.colonEnd === -1) return;
  // After an entry with an empty value, the `yaml` package counts from that entry's `:` (its empty value's end).
  // (or from the end of its tag or anchor when it has only those) when only a line break and indentation
  // lie between them; a blank or comment line in between starts the count at the key again.
  const value = previous?.value ?? null;
  const afterEmpty = blockMapping && previous !== null && previous.colonEnd !== -1 && (value === null || value.end === -1 || (value.kind === null && !value.alias));
  const emptyEnd = value !== null && value.end !== -1 ? value.end : (previous?.colonEnd ?? -1);
  const start = afterEmpty && lineBreaks(source, emptyEnd, pair.key.start) <= 1 ? Math.min(pair.key.start, emptyEnd) : pair.key.start;
  if (pair.colonEnd - 1 - start > 1024) throw new StrictYamlError("An implicit key must end within 1,024 characters of its start", pair.key.start);
  if (blockMapping && pair.key.flow) throw new StrictYamlError("A flow collection as a key is not supported", pair.key.start);
}

/**
 * A mapping's children as key/value pairs. The loader reports a key, then its value if a `:` follows;
 * what lies between two nodes (whitespace, comments, `?`, `:`, `,`) says which is which. The last
 * child of a block mapping can be an empty node the loader tried as a key and gave up on: not a key.
 */
function pairsOf(mapping: YamlNode, source: string): Pair[] {
  const pairs: Pair[] = [];
  let from = mapping.flow ? mapping.content + 1 : mapping.content;
  let current: Pair | null = null;
  for (const child of mapping.children) {
    const gap = indicatorsBetween(source, from, child.open);
    if (current !== null && gap.colon !== -1 && current.value === null && current.colonEnd === -1) {
      current.value = child;
      current.colonEnd = gap.colon + 1;
    } else {
      const empty = child.start === -1 || child.start >= child.close;
      if (empty && !gap.question && gap.colon === -1) {
        from = child.close;
        continue;
      }
      current = { key: empty ? null : child, value: null, explicit: gap.question, colonEnd: -1 };
      if (gap.colon !== -1) {
        // `: value` with no key (only after `?` with an empty key in flow): the value is this node.
        current.key = null;
        current.value = child;
        current.colonEnd = gap.colon + 1;
      }
      pairs.push(current);
    }
    from = child.close;
  }
  return pairs;
}

/** The `:` and whether a `?` lies in [from, to), comments skipped. */
function indicatorsBetween(source: string, from: number, to: number): { colon: number; question: boolean } {
  let colon = -1;
  let question = false;
  for (let at = from; at < to; at++) {
    const code = source.charCodeAt(at);
    if (code === 0x23) {
      while (at < to && source.charCodeAt(at) !== 0x0a && source.charCodeAt(at) !== 0x0d) at++;
    } else if (code === 0x3a) colon = at;
    else if (code === 0x3f) question = true;
  }
  return { colon, question };
}

/** The key as a string, when it is a scalar (or an alias of one: an alias key is still that key to YAML). */
function keyName(key: YamlNode, source: string): string | null {
  const value = key.value;
  if (typeof value === "number") {
    // js-yaml reads a few more spellings as numbers than YAML 1.2's core schema (`1_000`, `0b11`): those are strings.
    const text = source.slice(key.start, key.end);
    return key.alias || YAML12_NUMBER.test(text) ? String(value) : text;
  }
  return typeof value === "string" || typeof value === "boolean" ? String(value) : null;
}

const YAML12_NUMBER = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function describeState(pair: Pair, source: string): StrictProperty {
  const key = pair.key!;
  const value = pair.value;
  const keyStart = key.content;
  const valueEnd = Math.max(key.end, pair.colonEnd, value?.end ?? -1);
  const simpleKey = key.kind === "scalar" && !key.alias && !key.anchored && !pair.explicit;
  const references = key.references || (value !== null && value.references);
  const referenceProblem = references ? "it uses YAML anchors or aliases (& or *), which are not followed" : null;
  return {
    keyStart,
    valueEnd,
    simpleKey,
    referenceProblem,
    entries: referenceProblem === null ? readEntries(value, source) : [],
    comment: keyLineComment(source, keyStart, pair, valueEnd),
  };
}

/** The comment on the key line: after the value when it ends there, after the `:` when the value starts below. */
function keyLineComment(source: string, keyStart: number, pair: Pair, valueEnd: number): string | null {
  const value = pair.value;
  const empty = value === null || value.end === -1;
  let at: number;
  if (!empty && !hasLineBreak(source, keyStart, value.end)) at = valueEnd;
  else if (empty || hasLineBreak(source, keyStart, value.start)) at = pair.colonEnd;
  else return null; // a multi-line value that starts on the key line
  if (at === -1) return null;
  while (source.charCodeAt(at) === 0x20 || source.charCodeAt(at) === 0x09) at++;
  if (source.charCodeAt(at) !== 0x23) return null;
  return source.slice(at + 1, lineEnd(source, at));
}

/** The state property's entries as key → plain value. Keys are data: `__proto__` is a card like any other. */
function readEntries(value: YamlNode | null, source: string): { key: string; value: unknown }[] | string {
  if (value === null || value.value === null) return [];
  if (value.kind !== "mapping") return "must map card names to states";
  const entries: { key: string; value: unknown }[] = [];
  for (const pair of pairsOf(value, source)) {
    const key = pair.key === null ? null : keyName(pair.key, source);
    if (key === null) return "holds a key that is not a card name";
    entries.push({ key, value: pair.value === null ? null : pair.value.value });
  }
  return entries;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isFlowIndicator(code: number): boolean {
  return code === 0x2c || code === 0x5b || code === 0x5d || code === 0x7b || code === 0x7d;
}

function lineBreaks(source: string, from: number, to: number): number {
  let count = 0;
  for (let at = source.indexOf("\n", from); at !== -1 && at < to; at = source.indexOf("\n", at + 1)) count++;
  return count;
}

function hasLineBreak(source: string, from: number, to: number): boolean {
  for (let at = from; at < to; at++) {
    const code = source.charCodeAt(at);
    if (code === 0x0a || code === 0x0d) return true;
  }
  return false;
}

/** The first character in [from, to) that is neither whitespace nor in a comment; `to` when there is none. */
function significantStart(source: string, from: number, to: number): number {
  let at = from;
  while (at < to) {
    const code = source.charCodeAt(at);
    if (isSpace(code)) at++;
    else if (code === 0x23 && (at === from || isSpace(source.charCodeAt(at - 1)))) {
      while (at < to && source.charCodeAt(at) !== 0x0a && source.charCodeAt(at) !== 0x0d) at++;
    } else return at;
  }
  return to;
}

/** The end of the last character in [from, to) that is neither whitespace nor in a comment, or -1. */
function lastSignificantEnd(source: string, from: number, to: number): number {
  let end = -1;
  for (let at = from; at < to; at++) {
    const code = source.charCodeAt(at);
    if (code === 0x23) {
      while (at < to && source.charCodeAt(at) !== 0x0a && source.charCodeAt(at) !== 0x0d) at++;
    } else if (!isSpace(code)) end = at + 1;
  }
  return end;
}

function trimEnd(source: string, from: number, to: number): number {
  let end = to;
  while (end > from && /\s/.test(source[end - 1])) end--;
  return end;
}

function columnOf(source: string, offset: number): number {
  let at = offset;
  while (at > 0 && source.charCodeAt(at - 1) !== 0x0a && source.charCodeAt(at - 1) !== 0x0d) at--;
  return offset - at;
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
