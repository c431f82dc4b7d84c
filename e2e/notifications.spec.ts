import { expect, test } from '@playwright/test';
import { contrastViolations, logIn, messages, send, userInBrowser } from './support.js';

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
  // #general notifies its mentions only (the default of channels): Alice's two messages are that one
  // entry, with no second "new messages in #general" line beside it.
  await expect(bob.page.getByTestId('notification').filter({ hasText: /#general/ })).toHaveCount(1);

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

test('the home page shows the recent notifications: a friend request arrives there live and leads to the people page', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  // Bob is on the home page (the chat page the app opens on) when Alice asks.
  await bob.page.goto('/');
  await expect(bob.page.getByTestId('conversation-title')).toContainText('general');

  await alice.page.goto('/people');
  await alice.page.getByLabel('Search people').fill(bob.user.username);
  await alice.page.getByRole('link', { name: new RegExp(bob.user.username) }).first().click();
  await alice.page.getByRole('button', { name: 'Add friend' }).click();
  await expect(alice.page.getByRole('button', { name: 'Cancel request' })).toBeVisible();

  const recent = bob.page.getByTestId('recent-notifications');
  await expect(recent.getByRole('heading', { name: 'Recent notifications' })).toBeVisible();
  const request = recent.getByTestId('recent-notification').filter({ hasText: alice.user.username });
  await expect(request).toHaveAttribute('data-kind', 'friend_request');
  await expect(request).toHaveAttribute('data-unread', '');
  for (const theme of ['light', 'dark'] as const) {
    await bob.page.emulateMedia({ colorScheme: theme });
    expect(await contrastViolations(bob.page), theme).toEqual([]);
  }
  await request.click();
  await expect(bob.page).toHaveURL(/\/people/);
  await expect(bob.page.getByTestId('friend-request').filter({ hasText: alice.user.username })).toBeVisible();
  // Read from the home page, read in the centre too.
  await bob.page.getByRole('button', { name: /^Notifications/ }).click();
  await expect(bob.page.getByTestId('notification').filter({ hasText: alice.user.username })).not.toHaveAttribute('data-unread', '');

  await alice.context.close();
  await bob.context.close();
});
