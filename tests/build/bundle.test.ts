import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";

// The production bundle is what Obsidian loads, on desktop and on mobile (no Node there): it may
// require nothing but 'obsidian' and must not touch Node's globals.
let mainJs = "";

beforeAll(() => {
  execFileSync(process.execPath, ["esbuild.config.mjs", "production"], { stdio: "pipe" });
  mainJs = readFileSync("main.js", "utf8");
}, 60_000);

describe("main.js", () => {
  it("requires only what Obsidian provides: 'obsidian' and its CodeMirror modules", () => {
    const required = new Set([...mainJs.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]));
    // The editor badges are a CodeMirror extension: it must use Obsidian's own @codemirror modules.
    expect([...required].sort()).toEqual(["@codemirror/state", "@codemirror/view", "obsidian"]);
    // js-yaml's `!!binary` type, which reaches for Buffer through an aliased require, is not bundled.
    expect(mainJs).not.toMatch(/\(\s*["']buffer["']\s*\)/);
  });

  it("uses no Node globals", () => {
    expect(mainJs).not.toMatch(/\bprocess\.(?:env|cwd|platform|versions|nextTick)\b/);
    expect(mainJs).not.toMatch(/\bglobal\.Buffer\b|\bglobalThis\.Buffer\b|\bBuffer\.(?:from|alloc|isBuffer|concat|byteLength)\(/);
  });

  it("evaluates no code from strings (gray-matter's JavaScript engine stays out)", () => {
    expect(mainJs).not.toMatch(/\beval\(|\bnew Function\(/);
  });

  it("is a CommonJS module exporting the plugin class", () => {
    expect(mainJs).toMatch(/module\.exports\s*=/);
  });
});
