import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { operator, serviceWorkerControls, usersInChannel } from './support.js';

/** The messages showing the sticker of this name (its alt text: a sticker message shows no text of its own). */
const stickerMessages = (page: Page, name: string) => page.getByTestId('message').filter({ has: page.getByTestId('message-sticker').getByRole('img', { name, exact: true }) });
const stickerImage = (page: Page, name: string) => stickerMessages(page, name).getByRole('img', { name, exact: true });

test('a member sends a sticker from the picker beside the emoji picker; the other sees it, and still sees it offline once seen', async ({ browser }) => {
  const [alice, bob] = await usersInChannel(browser, 'alice', 'bob');
  const name = `waving cat ${Date.now().toString(36)}`;

  // A site admin fills a pack through the documented routes.
  operator('role', alice.user.username, 'admin');
  const api = alice.context.request;
  const { accessToken } = (await (await api.post('/api/v1/auth/login', { data: { login: alice.user.username, password: alice.user.password } })).json()) as { accessToken: string };
  const auth = { authorization: `Bearer ${accessToken}` };
  const pack = await api.post('/api/v1/admin/sticker-packs', { headers: auth, data: { name: `Cats ${Date.now().toString(36)}` } });
  expect(pack.status()).toBe(201);
  const image = await sharp({ create: { width: 400, height: 200, channels: 4, background: '#e83' } }).png().toBuffer();
  const added = await api.post(`/api/v1/admin/sticker-packs/${((await pack.json()) as { id: string }).id}/stickers?name=${encodeURIComponent(name)}`, {
    headers: { ...auth, 'content-type': 'application/octet-stream' },
    data: image,
  });
  expect(added.status()).toBe(201);

  await alice.page.getByRole('button', { name: 'Stickers' }).click();
  await alice.page.getByTestId('sticker-picker').getByRole('button', { name: `Send the sticker ${name}` }).click();

  await expect(stickerMessages(bob.page, name)).toHaveCount(1, { timeout: 20_000 });
  await expect.poll(() => stickerImage(bob.page, name).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
  await expect(stickerMessages(alice.page, name)).toHaveAttribute('data-status', 'sent');
  // Its text is the sticker's name, not Alice's to edit; she may still answer it or react.
  await stickerMessages(alice.page, name).getByRole('button', { name: 'Message actions' }).click();
  await expect(alice.page.getByRole('menuitem', { name: 'Reply' })).toBeVisible();
  await expect(alice.page.getByRole('menuitem', { name: 'Edit' })).toHaveCount(0);
  await alice.page.keyboard.press('Escape');

  // Bob has had a look at the bank too.
  await bob.page.getByRole('button', { name: 'Stickers' }).click();
  await expect(bob.page.getByTestId('sticker-picker').getByRole('button', { name: `Send the sticker ${name}` })).toBeVisible();
  await bob.page.getByRole('button', { name: 'Stickers' }).click();

  // Offline, a reload shows it from what the device kept: the message and the sticker's image.
  await serviceWorkerControls(bob.page);
  await bob.context.setOffline(true);
  await bob.page.reload();
  await expect(stickerMessages(bob.page, name)).toHaveCount(1);
  await expect.poll(() => stickerImage(bob.page, name).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
  // The picker offers the packs as last read.
  await bob.page.getByRole('button', { name: 'Stickers' }).click();
  await expect(bob.page.getByTestId('sticker-picker').getByRole('button', { name: `Send the sticker ${name}` })).toBeVisible();

  await alice.context.close();
  await bob.context.close();
});
