/**
 * Writes `<file>.br` and `<file>.gz` beside each compressible file of the build, once at build time
 * at the highest levels, so that neither the embedded server (koa-send picks them by Accept-Encoding)
 * nor nginx (`brotli_static`/`gzip_static`) compresses per request. Kept only when smaller.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(html|js|mjs|css|json|webmanifest|svg|txt|map|wasm)$/;
/** The build's directory: pwa/dist, or the one given (tests). */
const dist = process.argv[2] ?? fileURLToPath(new URL('../dist', import.meta.url));

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.test(name)) yield path;
  }
}

let before = 0;
let after = 0;
for (const path of files(dist)) {
  const raw = readFileSync(path);
  const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
  const gz = gzipSync(raw, { level: 9 });
  if (br.length < raw.length) writeFileSync(`${path}.br`, br);
  if (gz.length < raw.length) writeFileSync(`${path}.gz`, gz);
  before += raw.length;
  after += Math.min(raw.length, br.length);
}
console.log(`precompressed: ${Math.round(before / 1024)} KiB → ${Math.round(after / 1024)} KiB with brotli`);
