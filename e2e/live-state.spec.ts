import { expect, test, type Page } from '@playwright/test';
import { joinChannel, messages, send, userInBrowser, usersInChannel } from './support.js';

/** Opens a user's profile through the people search. */
async function openProfile(page: Page, username: string): Promise<void> {
  await page.goto('/people');
  await page.getByLabel('Search people').fill(username);
  await page.getByRole('link', { name: new RegExp(username) }).first().click();
  await expect(page.getByRole('heading', { name: new RegExp(username) })).toBeVisible();
}

/** Asks from the open profile, done once the profile says so: a navigation before then could cancel the request on its way. */
async function addFriend(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Add friend' }).click();
  await expect(page.getByRole('button', { name: 'Cancel request' })).toBeVisible();
}

test('friendship and block follow the other user live: a user card, a profile and the friend list change without a reload', async ({ browser }) => {
  const [alice, bob] = await usersInChannel(browser, 'alice', 'bob');
  const channelPath = new URL(alice.page.url()).pathname;

  await openProfile(alice.page, bob.user.username);
  await addFriend(alice.page);
  await bob.page.goto('/people');
  await bob.page.getByTestId('friend-request').filter({ hasText: alice.user.username }).getByRole('button', { name: 'Accept' }).click();
  await expect(alice.page.getByRole('button', { name: 'Remove friend' })).toBeVisible();

  // Bob has Alice's card open in the channel when she ends the friendship.
  const text = `from alice ${Date.now()}`;
  await alice.page.goto(channelPath);
  await send(alice.page, text);
  await bob.page.goto(channelPath);
  const card = bob.page.getByTestId('user-card');
  await messages(bob.page, text).getByTestId('author-name').click();
  await expect(card).toContainText('Your friend');
  // A friend's presence is Bob's to see: Alice is here, never a false "Offline".
  await expect(card.getByTestId('card-presence')).toHaveAttribute('data-status', /^(online|away)$/);
  await openProfile(alice.page, bob.user.username);
  await alice.page.getByRole('button', { name: 'Remove friend' }).click();
  await expect(card).not.toContainText('Your friend');
  await expect(card.getByTestId('card-add-friend')).toBeVisible();
  // No longer a friend, her presence is not his to see: the card says nothing of it rather than "Offline".
  await expect(card.getByTestId('card-presence')).toHaveCount(0);
  await expect(card).not.toContainText('Offline');

  // Bob asks again from the card: Alice's open profile of him offers to accept, then the card says friend.
  await card.getByTestId('card-add-friend').click();
  await alice.page.getByRole('button', { name: 'Accept' }).click();
  await expect(card).toContainText('Your friend');

  // Alice blocks Bob while his friend list is open: she leaves it.
  await bob.page.goto('/people');
  const aliceThere = bob.page.getByTestId('friend').filter({ hasText: alice.user.username });
  await expect(aliceThere).toHaveCount(1);
  await alice.page.getByRole('button', { name: 'Block' }).click();
  await alice.page.getByTestId('confirm').click();
  await expect(alice.page.getByRole('button', { name: 'Unblock' })).toBeVisible();
  await expect(aliceThere).toHaveCount(0);

  await alice.context.close();
  await bob.context.close();
});

test('a member removed from a channel sees it leave the conversation list, and the others its member list, without a reload', async ({ browser }) => {
  const [owner, bob, carol] = await usersInChannel(browser, 'owner', 'bob', 'carol');
  const name = (await owner.page.getByTestId('conversation-title').textContent())?.trim().replace(/^#/, '') ?? '';

  const listed = bob.page.getByTestId('conversation').filter({ hasText: name });
  await expect(listed).toHaveCount(1);
  await carol.page.getByRole('button', { name: 'Members' }).click();
  await expect(carol.page.getByTestId('member').filter({ hasText: bob.user.username })).toHaveCount(1);

  await owner.page.getByRole('button', { name: 'Members' }).click();
  await owner.page.getByTestId('member').filter({ hasText: bob.user.username }).getByRole('button', { name: 'Kick' }).click();
  await owner.page.getByTestId('confirm').click();

  await expect(listed).toHaveCount(0);
  await expect(carol.page.getByTestId('member').filter({ hasText: bob.user.username })).toHaveCount(0);

  await owner.context.close();
  await bob.context.close();
  await carol.context.close();
});

test('a declined friend request, and a block by someone who is not a friend, leave the other person’s list without a reload', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');

  // Alice watches her request to Bob while he declines it.
  await openProfile(alice.page, bob.user.username);
  await addFriend(alice.page);
  await alice.page.goto('/people');
  const aliceAsked = alice.page.getByTestId('friend-request').filter({ hasText: bob.user.username });
  await expect(aliceAsked).toHaveAttribute('data-direction', 'sent');
  await bob.page.goto('/people');
  await bob.page.getByTestId('friend-request').filter({ hasText: alice.user.username }).getByRole('button', { name: 'Decline' }).click();
  await expect(aliceAsked).toHaveCount(0);

  // Bob asks in turn and watches his request while Alice, who is not his friend, blocks him.
  await openProfile(bob.page, alice.user.username);
  await addFriend(bob.page);
  await bob.page.goto('/people');
  const bobAsked = bob.page.getByTestId('friend-request').filter({ hasText: alice.user.username });
  await expect(bobAsked).toHaveAttribute('data-direction', 'sent');
  await openProfile(alice.page, bob.user.username);
  await alice.page.getByRole('button', { name: 'Block' }).click();
  await alice.page.getByTestId('confirm').click();
  await expect(alice.page.getByRole('button', { name: 'Unblock' })).toBeVisible();
  await expect(bobAsked).toHaveCount(0);

  await alice.context.close();
  await bob.context.close();
});

test('a channel’s open member list shows a member joining, made an admin and one leaving, without a reload', async ({ browser }) => {
  const [owner, bob] = await usersInChannel(browser, 'owner', 'bob');
  const name = (await owner.page.getByTestId('conversation-title').textContent())?.trim().replace(/^#/, '') ?? '';
  await owner.page.getByRole('button', { name: 'Members' }).click();
  const member = (username: string) => owner.page.getByTestId('member').filter({ hasText: username });
  await expect(member(bob.user.username)).toHaveCount(1);

  const carol = await userInBrowser(browser, 'carol');
  await joinChannel(carol.page, name);
  await expect(member(carol.user.username)).toHaveCount(1);

  // Carol watches the list as the owner makes her an admin.
  await carol.page.getByRole('button', { name: 'Members' }).click();
  const carolSeesHerself = carol.page.getByTestId('member').filter({ hasText: carol.user.username });
  await expect(carolSeesHerself).toHaveAttribute('data-role', 'member');
  await member(carol.user.username).getByRole('button', { name: 'Make admin' }).click();
  await expect(carolSeesHerself).toHaveAttribute('data-role', 'admin');

  await bob.page.getByRole('button', { name: 'Members' }).click();
  await bob.page.getByRole('button', { name: 'Leave', exact: true }).click();
  await bob.page.getByTestId('confirm').click();
  await expect(member(bob.user.username)).toHaveCount(0);
  await expect(member(carol.user.username)).toHaveCount(1);
  await expect(carol.page.getByTestId('member').filter({ hasText: bob.user.username })).toHaveCount(0);

  await owner.context.close();
  await bob.context.close();
  await carol.context.close();
});
