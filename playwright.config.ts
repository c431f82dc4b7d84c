import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 18080);
// A second server seals conversation segments after 20 messages, for the history-at-scale spec.
const smallSegmentsPort = port + 1;

/** The built app on the embedded default, or on PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set (CI). */
function server(serverPort: number, env: Record<string, string> = {}) {
  // Outside test-results/, which Playwright empties when it starts.
  const dataDir = join(tmpdir(), `volley-e2e-${serverPort}`);
  return {
    command: `rm -rf ${dataDir} && node server/dist/main.js`,
    url: `http://localhost:${serverPort}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
    env: { PORT: String(serverPort), DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
  };
}

// End-to-end specs drive Debian's Chromium against the built app.
export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-reports/e2e.json' }]] : [['list']],
  use: {
    serviceWorkers: 'allow',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    { name: 'app', testIgnore: /segments\.spec\.ts/, use: { baseURL: `http://localhost:${port}` } },
    { name: 'small-segments', testMatch: /segments\.spec\.ts/, use: { baseURL: `http://localhost:${smallSegmentsPort}` } },
  ],
  webServer: [server(port), server(smallSegmentsPort, { SEGMENT_SIZE: '20' })],
});
