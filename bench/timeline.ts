/**
 * A long timeline in Chromium, from local storage: a conversation of `--messages` messages on the
 * device (in IndexedDB as the app keeps them: sealed segments of 1,000 and a head), opened with no network. Prints the time from navigation
 * start to the newest message on screen, then scrolls the log up to its oldest message at a steady
 * pace, one step a frame, and prints the frame intervals and the long tasks (over 50 ms) seen while
 * it scrolled.
 *
 * With `--profile`, the second run (the first with a snapshot; the only one with `--runs 1`) is
 * recorded with Chromium's CPU profiler (the open, then the scroll) and the functions with the most
 * self time are printed for each; a build without minifying (`npx vite build --minify false` in
 * pwa/) gives them their names.
 *
 * With `--open-only`, each run measures the open and skips the scroll.
 *
 * The app keeps a snapshot of a conversation's newest messages once it has shown them
 * (docs/architecture.md §7): the first run opens the seeded messages without one, the later runs
 * with the one the first left.
 *
 *   npm run build && npx tsx bench/timeline.ts [--messages 10000] [--runs 5] [--step 40] [--profile] [--open-only] [--port 18450]
 */
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { precached, seededId, seedConversation, signUp } from './lib/seeded-chat.js';
import { startVolley } from './lib/servers.js';
import { selfTimes } from './lib/cpu-profile.js';
import { longTasksOf, OPEN_TRACE, printOpen, type TraceEvent } from './lib/trace.js';
import { percentile } from './lib/stats.js';
import { untilNewest } from './lib/in-page.js';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '10000' }, runs: { type: 'string', default: '5' }, step: { type: 'string', default: '40' }, profile: { type: 'boolean', default: false }, 'open-only': { type: 'boolean', default: false }, trace: { type: 'boolean', default: false }, port: { type: 'string', default: '18450' } } });
const size = Number(values.messages);


/** Scrolls the log up `step` px a frame until it reaches the top with nothing older to load (or 60 s); answers frame intervals, long tasks, the messages rendered at the end and whether the oldest (`oldest`) is among them. */
const SCROLL_UP = (step: number, oldest: string) => `(async () => {
  const find = (root) => root.querySelector('[data-testid="message-list"]') ?? [...root.querySelectorAll('*')].map((el) => el.shadowRoot && find(el.shadowRoot)).find(Boolean) ?? null;
  const log = find(document);
  const longTasks = [];
  const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)));
  observer.observe({ type: 'longtask' });
  const frames = [];
  let last = await new Promise(requestAnimationFrame);
  const started = last;
  let stillAtTop = 0;
  while (last - started < 60000) {
    log.scrollTop -= ${step};
    const now = await new Promise(requestAnimationFrame);
    frames.push(now - last);
    last = now;
    // At the top for half a second with nothing older to come (the log's "older messages" line gone): every message has been shown.
    stillAtTop = log.scrollTop === 0 && !log.querySelector('.older') ? stillAtTop + 1 : 0;
    if (stillAtTop > 30) break;
  }
  observer.disconnect();
  const shown = (root) => [...root.querySelectorAll('[data-testid="message"]')].map((el) => el.dataset.id).concat(...[...root.querySelectorAll('*')].map((el) => (el.shadowRoot ? shown(el.shadowRoot) : [])));
  const ids = shown(document);
  return { frames, longTasks, seconds: (last - started) / 1000, shown: ids.length, oldest: ids.includes('${oldest}') };
})()`;

function printProfile(what: string, profile: Parameters<typeof selfTimes>[0]): void {
  const { total, functions } = selfTimes(profile);
  console.log(`\n${what}: ${total.toFixed(0)} ms sampled; most self time:`);
  for (const f of functions.slice(0, 25)) console.log(`${f.ms.toFixed(0).padStart(7)} ms  ${f.name}`);
}

const server = await startVolley(Number(values.port));
const base = server.apiUrl!.replace('/api/v1', '');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  await signUp(page, base, 'timeline');
  await precached(page);
  // Offline from here on: the app never hears the server's record of the conversation (its head is the seeded one).
  await context.setOffline(true);
  const convId = await seedConversation(page, size);

  const opens: number[] = [];
  const intervals: number[] = [];
  const longTasks: number[] = [];
  let scrolled = { seconds: 0, shown: 0, oldest: false };
  for (let run = 0; run < Number(values.runs); run++) {
    const profiling = values.profile && run === Math.min(1, Number(values.runs) - 1) ? await page.context().newCDPSession(page) : null;
    await profiling?.send('Profiler.enable');
    await profiling?.send('Profiler.setSamplingInterval', { interval: 200 });
    await profiling?.send('Profiler.start');
    const tracing = values.trace && run === Math.min(1, Number(values.runs) - 1);
    if (tracing) await browser.startTracing(page, { categories: OPEN_TRACE });
    await page.goto(`/c/${convId}`);
    opens.push(await page.evaluate<number>(untilNewest(seededId(size - 1))));
    if (tracing) printOpen(JSON.parse((await browser.stopTracing()).toString()).traceEvents, opens.at(-1)!);
    if (profiling) printProfile('the open', (await profiling.send('Profiler.stop')).profile);
    await page.waitForTimeout(1000);
    if (values['open-only']) {
      await profiling?.detach();
      continue;
    }
    await profiling?.send('Profiler.start');
    if (profiling) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'] });
    const result = await page.evaluate<{ frames: number[]; longTasks: number[]; seconds: number; shown: number; oldest: boolean }>(SCROLL_UP(Number(values.step), seededId(0)));
    if (profiling) {
      printProfile('the scroll', (await profiling.send('Profiler.stop')).profile);
      const traced = (await browser.stopTracing()).toString();
      const tasks = longTasksOf((JSON.parse(traced) as { traceEvents: TraceEvent[] }).traceEvents);
      const parts = new Map<string, number>();
      for (const task of tasks) for (const [what, ms] of task.parts) parts.set(what, (parts.get(what) ?? 0) + ms);
      // On a busy machine a task may last 50 ms while its thread ran for 3: the rest was other processes' turn.
      console.log(`\nthe scroll's traced tasks over 50 ms: ${tasks.length}, of which over 50 ms of the main thread's own time: ${tasks.filter((task) => task.cpu > 50).length}; what took them:`);
      for (const [what, ms] of [...parts].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${ms.toFixed(0).padStart(7)} ms  ${what}`);
    }
    await profiling?.detach();
    intervals.push(...result.frames);
    longTasks.push(...result.longTasks);
    scrolled = result;
  }
  const sortedOpens = [...opens].sort((a, b) => a - b);
  if (values['open-only']) {
    console.log(`\n| messages on the device | runs | open to the newest (median / worst) |\n|---|---|---|\n| ${size} | ${opens.length} | ${percentile(sortedOpens, 50).toFixed(0)} / ${sortedOpens.at(-1)!.toFixed(0)} ms |`);
    console.log(`opens: ${opens.map((ms) => ms.toFixed(0)).join(', ')} ms (the first run's before the app has a snapshot of the seeded messages)`);
  } else {
    const sortedFrames = [...intervals].sort((a, b) => a - b);
    const late = intervals.filter((ms) => ms > 1000 / 60 + 4).length;
    console.log(`\nlast run scrolled ${scrolled.seconds.toFixed(1)} s; at the top ${scrolled.shown} messages rendered, the oldest ${scrolled.oldest ? 'among them' : 'not reached'}`);
    console.log('\n| messages on the device | runs | open to the newest (median / worst) | frame interval p50 / p99 / worst | frames later than 20.7 ms | long tasks (> 50 ms) | longest |');
    console.log('|---|---|---|---|---|---|---|');
    console.log(
      `| ${size} | ${opens.length} | ${percentile(sortedOpens, 50).toFixed(0)} / ${sortedOpens.at(-1)!.toFixed(0)} ms | ${percentile(sortedFrames, 50).toFixed(1)} / ${percentile(sortedFrames, 99).toFixed(1)} / ${sortedFrames.at(-1)!.toFixed(1)} ms | ${late} of ${intervals.length} | ${longTasks.length} | ${longTasks.length ? Math.max(...longTasks).toFixed(0) : 0} ms |`,
    );
    console.log('| target | | ≤ 200 ms | 16.7 ms (60 fps) | | 0 | |');
    console.log(`opens: ${opens.map((ms) => ms.toFixed(0)).join(', ')} ms (the first run's before the app has a snapshot of the seeded messages)`);
  }
} finally {
  await browser.close();
  await server.stop();
}
process.exit(0);
