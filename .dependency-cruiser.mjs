// `npm run check:cycles` (and `npm test`): no import cycle in any package, type-only imports
// included; imports between packages flow one way, and in the PWA from the shell down
// (docs/architecture.md §1, §7, §8).
// Sibling packages are read from their sources (the "source" export condition), so an import of
// `@volley/core` is an arrow into core/src and a cycle across packages would show too.

// What each package may import besides itself, by folder (docs/architecture.md §1).
const below = {
  shared: [],
  core: ['shared'],
  api: ['core', 'shared'],
  'sync-server': ['core', 'shared'],
  server: ['api', 'sync-server', 'core', 'shared'],
  client: ['shared'],
  pwa: ['client', 'shared'],
  examples: ['client', 'shared'],
};
const packages = [...Object.keys(below), 'bench', 'e2e'];

// Tests and their support files drive a package from outside: a client test runs a real server.
const TEST = '\\.(test|testing)\\.ts$';

export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A file in a cycle cannot be understood, tested or replaced alone.',
      from: {},
      to: { circular: true },
    },
    ...Object.entries(below).map(([pkg, allowed]) => ({
      name: `${pkg}-imports-below-only`,
      severity: 'error',
      comment: `${pkg} may import only ${allowed.join(', ') || 'itself'} (docs/architecture.md §1).`,
      from: { path: `^${pkg}/`, pathNot: TEST },
      to: { path: `^(${packages.filter((p) => p !== pkg && !allowed.includes(p)).join('|')})/` },
    })),
    {
      name: 'pwa-shell-on-top',
      severity: 'error',
      comment: 'The shell and the route table import the pages; nothing below imports them (docs/architecture.md §7).',
      from: { path: '^pwa/src/', pathNot: `^pwa/src/(app/|main\\.ts$)|${TEST}` },
      to: { path: '^pwa/src/app/' },
    },
    {
      name: 'pwa-pages-above-components',
      severity: 'error',
      comment: 'Pages import components, services and logic; none of those imports a page (docs/architecture.md §7).',
      from: { path: '^pwa/src/', pathNot: `^pwa/src/(app/|pages/|main\\.ts$)|${TEST}` },
      to: { path: '^pwa/src/pages/' },
    },
    {
      name: 'pwa-ui-knows-no-feature',
      severity: 'error',
      comment: 'The generic pieces (components/ui) serve every feature and import none (docs/architecture.md §7).',
      from: { path: '^pwa/src/components/ui/', pathNot: TEST },
      to: { path: '^pwa/src/(components/(?!ui/)|tournaments/)' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing would hide an arrow from the checks above.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|test-results|playwright-report)/' },
    combinedDependencies: true,
    tsConfig: { fileName: 'tsconfig.check.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['source', 'import', 'types', 'browser', 'default'],
      mainFields: ['module', 'main', 'types'],
      extensions: ['.ts', '.mjs', '.js', '.json'],
    },
  },
};
