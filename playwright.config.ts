import { defineConfig } from '@playwright/test';
import { E2E_OAUTH_PORT, E2E_PORT as port, E2E_PUSH_PORT, E2E_SMTP_PORT, e2eDataDir, e2eServerEnv } from './e2e/support.js';
import { LOOSE_THROTTLES } from './core/src/config.js';
import { STAND_IN_CLIENT } from './examples/oauth-stand-in.js';

// A second server seals conversation segments after 20 messages, for the history-at-scale spec,
// and takes thousands of messages a second from one account, which seeds a long history through
// the client library as a bot would (the default rate is 5 a second).
const smallSegmentsPort = port + 1;
const SEEDING_OP_RATE = { OP_RATE_PER_SECOND: '5000', OP_RATE_BURST: '10000' };

/**
 * The built app on the embedded default, or on PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set
 * (CI), then on a fresh database of its own (`e2eDatabaseUrl`).
 */
function server(serverPort: number, env: Record<string, string> = {}) {
  const dataDir = e2eDataDir(serverPort);
  return {
    command: `rm -rf ${dataDir} && node e2e/fresh-database.mjs && node server/dist/main.js`,
    url: `http://localhost:${serverPort}/healthz`,
    reuseExistingServer: false,
    // Migrations on a fresh PGlite take seconds on a quiet machine, a minute or more on a busy one.
    timeout: 180_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
    // Specs sign in many times from one address: throttles are tested at the api (api/src/throttles).
    env: { PORT: String(serverPort), ...e2eServerEnv(serverPort), LOG_LEVEL: 'warn', ...LOOSE_THROTTLES, ...env },
  };
}

// The sign-in button needs only this configuration; the provider itself runs inside oauth.spec.ts
// (discovery is lazy, so the server starts, and other specs run, without it).
const oauthProvider = {
  OIDC_ISSUER: `http://127.0.0.1:${E2E_OAUTH_PORT}`,
  OAUTH_CLIENT_ID: STAND_IN_CLIENT.id,
  OAUTH_CLIENT_SECRET: STAND_IN_CLIENT.secret,
  OAUTH_NAME: 'Stand-in School',
};

// End-to-end specs drive Debian's Chromium against the built app.
export default defineConfig({
  testDir: 'e2e',
  // Two spec files at a time against the same servers (a file's tests in order): most of a spec's
  // time is waiting on the app, and each spec signs up users of its own and writes in channels of
  // its own, never relying on what #general holds.
  fullyParallel: false,
  workers: 2,
  // In CI a test that fails once under two workers on two shared cores runs once more, and the
  // summary still names it flaky; here a failure is a failure, to be looked at.
  retries: process.env.CI ? 1 : 0,
  // Three browsers and the servers share two cores with the other spec file: a long flow takes a minute.
  timeout: 90_000,
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
  // The main server signs in with the stand-in provider of e2e/oauth.spec.ts, mails the stand-in
  // mailbox of e2e/account-recovery.spec.ts (a mail sent while it is closed is only logged) and
  // fetches link previews from the stand-in site of e2e/link-previews.spec.ts on 127.0.0.1, and
  // pushes to the stand-in push service of e2e/web-push.spec.ts.
  webServer: [
    server(port, {
      ...oauthProvider,
      SMTP_URL: `smtp://127.0.0.1:${E2E_SMTP_PORT}`,
      PUBLIC_URL: `http://localhost:${port}`,
      LINK_PREVIEW_ALLOWED_ADDRESSES: '127.0.0.1',
      PUSH_SERVICE_ORIGINS: `http://127.0.0.1:${E2E_PUSH_PORT}`,
    }), server(smallSegmentsPort, { SEGMENT_SIZE: '20', ...SEEDING_OP_RATE })],
});
