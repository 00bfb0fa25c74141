// `npm run bench -- --part=bundle`: figure (7) alone — the production main.js and its parts (bench/bundle.ts).
import { measureBundle } from "./bundle";

const ROOT = process.env.BENCH_ROOT ?? process.cwd();

async function main(): Promise<void> {
  const bundle = await measureBundle(ROOT);
  if (process.argv.includes("--json")) {
    process.stdout.write(`${JSON.stringify({ bundle }, null, 2)}\n`);
    return;
  }
  const verdict = (kb: number, target: number | null): string => (target === null ? "" : kb <= target ? "PASS" : "MISS");
  const row = (name: string, kb: number, target: number | null): string =>
    `${name.padEnd(52)}${`${kb} KB`.padStart(10)}${(target === null ? "" : `≤ ${target} KB`).padStart(12)}  ${verdict(kb, target)}`;
  const lines = [row(`(7) main.js, minified (gzip ${bundle.gzipKb} KB)`, bundle.kb, bundle.targetKb)];
  for (const part of bundle.parts) lines.push(row(`    ${part.name}`, part.kb, part.targetKb));
  lines.push(row("    … of which the FSRS optimiser (core, UI)", bundle.optimizer.kb, bundle.optimizer.targetKb));
  process.stdout.write(`\n${lines.join("\n")}\n\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
