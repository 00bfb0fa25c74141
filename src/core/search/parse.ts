/**
 * Anki's search syntax, where it applies to heading cards: free text, `deck:`, `note:`, `is:`, `flag:`,
 * `prop:`, `rated:`, negation with `-`, `OR`, parentheses and quotes. Terms side by side must all match.
 * Bad syntax is an error value with a message and the position (0-based, in the query) — never thrown.
 */
export type IsKind = "new" | "learn" | "review" | "due" | "suspended" | "buried" | "leech";
export const IS_KINDS: readonly IsKind[] = ["new", "learn", "review", "due", "suspended", "buried", "leech"];

export type PropName = "ivl" | "due" | "reps" | "lapses" | "s" | "d" | "r";
export type Comparison = "<" | "<=" | ">" | ">=" | "=" | "!=";

export type SearchNode =
  | { kind: "all" }
  | { kind: "and"; items: SearchNode[] }
  | { kind: "or"; items: SearchNode[] }
  | { kind: "not"; item: SearchNode }
  | { kind: "text"; pattern: string }
  | { kind: "deck"; pattern: string }
  | { kind: "note"; pattern: string }
  | { kind: "is"; what: IsKind }
  | { kind: "flag"; flag: number }
  | { kind: "prop"; prop: PropName; op: Comparison; value: number }
  | { kind: "rated"; days: number };

export interface SearchError {
  message: string;
  /** 0-based offset into the query where the problem starts. */
  position: number;
}

export type ParsedSearch = { ok: true; node: SearchNode } | { ok: false; error: SearchError };

/** Property names as typed → the property. A Map: a typed name is data (`prop:constructor` names nothing). */
const PROP_ALIASES = new Map<string, PropName>([
  ["ivl", "ivl"],
  ["due", "due"],
  ["reps", "reps"],
  ["lapses", "lapses"],
  ["s", "s"],
  ["stability", "s"],
  ["d", "d"],
  ["difficulty", "d"],
  ["r", "r"],
  ["retrievability", "r"],
]);

interface Token {
  type: "open" | "close" | "or" | "word";
  /** For words: the text with quotes removed; `negated` when it was written `-word`. */
  text: string;
  negated: boolean;
  /** True when (part of) the word was quoted: `OR` and a leading `-` are then literal. */
  quoted: boolean;
  position: number;
}

/** Thrown inside the parser only; parseSearch turns it into an error value. */
class SyntaxProblem extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

export function parseSearch(query: string): ParsedSearch {
  try {
    const tokens = tokenize(query);
    const parser = new Parser(tokens, query.length);
    const node = parser.parseAll();
    return { ok: true, node };
  } catch (error) {
    if (error instanceof SyntaxProblem) return { ok: false, error: { message: error.message, position: error.position } };
    throw error;
  }
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < query.length) {
    const char = query[at];
    if (/\s/.test(char)) {
      at++;
      continue;
    }
    if (char === "(" || char === ")") {
      tokens.push({ type: char === "(" ? "open" : "close", text: char, negated: false, quoted: false, position: at });
      at++;
      continue;
    }
    const start = at;
    let negated = false;
    if (char === "-" && at + 1 < query.length && !/[\s)]/.test(query[at + 1])) {
      negated = true;
      at++;
      // `-(a b)`: a negated group; the parser sees a bare "-" word before the parenthesis.
      if (query[at] === "(") {
        tokens.push({ type: "word", text: "", negated: true, quoted: false, position: start });
        continue;
      }
    }
    let text = "";
    let quoted = false;
    while (at < query.length && !/[\s()]/.test(query[at])) {
      if (query[at] === '"') {
        const close = query.indexOf('"', at + 1);
        if (close === -1) throw new SyntaxProblem("unclosed quote", at);
        text += query.slice(at + 1, close);
        quoted = true;
        at = close + 1;
        continue;
      }
      text += query[at];
      at++;
    }
    if (!quoted && !negated && text.toUpperCase() === "OR") tokens.push({ type: "or", text, negated, quoted, position: start });
    else if (!quoted && !negated && text.toUpperCase() === "AND") continue;
    else tokens.push({ type: "word", text, negated, quoted, position: start });
  }
  return tokens;
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[], private readonly end: number) {}

  parseAll(): SearchNode {
    if (this.tokens.length === 0) return { kind: "all" };
    const node = this.parseOr();
    const extra = this.tokens[this.at];
    if (extra !== undefined) throw new SyntaxProblem(extra.type === "close" ? "unmatched )" : `unexpected "${extra.text}"`, extra.position);
    return node;
  }

  private parseOr(): SearchNode {
    const items = [this.parseAnd()];
    while (this.peek()?.type === "or") {
      const or = this.tokens[this.at++];
      if (this.peek() === undefined || this.peek()?.type === "close" || this.peek()?.type === "or") throw new SyntaxProblem("OR needs a term after it", or.position);
      items.push(this.parseAnd());
    }
    return items.length === 1 ? items[0] : { kind: "or", items };
  }

  private parseAnd(): SearchNode {
    const items: SearchNode[] = [];
    for (let token = this.peek(); token !== undefined && token.type !== "close" && token.type !== "or"; token = this.peek()) {
      items.push(this.parseUnit());
    }
    const next = this.peek();
    if (items.length === 0) throw new SyntaxProblem(next?.type === "or" ? "OR needs a term before it" : next?.type === "close" ? "empty parentheses" : "a term is missing", next?.position ?? this.end);
    return items.length === 1 ? items[0] : { kind: "and", items };
  }

  private parseUnit(): SearchNode {
    const token = this.tokens[this.at++];
    if (token.type === "open") return this.parseGroup(token);
    // A "-" right before a parenthesis negates the group.
    if (token.negated && token.text === "" && !token.quoted) {
      const open = this.tokens[this.at++];
      return { kind: "not", item: this.parseGroup(open) };
    }
    const term = parseTerm(token);
    return token.negated ? { kind: "not", item: term } : term;
  }

  private parseGroup(open: Token): SearchNode {
    if (this.peek() === undefined) throw new SyntaxProblem("unclosed (", open.position);
    if (this.peek()?.type === "close") throw new SyntaxProblem("empty parentheses", open.position);
    const inner = this.parseOr();
    const close = this.tokens[this.at++];
    if (close === undefined || close.type !== "close") throw new SyntaxProblem("unclosed (", open.position);
    return inner;
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }
}

function parseTerm(token: Token): SearchNode {
  const { text, position } = token;
  const colon = text.indexOf(":");
  const field = colon === -1 ? "" : text.slice(0, colon).toLowerCase();
  const value = colon === -1 ? text : text.slice(colon + 1);
  const valueAt = position + (token.negated ? 1 : 0) + colon + 1;
  switch (field) {
    case "deck":
    case "note":
      if (value === "") throw new SyntaxProblem(`${field}: needs a name`, valueAt);
      return { kind: field, pattern: value };
    case "is": {
      const what = value.toLowerCase() as IsKind;
      if (!IS_KINDS.includes(what)) throw new SyntaxProblem(`is: takes ${IS_KINDS.join(", ")}; got "${value}"`, valueAt);
      return { kind: "is", what };
    }
    case "flag": {
      if (!/^[0-7]$/.test(value)) throw new SyntaxProblem(`flag: takes a number from 0 (none) to 7; got "${value}"`, valueAt);
      return { kind: "flag", flag: Number(value) };
    }
    case "rated": {
      if (!/^\d{1,4}$/.test(value) || Number(value) < 1) throw new SyntaxProblem(`rated: takes a number of days, 1 or more; got "${value}"`, valueAt);
      return { kind: "rated", days: Number(value) };
    }
    case "prop":
      return parseProp(value, valueAt);
    default:
      if (!token.quoted && colon !== -1 && /^[a-z]+$/.test(field)) throw new SyntaxProblem(`unknown search field "${field}:"; quote the text to search for it`, position);
      return { kind: "text", pattern: text };
  }
}

function parseProp(value: string, at: number): SearchNode {
  const match = /^([a-z]+)(<=|>=|!=|<|>|=)(-?\d+(?:\.\d+)?)$/i.exec(value);
  if (match === null) throw new SyntaxProblem(`prop: needs a property, a comparison and a number, like prop:ivl>10; got "${value}"`, at);
  const prop = PROP_ALIASES.get(match[1].toLowerCase());
  if (prop === undefined) throw new SyntaxProblem(`prop: knows ${[...PROP_ALIASES.keys()].join(", ")}; got "${match[1]}"`, at);
  return { kind: "prop", prop, op: match[2] as Comparison, value: Number(match[3]) };
}
