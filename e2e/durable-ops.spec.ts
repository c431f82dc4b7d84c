import { expect, test, type Locator, type Page } from '@playwright/test';
import { newId } from '@volley/shared';
import { composer, messages, newUser, nodeClient, send, userInBrowser } from './support.js';

// Run alone on a server just started, the first sign-up (password hashing warming up beside the
// other server's start) can outlast an expectation's wait: one is made before.
test.beforeAll(async ({ request }) => {
  const { username, email, password } = newUser('warm');
  await request.post('/api/v1/auth/register', { data: { username, email, password } });
});

/** `storageFull(on)` in the page: IndexedDB refuses every write while on, as it does once the origin's quota is spent. */
async function storageSwitch(page: Page): Promise<void> {
  await page.evaluate(() => {
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
}

const storageFull = (page: Page, on: boolean): Promise<void> => page.evaluate((on) => (window as unknown as { storageFull(on: boolean): void }).storageFull(on), on);

/** A message found by its id: its text is not in it while its editor is open. */
async function byId(page: Page, text: string): Promise<Locator> {
  return page.locator(`[data-testid="message"][data-id="${await messages(page, text).getAttribute('data-id')}"]`);
}

/** A message's actions menu, opened as with a mouse; then the item named `item`. */
async function menuItem(page: Page, message: Locator, menu: string, item: string): Promise<void> {
  await message.hover();
  await message.getByRole('button', { name: menu }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

const shot = (page: Page, name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`) });

test('a message the device cannot save (storage full) stays in the composer, says why, and is not sent', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'full');
  const before = `saved first ${Date.now()}`;
  await send(alice.page, before);
  await expect(messages(alice.page, before)).toHaveAttribute('data-status', 'sent');

  await storageSwitch(alice.page);
  await storageFull(alice.page, true);
  const unsaved = `not saved ${Date.now()}`;
  await send(alice.page, unsaved);
  await expect(alice.page.getByTestId('command-error')).toContainText('could not save it');
  await expect(composer(alice.page)).toHaveValue(unsaved);

  // Space again: the same text goes, once; what came after the refusal shows it was never sent.
  await storageFull(alice.page, false);
  await composer(alice.page).press('Enter');
  await expect(messages(alice.page, unsaved)).toHaveAttribute('data-status', 'sent');
  await expect(composer(alice.page)).toHaveValue('');
  await alice.page.reload();
  await expect(messages(alice.page, before)).toHaveCount(1);
  await expect(messages(alice.page, unsaved)).toHaveCount(1);
  await alice.context.close();
});

test('a start on a device whose storage is full stays signed in', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'fullstart');
  const before = `saved before ${Date.now()}`;
  await send(alice.page, before);
  await expect(messages(alice.page, before)).toHaveAttribute('data-status', 'sent');
  // From the next start on, IndexedDB refuses every write, as it does once the origin's quota is spent.
  await alice.page.addInitScript(() => {
    const store = IDBObjectStore.prototype as unknown as Record<string, unknown>;
    store.add = store.put = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await alice.page.reload();
  await expect(messages(alice.page, before)).toHaveCount(1);
  await expect(composer(alice.page)).toBeVisible();
  await alice.context.close();
});

test('an edit or a reaction the device cannot save says so where it was made, in English and French; the edit keeps its text', async ({ browser }) => {
  const { context, page } = await userInBrowser(browser, 'unsaved');
  await page.setViewportSize({ width: 1280, height: 800 });
  const stamp = Date.now();
  const [toEdit, toReact, edited] = [`to edit ${stamp}`, `to react to ${stamp}`, `edited ${stamp}`];
  for (const text of [toEdit, toReact]) {
    await send(page, text);
    await expect(messages(page, text)).toHaveAttribute('data-status', 'sent');
  }
  const editedMessage = await byId(page, toEdit);
  const reacted = messages(page, toReact);
  await storageSwitch(page);
  await storageFull(page, true);

  await menuItem(page, reacted, 'Message actions', 'React');
  await page.getByRole('group', { name: 'Pick a reaction' }).getByRole('button', { name: '👍' }).click();
  await expect(reacted.getByTestId('unsaved')).toHaveText(/could not save your reaction.*it was not sent/);
  await expect(reacted.getByTestId('reaction')).toHaveCount(0);

  await menuItem(page, editedMessage, 'Message actions', 'Edit');
  const editor = page.getByLabel('Edit message');
  await editor.fill(edited);
  await editor.press('Enter');
  await expect(editedMessage.getByTestId('edit-error')).toContainText('could not save your edit');
  await expect(editor).toHaveValue(edited);
  await expect(messages(page, edited)).toHaveCount(0);
  await shot(page, 'unsaved-1280-en');
  await page.setViewportSize({ width: 360, height: 740 });
  await editedMessage.getByTestId('edit-error').scrollIntoViewIfNeeded();
  await shot(page, 'unsaved-360-en');
  await page.setViewportSize({ width: 1280, height: 800 });

  // Space again: the edit saved again from its editor is made, and so is the reaction tried again.
  await storageFull(page, false);
  await editor.press('Enter');
  await expect(editor).toHaveCount(0);
  await expect(messages(page, edited).getByTestId('edited-mark')).toBeVisible();
  await reacted.getByRole('button', { name: 'Retry' }).click();
  await expect(reacted.getByTestId('unsaved')).toHaveCount(0);
  await expect(reacted.getByTestId('reaction')).toHaveText('1');

  // The same in French (chosen beside the list), on a phone's screen.
  await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.setViewportSize({ width: 360, height: 740 });
  await storageFull(page, true);
  await menuItem(page, reacted, 'Actions du message', 'Réagir');
  await page.getByRole('button', { name: '🎉', exact: true }).click();
  await expect(reacted.getByTestId('unsaved')).toContainText('n’a pas pu enregistrer votre réaction');
  await menuItem(page, editedMessage, 'Actions du message', 'Modifier');
  await page.getByLabel('Modifier le message').fill(`${edited} encore`);
  await page.getByLabel('Modifier le message').press('Enter');
  await expect(editedMessage.getByTestId('edit-error')).toContainText('n’a pas pu enregistrer votre modification');
  // Scrolled to where it was made: the editor's Save button is on screen.
  await expect(page.getByRole('button', { name: 'Enregistrer' })).toBeInViewport();
  await expect(page.getByLabel('Modifier le message')).toHaveValue(`${edited} encore`);
  await shot(page, 'unsaved-360-fr');
  await storageFull(page, false);
  await context.close();
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
