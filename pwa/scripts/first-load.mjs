/**
 * Prints what a first visit downloads, compressed as the server sends it: the shell (index.html's
 * classic scripts, the page's entry script and what it imports, at once or in its start's steps:
 * the entry's own dynamic imports, src/main.ts) and each named page on top of it (its chunk and its static
 * imports, the ones Vite preloads with it). Its dynamic imports (markdown, the emoji picker, the
 * second language) are not counted: they load when needed. The chat page is counted as a phone
 * opens `/` (the conversation list alone), and again with a conversation open (its view's chunk,
 * fetched when one opens: at once beside the list on a wider screen). The sign-in page is counted
 * with its part of the English catalogue (src/i18n/en.ts), which its route loads with it. The budget is a figure to hold, shown
 * against each page, not a gate: `npm run build` still succeeds over it.
 *
 *   node pwa/scripts/first-load.mjs [dist]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? fileURLToPath(new URL('../dist', import.meta.url));
const BUDGET_KB = 100;
/** Pages reported, each by the names its chunks start with. */
const PAGES = [['page-auth', 'en-sign-in', 'en-later'], ['page-chat'], ['page-chat', 'conversation-view']];

// `import{a as b}from"./x.js"` and `export{...}from"./x.js"` at a chunk's top level.
const STATIC_IMPORT = /(?:^|[;\n}])\s*(?:import|export)\s*(?:[\w$*{}\s,]*?from\s*)?["']\.\/([^"']+\.js)["']/g;
// `import("./x.js")`: in the entry, the steps of the app's start.
const DYNAMIC_IMPORT = /\bimport\(\s*["'`]\.\/([^"'`]+\.js)["'`]\s*\)/g;

const assets = join(dist, 'assets');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entry = /<script type="module"[^>]*src="\/assets\/([^"]+)"/.exec(html)?.[1];
if (!entry) throw new Error('no entry script in index.html');

/** The page's classic scripts (app-shell.js, zod-jitless.js), served from the root, not assets/. */
const classic = [...html.matchAll(/<script(?![^>]*type="module")[^>]*src="\/([^"/]+\.js)"/g)].map(([, name]) => `../${name}`);

/** Brotli size of a file as served: its `.br` copy when the build wrote one. */
function served(name) {
  const path = join(assets, name);
  const raw = readFileSync(path);
  return {
    br: existsSync(`${path}.br`) ? readFileSync(`${path}.br`).length : brotliCompressSync(raw).length,
    gz: existsSync(`${path}.gz`) ? readFileSync(`${path}.gz`).length : gzipSync(raw, { level: 9 }).length,
  };
}

function closure(name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const [, imported] of readFileSync(join(assets, name), 'utf8').matchAll(STATIC_IMPORT)) closure(imported, seen);
  return seen;
}

const kb = (bytes) => (bytes / 1024).toFixed(1);
const total = (names) => [...names].reduce((sum, name) => ({ br: sum.br + served(name).br, gz: sum.gz + served(name).gz }), { br: 0, gz: 0 });
const names = readdirSync(assets);

const shell = new Set([...classic, ...closure(entry)]);
for (const [, step] of readFileSync(join(assets, entry), 'utf8').matchAll(DYNAMIC_IMPORT)) closure(step, shell);
const rows = [['shell', shell]];
for (const page of PAGES) {
  const chunks = page.map((part) => names.find((name) => name.startsWith(`${part}-`) && name.endsWith('.js')));
  if (chunks.every(Boolean)) rows.push([page.join(' + '), chunks.reduce((files, chunk) => closure(chunk, files), new Set(shell))]);
}
console.log(`first load, compressed script (budget ${BUDGET_KB} KB for a page):`);
for (const [label, files] of rows) {
  const size = total(files);
  const largest = [...files].map((name) => [name, served(name).br]).sort((a, b) => b[1] - a[1]).slice(0, 4);
  const over = label !== 'shell' && size.br / 1024 > BUDGET_KB ? `  OVER BUDGET by ${kb(size.br - BUDGET_KB * 1024)} KB` : '';
  console.log(`  ${label.padEnd(32)} ${kb(size.br).padStart(6)} KB brotli, ${kb(size.gz).padStart(6)} KB gzip in ${files.size} files${over}`);
  console.log(`${' '.repeat(35)}largest: ${largest.map(([name, br]) => `${name.replace(/-[\w-]{7}\.js$/, '')} ${kb(br)}`).join(', ')}`);
}
