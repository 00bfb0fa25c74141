/**
 * Figure (7): the production main.js and where its bytes go, from esbuild's metafile (the bytes each
 * input file contributes to the minified output). Built in memory with the options of
 * esbuild.config.mjs, so the figure is the bundle `npm run build` writes.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import type * as esbuild from "esbuild";

export interface BundlePart {
  name: string;
  kb: number;
  /** Its share of the 200 KB budget (see BUDGET_KB), or null for a line that only explains. */
  targetKb: number | null;
}

export interface BundleFigure {
  kb: number;
  gzipKb: number;
  targetKb: number;
  parts: BundlePart[];
  /** The FSRS optimiser (issue 15): its core modules, its modal, its settings and the simulator's modal. */
  optimizer: { kb: number; targetKb: number };
}

/** Issue 17: main.js ≤ 200 KB minified with every feature; issue 15: the optimiser adds ≤ 20 KB. */
export const TOTAL_TARGET_KB = 200;
export const OPTIMIZER_TARGET_KB = 20;

/**
 * How the 200 KB could be split. The issues set only the total (and the optimiser's 20 KB); these
 * shares are a proposal that adds up to it (with esbuild's ~2 KB of glue): the scheduler as it is, YAML
 * (js-yaml 4's loader and CORE_SCHEMA, 27.5 KB, the strict check of where the writer writes; the
 * js-yaml 3 row's 10 KB assumes the reader moves onto the same loader, leaving gray-matter's stand-in),
 * the charts' few d3 functions, and our own code at half of today's. The strict check's own code
 * (src/core/notes/strict-yaml.ts) is in the src/core row.
 */
const PARTS: { name: string; test: RegExp; targetKb: number }[] = [
  { name: "ts-fsrs (scheduler)", test: /node_modules[\\/]ts-fsrs[\\/]/, targetKb: 22 },
  { name: "gray-matter stand-in, js-yaml 3 loader", test: /node_modules[\\/](gray-matter|js-yaml|kind-of|section-matter|extend-shallow|is-extendable|strip-bom-string)[\\/]|src[\\/]shims[\\/](gray-matter|js-yaml)\.ts$/, targetKb: 10 },
  { name: "js-yaml 4 loader (strict YAML, for the writer)", test: /node_modules[\\/]js-yaml4[\\/]|src[\\/]shims[\\/]js-yaml4\.ts$/, targetKb: 28 },
  { name: "d3 (statistics charts)", test: /node_modules[\\/]d3-/, targetKb: 8 },
  { name: "our code: src/core", test: /^src[\\/]core[\\/]/, targetKb: 63 },
  { name: "our code: src/plugin", test: /^src[\\/]plugin[\\/]/, targetKb: 12 },
  { name: "our code: src/ui", test: /^src[\\/]ui[\\/]/, targetKb: 38 },
  { name: "our code: src/main.ts, src/settings.ts", test: /^src[\\/][^\\/]+\.ts$/, targetKb: 10 },
];
const OPTIMIZER = /^src[\\/](core[\\/]optimizer[\\/]|ui[\\/](optimize-modal|optimizer-settings|retention-modal)\.ts$)/;

const kb = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10;

export async function measureBundle(root: string): Promise<BundleFigure> {
  // esbuild and the build's options from the repository (this file runs bundled, from a temporary folder).
  const { build } = createRequire(path.join(root, "package.json"))("esbuild") as typeof esbuild;
  const config = (await import(pathToFileURL(path.join(root, "esbuild.config.mjs")).href)) as { productionPluginOptions: esbuild.BuildOptions };
  const result = await build({ ...config.productionPluginOptions, write: false, metafile: true, logLevel: "silent" });
  const bytes = result.outputFiles[0].contents;
  const output = Object.values(result.metafile.outputs)[0];
  const sums = new Map<string, number>();
  let optimizer = 0;
  let inputs = 0;
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const part = PARTS.find((p) => p.test.test(input))?.name ?? "other packages";
    sums.set(part, (sums.get(part) ?? 0) + bytesInOutput);
    if (OPTIMIZER.test(input)) optimizer += bytesInOutput;
    inputs += bytesInOutput;
  }
  const parts: BundlePart[] = PARTS.map((p) => ({ name: p.name, kb: kb(sums.get(p.name) ?? 0), targetKb: p.targetKb }));
  if (sums.has("other packages")) parts.push({ name: "other packages", kb: kb(sums.get("other packages")!), targetKb: 0 });
  parts.push({ name: "esbuild's module wrappers and the banner", kb: kb(bytes.length - inputs), targetKb: null });
  return {
    kb: kb(bytes.length),
    gzipKb: kb(gzipSync(bytes, { level: 9 }).length),
    targetKb: TOTAL_TARGET_KB,
    parts,
    optimizer: { kb: kb(optimizer), targetKb: OPTIMIZER_TARGET_KB },
  };
}
