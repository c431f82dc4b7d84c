import { expect, test, type Page } from '@playwright/test';
import type { HistoryMessage } from '@volley/shared';
import { saveRecoveryKey } from './encrypted-support.js';
import { screenshots } from './screens.js';
import { blockFromProfile, messages, nodeClient, send, userInBrowser, type TestUser } from './support.js';

/** The client library signed in as `user`, as a bot or a tool would be. */
async function asClient(baseURL: string | undefined, user: TestUser) {
  const volley = nodeClient(baseURL);
  await volley.signIn({ login: user.username, password: user.password });
  return volley;
}

/** Opens the channel, as a member does: its device made and its recovery key saved, the first time. */
async function openEncrypted(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await saveRecoveryKey(page);
  await expect(page.getByTestId('encrypted-lock')).toBeVisible();
}

test('a private channel made end-to-end encrypted: its members read each other, the server keeps ciphertext, and the key changes when a member is removed or blocked', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  const carol = await userInBrowser(browser, 'carol');
  const name = `vault-${Date.now().toString(36)}`;

  // Made from the directory: encryption is offered for a private channel only.
  await alice.page.goto('/channels');
  await alice.page.getByRole('button', { name: 'Create channel' }).click();
  const dialog = alice.page.getByRole('dialog', { name: 'Create channel' });
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await expect(dialog.getByLabel('End-to-end encrypted')).toHaveCount(0);
  await dialog.getByLabel('Access').selectOption('private');
  await dialog.getByLabel('End-to-end encrypted').check();
  await alice.page.screenshot({ path: test.info().outputPath('create-encrypted-desktop-en.png') });
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(alice.page.getByTestId('conversation-title')).toContainText(name);
  const path = new URL(alice.page.url()).pathname;
  const convId = path.split('/').pop()!;
  await saveRecoveryKey(alice.page);
  await expect(alice.page.getByTestId('encrypted-lock')).toBeVisible();

  // Bob and Carol are invited and join; each opens it once, so that their devices are known.
  const owner = await asClient(baseURL, alice.user);
  const [bobClient, carolClient] = [await asClient(baseURL, bob.user), await asClient(baseURL, carol.user)];
  for (const member of [bobClient, carolClient]) {
    await owner.api.request('POST', `/conversations/${convId}/invitations`, { body: { userId: member.user!.id } });
    await member.api.request('POST', `/conversations/${convId}/join`, { body: {} });
  }
  await openEncrypted(bob.page, path);
  await openEncrypted(carol.page, path);

  const before = `the plan for friday ${Date.now()}`;
  await send(alice.page, before);
  await expect(messages(bob.page, before)).toBeVisible({ timeout: 30_000 });
  await expect(messages(carol.page, before)).toBeVisible({ timeout: 30_000 });
  await bob.page.screenshot({ path: test.info().outputPath('encrypted-channel-desktop-en.png') });

  // Carol is removed; what Alice writes next is under a new key, which Bob has and Carol never got.
  await owner.api.request('POST', `/conversations/${convId}/kick`, { body: { userId: carolClient.user!.id } });
  const after = `carol must not read this ${Date.now()}`;
  await send(alice.page, after);
  await expect(messages(bob.page, after)).toBeVisible({ timeout: 30_000 });

  // The server holds ciphertext only, in two sessions.
  const history = await owner.api.request('GET', `/conversations/${convId}/messages?limit=10`, { schema: (s) => s.HistoryPage });
  const sealed = history.items.filter((m: HistoryMessage) => m.kind === 'encrypted');
  expect(sealed).toHaveLength(2);
  for (const m of sealed) expect(m.body).not.toMatch(/friday|carol must not/);
  const sessions = new Set(sealed.map((m: HistoryMessage) => (JSON.parse(m.body) as { session_id: string }).session_id));
  expect(sessions.size).toBe(2);

  // An encrypted channel stays private: no password can open it.
  const opened = await owner.api.request('PUT', `/conversations/${convId}/password`, { body: { password: 'open sesame' } }).catch((err: { status?: number }) => err);
  expect((opened as { status?: number }).status).toBe(400);

  // Alice blocks Bob, from his profile: what she writes next is under another new key, which Bob is not given; his device says it cannot read it.
  await blockFromProfile(alice.page, bob.user.username);
  await alice.page.goto(path);
  const blocked = `bob must not read this ${Date.now()}`;
  await send(alice.page, blocked);
  await expect(messages(alice.page, blocked)).toHaveAttribute('data-status', 'sent', { timeout: 30_000 });
  await expect(bob.page.getByTestId('sealed-reason').filter({ hasText: 'Can’t read this message yet' })).toHaveCount(1, { timeout: 30_000 });
  await expect(messages(bob.page, blocked)).toHaveCount(0);
  const [newest] = (await owner.api.request('GET', `/conversations/${convId}/messages?limit=1`, { schema: (s) => s.HistoryPage })).items;
  expect(sessions).not.toContain((JSON.parse(newest?.body ?? '{}') as { session_id?: string }).session_id);

  for (const client of [owner, bobClient, carolClient]) await client.close();
  for (const person of [bob, carol]) await person.context.close();

  await screenshots(
    browser,
    'create-encrypted',
    async (page) => {
      await page.goto('/channels');
      await page.locator('main').getByRole('button', { name: /^(Create channel|Créer un salon)$/ }).click();
      await page.locator('volley-create-channel select#access').selectOption('private');
      await page.locator('volley-create-channel input[name="encrypted"]').check();
    },
    alice.user,
  );
  await alice.context.close();
});
