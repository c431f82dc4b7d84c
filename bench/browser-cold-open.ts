/**
 * Cold open in Chromium: the time from navigation start to the last 50 messages on screen, with
 * no network, for a conversation whose head segment (N messages) is in IndexedDB — what a reader
 * of a 100,000-message conversation has on the device (its head segment holds up to 1,000).
 *
 *   npm run build && npx tsx bench/browser-cold-open.ts [--messages 1000] [--runs 5]
 */
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { seedConversation, signUp } from './lib/seeded-chat.js';
import { startVolley } from './lib/servers.js';
import { percentile } from './lib/stats.js';

// In the page, as source text: tsx would add helpers to a function that the page does not have.
// Messages live in nested shadow roots: they are counted wherever they are.
const UNTIL_50_MESSAGES = `(async () => {
  const count = (root) => root.querySelectorAll('[data-testid="message"]').length +
    [...root.querySelectorAll('*')].reduce((n, el) => n + (el.shadowRoot ? count(el.shadowRoot) : 0), 0);
  while (count(document) < 50) await new Promise(requestAnimationFrame);
  return performance.now();
})()`;

const { values } = parseArgs({ options: { messages: { type: 'string', default: '1000' }, runs: { type: 'string', default: '5' } } });
const size = Number(values.messages);
const server = await startVolley(18430);
const base = server.apiUrl!.replace('/api/v1', '');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  await signUp(page, base, 'cold');
  const convId = await seedConversation(page, size, size);
  await page.waitForTimeout(3000); // the service worker has installed and filled its precache

  const times: number[] = [];
  for (let run = 0; run < Number(values.runs); run++) {
    await context.setOffline(true);
    await page.goto(`/c/${convId}`);
    times.push(await page.evaluate<number>(UNTIL_50_MESSAGES));
    await context.setOffline(false);
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log('\n| head segment in IndexedDB | runs | median | worst | target |');
  console.log('|---|---|---|---|---|');
  console.log(`| ${size} messages | ${times.length} | ${percentile(sorted, 50).toFixed(0)} ms | ${sorted.at(-1)!.toFixed(0)} ms | ≤ 300 ms |`);
} finally {
  await browser.close();
  await server.stop();
}
process.exit(0);
