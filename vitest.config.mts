import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const fakeObsidian = fileURLToPath(new URL("./tests/fake-obsidian/index.ts", import.meta.url));

// Two projects: the pure core (and CLI) in plain Node, the plugin against the fake 'obsidian' in happy-dom.
// TZ is pinned so "the day starts at 4:00 local" means the same thing on every machine.
process.env.TZ = "UTC";

// The timeout only catches a hang: speed is measured in `npm run bench`, never here. Property tests and
// the whole-vault cases take seconds on a busy 2-core machine.
const testTimeout = 60_000;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "core",
          environment: "node",
          testTimeout,
          include: ["tests/core/**/*.test.ts", "tests/cli/**/*.test.ts", "tests/build/**/*.test.ts"],
        },
      },
      {
        resolve: { alias: { obsidian: fakeObsidian } },
        test: {
          name: "plugin",
          environment: "happy-dom",
          testTimeout,
          include: ["tests/plugin/**/*.test.ts"],
          setupFiles: ["tests/plugin/setup.ts"],
        },
      },
    ],
  },
});
