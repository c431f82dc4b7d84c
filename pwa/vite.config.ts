import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OutputBundle, OutputChunk } from 'rolldown';
import { build, defaultClientConditions, defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * emoji-picker-element writes its changing styles (grid columns, the category indicator, rows) as
 * `style` attributes, which the content security policy refuses and reports. Written as
 * `data-style` instead, the picker's loader applies them through the CSSOM, which the policy allows
 * (src/components/chat/volley-emoji-picker/emoji-picker-loader.ts).
 */
const emojiPickerStyles: Plugin = {
  name: 'volley-emoji-picker-styles',
  enforce: 'pre',
  transform(code, id) {
    if (!/[\\/]emoji-picker-element[\\/]picker\.js$/.test(id)) return null;
    return { code: code.replaceAll('" style="', '" data-style="'), map: null };
  },
};

/**
 * The crypto machine in the push worker, which reads encrypted messages' pushes (src/e2ee/pushed.ts). The
 * package's entry names its WebAssembly beside itself, which a script built as one file takes in as
 * a 10 MB data URL; this copy of the entry loads the same bindings from the WebAssembly the app
 * fetched and the worker keeps (the package's `initAsync`, reading the cache first).
 */
const CRYPTO_IN_WORKER = '\0volley-crypto-in-worker';
const cryptoBindings = join(dirname(createRequire(import.meta.url).resolve('@matrix-org/matrix-sdk-crypto-wasm')), 'pkg', 'matrix_sdk_crypto_wasm_bg.js');
const cryptoInWorker = (): Plugin => ({
  name: 'volley-crypto-in-worker',
  enforce: 'pre',
  resolveId: (id) => (id === '@matrix-org/matrix-sdk-crypto-wasm' ? CRYPTO_IN_WORKER : null),
  load(id) {
    if (id !== CRYPTO_IN_WORKER) return null;
    const bindings = JSON.stringify(cryptoBindings);
    return `import * as bindings from ${bindings};
export * from ${bindings};
let loading = null;
export function initAsync(url) {
  loading ??= (async () => {
    const response = (await caches.match(url)) ?? (await fetch(url));
    const { instance } = await WebAssembly.instantiateStreaming(response, { './matrix_sdk_crypto_wasm_bg.js': bindings });
    bindings.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start();
  })();
  return loading;
}`;
  },
});

/** The push worker (src/push-worker.ts): a service worker of its own, built as a classic script. */
const pushWorker: Plugin = {
  name: 'volley-push-worker',
  apply: 'build',
  async closeBundle() {
    await build({
      configFile: false,
      root: fileURLToPath(new URL('.', import.meta.url)),
      logLevel: 'warn',
      resolve: { conditions: ['source', ...defaultClientConditions] },
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      plugins: [cryptoInWorker()],
      build: { outDir: 'dist', emptyOutDir: false, copyPublicDir: false, lib: { entry: 'src/push-worker.ts', formats: ['iife'], name: 'volleyPushWorker', fileName: () => 'push-worker.js' } },
    });
  },
};

/**
 * zod and the modules of @volley/shared that make schemas, in one chunk of their own: loaded when
 * the client library first validates something (client/src/schemas.ts), never with a page's first
 * load. Without the group the bundler puts modules that lazy chunks share into the entry chunk.
 */
const makesSchemas = (id: string): boolean =>
  /[\\/]node_modules[\\/]zod[\\/]/.test(id) || (/[\\/]shared[\\/]src[\\/].*\.ts$/.test(id) && /from 'zod'/.test(readFileSync(id, 'utf8')));

/** The libraries the app's start evaluates one at a time (src/main.ts), each in a chunk of its own. */
const libraries = [
  { name: 'lit', test: /[\\/]node_modules[\\/](lit|lit-html|lit-element|@lit[\\/]reactive-element)[\\/]/ },
  { name: 'dexie', test: /[\\/]node_modules[\\/]dexie[\\/]/ },
  { name: 'yjs', test: /[\\/]node_modules[\\/](yjs|lib0|y-protocols)[\\/]/ },
];

/** The chunks a bundle's entry loads, at once or as the steps of its start (its own dynamic imports, src/main.ts), with theirs. */
function startOf(bundle: OutputBundle, entry: OutputChunk): Set<string> {
  const files = new Set<string>();
  const add = (file: string): void => {
    const found = bundle[file];
    if (files.has(file) || found?.type !== 'chunk') return;
    files.add(file);
    for (const imported of found.imports) add(imported);
  };
  for (const file of [entry.fileName, ...entry.dynamicImports]) add(file);
  return files;
}

/**
 * The modules the shell's code imports at once (app/volley-app.ts and what it imports, but the
 * libraries, which have chunks of their own): one chunk with it. Left to itself, the bundler makes a
 * dozen small chunks of those that lazy chunks share too, each compressed alone and each an import
 * more (2–3 KB of the first load).
 */
const shellModules = new Set<string>();
const shellGraph: Plugin = {
  name: 'volley-shell-graph',
  apply: 'build',
  buildEnd() {
    const shell = fileURLToPath(new URL('src/app/volley-app.ts', import.meta.url));
    const add = (id: string): void => {
      if (shellModules.has(id) || makesSchemas(id) || libraries.some(({ test }) => test.test(id))) return;
      shellModules.add(id);
      // A package's index re-exports all of it, most of which the shell does not use.
      if (/[\\/](shared|client)[\\/]src[\\/]index\.ts$/.test(id)) return;
      for (const imported of this.getModuleInfo(id)?.importedIds ?? []) add(imported);
    };
    add(shell);
  },
};

/**
 * The app's entry and the modules index.html preloads for it at low priority: the browser fetches
 * the stylesheet and app-shell.js first, which paint the chat page's frame, and the script after.
 * The entry imports the libraries and the shell one step at a time (src/main.ts): their chunks are
 * preloaded from index.html too, so that they travel together rather than each after the step before.
 */
const scriptAfterFrame: Plugin = {
  name: 'volley-script-after-frame',
  apply: 'build',
  transformIndexHtml: {
    order: 'post',
    handler: (html, { bundle, chunk }) => {
      if (!bundle || !chunk) return html;
      const steps = startOf(bundle, chunk);
      // The entry's own imports too: the bundler's preloads leave out every chunk of the start (modulePreload below).
      steps.delete(chunk.fileName);
      const links = [...steps].map((file) => `<link rel="modulepreload" crossorigin href="/${file}">`).join('');
      return html.replace('</head>', `${links}</head>`).replace(/<(script type="module"|link rel="modulepreload")/g, '<$1 fetchpriority="low"');
    },
  },
};

/** What the app's start has loaded (startOf), known once the bundle is written: a lazy chunk need not preload it again. */
let started = new Set<string>();
const startedFiles: Plugin = {
  name: 'volley-started-files',
  apply: 'build',
  generateBundle: (_, bundle) => {
    const entry = Object.values(bundle).find((file): file is OutputChunk => file.type === 'chunk' && file.isEntry);
    started = entry ? startOf(bundle, entry) : new Set();
  },
};

/**
 * The components' stylesheets (Lit's css`` literals) without their comments, indentation and line
 * breaks: the bundler's minifier leaves a template literal's text as it is. The build ships no
 * source maps; one made to see what the bytes are (BENCHMARKS.md) attributes them by module, which
 * a line moved within a module does not change.
 */
const compactStyles: Plugin = {
  name: 'volley-compact-styles',
  apply: 'build',
  transform: {
    filter: { id: /[\\/]pwa[\\/]src[\\/].*\.ts$/, code: 'css`' },
    handler: (code) => ({
      code: code.replace(/\bcss`([^`]*)`/g, (_, text: string) => {
        const compact = text
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/ ?([{};,>]) ?/g, '$1')
          .replace(/: /g, ':')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${compact}\``;
      }),
      map: null,
    }),
  },
};

/** Where `npm run dev` forwards the API and the sockets: the embedded server's default port. */
const BACKEND = 'http://localhost:8080';

export default defineConfig({
  resolve: {
    // Read @volley/shared from its TypeScript sources (its `source` export condition).
    conditions: ['source', ...defaultClientConditions],
    // shared imports yjs too: two copies would break `instanceof` checks inside Yjs.
    dedupe: ['yjs'],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // A lazy chunk preloads the chunks it imports, but not those every page has (startedFiles): their list is in its code.
    modulePreload: { resolveDependencies: (_, deps) => deps.filter((dep) => !started.has(dep)) },
    rolldownOptions: {
      output: {
        // Seven characters of hash, not eight (the fewest the bundler allows for this many chunks): a
        // file's name is written in every chunk that imports or preloads it, and hash characters do not
        // compress (176 bytes of the chat page's first load); 42 bits still tell a build's files apart.
        entryFileNames: 'assets/[name]-[hash:7].js',
        chunkFileNames: 'assets/[name]-[hash:7].js',
        assetFileNames: 'assets/[name]-[hash:7][extname]',
        codeSplitting: {
          groups: [{ name: 'schemas', test: makesSchemas, includeDependenciesRecursively: false }, ...libraries, { name: 'volley-app', test: (id) => shellModules.has(id) }],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': BACKEND,
      '/healthz': BACKEND,
      '/sync': { target: BACKEND, ws: true },
      // Only the socket: `/game/<id>` itself is an app page, served by Vite.
      '/game': { target: BACKEND, ws: true, bypass: (req) => (req.headers.upgrade ? undefined : '/index.html') },
    },
  },
  plugins: [
    emojiPickerStyles,
    pushWorker,
    shellGraph,
    compactStyles,
    scriptAfterFrame,
    startedFiles,
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      // The app registers the worker itself (src/pwa/app-update.ts) and asks before updating.
      injectRegister: false,
      registerType: 'prompt',
      // The manifest and its icons are added by the plugin itself.
      includeManifestIcons: false,
      injectManifest: {
        rollupFormat: 'iife',
        // wav: the game's sounds, so practice plays them offline.
        globPatterns: ['**/*.{js,css,html,png,svg,woff2,wav}'],
        // A worker of its own (src/push-worker.ts), fetched when this device subscribes to pushes.
        globIgnores: ['push-worker.js'],
      },
      manifest: {
        id: '/',
        name: 'Volley',
        short_name: 'Volley',
        description: 'Chat and Pong with your friends, online or not.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#4338ca',
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
  ],
});
