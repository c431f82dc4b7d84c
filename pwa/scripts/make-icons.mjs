#!/usr/bin/env node
/**
 * Writes the app icons (public/icons/*.png): two paddles and a ball on the brand colour.
 * No image library: shapes are signed distance functions, rasterised with 4×4 supersampling
 * and encoded as RGBA PNG with node:zlib. Run again after changing the design:
 *   node scripts/make-icons.mjs
 */
import { crc32, deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');
const BRAND = [67, 56, 202]; // #4338ca, the manifest's theme_color
const INK = [255, 255, 255];
const SAMPLES = 4;

/** Distance to a rounded rectangle centred at (cx, cy); negative inside. Units: fraction of the icon. */
const roundedRect = (cx, cy, halfW, halfH, radius) => (x, y) => {
  const qx = Math.abs(x - cx) - halfW + radius;
  const qy = Math.abs(y - cy) - halfH + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
};
const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
const union = (...shapes) => (x, y) => Math.min(...shapes.map((s) => s(x, y)));

/**
 * `scale` shrinks the artwork towards the centre: maskable icons keep everything inside the
 * safe zone (a centred circle of 40 % radius), so the launcher may crop to any shape.
 */
function design({ fullBleed, scale }) {
  const s = (v) => 0.5 + (v - 0.5) * scale;
  const background = fullBleed ? () => -1 : roundedRect(0.5, 0.5, 0.5, 0.5, 0.2);
  const ink = union(
    roundedRect(s(0.22), s(0.42), 0.045 * scale, 0.15 * scale, 0.045 * scale),
    roundedRect(s(0.78), s(0.58), 0.045 * scale, 0.15 * scale, 0.045 * scale),
    circle(s(0.52), s(0.36), 0.075 * scale),
  );
  return { background, ink };
}

function render(size, options) {
  const { background, ink } = design(options);
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES) / size;
          const y = (py + (sy + 0.5) / SAMPLES) / size;
          if (background(x, y) <= 0) {
            bg++;
            if (ink(x, y) <= 0) fg++;
          }
        }
      }
      const n = SAMPLES * SAMPLES;
      const alpha = bg / n;
      const inkShare = bg === 0 ? 0 : fg / bg;
      const i = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(BRAND[c] * (1 - inkShare) + INK[c] * inkShare);
      rgba[i + 3] = Math.round(alpha * 255);
    }
  }
  return encodePng(size, size, rgba);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const icons = [
  ['icon-192.png', 192, { fullBleed: false, scale: 1 }],
  ['icon-512.png', 512, { fullBleed: false, scale: 1 }],
  ['icon-maskable-512.png', 512, { fullBleed: true, scale: 0.8 }],
  ['apple-touch-icon-180.png', 180, { fullBleed: true, scale: 0.9 }],
  ['favicon-32.png', 32, { fullBleed: false, scale: 1 }],
];

mkdirSync(OUT, { recursive: true });
for (const [name, size, options] of icons) {
  writeFileSync(join(OUT, name), render(size, options));
  console.log(`wrote ${join('public/icons', name)}`);
}
