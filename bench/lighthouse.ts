/**
 * Lighthouse (mobile) on the cold chat page of a signed-in user: the built app on the embedded
 * server, one account registered first, then each run opens `/` with the refresh cookie only —
 * Lighthouse empties the cache, IndexedDB and the service worker before it loads the page, so the
 * page, its script and its conversations all come from the network. Prints the median of the runs.
 *
 *   npm run build && npx tsx bench/lighthouse.ts [--runs 3] [--throttling simulate|devtools] [--port 18440] [--save <dir>]
 *
 * `--save` writes each run's report (`run-<n>.json`) there, to see what the LCP element is and what
 * the page waited for, and its trace (`trace-<n>.json`, unthrottled as observed; Chromium's DevTools
 * open it), to see what each long task ran.
 * The server takes the port and Chromium's debugging port the next one. PWA_DIR=<a build> serves
 * another build of the app (two builds compared in one sitting).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import lighthouse from 'lighthouse';
import { signUp } from './lib/seeded-chat.js';
import { startVolley } from './lib/servers.js';
import { percentile } from './lib/stats.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, throttling: { type: 'string', default: 'simulate' }, port: { type: 'string', default: '18440' }, save: { type: 'string' } } });
const throttlingMethod = values.throttling === 'devtools' ? 'devtools' : 'simulate';
const port = Number(values.port);
const DEBUG_PORT = port + 1;
const server = await startVolley(port);
const base = server.apiUrl!.replace('/api/v1', '');
const profile = mkdtempSync(join(tmpdir(), 'volley-lighthouse-'));
// One persistent profile: Lighthouse's tab is opened in it, with the cookie the sign-up left.
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', `--remote-debugging-port=${DEBUG_PORT}`],
  viewport: { width: 412, height: 823 },
});
try {
  const page = await browser.newPage();
  await signUp(page, base, 'lh');
  await page.goto('about:blank');

  const runs: Record<string, number>[] = [];
  for (let run = 0; run < Number(values.runs); run++) {
    const result = await lighthouse(`${base}/`, {
      port: DEBUG_PORT,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'best-practices'],
      throttlingMethod,
    });
    const lhr = result?.lhr;
    if (!lhr) throw new Error('Lighthouse gave no result');
    if (lhr.finalDisplayedUrl !== `${base}/`) throw new Error(`Lighthouse ended on ${lhr.finalDisplayedUrl}, not the chat page: signed out?`);
    if (values.save) {
      mkdirSync(values.save, { recursive: true });
      writeFileSync(join(values.save, `run-${run + 1}.json`), JSON.stringify(lhr));
      writeFileSync(join(values.save, `trace-${run + 1}.json`), JSON.stringify(result.artifacts.Trace));
    }
    const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
    const scripts = (lhr.audits['network-requests']?.details as { items?: { resourceType?: string; transferSize?: number }[] } | undefined)?.items ?? [];
    runs.push({
      performance: (lhr.categories.performance?.score ?? 0) * 100,
      bestPractices: (lhr.categories['best-practices']?.score ?? 0) * 100,
      fcp: audit('first-contentful-paint'),
      lcp: audit('largest-contentful-paint'),
      tbt: audit('total-blocking-time'),
      cls: audit('cumulative-layout-shift'),
      script: scripts.filter((item) => item.resourceType === 'Script').reduce((sum, item) => sum + (item.transferSize ?? 0), 0),
    });
    const failed = Object.values(lhr.audits).filter((a) => a.score !== null && a.score < 1 && lhr.categories['best-practices']?.auditRefs.some((ref) => ref.id === a.id));
    // What each failed audit points at (the issue, the element, the console message), once per run.
    for (const audit of failed) console.log(`run ${run + 1}: best practices failed: ${audit.id}: ${JSON.stringify((audit.details as { items?: unknown[] } | undefined)?.items ?? []).slice(0, 600)}`);
  }
  const median = (key: string) => percentile(runs.map((run) => run[key]!).sort((a, b) => a - b), 50);
  console.log(`\n| cold chat page, mobile, ${throttlingMethod} throttling | runs | performance | best practices | FCP | LCP | TBT | CLS | script transferred |`);
  console.log('|---|---|---|---|---|---|---|---|---|');
  console.log(
    `| median | ${runs.length} | ${median('performance').toFixed(0)} | ${median('bestPractices').toFixed(0)} | ${(median('fcp') / 1000).toFixed(2)} s | ${(median('lcp') / 1000).toFixed(2)} s | ${median('tbt').toFixed(0)} ms | ${median('cls').toFixed(3)} | ${(median('script') / 1024).toFixed(1)} KB |`,
  );
  console.log('| target | | ≥ 98 | 100 | | ≤ 2.0 s simulated, ≤ 2.5 s applied | | 0 | ≤ 100 KB |');
} finally {
  await browser.close();
  await server.stop();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(0);
