// Generates the small PNGs of the sample vault: placeholders for the image embeds of the user's example
// note (the original screenshots are not ours to ship) and `attachments/diagram.png`, which a playground
// card embeds. Deterministic output; the PNGs are committed, so this only runs when they change:
//
//   node scripts/make-sample-pngs.mjs
//
// A minimal PNG encoder (8-bit RGB, filter 0, zlib from node:zlib): no dependency.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "sample-vault");

// ---- encoder -------------------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(bytes) {
	let c = 0xffffffff;
	for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
	const out = Buffer.alloc(12 + data.length);
	out.writeUInt32BE(data.length, 0);
	out.write(type, 4, "ascii");
	data.copy(out, 8);
	out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
	return out;
}

/** @param {{ width: number, height: number, pixels: Uint8Array }} image RGB, row-major */
function encodePng({ width, height, pixels }) {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // colour type: RGB
	const raw = Buffer.alloc((width * 3 + 1) * height);
	for (let y = 0; y < height; y++) {
		raw[y * (width * 3 + 1)] = 0; // filter: none
		Buffer.from(pixels.buffer, pixels.byteOffset + y * width * 3, width * 3).copy(raw, y * (width * 3 + 1) + 1);
	}
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk("IHDR", header),
		chunk("IDAT", deflateSync(raw, { level: 9 })),
		chunk("IEND", Buffer.alloc(0)),
	]);
}

// ---- a tiny canvas ---------------------------------------------------------------------------------------

function canvas(width, height, background) {
	const pixels = new Uint8Array(width * height * 3);
	const set = (x, y, [r, g, b]) => {
		if (x < 0 || y < 0 || x >= width || y >= height) return;
		const i = (y * width + x) * 3;
		pixels[i] = r;
		pixels[i + 1] = g;
		pixels[i + 2] = b;
	};
	const rect = (x0, y0, w, h, color) => {
		for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) set(x, y, color);
	};
	const frame = (x0, y0, w, h, color, t = 2) => {
		rect(x0, y0, w, t, color);
		rect(x0, y0 + h - t, w, t, color);
		rect(x0, y0, t, h, color);
		rect(x0 + w - t, y0, t, h, color);
	};
	const disc = (cx, cy, r, color) => {
		for (let y = cy - r; y <= cy + r; y++) for (let x = cx - r; x <= cx + r; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) set(x, y, color);
	};
	/** Filled triangle with a horizontal base: apex (ax, ay), base from x0 to x1 at y = by. */
	const peak = (ax, ay, x0, x1, by, color) => {
		for (let y = ay; y <= by; y++) {
			const t = (y - ay) / Math.max(1, by - ay);
			for (let x = Math.round(ax + (x0 - ax) * t); x <= Math.round(ax + (x1 - ax) * t); x++) set(x, y, color);
		}
	};
	rect(0, 0, width, height, background);
	return { width, height, pixels, set, rect, frame, disc, peak };
}

// ---- the images ------------------------------------------------------------------------------------------

/** A "picture" placeholder: framed, a sun and two hills, tinted per image so they can be told apart. */
function placeholder(hue) {
	const c = canvas(160, 90, [244, 244, 246]);
	const tint = hsl(hue, 0.55, 0.55);
	const light = hsl(hue, 0.5, 0.82);
	c.rect(8, 8, 144, 74, light);
	c.disc(118, 28, 9, [250, 204, 72]);
	c.peak(52, 34, 8, 100, 81, tint);
	c.peak(100, 46, 62, 151, 81, hsl(hue, 0.45, 0.42));
	c.frame(0, 0, 160, 90, [180, 180, 188], 2);
	return encodePng(c);
}

/** A small block diagram: three boxes joined by arrows (input -> model -> output). */
function diagram() {
	const c = canvas(240, 80, [255, 255, 255]);
	const ink = [60, 64, 72];
	const boxes = [
		[10, 22, 56, 36, [219, 234, 254]],
		[92, 16, 56, 48, [220, 252, 231]],
		[174, 22, 56, 36, [254, 226, 226]],
	];
	for (const [x, y, w, h, fill] of boxes) {
		c.rect(x, y, w, h, fill);
		c.frame(x, y, w, h, ink, 2);
	}
	for (const [from, to] of [
		[66, 92],
		[148, 174],
	]) {
		c.rect(from + 2, 39, to - from - 8, 2, ink);
		for (let x = to - 10; x < to - 2; x++) c.rect(x, 40 - (to - 2 - x), 1, 2 * (to - 2 - x) + 1, ink); // arrow head
	}
	// A few "layers" inside the model box.
	for (let i = 0; i < 3; i++) c.rect(102 + i * 14, 26, 8, 28, [34, 197, 94]);
	return encodePng(c);
}

function hsl(h, s, l) {
	const k = (n) => (n + h / 30) % 12;
	const a = s * Math.min(l, 1 - l);
	const f = (n) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
	return [f(0), f(8), f(4)].map((v) => Math.round(v * 255));
}

const srcs = "AI-Notes/Concepts/the-future-of-dl+cv-srcs";
const names = ["Screen_Shot.png", "Screen_Shot_1.png", ...[1, 2, 3, 4, 5, 6].map((n) => `Screen_Shot ${n}.png`)];
const files = new Map(names.map((name, i) => [`${srcs}/${name}`, placeholder(i * 45)]));
files.set("attachments/diagram.png", diagram());

for (const [relative, bytes] of files) {
	const file = path.join(root, relative);
	mkdirSync(path.dirname(file), { recursive: true });
	writeFileSync(file, bytes);
	console.log(`${relative}  ${bytes.length} bytes`);
}
