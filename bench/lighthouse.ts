/**
 * Lighthouse (mobile) on the cold chat page of a signed-in user: the built app on the embedded
 * server, one account registered first, then each run opens `/` with the refresh cookie only —
 * Lighthouse empties the cache, IndexedDB and the service worker before it loads the page, so the
 * page, its script and its conversations all come from the network. Prints the median of the runs.
 *
 *   npm run build && npx tsx bench/lighthouse.ts [--runs 3] [--throttling simulate|devtools] [--port 18440] [--save <dir>]
 *     [--lighthouse <a Lighthouse CLI, e.g. node_modules/lighthouse/cli/index.js> [--node <its Node>]]
 *
 * Without `--lighthouse` the project's Lighthouse (12) runs in this process. With it, another
 * Lighthouse's CLI runs against the same Chromium and account (Lighthouse 13 needs Node 22, hence
 * `--node`): `mkdir /tmp/lh13 && cd /tmp/lh13 && npm init -y && npm install node@22 lighthouse@13.5`,
 * then `--lighthouse /tmp/lh13/node_modules/lighthouse/cli/index.js --node /tmp/lh13/node_modules/node/bin/node`.
 * Each run also prints the page's main-thread tasks of the first load as observed in the trace
 * (unthrottled: the longest, the most CPU time one took, which a busy machine does not stretch, and
 * how many took 50 ms or more) and as Lighthouse's long-tasks audit reads them (simulated on a CPU
 * four times slower): a task under 50 ms adds nothing to the total blocking time whichever way a
 * Lighthouse version weighs it. The table gives the medians of the runs.
 *
 * `--save` writes each run's report (`run-<n>.json`) there, to see what the LCP element is and what
 * the page waited for, and its trace (`trace-<n>.json`, unthrottled as observed; Chromium's DevTools
 * open it), to see what each long task ran.
 * The server takes the port and Chromium's debugging port the next one. PWA_DIR=<a build> serves
 * another build of the app (two builds compared in one sitting).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { chromium } from '@playwright/test';
import lighthouse, { type Result } from 'lighthouse';
import { signUp } from './lib/seeded-chat.js';
import { startVolley } from './lib/servers.js';
import { percentile } from './lib/stats.js';
import { openOf, type TraceEvent } from './lib/trace.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, throttling: { type: 'string', default: 'simulate' }, port: { type: 'string', default: '18440' }, save: { type: 'string' }, lighthouse: { type: 'string' }, node: { type: 'string', default: 'node' } } });
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
let version = '';
/** One Lighthouse run on the chat page: its report and its trace, from this process's Lighthouse or another's CLI. */
async function measure(run: number): Promise<{ lhr: Result; trace: { traceEvents: TraceEvent[] } }> {
  const categories = ['performance', 'best-practices'];
  if (!values.lighthouse) {
    const result = await lighthouse(`${base}/`, { port: DEBUG_PORT, output: 'json', logLevel: 'error', onlyCategories: categories, throttlingMethod });
    if (!result?.lhr) throw new Error('Lighthouse gave no result');
    version = result.lhr.lighthouseVersion;
    return { lhr: result.lhr, trace: result.artifacts.Trace as unknown as { traceEvents: TraceEvent[] } };
  }
  const out = join(profile, `run-${run}`);
  const flags = [`--port=${DEBUG_PORT}`, '--output=json', `--output-path=${out}.json`, `--only-categories=${categories.join(',')}`, `--throttling-method=${throttlingMethod}`, '--save-assets', '--quiet'];
  // Not a synchronous child: Chromium blocks once this process stops reading Playwright's pipe to it.
  await promisify(execFile)(values.node!, [values.lighthouse, `${base}/`, ...flags]);
  const lhr = JSON.parse(readFileSync(`${out}.json`, 'utf8')) as Result;
  version = lhr.lighthouseVersion;
  return { lhr, trace: JSON.parse(readFileSync(`${out}-0.trace.json`, 'utf8')) as { traceEvents: TraceEvent[] } };
}

try {
  const page = await browser.newPage();
  await signUp(page, base, 'lh');
  await page.goto('about:blank');

  const runs: Record<string, number>[] = [];
  for (let run = 0; run < Number(values.runs); run++) {
    const { lhr, trace } = await measure(run);
    if (lhr.finalDisplayedUrl !== `${base}/`) throw new Error(`Lighthouse ended on ${lhr.finalDisplayedUrl}, not the chat page: signed out?`);
    if (values.save) {
      mkdirSync(values.save, { recursive: true });
      writeFileSync(join(values.save, `run-${run + 1}.json`), JSON.stringify(lhr));
      writeFileSync(join(values.save, `trace-${run + 1}.json`), JSON.stringify(trace));
    }
    const tasks = openOf(trace.traceEvents, Number.POSITIVE_INFINITY, 0).tasks;
    const longest = tasks.reduce((max, task) => Math.max(max, task.ms), 0);
    // The thread's own time: what a busy machine (descheduled renderer) does not stretch.
    const longestCpu = tasks.reduce((max, task) => Math.max(max, task.cpu), 0);
    const simulated = ((lhr.audits['long-tasks']?.details as { items?: { duration: number; url?: string }[] } | undefined)?.items ?? []).filter((task) => task.duration >= 50);
    console.log(
      `run ${run + 1} (Lighthouse ${lhr.lighthouseVersion}): tasks of the first load: observed longest ${longest.toFixed(0)} ms (${longestCpu.toFixed(0)} ms on the CPU at most), ${tasks.filter((task) => task.ms >= 50).length} of 50 ms or more; ` +
        `simulated ${simulated.length} of 50 ms or more${simulated.length ? ` (${simulated.map((task) => `${task.duration.toFixed(0)} ms ${task.url?.split('/').at(-1) ?? ''}`).join(', ')})` : ''}`,
    );
    const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
    const scripts = (lhr.audits['network-requests']?.details as { items?: { resourceType?: string; transferSize?: number }[] } | undefined)?.items ?? [];
    runs.push({
      performance: (lhr.categories.performance?.score ?? 0) * 100,
      bestPractices: (lhr.categories['best-practices']?.score ?? 0) * 100,
      fcp: audit('first-contentful-paint'),
      lcp: audit('largest-contentful-paint'),
      tbt: audit('total-blocking-time'),
      cls: audit('cumulative-layout-shift'),
      longest,
      longestCpu,
      simulatedLongest: simulated.reduce((max, task) => Math.max(max, task.duration), 0),
      script: scripts.filter((item) => item.resourceType === 'Script').reduce((sum, item) => sum + (item.transferSize ?? 0), 0),
    });
    const failed = Object.values(lhr.audits).filter((a) => a.score !== null && a.score < 1 && lhr.categories['best-practices']?.auditRefs.some((ref) => ref.id === a.id));
    // What each failed audit points at (the issue, the element, the console message), once per run.
    for (const audit of failed) console.log(`run ${run + 1}: best practices failed: ${audit.id}: ${JSON.stringify((audit.details as { items?: unknown[] } | undefined)?.items ?? []).slice(0, 600)}`);
  }
  const median = (key: string) => percentile(runs.map((run) => run[key]!).sort((a, b) => a - b), 50);
  console.log(`\n| cold chat page, mobile, ${throttlingMethod} throttling, Lighthouse ${version} | runs | performance | best practices | FCP | LCP | TBT | CLS | script transferred | longest task observed, on the CPU, simulated |`);
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  console.log(
    `| median | ${runs.length} | ${median('performance').toFixed(0)} | ${median('bestPractices').toFixed(0)} | ${(median('fcp') / 1000).toFixed(2)} s | ${(median('lcp') / 1000).toFixed(2)} s | ${median('tbt').toFixed(0)} ms | ${median('cls').toFixed(3)} | ${(median('script') / 1024).toFixed(1)} KB | ${median('longest').toFixed(0)} ms, ${median('longestCpu').toFixed(0)} ms, ${median('simulatedLongest') ? `${median('simulatedLongest').toFixed(0)} ms` : 'none ≥ 50 ms'} |`,
  );
  console.log('| target | | ≥ 98 | 100 | | ≤ 2.0 s simulated, ≤ 2.5 s applied | | 0 | ≤ 100 KB | < 50 ms each |');
} finally {
  await browser.close();
  await server.stop();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(0);
