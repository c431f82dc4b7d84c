/**
 * Opening an encrypted DM from local storage in Chromium, beside a plain one: the time from
 * navigation start to the newest message's text on screen, with no network, for a DM of
 * `--messages` messages that the other member sent (through the client library, from this process;
 * the encrypted one with a `CryptoDevice`) and that the reader in Chromium has read once, online, so
 * that its device decrypted them and kept their text in the local database. Plain and encrypted
 * opens alternate in the same run; each encrypted open also says when the crypto machine's
 * WebAssembly was asked for, which should be after the text is on screen (nothing to decrypt).
 *
 * With `--trace`, the last encrypted open is traced: its main thread's tasks and the paints.
 *
 *   npm run build && npm run encrypted-cold-open -w bench -- [--messages 1000] [--runs 7] [--trace] [--port 18600]
 *
 * Target: the encrypted DM's newest message on screen ≤ 300 ms.
 */
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { VolleyClient, type WebSocketConstructor } from '@volley/client';
import { CryptoDevice } from '@volley/client/e2ee';
import WebSocket from 'ws';
import { apiCall, registerUsers, type VolleyUser } from './lib/clients.js';
import { precached } from './lib/seeded-chat.js';
import { startVolley, UNLIMITED_OPS } from './lib/servers.js';
import { percentile } from './lib/stats.js';
import { OPEN_TRACE, printOpen } from './lib/trace.js';
import { untilNewest } from './lib/in-page.js';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '1000' }, runs: { type: 'string', default: '7' }, trace: { type: 'boolean', default: false }, port: { type: 'string', default: '18600' } } });
const size = Number(values.messages);
/** Sends in flight at once from each writer: the seeding's pace, not what is measured. */
const IN_FLIGHT = 100;

/**
 * Node's fetch, with a request sent again once when its socket was closed under it: a kept-alive
 * socket the server closed at its idle timeout is still reused when this process's event loop was
 * held past that moment (the crypto machine's WebAssembly compiling on a busy machine), and the
 * request never reached the server.
 */
const fetchOnce: typeof fetch = (input, init) => fetch(input, init).catch((err: unknown) => (err instanceof TypeError && (err.cause as { code?: string } | undefined)?.code === 'UND_ERR_SOCKET' ? fetch(input, init) : Promise.reject(err)));


/** When this page asked for the crypto machine's WebAssembly (ms from navigation start), or null: not asked. */
const WASM_ASKED = `performance.getEntriesByType('resource').find((e) => /matrix_sdk_crypto_wasm.*\\.wasm/.test(e.name))?.startTime ?? null`;

/** The messages of the conversation the reader's device has read and kept the text of. */
const KEPT = (convId: string) => `(async () => {
  const db = await new Promise((resolve) => (indexedDB.open('volley').onsuccess = (e) => resolve(e.target.result)));
  const rows = await new Promise((resolve) => (db.transaction('decrypted').objectStore('decrypted').index('convId').getAll(${JSON.stringify(convId)}).onsuccess = (e) => resolve(e.target.result)));
  db.close();
  return rows.filter((row) => !row.reason).length;
})()`;

const server = await startVolley(Number(values.port), { env: UNLIMITED_OPS });
const api = server.apiUrl!;
const base = api.replace(/\/api\/v1$/, '');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const writers: VolleyClient[] = [];
try {
  const prefix = `eco${Date.now().toString(36)}`;
  const [reader, sealedWriter, plainWriter] = await registerUsers(api, 3, prefix);
  const dmWith = async (writer: VolleyUser, encrypted: boolean) => (await apiCall<{ id: string }>(api, writer, 'POST', '/conversations/dm', { userId: reader!.id, encrypted })).id;
  const dms = { plain: await dmWith(plainWriter!, false), encrypted: await dmWith(sealedWriter!, true) };

  const context = await browser.newContext({ baseURL: base, viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Username or email').fill(`${prefix}0`);
  await page.getByLabel('Password', { exact: true }).fill('benchmark password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('conversation').first().waitFor();
  await precached(page);
  // The reader's device, made at sign-in, sets up recovery with the first encrypted conversation: its key shown from the bar, and saved.
  await page.goto(`/c/${dms.encrypted}`);
  await page.getByTestId('save-key-bar').getByRole('button').click({ timeout: 120_000 });
  await page.getByTestId('recovery-saved').click();
  await page.goto('/');

  const started = performance.now();
  const newest = { plain: '', encrypted: '' };
  await Promise.all([
    send(plainWriter!, 'plain', async (client, text) => ({ outcome: client.outbox().send(dms.plain, text) })).then((id) => (newest.plain = id)),
    send(sealedWriter!, 'encrypted', async (client, text, device) => ({
      outcome: client.outbox().sendEncrypted(dms.encrypted, await device!.encrypt(dms.encrypted, [sealedWriter!.id, reader!.id], { body: text, msgtype: 'm.text' })),
    })).then((id) => (newest.encrypted = id)),
  ]);
  console.log(`seeded ${size} plain and ${size} encrypted messages in ${((performance.now() - started) / 1000).toFixed(0)} s`);

  // Read once, online: the device decrypts them all and keeps their text; the app keeps each conversation's newest in a snapshot.
  for (const kind of ['plain', 'encrypted'] as const) {
    await page.goto(`/c/${dms[kind]}`);
    const reading = performance.now();
    await page.evaluate<number>(untilNewest(newest[kind], textOf(kind, size - 1)));
    if (kind === 'encrypted') await waitUntilKept(page, dms.encrypted);
    console.log(`${kind}: read once, online, in ${((performance.now() - reading) / 1000).toFixed(1)} s`);
    await page.waitForTimeout(2000);
  }

  await context.setOffline(true);
  const opens = { plain: [] as number[], encrypted: [] as number[] };
  const wasm: (number | null)[] = [];
  for (let run = 0; run < Number(values.runs); run++) {
    for (const kind of ['plain', 'encrypted'] as const) {
      const tracing = values.trace && kind === 'encrypted' && run === Number(values.runs) - 1;
      if (tracing) await browser.startTracing(page, { categories: OPEN_TRACE });
      await page.goto(`/c/${dms[kind]}`);
      const shown = await page.evaluate<number>(untilNewest(newest[kind], textOf(kind, size - 1)));
      opens[kind].push(shown);
      if (tracing) printOpen(JSON.parse((await browser.stopTracing()).toString()).traceEvents, shown);
      // What the open set going (the device, its WebAssembly) settles before the next one.
      await page.waitForTimeout(2000);
      if (kind === 'encrypted') wasm.push(await page.evaluate<number | null>(WASM_ASKED));
    }
  }
  const median = (times: number[]) => percentile([...times].sort((a, b) => a - b), 50);
  const worst = (times: number[]) => Math.max(...times);
  const line = (kind: 'plain' | 'encrypted') => `| ${kind} DM | ${opens[kind].length} | ${median(opens[kind]).toFixed(0)} ms | ${worst(opens[kind]).toFixed(0)} ms |`;
  console.log(`\nopens from navigation start to the newest message's text on screen, offline, ${size} messages on the device`);
  console.log('| conversation | runs | median | worst |');
  console.log('|---|---|---|---|');
  console.log(line('plain'));
  console.log(line('encrypted'));
  console.log(`encrypted / plain (medians): ${(median(opens.encrypted) / median(opens.plain)).toFixed(2)}×; target ≤ 300 ms`);
  console.log(`crypto WebAssembly asked for at (ms from navigation start): ${wasm.map((at, i) => (at === null ? 'never' : `${at.toFixed(0)}${at < opens.encrypted[i]! ? ' (before the text)' : ''}`)).join(', ')}`);
} finally {
  for (const client of writers) await client.close();
  await browser.close();
  await server.stop();
}
process.exit(0);

function textOf(kind: 'plain' | 'encrypted', i: number): string {
  return `${kind} message ${i}, with a little text to render`;
}

/** An outcome boxed: a queued op is awaitable, so an async function cannot return it bare. */
interface Queued {
  outcome: PromiseLike<{ id: string; status: string }>;
}

/**
 * The writer's `size` messages, queued one after the other (each encrypted before the next, the
 * conversation's session in order) with at most IN_FLIGHT waiting for the server; the last one's id.
 */
async function send(user: VolleyUser, kind: 'plain' | 'encrypted', queue: (client: VolleyClient, text: string, device?: CryptoDevice) => Promise<Queued>): Promise<string> {
  const client = new VolleyClient({ url: base, token: user.token, WebSocket: WebSocket as unknown as WebSocketConstructor, fetch: fetchOnce });
  writers.push(client);
  await client.me();
  const device = kind === 'encrypted' ? await CryptoDevice.open({ api: client.api, userId: user.id, deviceId: 'BENCH' }) : undefined;
  const waiting: PromiseLike<{ id: string; status: string }>[] = [];
  let last = '';
  const settle = async (count: number) => {
    for (const outcome of await Promise.all(waiting.splice(0, count))) {
      if (outcome.status !== 'accepted') throw new Error(`${kind} send ${outcome.status}`);
      last = outcome.id;
    }
  };
  for (let i = 0; i < size; i++) {
    waiting.push((await queue(client, textOf(kind, i), device)).outcome);
    if (waiting.length >= IN_FLIGHT) await settle(IN_FLIGHT / 2);
  }
  await settle(waiting.length);
  return last;
}

/** Resolves once the reader's device has kept the text of every message of the conversation. */
async function waitUntilKept(page: Page, convId: string): Promise<void> {
  for (let waited = 0; waited < 300; waited++) {
    if ((await page.evaluate<number>(KEPT(convId))) >= size) return;
    await page.waitForTimeout(1000);
  }
  throw new Error(`the reader's device kept ${await page.evaluate<number>(KEPT(convId))} of ${size} messages after 5 minutes`);
}
