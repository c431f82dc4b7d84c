/**
 * `npm run build -w pwa`: the Vite build, its precompressed copies (precompress.mjs) and the size of
 * what a first visit downloads (first-load.mjs), skipped when nothing it reads has changed since the
 * last build, so that a second `npm start` is not held by a bundle identical to the one on disk
 * (docs/architecture.md §8).
 *
 * What it reads is summed into one SHA-256, as build caches (Nx, Turborepo) key their tasks: every
 * file of this package and of the workspace packages it depends on (transitively, outside their
 * dist/), the root lockfile and what npm last installed (node_modules/.package-lock.json), the
 * TypeScript base config, Node's version and the VITE_* / NODE_ENV environment. The sum is written to
 * `.vite/dist-inputs` only after a build has finished, and removed before one starts: a failed or
 * interrupted build is redone. Under CI (`CI` set, as `npm test` sets it), or with `--force`, the
 * build always runs. `--inputs` prints the sum and builds nothing.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const pwa = fileURLToPath(new URL('..', import.meta.url));
const root = join(pwa, '..');
const stamp = join(pwa, '.vite', 'dist-inputs');
/** Not inputs: what builds and installs write inside a package. */
const SKIPPED = new Set(['dist', 'node_modules', '.vite']);

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** This package's directory and those of the workspace packages it depends on, transitively. */
function packageDirs() {
  const byName = new Map();
  for (const dir of readJson(join(root, 'package.json')).workspaces) {
    byName.set(readJson(join(root, dir, 'package.json')).name, join(root, dir));
  }
  const dirs = new Set();
  const visit = (dir) => {
    if (dirs.has(dir)) return;
    dirs.add(dir);
    // Only what ships: a package's devDependencies (client's test server) never reach the bundle.
    for (const name of Object.keys(readJson(join(dir, 'package.json')).dependencies ?? {})) {
      const found = byName.get(name);
      if (found) visit(found);
    }
  };
  visit(pwa);
  return [...dirs].sort();
}

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

function inputsHash() {
  const hash = createHash('sha256');
  const add = (path) => {
    hash.update(`${relative(root, path)}\0`);
    hash.update(existsSync(path) ? readFileSync(path) : '(absent)');
    hash.update('\0');
  };
  for (const dir of packageDirs()) for (const path of files(dir)) add(path);
  for (const name of ['package.json', 'package-lock.json', 'tsconfig.base.json', 'node_modules/.package-lock.json']) add(join(root, name));
  const env = Object.entries(process.env).filter(([key]) => key.startsWith('VITE_') || key === 'NODE_ENV');
  hash.update(JSON.stringify([process.version, env.sort()]));
  return hash.digest('hex');
}

function run(args) {
  const status = spawnSync(process.execPath, args, { cwd: pwa, stdio: 'inherit' }).status;
  if (status !== 0) process.exit(status ?? 1);
}

const inputs = inputsHash();
if (process.argv.includes('--inputs')) {
  console.log(inputs);
  process.exit(0);
}
const force = process.argv.includes('--force') || Boolean(process.env.CI);
const built = existsSync(join(pwa, 'dist', 'index.html')) && existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : undefined;
if (!force && built === inputs) {
  console.log(`pwa/dist is up to date (inputs ${inputs.slice(0, 12)}): Vite build skipped`);
  process.exit(0);
}
rmSync(stamp, { force: true });
run([join(dirname(fileURLToPath(import.meta.resolve('vite/package.json'))), 'bin', 'vite.js'), 'build']);
run([join(pwa, 'scripts', 'precompress.mjs')]);
run([join(pwa, 'scripts', 'first-load.mjs')]);
mkdirSync(dirname(stamp), { recursive: true });
writeFileSync(stamp, `${inputs}\n`);
