// npm run bench [-- --json] [-- --sizes=1000,10000] [-- --quick] [-- --cpu-prof] [-- --part=optimizer]
// (bare JSON on stdout: `npm run -s bench -- --json`; progress goes to stderr)
// Parts: the vault benchmark (bench/bench.ts), then the FSRS optimiser's (bench/optimizer-bench.ts).
// --part=vault|optimizer|bundle|stats runs one (bundle: figure (7) alone, main.js and its parts; stats:
// figures (8)-(10) alone, bench/stats-part.ts); --json without --part runs the vault part only (one JSON object).
//
// The plugin in a browser at a phone's speed (production main.js in the playground, headless Chromium,
// CPU 4× slower, the 10,000-note vault) is a separate command: `npm run bench:browser` (bench/phone.mjs).
//
// Bundles bench/bench.ts with esbuild (the TypeScript sources as they are; `obsidian` resolved to the test
// fake, gray-matter to the stand-in the plugin bundle gets) into a temporary file and runs it with
// `node --expose-gc`. With --cpu-prof, V8 profiles go to bench/results/ (git-ignored).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

import esbuild from "esbuild";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dir = mkdtempSync(path.join(tmpdir(), "hf-bench-"));
const outfile = path.join(dir, "bench.cjs");

const args = process.argv.slice(2);
const partArg = args.find((a) => a.startsWith("--part="))?.slice(7);
const parts = { vault: "bench/bench.ts", optimizer: "bench/optimizer-bench.ts", bundle: "bench/bundle-report.ts", stats: "bench/stats-part.ts" };
const selected = partArg !== undefined ? [partArg] : args.includes("--json") ? ["vault"] : ["vault", "optimizer"];
let status = 0;
for (const part of selected) {
  if (!(part in parts)) {
    console.error(`unknown --part=${part} (vault, optimizer, bundle or stats)`);
    process.exit(2);
  }
  status ||= await runPart(parts[part]);
}
rmSync(dir, { recursive: true, force: true });
process.exit(status);

async function runPart(entry) {
  await esbuild.build({
    entryPoints: [path.join(root, entry)],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    // `obsidian` is the test fake; gray-matter is what main.js gets in its place (esbuild.config.mjs).
    alias: { obsidian: path.join(root, "bench/obsidian-shim.ts"), "gray-matter": path.join(root, "src/shims/gray-matter.ts") },
    // happy-dom (the DOM the statistics figures draw into) stays a plain require, as Node runs it.
    // NODE_PATH below lets the temporary bundle find it.
    external: ["happy-dom"],
    sourcemap: "inline",
    logLevel: "warning",
  });
  const nodeArgs = ["--expose-gc", "--enable-source-maps"];
  if (args.includes("--cpu-prof")) {
    const profiles = path.join(root, "bench/results");
    mkdirSync(profiles, { recursive: true });
    nodeArgs.push("--cpu-prof", `--cpu-prof-dir=${profiles}`);
  }
  const result = spawnSync(process.execPath, [...nodeArgs, outfile, ...args.filter((a) => a !== "--cpu-prof" && !a.startsWith("--part="))], {
    stdio: "inherit",
    cwd: root,
    env: { ...process.env, TZ: "UTC", BENCH_ROOT: root, NODE_PATH: path.join(root, "node_modules") },
  });
  return result.status ?? 1;
}
