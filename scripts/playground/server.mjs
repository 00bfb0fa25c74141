// The playground: builds the plugin and the browser bundles, then serves an Obsidian-like page that loads
// the production main.js against the fake `obsidian` module, and writes the vault the page edits back into
// a folder on disk. Used by `npm start` (scripts/playground.mjs) and the browser end-to-end tests.
//
// The server is deliberately small and strict: bound to 127.0.0.1, it serves the page, its bundles and the
// files inside the vault folder, writes only inside that folder, and refuses (403) any path that could
// escape it. Nothing here reaches the network.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmdirSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

import esbuild from "esbuild";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const sampleVault = path.join(repoRoot, "sample-vault");
const shellDir = path.join(repoRoot, "scripts", "playground");
const buildDir = path.join(repoRoot, ".playground", "build");

/** Largest request body accepted (a PUT of one file). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** The index lists at most this many files (by default), so a huge folder passed by mistake can't hang the page. */
export const MAX_FILES = 5000;
/** Text in the vault index; everything else is sent as bytes. */
const TEXT_EXTENSIONS = new Set(["md", "txt", "json", "jsonl", "canvas", "css", "csv", "base", "yaml", "yml"]);
const CONTENT_TYPES = {
	md: "text/markdown; charset=utf-8",
	txt: "text/plain; charset=utf-8",
	json: "application/json; charset=utf-8",
	jsonl: "application/x-ndjson; charset=utf-8",
	css: "text/css; charset=utf-8",
	js: "text/javascript; charset=utf-8",
	html: "text/html; charset=utf-8",
	png: "image/png",
	jpg: "image/jpeg",
	jpeg: "image/jpeg",
	gif: "image/gif",
	webp: "image/webp",
	avif: "image/avif",
	bmp: "image/bmp",
	svg: "image/svg+xml",
	pdf: "application/pdf",
	woff2: "font/woff2",
	woff: "font/woff",
	ttf: "font/ttf",
};
/** KaTeX's stylesheet and fonts, for math rendered as Obsidian renders it. */
const katexDir = path.join(repoRoot, "node_modules", "katex", "dist");
// The page runs the plugin with `new Function` (as Obsidian evaluates main.js), hence 'unsafe-eval'; the
// plugin may set inline styles. Everything comes from this server: no request can leave the machine.
const CSP = "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// ---- build -------------------------------------------------------------------------------------------------

/**
 * Builds what the page loads: main.js with the project's own production build (exactly what Obsidian
 * loads), the fake `obsidian` module and the shell as browser bundles. Throws when a build fails.
 */
export async function buildPlayground({ quiet = false } = {}) {
	const result = spawnSync(process.execPath, ["esbuild.config.mjs", "production"], {
		cwd: repoRoot,
		stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
		encoding: "utf8",
	});
	if (result.status !== 0) {
		throw new Error(`building main.js failed (node esbuild.config.mjs production)${quiet ? `:\n${result.stdout ?? ""}${result.stderr ?? ""}` : ""}`);
	}
	mkdirSync(buildDir, { recursive: true });
	const common = { bundle: true, format: "iife", platform: "browser", target: "es2020", logLevel: quiet ? "error" : "warning", sourcemap: "inline", legalComments: "none" };
	await esbuild.build({ ...common, entryPoints: [path.join(repoRoot, "tests/fake-obsidian/browser-entry.ts")], outfile: path.join(buildDir, "fake-obsidian.js") });
	await esbuild.build({ ...common, entryPoints: [path.join(shellDir, "shell.ts")], outfile: path.join(buildDir, "shell.js") });
}

/**
 * A fresh copy of the sample vault under .playground/, so the bundled one is never written. The copy
 * keeps the vault's own name (the folder's name is the vault's name in Obsidian); the timestamped
 * folder above it only keeps copies apart.
 */
export function freshVaultCopy(parent = path.join(repoRoot, ".playground")) {
	const stamp = new Date().toISOString().replace(/[:.]/g, "-");
	const dir = path.join(parent, `vault-${stamp}-${randomBytes(2).toString("hex")}`, path.basename(sampleVault));
	mkdirSync(path.dirname(dir), { recursive: true });
	cpSync(sampleVault, dir, { recursive: true });
	return dir;
}

/**
 * Writes the benchmark's generated vault (bench/generate-vault.ts: `notes` notes, the same bytes for the
 * same size) into a fresh folder `dir`. Returns what the generator reports (tagged notes, big notes).
 */
export async function writeGeneratedVault(dir, notes) {
	mkdirSync(buildDir, { recursive: true });
	const generator = path.join(buildDir, "generate-vault.cjs");
	await esbuild.build({ entryPoints: [path.join(repoRoot, "bench/generate-vault.ts")], outfile: generator, bundle: true, platform: "node", format: "cjs", target: "node20", logLevel: "warning" });
	const { generateVault } = createRequire(import.meta.url)(generator);
	const vault = generateVault(notes);
	for (const [relative, text] of Object.entries(vault.files)) {
		const absolute = path.join(dir, relative);
		mkdirSync(path.dirname(absolute), { recursive: true });
		writeFileSync(absolute, text);
	}
	return { notes: Object.keys(vault.files).length, taggedNotes: vault.taggedNotes.length, bigNotes: vault.bigNotes };
}

// ---- paths -----------------------------------------------------------------------------------------------

export class Refused extends Error {
	constructor(message, status = 403) {
		super(message);
		this.status = status;
	}
}

/** Is `child` (absolute) the folder `root` or inside it? */
function isInside(root, child) {
	const relative = path.relative(root, child);
	return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/**
 * Resolves the still-encoded vault-relative part of a URL (`notes/My%20note.md`) to an absolute path inside
 * the vault, or throws Refused. Refused: NUL bytes, encoded dots, slashes and backslashes, `.`/`..` and empty
 * segments (so no absolute path), backslashes, drive letters, and anything that symlinks out of the vault.
 */
export function resolveVaultPath(realRoot, encoded, { forWrite = false } = {}) {
	if (encoded.includes("\0") || /%00/i.test(encoded)) throw new Refused("refused: NUL byte in path");
	if (/%2e|%2f|%5c/i.test(encoded)) throw new Refused("refused: encoded '.', '/' or '\\' in path (no traversal through encodings)");
	let segments;
	try {
		segments = encoded.split("/").map((s) => decodeURIComponent(s));
	} catch {
		throw new Refused("refused: malformed percent-encoding in path", 400);
	}
	for (const segment of segments) {
		if (segment === "" || segment === "." || segment === "..") throw new Refused("refused: path escapes the vault folder (empty, '.' or '..' segment, or an absolute path)");
		if (segment.includes("\\") || segment.includes("\0")) throw new Refused("refused: backslash or NUL in path");
	}
	if (/^[a-z]:$/i.test(segments[0])) throw new Refused("refused: absolute path");
	const absolute = path.join(realRoot, ...segments);
	if (!isInside(realRoot, absolute) || absolute === realRoot) throw new Refused("refused: path escapes the vault folder");

	// Symlinks: the real location must stay inside the vault, for the file and every folder on the way.
	let probe = absolute;
	while (!existsSync(probe) && !isSymlink(probe)) probe = path.dirname(probe);
	let real;
	try {
		real = realpathSync(probe);
	} catch {
		throw new Refused("refused: a symlink in the path leads nowhere");
	}
	if (!isInside(realRoot, real)) throw new Refused("refused: path leads outside the vault folder through a symlink");
	if (forWrite && probe === absolute && statSync(real).isDirectory()) throw new Refused("refused: that path is a folder", 409);
	return { absolute: probe === absolute ? real : absolute, relative: segments.join("/") };
}

function isSymlink(p) {
	try {
		return lstatSync(p).isSymbolicLink();
	} catch {
		return false;
	}
}

/** Every file of the vault: notes and attachments (`files`), and the config folder's (`config`, hidden from the vault). */
export function listVault(realRoot, maxFiles = MAX_FILES) {
	const files = [];
	const config = [];
	const seen = new Set([realRoot]);
	const walk = (dir, relative) => {
		let names;
		try {
			names = readdirSync(dir).sort();
		} catch {
			return;
		}
		for (const name of names) {
			if (files.length + config.length >= maxFiles) return;
			const childRelative = relative === "" ? name : `${relative}/${name}`;
			const hidden = childRelative.split("/").some((part) => part.startsWith("."));
			// Obsidian keeps dot-folders out of the vault; only its config folder is read (through the adapter).
			if (hidden && !(childRelative === ".obsidian" || childRelative.startsWith(".obsidian/"))) continue;
			let real;
			try {
				real = realpathSync(path.join(dir, name));
			} catch {
				continue;
			}
			if (!isInside(realRoot, real)) continue; // symlinked out of the vault: not served, not listed
			const stats = statSync(real);
			if (stats.isDirectory()) {
				if (seen.has(real)) continue;
				seen.add(real);
				walk(path.join(dir, name), childRelative);
			} else if (stats.isFile()) {
				const extension = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1).toLowerCase() : "";
				(hidden ? config : files).push({ path: childRelative, size: stats.size, text: TEXT_EXTENSIONS.has(extension), mtime: stats.mtimeMs });
			}
		}
	};
	walk(realRoot, "");
	return { files, config };
}

// ---- server ----------------------------------------------------------------------------------------------

/**
 * Serves the playground for `vault` on 127.0.0.1:`port` (0: any free port), listing at most `maxFiles`
 * files. Resolves to { server, url, port, vault, writes, close() } once listening. `writes` counts files
 * written to disk.
 */
export async function startServer({ vault, port = 8765, log = () => {}, maxFiles = MAX_FILES }) {
	const realRoot = realpathSync(vault);
	if (!statSync(realRoot).isDirectory()) throw new Error(`not a folder: ${vault}`);
	const stats = { writes: 0, deletes: 0, refused: 0 };
	const assets = {
		"/": [path.join(shellDir, "shell.html"), "html"],
		"/index.html": [path.join(shellDir, "shell.html"), "html"],
		"/shell.css": [path.join(shellDir, "shell.css"), "css"],
		"/shell.js": [path.join(buildDir, "shell.js"), "js"],
		"/fake-obsidian.js": [path.join(buildDir, "fake-obsidian.js"), "js"],
		"/main.js": [path.join(repoRoot, "main.js"), "js"],
		"/styles.css": [path.join(repoRoot, "styles.css"), "css"],
		"/manifest.json": [path.join(repoRoot, "manifest.json"), "json"],
		"/katex.min.css": [path.join(katexDir, "katex.min.css"), "css"],
	};
	let listeningPort = port;

	const server = http.createServer((req, res) => {
		handle(req, res).catch((error) => {
			const status = error instanceof Refused ? error.status : 500;
			if (status === 403) stats.refused++;
			if (status >= 500) log(`error: ${error.stack ?? error}`);
			else log(`${req.method} ${req.url} -> ${status} ${error.message}`);
			send(res, status, `${error.message}\n`, "text/plain; charset=utf-8");
		});
	});

	async function handle(req, res) {
		// Only this machine, by its loopback names: a web page elsewhere can't reach the server through a
		// DNS name pointing at 127.0.0.1 (DNS rebinding).
		const host = (req.headers.host ?? "").toLowerCase();
		if (host !== `127.0.0.1:${listeningPort}` && host !== `localhost:${listeningPort}`) throw new Refused(`refused: unexpected Host header "${host}"`);
		const rawUrl = req.url ?? "/";
		if (rawUrl.includes("\0")) throw new Refused("refused: NUL byte in URL");
		const pathname = rawUrl.split("?")[0].split("#")[0];

		if (pathname.startsWith("/vault/")) {
			const encoded = pathname.slice("/vault/".length);
			if (req.method === "GET" || req.method === "HEAD") {
				const { absolute } = resolveVaultPath(realRoot, encoded);
				if (!existsSync(absolute) || !statSync(absolute).isFile()) throw new Refused("not found", 404);
				return send(res, 200, req.method === "HEAD" ? "" : readFileSync(absolute), contentType(absolute));
			}
			// Writes come only from the page (a custom header forces a CORS preflight, which is never granted).
			if (req.headers["x-playground"] !== "1") throw new Refused("refused: writes need the X-Playground header");
			if (req.method === "PUT") {
				const body = await readBody(req);
				const { absolute, relative } = resolveVaultPath(realRoot, encoded, { forWrite: true });
				mkdirSync(path.dirname(absolute), { recursive: true });
				// The folders just made are inside: resolveVaultPath checked the nearest existing one.
				writeFileSync(absolute, body);
				stats.writes++;
				log(`wrote ${relative} (${body.length} bytes)`);
				return send(res, 204, "");
			}
			if (req.method === "DELETE") {
				const { absolute, relative } = resolveVaultPath(realRoot, encoded);
				if (!existsSync(absolute)) return send(res, 204, "");
				if (statSync(absolute).isDirectory()) {
					try {
						rmdirSync(absolute); // only an empty folder: its files were deleted one by one before
					} catch {
						throw new Refused("refused: folder is not empty", 409);
					}
				} else unlinkSync(absolute);
				stats.deletes++;
				log(`deleted ${relative}`);
				return send(res, 204, "");
			}
			res.setHeader("Allow", "GET, HEAD, PUT, DELETE");
			throw new Refused("method not allowed", 405);
		}

		if (pathname === "/api/text-files" && req.method === "POST") {
			// Many files in one response: a JSON list of [path, byte length], a line break, then the bytes.
			// A POST with the page's own header, as writes: only the page asks (the paths are in the body).
			if (req.headers["x-playground"] !== "1") throw new Refused("refused: needs the X-Playground header");
			let paths;
			try {
				paths = JSON.parse((await readBody(req)).toString("utf8"));
			} catch {
				throw new Refused("refused: the body must be a JSON list of paths", 400);
			}
			if (!Array.isArray(paths) || !paths.every((p) => typeof p === "string")) throw new Refused("refused: the body must be a JSON list of paths", 400);
			const contents = paths.map((p) => {
				const { absolute } = resolveVaultPath(realRoot, p.split("/").map(encodeURIComponent).join("/"));
				if (!existsSync(absolute) || !statSync(absolute).isFile()) throw new Refused(`not found: ${p}`, 404);
				return readFileSync(absolute);
			});
			const header = Buffer.from(`${JSON.stringify(paths.map((p, i) => [p, contents[i].length]))}\n`, "utf8");
			return send(res, 200, Buffer.concat([header, ...contents]), "application/octet-stream");
		}
		if (req.method !== "GET" && req.method !== "HEAD") {
			res.setHeader("Allow", "GET, HEAD");
			throw new Refused("method not allowed", 405);
		}
		if (pathname === "/api/files") {
			const listing = listVault(realRoot, maxFiles);
			return send(res, 200, JSON.stringify({ name: path.basename(realRoot), ...listing }), CONTENT_TYPES.json);
		}
		// KaTeX's fonts, referenced by its stylesheet as fonts/<name>: only those exact names.
		const font = /^\/fonts\/(KaTeX_[A-Za-z0-9_-]+\.(?:woff2|woff|ttf))$/.exec(pathname);
		if (font !== null) {
			const file = path.join(katexDir, "fonts", font[1]);
			if (!existsSync(file)) throw new Refused("not found", 404);
			return send(res, 200, readFileSync(file), contentType(file));
		}
		const asset = assets[pathname];
		if (asset === undefined) throw new Refused("not found", 404);
		if (!existsSync(asset[0])) throw new Refused(`${path.relative(repoRoot, asset[0])} is missing: run the playground build`, 500);
		return send(res, 200, readFileSync(asset[0]), CONTENT_TYPES[asset[1]]);
	}

	/** The request body, or Refused (413) past MAX_BODY_BYTES; the rest is drained so the 413 gets through. */
	function readBody(req) {
		return new Promise((resolve, reject) => {
			const tooBig = () => new Refused(`refused: body larger than ${MAX_BODY_BYTES} bytes`, 413);
			if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) {
				req.resume();
				reject(tooBig());
				return;
			}
			let chunks = [];
			let size = 0;
			req.on("data", (chunk) => {
				if (chunks === null) return;
				size += chunk.length;
				if (size > MAX_BODY_BYTES) {
					chunks = null;
					reject(tooBig());
					return;
				}
				chunks.push(chunk);
			});
			req.on("end", () => {
				if (chunks !== null) resolve(Buffer.concat(chunks));
			});
			req.on("error", reject);
		});
	}

	await new Promise((resolve, reject) => {
		server.once("error", reject);
		server.listen(port, "127.0.0.1", () => {
			server.off("error", reject);
			resolve();
		});
	});
	listeningPort = server.address().port;
	const url = `http://127.0.0.1:${listeningPort}/`;
	return {
		server,
		url,
		port: listeningPort,
		vault: realRoot,
		stats,
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

function send(res, status, body, type) {
	if (res.headersSent) {
		res.end();
		return;
	}
	res.statusCode = status;
	res.setHeader("Cache-Control", "no-store");
	res.setHeader("X-Content-Type-Options", "nosniff");
	res.setHeader("Content-Security-Policy", CSP);
	if (type) res.setHeader("Content-Type", type);
	res.end(body);
}

function contentType(file) {
	const extension = path.extname(file).slice(1).toLowerCase();
	return CONTENT_TYPES[extension] ?? "application/octet-stream";
}
