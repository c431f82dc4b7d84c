import { expect, test } from '@playwright/test';
import { encryptedDm } from './encrypted-support.js';
import { messages, nodeClient, send, userInBrowser } from './support.js';

test('search finds an encrypted DM’s words on the device that read them, among the server’s results and offline, while the server’s own search finds nothing of them', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  const word = `zq${Date.now().toString(36)}`;

  // A plain message with the word in #general, then the encrypted DM.
  const plain = `${word} in the open`;
  await send(alice.page, plain);
  await expect(messages(alice.page, plain)).toHaveAttribute('data-status', 'sent', { timeout: 30_000 });
  const dmPath = await encryptedDm(bob, alice);
  const secret = `L’élève ${word} joue à minuit`;
  await send(bob.page, secret);
  await expect(messages(alice.page, secret)).toBeVisible({ timeout: 30_000 });

  // The server cannot search what it cannot read.
  const volley = nodeClient(baseURL);
  await volley.signIn({ login: alice.user.username, password: alice.user.password });
  const server = (await volley.api.request('GET', `/search?q=${word}`, { schema: (s) => s.SearchPage })).items.map((hit) => hit.message.body);
  await volley.close();
  expect(server).toEqual([plain]);

  const search = alice.page.getByLabel('Search messages');
  const results = alice.page.getByTestId('search-result');
  // Accents and case aside, and each word found by its start, as typed.
  await search.fill(`ELEVE ${word.slice(0, -2)}`);
  await search.press('Enter');
  await expect(results).toHaveCount(1);
  await expect(results.first()).toContainText(secret);
  // Where: the DM, by the other person's name, as the server names it.
  await expect(results.first().locator('.where')).toHaveText(new RegExp(`^${bob.user.username} · ${bob.user.username} · `));
  await expect(results.first().locator('mark')).toHaveText(word.slice(0, -2));
  await alice.page.screenshot({ path: test.info().outputPath('encrypted-search-desktop-en.png') });

  await search.fill(word);
  await search.press('Enter');
  await expect(results).toHaveCount(2);
  await expect(results.filter({ hasText: secret })).toHaveCount(1);
  await expect(results.filter({ hasText: plain })).toHaveCount(1);

  // A result opens the DM at the message.
  await results.filter({ hasText: secret }).click();
  await expect(alice.page).toHaveURL(new RegExp(dmPath));
  await expect(messages(alice.page, secret)).toBeInViewport();

  // Offline, this device still finds both.
  await alice.context.setOffline(true);
  await search.fill(word);
  await search.press('Enter');
  await expect(alice.page.getByRole('status').filter({ hasText: 'this device' })).toBeVisible();
  await expect(results).toHaveCount(2);
  await alice.context.setOffline(false);
  for (const person of [alice, bob]) await person.context.close();
});
