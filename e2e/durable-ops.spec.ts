import { expect, test } from '@playwright/test';
import { newId } from '@volley/shared';
import { composer, messages, newUser, nodeClient, send, userInBrowser } from './support.js';

// Run alone on a server just started, the first sign-up (password hashing warming up beside the
// other server's start) can outlast an expectation's wait: one is made before.
test.beforeAll(async ({ request }) => {
  const { username, email, password } = newUser('warm');
  await request.post('/api/v1/auth/register', { data: { username, email, password } });
});

test('a message the device cannot save (storage full) stays in the composer, says why, and is not sent', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'full');
  const before = `saved first ${Date.now()}`;
  await send(alice.page, before);
  await expect(messages(alice.page, before)).toHaveAttribute('data-status', 'sent');

  // IndexedDB refuses every write from now on, as it does once the origin's quota is spent.
  await alice.page.evaluate(() => {
    const full = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    const store = IDBObjectStore.prototype as unknown as Record<string, unknown>;
    const kept = { add: store.add, put: store.put };
    (window as unknown as { storageFull(on: boolean): void }).storageFull = (on) => {
      store.add = on ? full : kept.add;
      store.put = on ? full : kept.put;
    };
  });
  await alice.page.evaluate(() => (window as unknown as { storageFull(on: boolean): void }).storageFull(true));
  const unsaved = `not saved ${Date.now()}`;
  await send(alice.page, unsaved);
  await expect(alice.page.getByTestId('command-error')).toContainText('could not save it');
  await expect(composer(alice.page)).toHaveValue(unsaved);

  // Space again: the same text goes, once; what came after the refusal shows it was never sent.
  await alice.page.evaluate(() => (window as unknown as { storageFull(on: boolean): void }).storageFull(false));
  await composer(alice.page).press('Enter');
  await expect(messages(alice.page, unsaved)).toHaveAttribute('data-status', 'sent');
  await expect(composer(alice.page)).toHaveValue('');
  await alice.page.reload();
  await expect(messages(alice.page, before)).toHaveCount(1);
  await expect(messages(alice.page, unsaved)).toHaveCount(1);
  await alice.context.close();
});

test('messages waiting behind a rate limit stay pending through a reload, then are delivered once', async ({ browser, baseURL }) => {
  const alice = await userInBrowser(browser, 'limited');
  // The account's op budget (one bucket whatever sends) spent by a bot of hers in a channel of its
  // own: the ops she makes now wait behind the ones it has waiting, seconds away.
  const bot = nodeClient(baseURL);
  await bot.signIn({ login: alice.user.username, password: alice.user.password });
  const made = await fetch(`${baseURL}/api/v1/channels`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bot.api.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `spent-${newId().slice(-6).toLowerCase()}`, access: 'private' }),
  });
  const channel = (await made.json()) as { id: string };
  const burst = Array.from({ length: 100 }, (_, i) => bot.outbox().send(channel.id, `spending ${i}`));
  await burst[0]!.outcome;

  const texts = [1, 2, 3].map((n) => `behind the limit ${n} ${Date.now()}`);
  for (const text of texts) await send(alice.page, text);
  for (const text of texts) await expect(messages(alice.page, text)).toHaveAttribute('data-status', 'pending');
  await alice.page.reload();
  for (const text of texts) await expect(messages(alice.page, text)).toHaveAttribute('data-status', 'pending');

  for (const text of texts) await expect(messages(alice.page, text)).toHaveAttribute('data-status', 'sent', { timeout: 60_000 });
  await Promise.all(burst.map((p) => p.outcome));
  await alice.page.reload();
  for (const text of texts) await expect(messages(alice.page, text)).toHaveCount(1);
  const general = (await bot.conversations()).find((c) => c.kind === 'world')!;
  const history = (await bot.api.history(general.id, undefined, 100)).items.map((m) => m.body);
  for (const text of texts) expect(history.filter((body) => body === text)).toHaveLength(1);
  await bot.close();
  await alice.context.close();
});
