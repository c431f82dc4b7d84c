import { expect, test } from '@playwright/test';
import { logIn, messages, send, userInBrowser } from './support.js';

test('the notifications centre groups mentions of one place, names it, leads there, and its read state follows the account to another browser', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  await bob.page.goto('/people');
  // The same account in a second browser profile.
  const bobElsewhere = await browser.newContext();
  const second = await bobElsewhere.newPage();
  await logIn(second, bob.user.username, bob.user.password);
  await second.goto('/people');

  const stamp = Date.now();
  const first = `@${bob.user.username} first call ${stamp}`;
  await send(alice.page, first);
  await expect(messages(alice.page, first)).toHaveAttribute('data-status', 'sent');
  const again = `@${bob.user.username} second call ${stamp}`;
  await send(alice.page, again);
  await expect(messages(alice.page, again)).toHaveAttribute('data-status', 'sent');

  for (const page of [bob.page, second]) await expect(page.getByTestId('badge-notifications')).toHaveText('2');
  await bob.page.getByRole('button', { name: /^Notifications/ }).click();
  const mentions = bob.page.getByTestId('notification').filter({ hasText: '2 mentions in #general' });
  await expect(mentions).toHaveCount(1);
  await expect(mentions).toHaveAttribute('data-unread', '');
  // Alice's two messages among the unread ones of #general: one entry, not a line each.
  await expect(bob.page.getByTestId('notification').filter({ hasText: /new messages? in #general/ })).toHaveCount(1);

  await mentions.click();
  await expect(bob.page.getByTestId('conversation-title')).toContainText('general');
  await expect(bob.page.locator('volley-message[data-highlight]')).toContainText(first);

  // Read here, so read in the other browser: its badge clears and the entry is no longer unread.
  await expect(second.getByTestId('badge-notifications')).toHaveCount(0);
  await second.getByRole('button', { name: /^Notifications/ }).click();
  await expect(second.getByTestId('notification').filter({ hasText: '2 mentions in #general' })).not.toHaveAttribute('data-unread', '');

  await alice.context.close();
  await bob.context.close();
  await bobElsewhere.close();
});
