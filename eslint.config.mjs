// Lint set-up. `npm run lint` runs `eslint . --max-warnings=0`: a warning fails it like an error.
//
// - src/**: eslint-plugin-obsidianmd's recommended config (ESLint + typescript-eslint type-checked rules
//   + the Obsidian review rules), type-aware through tsconfig.json.
// - src/core/**: additionally pure — no 'obsidian' (types included) and nothing from ui/main/cli.
// - src/cli.ts: a Node program, not plugin code: Node modules and console output are its job.
// - tests, bench, scripts, root config files: ESLint + typescript-eslint recommended, without the
//   Obsidian plugin rules (they judge code that runs inside Obsidian).
// - manifest.json and LICENSE: the obsidianmd rules that check them for the community-plugin review.
import path from "node:path";
import { fileURLToPath } from "node:url";

import js from "@eslint/js";
import obsidianmd from "eslint-plugin-obsidianmd";
// Not re-exported from the package root; the package has no "exports" map, so the file path is public.
import { PlainTextParser } from "eslint-plugin-obsidianmd/dist/lib/plainTextParser.js";
import { defineConfig, globalIgnores } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

const root = path.dirname(fileURLToPath(import.meta.url));

const coreIsPure = "src/core is pure TypeScript: it imports neither 'obsidian' (not even types) nor the plugin, UI or CLI. Move Obsidian-facing code to src/ui or src/main.ts, and pass what core needs in as data or an interface.";

export default defineConfig([
	globalIgnores([
		"main.js",
		"dist/",
		"node_modules/",
		".playground/",
		"coverage/",
		"test-results/",
		"bench/results/",
	]),

	{
		name: "plugin source (obsidianmd recommended)",
		files: ["src/**/*.ts"],
		extends: [obsidianmd.configs.recommended],
		languageOptions: {
			parserOptions: {
				project: "./tsconfig.json",
				tsconfigRootDir: root,
			},
		},
		rules: {
			// getSettingDefinitions() is Obsidian 1.13's declarative settings API. The plugin supports 1.7.2
			// and is typed against obsidian 1.8.7, which has neither the method nor its types; on 1.13 a
			// non-empty definition list replaces display(). Revisit when minAppVersion reaches 1.13.
			"obsidianmd/settings-tab/prefer-setting-definitions": "off",
			// FSRS (the scheduler's name) and RMSE (the metric Anki shows) are acronyms users know written so.
			"obsidianmd/ui/sentence-case": ["warn", { acronyms: ["FSRS", "RMSE"] }],
		},
	},

	{
		name: "core stays pure",
		files: ["src/core/**/*.ts"],
		rules: {
			// The core rule (the recommended config turns it off in favour of the typescript-eslint one, which
			// keeps its own list of banned HTTP clients). It also reports `import type`, which is intended.
			"no-restricted-imports": [
				"error",
				{
					patterns: [
						{ regex: "^obsidian(/.*)?$", message: coreIsPure },
						{ regex: "^(\\.\\./)+(ui|main|cli)(/.*|\\.[cm]?[jt]s)?$", message: coreIsPure },
						{ regex: "^(\\./|/)?(.*/)?src/(ui|main|cli)(/.*|\\.[cm]?[jt]s)?$", message: coreIsPure },
					],
				},
			],
		},
	},

	{
		name: "command-line interface (a Node program)",
		files: ["src/cli.ts", "src/cli/**/*.ts"],
		languageOptions: { globals: globals.node },
		rules: {
			"obsidianmd/no-nodejs-modules": "off",
			// The recommended config enforces no-console (warn/error/debug only) through this wrapper; a CLI
			// prints. Keep the wrapper's other check.
			"obsidianmd/rule-custom-message": [
				"error",
				{
					"no-new-func": {
						messages: {
							"The Function constructor is eval":
								"Using the `Function` constructor is dangerous because it executes arbitrary code, similar to `eval()`",
						},
					},
				},
			],
		},
	},

	{
		name: "tests, benchmarks, scripts and tool configs (typescript-eslint recommended)",
		files: [
			"tests/**/*.{ts,mts,mjs,js}",
			"bench/**/*.{ts,mts,mjs,js}",
			"scripts/**/*.{ts,mts,mjs,js}",
			"*.{mjs,mts}",
		],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		languageOptions: {
			globals: { ...globals.node },
		},
		rules: {
			"@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
		},
	},

	{
		name: "the fake 'obsidian' mirrors obsidian.d.ts",
		files: ["tests/fake-obsidian/**/*.ts"],
		// Its signatures copy the declarations' `any` so the real types stay assignable to the fake's.
		rules: { "@typescript-eslint/no-explicit-any": "off" },
	},

	{
		name: "manifest.json (community-plugin review rules)",
		files: ["manifest.json"],
		languageOptions: { parser: tseslint.parser },
		plugins: { obsidianmd },
		rules: { "obsidianmd/validate-manifest": "error" },
	},

	{
		name: "LICENSE (community-plugin review rules)",
		files: ["LICENSE"],
		languageOptions: { parser: PlainTextParser },
		plugins: { obsidianmd },
		// The year check would fail the build every 1 January; the holder check is the one that matters.
		rules: { "obsidianmd/validate-license": ["error", { disableUnchangedYear: true }] },
	},
]);
