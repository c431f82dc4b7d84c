import { expect, test, type Page } from '@playwright/test';
import { composer, createChannel, messages, send, userInBrowser } from './support.js';

/** Opens a user's profile through the people search; returns its path. */
async function profilePath(page: Page, username: string): Promise<string> {
  await page.goto('/people');
  await page.getByLabel('Search people').fill(username);
  await page.getByRole('link', { name: new RegExp(username) }).first().click();
  await expect(page.getByRole('heading', { name: new RegExp(username) })).toBeVisible();
  return new URL(page.url()).pathname;
}

/** From the channel directory: search, Join, then the password dialog. */
async function joinWithPassword(page: Page, channel: string, password: string): Promise<void> {
  await page.goto('/channels');
  await page.getByLabel('Search channels').fill(channel);
  await page.getByTestId('channel').filter({ hasText: channel }).getByRole('button', { name: 'Join' }).click();
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Join', exact: true }).last().click();
}

test('friends: request, accept, both online, DM, then a block refuses the DM', async ({ browser }) => {
  // Two people in browsers of their own, each step both ways: 66 s in one full run on a busy machine.
  test.setTimeout(180_000);
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');

  await profilePath(alice.page, bob.user.username);
  await alice.page.getByRole('button', { name: 'Add friend' }).click();
  await expect(alice.page.getByRole('button', { name: 'Cancel request' })).toBeVisible();

  await expect(bob.page.getByTestId('badge-friends')).toHaveText('1');
  await bob.page.goto('/people');
  await bob.page.getByTestId('friend-request').filter({ hasText: alice.user.username }).getByRole('button', { name: 'Accept' }).click();

  // Both online: each sees the other's dot turn online without a reload.
  await expect(bob.page.getByTestId('friend').filter({ hasText: alice.user.username }).getByTestId('presence')).toHaveAttribute('data-status', 'online');
  await alice.page.goto('/people');
  await expect(alice.page.getByTestId('friend').filter({ hasText: bob.user.username }).getByTestId('presence')).toHaveAttribute('data-status', 'online');

  await profilePath(alice.page, bob.user.username);
  await alice.page.getByRole('button', { name: 'Message' }).click();
  await expect(composer(alice.page)).toBeVisible();
  const hello = `hi bob ${Date.now()}`;
  await send(alice.page, hello);
  await expect(messages(alice.page, hello)).toHaveAttribute('data-status', 'sent');
  const dmPath = new URL(alice.page.url()).pathname;

  await bob.page.goto(dmPath);
  await expect(messages(bob.page, hello)).toHaveCount(1);
  await profilePath(bob.page, alice.user.username);
  await bob.page.getByRole('button', { name: 'Block' }).click();
  await bob.page.getByTestId('confirm').click();
  await expect(bob.page.getByRole('button', { name: 'Unblock' })).toBeVisible();

  await alice.page.goto(dmPath);
  const refused = `still there? ${Date.now()}`;
  await send(alice.page, refused);
  await expect(messages(alice.page, refused)).toHaveAttribute('data-status', 'rejected');
  await expect(messages(alice.page, refused).getByTestId('reject-reason')).toContainText(/block/i);
  // The refusal is kept on the device, with its reason and text, until Alice discards it. A block
  // refuses the same message again, so no Retry is offered: its text can be taken back to edit.
  await alice.page.reload();
  await expect(messages(alice.page, refused)).toHaveAttribute('data-status', 'rejected');
  await expect(messages(alice.page, refused).getByTestId('reject-reason')).toContainText(/block/i);
  await expect(messages(alice.page, refused).getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await expect(messages(alice.page, refused).getByRole('button', { name: 'Edit' })).toBeVisible();
  await messages(alice.page, refused).getByRole('button', { name: 'Discard' }).click();
  await expect(messages(alice.page, refused)).toHaveCount(0);
  await alice.page.reload();
  await expect(messages(alice.page, hello)).toHaveCount(1);
  await expect(messages(alice.page, refused)).toHaveCount(0);

  await alice.context.close();
  await bob.context.close();
});

test('channels: a password channel joined with the wrong then the right password; a kick closes the view; a ban holds across a reload', async ({ browser }) => {
  // Three people in browsers of their own: 30 s on a quiet machine, past 90 s on a busy one.
  test.setTimeout(180_000);
  const owner = await userInBrowser(browser, 'owner');
  const carol = await userInBrowser(browser, 'carol');
  const dave = await userInBrowser(browser, 'dave');
  const name = `pw-${Date.now().toString(36)}`;

  const channelPath = await createChannel(owner.page, name, { access: 'password', password: 'open sesame' });

  await joinWithPassword(carol.page, name, 'wrong one');
  await expect(carol.page.getByTestId('field-error-password')).toBeVisible();
  await carol.page.getByLabel('Password', { exact: true }).fill('open sesame');
  await carol.page.getByRole('button', { name: 'Join', exact: true }).last().click();
  await expect(carol.page.getByTestId('conversation-title')).toContainText(name);
  const hi = `carol is in ${Date.now()}`;
  await send(carol.page, hi);
  await expect(messages(owner.page, hi)).toHaveCount(1);

  await joinWithPassword(dave.page, name, 'open sesame');
  await expect(messages(dave.page, hi)).toHaveCount(1);

  // The owner kicks carol: her view of the channel closes at once.
  await owner.page.getByRole('button', { name: 'Members' }).click();
  await owner.page.getByTestId('member').filter({ hasText: carol.user.username }).getByRole('button', { name: 'Kick' }).click();
  // Asked first, saying what follows.
  await expect(owner.page.getByRole('alertdialog')).toContainText('is removed from the channel now');
  await owner.page.getByTestId('confirm').click();
  await expect(carol.page.getByTestId('removed-notice')).toBeVisible();
  await expect(carol.page.getByTestId('conversation-title')).not.toContainText(name);
  // The others go on talking.
  const onward = `dave carries on ${Date.now()}`;
  await send(dave.page, onward);
  await expect(messages(owner.page, onward)).toHaveCount(1);

  // She may come back after a kick, but not after a ban, even after a reload.
  await joinWithPassword(carol.page, name, 'open sesame');
  await expect(carol.page.getByTestId('conversation-title')).toContainText(name);

  await owner.page.getByTestId('member').filter({ hasText: carol.user.username }).getByRole('button', { name: 'Ban' }).click();
  await owner.page.getByRole('button', { name: /permanent/i }).click();
  await expect(carol.page.getByTestId('removed-notice')).toBeVisible();
  await carol.page.reload();
  await carol.page.goto(channelPath);
  await expect(carol.page.getByTestId('conversation-title')).not.toContainText(name);
  await joinWithPassword(carol.page, name, 'open sesame');
  await expect(carol.page.getByRole('alert')).toContainText(/banned/i);

  await owner.context.close();
  await carol.context.close();
  await dave.context.close();
});

test('a channel searched for while the directory is still loading is found', async ({ browser }) => {
  const owner = await userInBrowser(browser, 'slowdir');
  const name = `slowdir-${Date.now().toString(36)}`;
  await createChannel(owner.page, name);
  const { page, context } = await userInBrowser(browser, 'seeker');
  // A slow network: the directory's first answer (everything, before a search) takes 2 s.
  let first = true;
  await page.route((url) => url.pathname === '/api/v1/channels' && url.searchParams.has('q'), async (route) => {
    if (first) {
      first = false;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    await route.continue();
  });
  await page.goto('/channels');
  await page.getByLabel('Search channels').fill(name);
  await expect(page.getByTestId('channel').filter({ hasText: name })).toHaveCount(1);
  await context.close();
  await owner.context.close();
});
