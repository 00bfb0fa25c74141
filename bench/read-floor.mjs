// The floor of figure (2b), the whole process: what any program that reads a vault must do — find its
// `.md` files, read each one, decode it as UTF-8 and look at the first character of every line (the
// same line scan as figure (1)'s floor). `flashcards due` is measured against this, run alternately.
//   node bench/read-floor.mjs <vault folder>
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const root = process.argv[2];
let files = 0;
let acc = 0;
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.toLowerCase().endsWith(".md")) {
      const text = readFileSync(full, "utf8");
      files++;
      for (let pos = 0; pos < text.length; ) {
        acc = (acc + text.charCodeAt(pos)) | 0;
        const newline = text.indexOf("\n", pos);
        if (newline === -1) break;
        pos = newline + 1;
      }
    }
  }
};
walk(root);
process.stdout.write(`${files} files, ${acc}\n`);
