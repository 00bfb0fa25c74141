// `npm start`: review the sample vault in a browser with the production main.js.
//
//   node scripts/playground.mjs [--vault <dir> | --generated <notes>] [--port <n>] [--no-build]
//
// Without --vault, the bundled sample-vault/ is copied to a fresh .playground/vault-<time>/sample-vault/ and
// that copy is used; with --vault, that folder is used as is (grades are written into its notes);
// --generated 10000 writes the benchmark's generated vault of that many notes (bench/generate-vault.ts) to a
// fresh folder under .playground/ and serves it (add ?cache=warm to the address: a cold cache of 10,000
// notes takes a while to fill). --port 0
// picks a free port; when the default port is taken, the next free one is used (and said). Ctrl+C or
// SIGTERM stops the server.
import path from "node:path";
import process from "node:process";
import { existsSync, mkdirSync, realpathSync, statSync } from "node:fs";

import { MAX_FILES, buildPlayground, freshVaultCopy, repoRoot, sampleVault, startServer, writeGeneratedVault } from "./playground/server.mjs";

function usage(message) {
	if (message) console.error(`playground: ${message}`);
	console.error("usage: node scripts/playground.mjs [--vault <dir> | --generated <notes>] [--port <n>] [--no-build]");
	process.exit(2);
}

const DEFAULT_PORT = 8765;
/** How many ports after the default are tried when it is taken. */
const PORT_TRIES = 20;
const options = { vault: null, generated: null, port: DEFAULT_PORT, build: true, portGiven: false };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
	const arg = argv[i];
	const [name, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
	const value = () => inline ?? argv[++i] ?? usage(`${name} needs a value`);
	if (name === "--vault") options.vault = value();
	else if (name === "--generated") {
		const raw = value();
		options.generated = /^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 100_000 ? Number(raw) : usage(`--generated must be a number of notes, 1-100000, not "${raw}"`);
	} else if (name === "--port") {
		const raw = value();
		options.port = /^\d+$/.test(raw) && Number(raw) <= 65535 ? Number(raw) : usage(`--port must be 0-65535, not "${raw}"`);
		options.portGiven = true;
	} else if (name === "--no-build") options.build = false;
	else if (name === "--help" || name === "-h") usage();
	else usage(`unknown argument "${arg}"`);
}

if (options.vault !== null && options.generated !== null) usage("--vault and --generated exclude each other");
if (options.vault !== null && !(existsSync(options.vault) && statSync(options.vault).isDirectory())) usage(`--vault: no such folder: ${options.vault}`);

if (options.build) await buildPlayground();
let vault;
if (options.generated !== null) {
	vault = path.join(repoRoot, ".playground", `generated-${options.generated}-${new Date().toISOString().replace(/[:.]/g, "-")}`, "Generated vault");
	mkdirSync(vault, { recursive: true });
	const generated = await writeGeneratedVault(vault, options.generated);
	console.log(`playground: generated ${generated.notes} notes (${generated.taggedNotes} tagged)`);
} else vault = options.vault === null ? freshVaultCopy() : path.resolve(options.vault);
if (realpathSync(vault) === realpathSync(sampleVault)) console.warn("playground: --vault is the bundled sample-vault/ itself: reviews will change its notes (git checkout sample-vault to undo).");

let playground;
for (let port = options.port; playground === undefined; port++) {
	try {
		playground = await startServer({ vault, port, log: (line) => console.log(`  ${line}`), maxFiles: Math.max(MAX_FILES, (options.generated ?? 0) + 100) });
		if (port !== options.port) console.log(`playground: port ${options.port} is in use; using ${port} instead.`);
	} catch (error) {
		if (error.code !== "EADDRINUSE") throw error;
		// A port the user asked for is theirs to change; the default moves on to the next free one.
		if (options.portGiven || port - options.port >= PORT_TRIES) usage(`port ${port} is in use; pick another with --port (0: any free port)`);
	}
}

console.log(`
Heading Flashcards playground
  open     ${playground.url}
  vault    ${path.relative(repoRoot, playground.vault).startsWith("..") ? playground.vault : path.relative(repoRoot, playground.vault)}
           (grades are written into these notes: open one to see its state line)
  keys     Space: show answer / Good   1-4: Again Hard Good Easy   U: undo   S: skip   B: bury   O: open note
  stop     Ctrl+C
`);

let stopping = false;
const stop = async (signal) => {
	if (stopping) return;
	stopping = true;
	console.log(`\n${signal}: stopping the playground server…`);
	await playground.close();
	console.log("stopped.");
	process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
