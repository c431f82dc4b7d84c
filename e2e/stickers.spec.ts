import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { encryptedDm } from './encrypted-support.js';
import { composer, nodeClient, operator, serviceWorkerControls, userInBrowser, usersInChannel, type UserInBrowser } from './support.js';
import { screenshots } from './screens.js';

/** The messages showing the sticker of this name (its alt text: a sticker message shows no text of its own). */
const stickerMessages = (page: Page, name: string) => page.getByTestId('message').filter({ has: page.getByTestId('message-sticker').getByRole('img', { name, exact: true }) });
const stickerImage = (page: Page, name: string) => stickerMessages(page, name).getByRole('img', { name, exact: true });

/** A site admin (`admin`, made one) fills a new pack through the documented routes with one sticker of this name: its id. */
async function stickerInBank(admin: UserInBrowser, name: string): Promise<string> {
  operator('role', admin.user.username, 'admin');
  const api = admin.context.request;
  const { accessToken } = (await (await api.post('/api/v1/auth/login', { data: { login: admin.user.username, password: admin.user.password } })).json()) as { accessToken: string };
  const auth = { authorization: `Bearer ${accessToken}` };
  const pack = await api.post('/api/v1/admin/sticker-packs', { headers: auth, data: { name: `Cats ${Date.now().toString(36)}` } });
  expect(pack.status()).toBe(201);
  const image = await sharp({ create: { width: 400, height: 200, channels: 4, background: '#e83' } }).png().toBuffer();
  const added = await api.post(`/api/v1/admin/sticker-packs/${((await pack.json()) as { id: string }).id}/stickers?name=${encodeURIComponent(name)}`, {
    headers: { ...auth, 'content-type': 'application/octet-stream' },
    data: image,
  });
  expect(added.status()).toBe(201);
  return ((await added.json()) as { id: string }).id;
}

test('a member sends a sticker from the picker beside the emoji picker; the other sees it, and still sees it offline once seen', async ({ browser }) => {
  const [alice, bob] = await usersInChannel(browser, 'alice', 'bob');
  const name = `waving cat ${Date.now().toString(36)}`;
  await stickerInBank(alice, name);

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

test('a sticker in an encrypted DM: named inside the encrypted message, shown on the other device from the bank; the server learns neither its name nor which', async ({ browser, baseURL }) => {
  test.setTimeout(150_000);
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  const name = `secret owl ${Date.now().toString(36)}`;
  const id = await stickerInBank(alice, name);
  const dmPath = await encryptedDm(bob, alice);

  await alice.page.getByRole('button', { name: 'Stickers' }).click();
  await alice.page.getByTestId('sticker-picker').getByRole('button', { name: `Send the sticker ${name}` }).click();
  await expect(stickerMessages(alice.page, name)).toHaveAttribute('data-status', 'sent', { timeout: 30_000 });
  await expect(stickerMessages(bob.page, name)).toHaveCount(1, { timeout: 30_000 });
  await expect.poll(() => stickerImage(bob.page, name).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 30_000 }).toBe(320);
  await expect(stickerMessages(bob.page, name).getByTestId('sender-trust')).toHaveCount(1);

  const asBob = nodeClient(baseURL);
  await asBob.signIn({ login: bob.user.username, password: bob.user.password });
  const { items } = await asBob.api.history(dmPath.split('/').pop() ?? '');
  await asBob.close();
  expect(items.map((message) => message.kind)).toEqual(['encrypted']);
  expect(JSON.stringify(items)).not.toContain(id);
  expect(JSON.stringify(items)).not.toContain('owl');
  await bob.page.screenshot({ path: test.info().outputPath('encrypted-sticker.png') });
  await alice.context.close();
  await bob.context.close();
});

test('a site admin makes a pack on the admin page, fills it, turns it off and on and deletes it; the sticker picker closes on Escape and after a send', async ({ browser }) => {
  test.setTimeout(120_000);
  const [alice, bob] = await usersInChannel(browser, 'alice', 'bob');
  operator('role', alice.user.username, 'admin');
  const packName = `Birds ${Date.now().toString(36)}`;
  const stickerName = `owl ${Date.now().toString(36)}`;

  // The role shows once the app asks the server again (a reload).
  await alice.page.reload();
  await alice.page.getByRole('link', { name: 'Admin' }).click();
  const section = alice.page.getByRole('region', { name: 'Sticker packs' });
  await section.getByLabel('New pack’s name').fill(packName);
  await section.getByRole('button', { name: 'Create the pack' }).click();
  const pack = section.getByTestId('sticker-pack').filter({ hasText: packName });
  await expect(pack).toContainText('No stickers in this pack yet.');
  const image = await sharp({ create: { width: 300, height: 300, channels: 4, background: '#27c' } }).png().toBuffer();
  await pack.getByLabel('Add a sticker').setInputFiles({ name: `${stickerName}.png`, mimeType: 'image/png', buffer: image });
  await expect(pack.getByTestId('managed-sticker')).toHaveText(stickerName);
  await expect.poll(() => pack.getByTestId('managed-sticker').getByRole('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(300);

  // Turned off, members no longer find it; on again, they do.
  const offer = bob.page.getByTestId('sticker-picker').getByRole('button', { name: `Send the sticker ${stickerName}` });
  await pack.getByRole('button', { name: 'Turn off' }).click();
  await expect(pack).toContainText('(turned off)');
  await bob.page.getByRole('button', { name: 'Stickers' }).click();
  await expect(bob.page.getByTestId('sticker-picker')).toBeVisible();
  await expect(offer).toHaveCount(0);
  // Escape closes the picker, the focus still on its button.
  await bob.page.keyboard.press('Escape');
  await expect(bob.page.getByTestId('sticker-picker')).toHaveCount(0);
  await pack.getByRole('button', { name: 'Turn on' }).click();
  await expect(pack).not.toContainText('(turned off)');
  await bob.page.reload();
  await bob.page.getByRole('button', { name: 'Stickers' }).click();
  await expect(offer).toBeVisible();
  // Sending a message closes it too.
  await composer(bob.page).fill(`still here ${Date.now()}`);
  await composer(bob.page).press('Enter');
  await expect(bob.page.getByTestId('sticker-picker')).toHaveCount(0);

  await screenshots(browser, 'admin-sticker-packs', async (page) => {
    await page.goto('/admin');
    await expect(page.getByTestId('sticker-pack').filter({ hasText: packName }).getByTestId('managed-sticker')).toHaveCount(1);
    await page.getByTestId('sticker-pack').filter({ hasText: packName }).scrollIntoViewIfNeeded();
  }, alice.user);

  // Deleting asks first, in the app's own dialog; Cancel keeps it.
  await pack.getByRole('button', { name: 'Delete the pack' }).click();
  const dialog = alice.page.getByRole('alertdialog', { name: `Delete the pack “${packName}”?` });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(pack).toHaveCount(1);
  await pack.getByRole('button', { name: 'Delete the pack' }).click();
  await dialog.getByTestId('confirm').click();
  await expect(pack).toHaveCount(0);
  await expect(alice.page.getByTestId('audit-entry').filter({ hasText: 'Sticker pack deleted' }).first()).toBeVisible();

  await alice.context.close();
  await bob.context.close();
});
