// `npm run check:cycles` (and `npm test`): the import graph of every package is a tree, type-only
// imports included, and imports between packages flow one way (docs/architecture.md §1, §8).
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
const TEST = '(\\.test|\\.testing|/testing|/test-harness)\\.ts$';

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
