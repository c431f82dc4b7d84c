import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { encryptedDm } from './encrypted-support.js';
import { SCREENS } from './screens.js';
import { E2E_PORT, e2eDataDir, messages, nodeClient, send, userInBrowser } from './support.js';

/** Picks files with the attach button's file chooser. */
async function attach(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Attach files' }).click();
  await (await chooser).setFiles(files);
}

/** Every file under a directory, with its path. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}


test('a picture in an encrypted DM: the server keeps only its ciphertext, nameless; the other device decrypts it, shows it in its place and in the viewer, offline after a reload, and says why when its bytes were altered', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  const stamp = Date.now();

  const dmPath = await encryptedDm(bob, alice);

  const name = `holiday-${stamp}.png`;
  const picture = await sharp({ create: { width: 600, height: 300, channels: 3, background: '#2a7' } }).png().toBuffer();
  await attach(alice.page, [{ name, mimeType: 'image/png', buffer: picture }]);
  const caption = `look at this ${stamp}`;
  await send(alice.page, caption);
  await expect(messages(alice.page, caption)).toHaveAttribute('data-status', 'sent', { timeout: 30_000 });
  await expect(alice.page.getByTestId('staged-file')).toHaveCount(0);

  // Bob's device reads the message, fetches the ciphertext, checks and decrypts it: the picture in its 2:1 place.
  const seen = messages(bob.page, caption);
  await expect(seen).toHaveCount(1, { timeout: 30_000 });
  const shown = seen.getByTestId('attachment-image');
  await expect(shown).toHaveAttribute('title', name);
  const box = await shown.boundingBox();
  expect([Math.round(box!.width), Math.round(box!.height)]).toEqual([320, 160]);
  const image = shown.locator('img');
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 30_000 }).toBe(600);
  await shown.click();
  const viewer = bob.page.getByTestId('image-viewer');
  await expect(viewer).toContainText(name);
  await expect.poll(() => viewer.getByTestId('viewer-image').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(600);
  await bob.page.keyboard.press('Escape');
  // The conversation's files list it by the name its message gives, found by that name on this device.
  await bob.page.getByTestId('open-files').click();
  const files = bob.page.getByTestId('conversation-files');
  await files.getByLabel('Search files by name').fill('HOLIDAY');
  await expect(files.getByTestId('shared-file')).toHaveCount(1);
  await expect(files.getByTestId('shared-file')).toContainText(name);
  await files.getByRole('button', { name: 'Close' }).click();

  // What the server keeps: the ciphertext (16 bytes of tag longer), none of the picture's bytes, no name or type of the file's.
  const id = (await shown.getAttribute('data-attachment-id')) ?? '';
  const dataDir = e2eDataDir(E2E_PORT);
  const stored = await readFile(join(dataDir, 'attachments', 'attachments', id, 'file'));
  expect(stored.length).toBe(picture.length + 16);
  expect(stored.includes(picture.subarray(0, 64))).toBe(false);
  expect(stored.includes(picture.subarray(picture.length - 64))).toBe(false);
  const convId = dmPath.split('/').pop() ?? '';
  const asBob = nodeClient(baseURL);
  await asBob.signIn({ login: bob.user.username, password: bob.user.password });
  const { items } = await asBob.api.sharedFiles(convId);
  expect(items.map(({ name, type, size }) => ({ name, type, size }))).toEqual([{ name: 'encrypted', type: 'application/octet-stream', size: picture.length + 16 }]);
  const history = JSON.stringify(await asBob.api.request('GET', `/conversations/${convId}/messages`, { schema: (s) => s.HistoryPage }));
  await asBob.close();
  expect(history).not.toContain('holiday');
  // Nor in the database's own files (the embedded database's pages, when the e2e server runs on it) or anywhere else it writes.
  for (const path of await filesUnder(dataDir)) expect((await readFile(path)).includes(Buffer.from(`holiday-${stamp}`)), path).toBe(false);

  // Offline, after a reload, Bob's device shows it again from what it kept: the ciphertext cached, the key with the message.
  await bob.context.setOffline(true);
  await bob.page.reload();
  const again = messages(bob.page, caption).getByTestId('attachment-image').locator('img');
  await expect.poll(() => again.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 30_000 }).toBe(600);
  // As Bob sees it, on a desktop and at a phone's size, in English and in French.
  for (const language of ['en', 'fr']) {
    await bob.page.evaluate((saved) => localStorage.setItem('volley.locale', saved), language);
    await bob.page.reload();
    await expect(bob.page.locator('html')).toHaveAttribute('lang', language);
    for (const [screen, viewport] of Object.entries({ desktop: SCREENS.desktop.viewport, phone: SCREENS.phone.viewport })) {
      await bob.page.setViewportSize(viewport);
      await expect.poll(() => again.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 30_000 }).toBe(600);
      await bob.page.screenshot({ path: test.info().outputPath(`encrypted-picture-${screen}-${language}.png`) });
    }
  }
  await bob.page.evaluate(() => localStorage.setItem('volley.locale', 'en'));
  await bob.page.setViewportSize(SCREENS.desktop.viewport);
  await bob.context.setOffline(false);

  // Bytes that are not the ones the message names (altered on the way, or by the server) are refused, and the picture's place says why.
  const altered = Buffer.from(stored);
  altered[100] = (altered[100] ?? 0) ^ 1;
  await bob.page.route((url) => url.pathname === `/api/v1/attachments/${id}`, (route) => route.fulfill({ body: altered, contentType: 'application/octet-stream' }));
  await bob.page.evaluate(() => caches.delete('volley-attachment-thumbnails'));
  await bob.page.reload();
  await expect(messages(bob.page, caption).getByTestId('attachment-unreadable')).toContainText('its encrypted bytes are not the ones its message names', { timeout: 30_000 });

  await alice.context.close();
  await bob.context.close();
});

test('a large picture sent offline in an encrypted DM waits through a reload and goes once back online; its sender’s device makes its thumbnail, encrypted too; the log shows that, the viewer the picture', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  const dmPath = await encryptedDm(bob, alice);

  // Written offline: the picture and its caption wait on Alice's device, through a reload, as she wrote them.
  await alice.context.setOffline(true);
  const picture = await sharp({ create: { width: 1600, height: 800, channels: 3, background: '#36c' } }).png().toBuffer();
  await attach(alice.page, [{ name: 'panorama.png', mimeType: 'image/png', buffer: picture }]);
  const caption = `wide view ${Date.now()}`;
  await send(alice.page, caption);
  await expect(messages(alice.page, caption)).toHaveAttribute('data-status', 'pending');
  await expect(alice.page.getByTestId('staged-file')).toHaveCount(0);
  await alice.page.reload();
  await expect(messages(alice.page, caption)).toHaveAttribute('data-status', 'pending', { timeout: 30_000 });
  await expect(messages(alice.page, caption)).toContainText('panorama.png');
  await alice.page.screenshot({ path: test.info().outputPath('encrypted-picture-waiting-offline.png') });
  await expect(messages(bob.page, caption)).toHaveCount(0);
  await alice.context.setOffline(false);
  await expect(messages(alice.page, caption)).toHaveAttribute('data-status', 'sent', { timeout: 30_000 });
  // Once: one message, one file, kept as ciphertext.
  const convId = dmPath.split('/').pop() ?? '';
  const asBob = nodeClient(baseURL);
  await asBob.signIn({ login: bob.user.username, password: bob.user.password });
  const { items } = await asBob.api.sharedFiles(convId);
  const { items: history } = await asBob.api.history(convId);
  await asBob.close();
  expect(items.map(({ name, type }) => ({ name, type }))).toEqual([{ name: 'encrypted', type: 'application/octet-stream' }]);
  expect(history.filter((message) => message.kind === 'encrypted')).toHaveLength(1);
  expect(JSON.stringify(history)).not.toMatch(/panorama|wide view/);

  const shown = messages(bob.page, caption).getByTestId('attachment-image');
  await expect(shown).toHaveCount(1, { timeout: 30_000 });
  const box = await shown.boundingBox();
  expect([Math.round(box!.width), Math.round(box!.height)]).toEqual([320, 160]);
  // The log's picture is the thumbnail: twice its box, for sharp screens.
  const natural = (img: HTMLImageElement) => img.complete && img.naturalWidth;
  await expect.poll(() => shown.locator('img').evaluate(natural), { timeout: 30_000 }).toBe(640);
  await shown.click();
  await expect.poll(() => bob.page.getByTestId('image-viewer').getByTestId('viewer-image').evaluate(natural), { timeout: 30_000 }).toBe(1600);
  await bob.page.keyboard.press('Escape');

  // The server keeps the thumbnail as it keeps the picture: ciphertext, not a WebP it could show.
  const id = (await shown.getAttribute('data-attachment-id')) ?? '';
  const thumbnail = await readFile(join(e2eDataDir(E2E_PORT), 'attachments', 'attachments', id, 'thumbnail'));
  expect(thumbnail.length).toBeGreaterThan(16);
  expect(thumbnail.subarray(0, 4).toString('latin1')).not.toBe('RIFF');

  // Offline, after a reload, from what the device kept.
  await bob.context.setOffline(true);
  await bob.page.reload();
  await expect.poll(() => messages(bob.page, caption).getByTestId('attachment-image').locator('img').evaluate(natural), { timeout: 30_000 }).toBe(640);
  await bob.context.setOffline(false);
  await alice.context.close();
  await bob.context.close();
});
