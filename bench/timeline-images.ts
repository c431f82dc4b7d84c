/**
 * A timeline of pictures in Chromium: a channel of 200 messages, 50 of them carrying a photo (JPEGs
 * of several sizes and shapes, uploaded and sent through @volley/client as a member would), opened
 * in Debian's Chromium through Playwright by the other member, then scrolled from the newest message
 * to the oldest and back with the mouse wheel, as a reader does. Prints the long tasks the page had
 * while scrolling (PerformanceObserver 'longtask': target none over 50 ms) and the frame times
 * (requestAnimationFrame deltas: 60 frames per second is 16.7 ms a frame), and the load average.
 *
 *   npm run build && npm run timeline-images -w bench [-- --messages 200 --images 50 --rounds 2 --trace <file>]
 *
 * With `--trace`, the scrolling is traced (Chromium's timeline categories, written to the file for
 * DevTools' Performance panel) and each long task is printed with what took its time: the events
 * directly under it on the page's main thread by name (a script's function and file when known).
 *
 * Runs on PGlite, or PostgreSQL + Redis when their URLs are set. Headless, no GPU: the frames are
 * the compositor's on the CPU, on a machine whose two cores the server shares.
 */
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import sharp from 'sharp';
import WebSocket from 'ws';
import { VolleyClient, type WebSocketConstructor } from '@volley/client';
import { channelOf, registerUsers } from './lib/clients.js';
import { loadLine } from './lib/load.js';
import { freePort, sleep } from './lib/processes.js';
import { startVolley, UNLIMITED_OPS } from './lib/servers.js';
import { longTasksOf, type TraceEvent } from './lib/trace.js';
import { ms, percentile, summarize } from './lib/stats.js';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '200' }, images: { type: 'string', default: '50' }, rounds: { type: 'string', default: '2' }, trace: { type: 'string' } } });
const [count, images, rounds] = [Number(values.messages), Number(values.images), Number(values.rounds)];

/** Photo-like shapes: landscape, portrait, square, panorama. */
const SHAPES = [
  [2400, 1600],
  [1200, 1600],
  [1500, 1500],
  [3000, 1000],
] as const;
const photo = (i: number) => {
  const [width, height] = SHAPES[i % SHAPES.length]!;
  return sharp({ create: { width, height, channels: 3, background: { r: (i * 37) % 256, g: (i * 91) % 256, b: 160 }, noise: { type: 'gaussian', mean: 120, sigma: 40 } } })
    .jpeg({ quality: 80 })
    .toBuffer();
};

// In the page, as source text: tsx would add helpers to a function that the page does not have.
const WATCH = `(() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask' });
  window.__frames = [];
  let last = performance.now();
  const tick = (now) => { window.__frames.push(now - last); last = now; window.__raf = requestAnimationFrame(tick); };
  window.__raf = requestAnimationFrame(tick);
})()`;
const TAKE = `(() => { cancelAnimationFrame(window.__raf); return { longTasks: window.__longTasks, frames: window.__frames }; })()`;
// The message list's scroller is in nested shadow roots: found wherever it is.
const SCROLLER_BOX = `(() => {
  const find = (root) => { for (const el of root.querySelectorAll('*')) { if (el.shadowRoot) { const found = el.shadowRoot.querySelector('[role="log"]') ?? find(el.shadowRoot); if (found) return found; } } return null; };
  const log = find(document);
  const box = log.getBoundingClientRect();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2, top: log.scrollTop, height: log.scrollHeight };
})()`;

const hardStop = setTimeout(() => {
  console.error('timeline: no end after 10 minutes, stopping');
  process.exit(1);
}, 600_000);

const server = await startVolley(await freePort(), { env: UNLIMITED_OPS });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const run = Date.now().toString(36);
  const users = await registerUsers(server.apiUrl!, 2, `tl${run}_`);
  const convId = await channelOf(server.apiUrl!, users, `timeline-${run}`);
  const base = server.apiUrl!.replace(/\/api\/v1$/, '');
  const sender = new VolleyClient({ url: base, token: users[0]!.token, WebSocket: WebSocket as unknown as WebSocketConstructor });
  await sender.me();
  const every = Math.max(1, Math.floor(count / images));
  for (let i = 0; i < count; i++) {
    const text = `message ${i}: ${'a few words of chat '.repeat(1 + (i % 4))}`;
    if (i % every === 0 && i / every < images) {
      await sender.files().send(convId, text, [{ blob: new Blob([new Uint8Array(await photo(i))]), name: `photo-${i}.jpg` }]);
    } else {
      await sender.outbox().send(convId, text);
    }
  }
  await sender.close();

  const context = await browser.newContext({ baseURL: base, viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  await page.goto('/login');
  // registerUsers names them prefix + index, with one password.
  await page.getByLabel('Username or email').fill(`tl${run}_1`);
  await page.getByLabel('Password', { exact: true }).fill('benchmark password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByLabel('Message', { exact: true }).waitFor();
  await page.goto(`/c/${convId}`);
  await page.getByText(`message ${count - 1}:`).waitFor();
  await sleep(3000);

  const loadBefore = loadavg();
  if (values.trace) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'] });
  await page.evaluate(WATCH);
  let box = (await page.evaluate(SCROLLER_BOX)) as { x: number; y: number; top: number; height: number };
  await page.mouse.move(box.x, box.y);
  let wheels = 0;
  for (let round = 0; round < rounds; round++) {
    // Up to the oldest message (older ones load as the top is reached), then down to the newest.
    for (let still = 0; still < 20 && wheels < 4000; wheels++) {
      await page.mouse.wheel(0, -120);
      await page.waitForTimeout(16);
      const now = (await page.evaluate(SCROLLER_BOX)) as typeof box;
      still = now.top === box.top && now.height === box.height ? still + 1 : 0;
      box = now;
    }
    for (let still = 0; still < 20 && wheels < 8000; wheels++) {
      await page.mouse.wheel(0, 120);
      await page.waitForTimeout(16);
      const now = (await page.evaluate(SCROLLER_BOX)) as typeof box;
      still = now.top === box.top ? still + 1 : 0;
      box = now;
    }
  }
  const { longTasks, frames } = (await page.evaluate(TAKE)) as { longTasks: number[]; frames: number[] };
  const traced = values.trace ? await browser.stopTracing() : undefined;
  const seenImages = await page.getByTestId('attachment-image').count();
  const f = summarize(frames);
  const over50 = longTasks.filter((d) => d > 50);
  console.log(`timeline: ${count} messages, ${images} with a photo (${process.env.DATABASE_URL ? 'PG + Redis' : 'PGlite'}); Chromium ${browser.version()} headless, 1200 × 800; ${rounds} × oldest and back, ${wheels} wheel steps of 120 px`);
  console.log(`  long tasks: ${longTasks.length}, over 50 ms: ${over50.length}${longTasks.length ? `, longest ${ms(Math.max(...longTasks))}` : ''} (target: none over 50 ms)`);
  console.log(`  frames: ${frames.length}, p50 ${ms(f.p50)} p95 ${ms(percentile([...frames].sort((a, b) => a - b), 95))} p99 ${ms(f.p99)} max ${ms(f.max)}; over 16.7 ms: ${frames.filter((d) => d > 17.5).length}, over 33 ms: ${frames.filter((d) => d > 34).length}`);
  console.log(`  pictures in the page at the end: ${seenImages}`);
  console.log(`  ${loadLine(loadBefore, 'before scrolling', 'after')}`);
  if (traced && values.trace) {
    await writeFile(values.trace, traced);
    const tasks = longTasksOf((JSON.parse(traced.toString()) as { traceEvents: TraceEvent[] }).traceEvents);
    // On a busy machine a task may last 50 ms while its thread ran for 3: the rest was other processes' turn.
    console.log(`  traced tasks over 50 ms: ${tasks.length}, of which over 50 ms of the main thread's own time: ${tasks.filter((t) => t.cpu > 50).length}`);
    for (const task of tasks) console.log(`  a task of ${ms(task.ms)} (${ms(task.cpu)} running): ${task.parts.slice(0, 6).map(([what, t]) => `${what} ${ms(t)}`).join('; ')}`);
  }
  await context.close();
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await browser.close();
  await server.stop();
  clearTimeout(hardStop);
  process.exit();
}

