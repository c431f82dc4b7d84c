/**
 * The app's service worker's start in Chromium: the worker stopped (as the browser stops an idle
 * one), then a navigation it answers; the time from the worker's start to the navigation's fetch
 * (`fetchStart − workerStart`, Navigation Timing), which every cold open of the app waits for. This
 * build's `pwa/dist` beside another build's (`--reference <dir>`, a copy of an earlier
 * `pwa/dist`), each served by its own server, the runs alternating.
 *
 *   npm run build && npx tsx bench/sw-start.ts --reference /tmp/ref-dist [--runs 21]
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import { startVolley } from './lib/servers.js';
import { percentile } from './lib/stats.js';

const { values } = parseArgs({ options: { reference: { type: 'string' }, runs: { type: 'string', default: '21' } } });
const builds = [
  { name: 'this build', dir: fileURLToPath(new URL('../pwa/dist', import.meta.url)) },
  ...(values.reference ? [{ name: `reference (${values.reference})`, dir: values.reference }] : []),
];

/** A page whose origin's worker is installed and in control. */
async function controlled(browser: Browser, base: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto('/');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.waitForTimeout(2_000); // the precache filled
  await page.reload();
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) throw new Error(`no worker controls ${base}`);
  return page;
}

/** Stops the worker, then navigates: the worker's start to the navigation's fetch, in ms. */
async function start(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
  await page.goto('/');
  const { workerStart, fetchStart } = await page.evaluate(() => performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming);
  if (!(workerStart > 0)) throw new Error('the navigation did not start the worker');
  return fetchStart - workerStart;
}

const servers = await Promise.all(builds.map((build, i) => startVolley(18460 + i, { env: { PWA_DIR: build.dir } })));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const pages = await Promise.all(servers.map((server) => controlled(browser, server.apiUrl!.replace('/api/v1', ''))));
  const times: number[][] = builds.map(() => []);
  for (let run = 0; run < Number(values.runs); run++) for (const [i, page] of pages.entries()) times[i]!.push(await start(page));
  console.log('\n| worker | runs | start → fetch p50 | p90 | worst |');
  console.log('|---|---|---|---|---|');
  const sorted = times.map((runs) => [...runs].sort((a, b) => a - b));
  const p50 = sorted.map((runs) => percentile(runs, 50));
  for (const [i, build] of builds.entries()) {
    const runs = sorted[i]!;
    const ratio = i > 0 ? ` (this build ${(p50[0]! / p50[i]!).toFixed(2)}×)` : '';
    console.log(`| ${build.name} | ${runs.length} | ${p50[i]!.toFixed(1)} ms${ratio} | ${percentile(runs, 90).toFixed(1)} ms | ${runs.at(-1)!.toFixed(1)} ms |`);
  }
} finally {
  await browser.close();
  await Promise.all(servers.map((server) => server.stop()));
}
process.exit(0);
