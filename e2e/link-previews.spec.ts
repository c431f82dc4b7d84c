import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { messages, send, userInBrowser, usersInChannel } from './support.js';

/** A stand-in web site (a real HTTP server) on 127.0.0.1, which the e2e server may reach, and on 127.0.0.2, which it may not. */
const hits: string[] = [];
const sites: Server[] = [];
let port = 0;

test.beforeAll(async () => {
  const image = await sharp({ create: { width: 800, height: 400, channels: 3, background: '#c63' } }).png().toBuffer();
  for (const host of ['127.0.0.1', '127.0.0.2']) {
    const site = createServer((req, res) => {
      hits.push(`${host}${req.url}`);
      if (req.url === '/card.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(image);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><head><meta property="og:title" content="Stand-in ${req.url}"><meta property="og:description" content="A page about Pong.">
        <meta property="og:site_name" content="Stand-in Site"><meta property="og:image" content="/card.png"></head>`);
    });
    await new Promise<void>((resolve) => site.listen(port, host, resolve));
    port = (site.address() as AddressInfo).port;
    sites.push(site);
  }
});
test.afterAll(() => Promise.all(sites.map((site) => new Promise((resolve) => site.close(resolve)))));

test('a link gets the card the server fetched, seen by the other member with its image; its author removes it; a private address gets none', async ({ browser }) => {
  const [alice, bob] = await usersInChannel(browser, 'alice', 'bob');
  const stamp = Date.now();

  const privateLink = `http://127.0.0.2:${port}/private-${stamp}`;
  await send(alice.page, `secret ${stamp} ${privateLink}`);
  const publicLink = `http://127.0.0.1:${port}/article-${stamp}`;
  await send(alice.page, `have a look ${stamp} ${publicLink}`);

  const card = messages(bob.page, `have a look ${stamp}`).getByTestId('link-preview');
  await expect(card).toBeVisible({ timeout: 20_000 });
  await expect(card.getByRole('link', { name: `Stand-in /article-${stamp}` })).toHaveAttribute('href', publicLink);
  await expect(card).toContainText('A page about Pong.');
  await expect(card).toContainText('Stand-in Site');
  const image = card.getByTestId('link-preview-image');
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
  // Bob's browser never went to the site: only the server did, once for the page and once for its image.
  expect(hits.filter((hit) => hit.includes(`${stamp}`))).toEqual([`127.0.0.1/article-${stamp}`]);

  // The private address was never reached, and its message has no card.
  await expect(messages(bob.page, `secret ${stamp}`)).toHaveCount(1);
  await expect(messages(bob.page, `secret ${stamp}`).getByTestId('link-preview')).toHaveCount(0);
  expect(hits.filter((hit) => hit.startsWith('127.0.0.2'))).toEqual([]);

  // Only the author has the remove button; removing takes the card away for everyone.
  await expect(card.getByTestId('remove-preview')).toHaveCount(0);
  const mine = messages(alice.page, `have a look ${stamp}`).getByTestId('link-preview');
  // Offline, removing needs the server: the card says so where I asked, and stays.
  await alice.context.setOffline(true);
  await mine.getByRole('button', { name: 'Remove the link preview' }).click();
  await expect(mine.getByRole('alert')).toContainText('Cannot reach Volley');
  await expect(card).toHaveCount(1);
  await alice.context.setOffline(false);
  await mine.getByRole('button', { name: 'Remove the link preview' }).click();
  await expect(card).toHaveCount(0);
  await expect(mine).toHaveCount(0);

  await alice.context.close();
  await bob.context.close();
});

test('tone indicators show as chips with their meaning on hover and for screen readers, in French too', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  const stamp = Date.now();
  await send(alice.page, `great idea ${stamp} /s but \`/j\` stays code`);
  const message = messages(alice.page, `great idea ${stamp}`);
  const chip = message.getByTestId('tone');
  await expect(chip).toHaveCount(1);
  await expect(chip).toHaveAttribute('title', 'sarcastic');
  await expect(chip).toContainText('/s');
  expect(await chip.evaluate((node) => node.querySelector('.visually-hidden')?.textContent)).toBe('Tone: sarcastic');
  await expect(message.locator('code')).toHaveText('/j');

  await alice.page.evaluate(() => localStorage.setItem('volley.locale', 'fr'));
  await alice.page.reload();
  await expect(messages(alice.page, `great idea ${stamp}`).getByTestId('tone')).toHaveAttribute('title', 'sarcastique');
  await alice.context.close();
});
