import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources (the "source" export condition): no build before tests.
// Not the bundlers' "module" condition: Node never uses it, and some packages' files under it do not
// load in Node (the AWS SDK's dist-es, with extensionless imports).
const conditions = ['source', ...defaultServerConditions.filter((c) => c !== 'module')];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['{shared,core,api,sync-server,server,client,pwa}/src/**/*.test.ts', 'examples/*.test.ts'],
    environment: 'node',
    // One process runs a worker's test files one after another with the modules it has loaded
    // (each file still starts its own servers, schema and bus prefix): loading the server's modules
    // afresh for each of 170 files took more time than the tests' own work (docs/architecture.md).
    isolate: false,
    testTimeout: 20_000,
    // A file's setup starts servers and signs several users up (each an Argon2 hash): 30 s ran out
    // on a loaded machine with both modes' files running side by side.
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-reports/unit.json' },
  },
});
