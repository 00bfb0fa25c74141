// Summarises a V8 .cpuprofile (from `npm run bench -- --cpu-prof`): self time per function, top N.
//   node bench/profile-summary.mjs bench/results/<file>.cpuprofile [N] [filter-substring]
import { readFileSync } from "node:fs";
const [file, top = "40", filter = ""] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const node = byId.get(profile.samples[i]);
  const f = node.callFrame;
  const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").slice(-2).join("/")}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + (deltas[i] ?? 0) / 1000);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const rows = [...self.entries()].filter(([k]) => k.includes(filter)).sort((a, b) => b[1] - a[1]).slice(0, Number(top));
for (const [k, ms] of rows) console.log(`${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${k}`);
