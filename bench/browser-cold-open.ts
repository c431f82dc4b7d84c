/**
 * Cold open in Chromium: the time from navigation start to the newest message's text on screen
 * among at least 50, with no network, for a conversation whose head segment (N messages) is in
 * IndexedDB — what a reader of a 100,000-message conversation has on the device (its head segment
 * holds up to 1,000). Two accounts in the same run, opened in turn: a plain conversation, and an
 * end-to-end encrypted one whose messages this device has read before (their text kept in the local
 * database, pwa/src/e2ee): opening it decrypts nothing again.
 *
 *   npm run build && npx tsx bench/browser-cold-open.ts [--messages 1000] [--runs 5]
 */
import { parseArgs } from 'node:util';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { seedConversation, seededText, signUp } from './lib/seeded-chat.js';
import { startVolley } from './lib/servers.js';
import { percentile } from './lib/stats.js';

// In the page, as source text: tsx would add helpers to a function that the page does not have.
// Messages live in nested shadow roots: they are looked for wherever they are.
const untilNewest = (text: string) => `(async () => {
  const all = (root) => [...root.querySelectorAll('[data-testid="message"]'), ...[...root.querySelectorAll('*')].flatMap((el) => (el.shadowRoot ? all(el.shadowRoot) : []))];
  const shown = () => { const messages = all(document); return messages.length >= 50 && messages.some((m) => (m.shadowRoot?.textContent ?? '').includes(${JSON.stringify(text)})); };
  while (!shown()) await new Promise(requestAnimationFrame);
  return performance.now();
})()`;

const { values } = parseArgs({ options: { messages: { type: 'string', default: '1000' }, runs: { type: 'string', default: '5' } } });
const size = Number(values.messages);
const server = await startVolley(18430);
const base = server.apiUrl!.replace('/api/v1', '');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });

interface Reader {
  kind: 'plain' | 'encrypted';
  context: BrowserContext;
  page: Page;
  convId: string;
  times: number[];
}

async function reader(kind: Reader['kind']): Promise<Reader> {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  await signUp(page, base, kind === 'plain' ? 'cold' : 'sealed');
  const convId = await seedConversation(page, size, size, { encrypted: kind === 'encrypted' });
  await page.waitForTimeout(3000); // the service worker has installed and filled its precache
  return { kind, context, page, convId, times: [] };
}

try {
  const readers = [await reader('plain'), await reader('encrypted')];
  for (let run = 0; run < Number(values.runs); run++) {
    for (const r of readers) {
      await r.context.setOffline(true);
      await r.page.goto(`/c/${r.convId}`);
      r.times.push(await r.page.evaluate<number>(untilNewest(seededText(size - 1))));
      await r.context.setOffline(false);
    }
  }
  console.log('\n| head segment in IndexedDB | runs | median | worst | target |');
  console.log('|---|---|---|---|---|');
  for (const r of readers) {
    const sorted = [...r.times].sort((a, b) => a - b);
    console.log(`| ${size} messages, ${r.kind} | ${sorted.length} | ${percentile(sorted, 50).toFixed(0)} ms | ${sorted.at(-1)!.toFixed(0)} ms | ≤ 300 ms |`);
  }
} finally {
  await browser.close();
  await server.stop();
}
process.exit(0);
