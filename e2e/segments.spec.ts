import { expect, test } from '@playwright/test';
import { messages, send, serviceWorkerControls, userInBrowser } from './support.js';

// On a server that seals a segment every 20 messages.
test('a long conversation opens at its head and loads older segments on scroll, then reads them offline', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  await alice.page.goto('/channels');
  await alice.page.getByRole('button', { name: 'Create channel' }).click();
  await alice.page.getByLabel('Name', { exact: true }).fill(`long-${Date.now().toString(36)}`);
  await alice.page.getByLabel('Access').selectOption('public');
  await alice.page.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(alice.page.getByTestId('conversation-title')).toContainText('long-');

  const stamp = Date.now();
  for (let i = 1; i <= 45; i++) await send(alice.page, `line ${i} of ${stamp}`);
  await expect(messages(alice.page, `line 45 of ${stamp}`)).toHaveAttribute('data-status', 'sent', { timeout: 30_000 });

  // A fresh open shows the head segment (messages 41-45), not the first ones.
  await alice.page.reload();
  await expect(messages(alice.page, `line 45 of ${stamp}`)).toBeVisible();
  await expect(messages(alice.page, `line 1 of ${stamp}`)).toHaveCount(0);

  // Scrolling to the top brings the older segments in.
  for (let tries = 0; tries < 10 && (await messages(alice.page, `line 1 of ${stamp}`).count()) === 0; tries++) {
    await alice.page.getByTestId('message-list').evaluate((list) => list.scrollTo({ top: 0 }));
    await alice.page.waitForTimeout(500);
  }
  await expect(messages(alice.page, `line 1 of ${stamp}`)).toHaveCount(1);
  await expect(messages(alice.page, `line 20 of ${stamp}`)).toHaveCount(1);

  // What was loaded stays on the device.
  await serviceWorkerControls(alice.page);
  await alice.context.setOffline(true);
  await alice.page.reload();
  for (let tries = 0; tries < 10 && (await messages(alice.page, `line 1 of ${stamp}`).count()) === 0; tries++) {
    await alice.page.getByTestId('message-list').evaluate((list) => list.scrollTo({ top: 0 }));
    await alice.page.waitForTimeout(500);
  }
  await expect(messages(alice.page, `line 1 of ${stamp}`)).toHaveCount(1);
  await alice.context.close();
});
