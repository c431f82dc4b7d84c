import { expect, test, type Page } from '@playwright/test';
import { composer, createChannel, joinChannel, logIn, messages, openSettings, send, serviceWorkerControls, userInBrowser, usersInChannel } from './support.js';

async function messageAction(page: Page, text: string, action: 'Edit' | 'Delete' | 'Reply' | 'React'): Promise<void> {
  const message = messages(page, text);
  await message.hover();
  await message.getByRole('button', { name: 'Message actions' }).click();
  await page.getByRole('menuitem', { name: action }).click();
}

async function sendAndWait(page: Page, text: string): Promise<void> {
  await send(page, text);
  await expect(messages(page, text)).toHaveAttribute('data-status', 'sent');
}

test('edits, reactions and deletes made offline show at once, survive a reload and merge on reconnect', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  const stamp = Date.now();
  const [first, second, third] = [`first ${stamp}`, `second ${stamp}`, `third ${stamp}`];
  for (const text of [first, second, third]) await sendAndWait(alice.page, text);
  await expect(messages(bob.page, third)).toHaveCount(1);
  await serviceWorkerControls(alice.page);

  await alice.context.setOffline(true);
  await messageAction(alice.page, first, 'Edit');
  await alice.page.getByLabel('Edit message').fill(`first, edited ${stamp}`);
  await alice.page.getByLabel('Edit message').press('Enter');
  await messageAction(alice.page, second, 'React');
  await alice.page.getByRole('group', { name: 'Pick a reaction' }).getByRole('button', { name: '👍' }).click();
  const thirdId = await messages(alice.page, third).getAttribute('data-id');
  await messageAction(alice.page, third, 'Delete');
  await alice.page.getByRole('button', { name: 'Delete', exact: true }).last().click();
  // Each change shows at once and is written to the device a moment later, one write after another:
  // the reload comes once they show and the writes had that moment, as a person's would.
  await expect(messages(alice.page, `first, edited ${stamp}`)).toHaveCount(1);
  await expect(messages(alice.page, second).getByTestId('reaction')).toHaveText(/1/);
  await expect(messages(alice.page, third)).toHaveCount(0);
  await alice.page.waitForTimeout(1_000);

  await alice.page.reload();
  await expect(messages(alice.page, `first, edited ${stamp}`)).toHaveCount(1);
  await expect(messages(alice.page, second).getByTestId('reaction')).toHaveText(/1/);
  await expect(messages(alice.page, third)).toHaveCount(0);
  // Bob sees none of it while Alice is offline.
  await expect(messages(bob.page, first)).toHaveCount(1);

  await alice.context.setOffline(false);
  const edited = messages(bob.page, `first, edited ${stamp}`);
  await expect(edited).toHaveCount(1, { timeout: 30_000 });
  await expect(edited.getByTestId('edited-mark')).toBeVisible();
  await expect(messages(bob.page, second).getByTestId('reaction')).toHaveAttribute('data-emoji', '👍');
  await expect(messages(bob.page, second).getByTestId('reaction')).toHaveText(/1/);
  await expect(bob.page.getByText(third)).toHaveCount(0);
  await expect(bob.page.locator(`[data-testid="message"][data-id="${thirdId}"]`).getByTestId('deleted-placeholder')).toBeVisible();
  // Once the deletion is decided, the conversation list's preview no longer quotes it either.
  await expect(alice.page.getByText(third)).toHaveCount(0);

  await alice.context.close();
  await bob.context.close();
});

test('a reply quotes its original; typing and presence show to the other reader', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  const question = `who wants to play? ${Date.now()}`;
  await sendAndWait(alice.page, question);

  await messageAction(bob.page, question, 'Reply');
  await composer(bob.page).pressSequentially('me!');
  await expect(alice.page.getByTestId('typing')).toContainText(bob.user.username);
  await composer(bob.page).press('Enter');
  const answer = messages(alice.page, 'me!').last();
  await expect(answer.getByTestId('reply-quote')).toContainText(question);
  await expect(alice.page.getByTestId('here-count')).toContainText('2');

  await alice.context.close();
  await bob.context.close();
});

test('a draft follows its user from one device to another', async ({ browser }) => {
  const phone = await userInBrowser(browser, 'camille');
  const laptopContext = await browser.newContext();
  const laptop = await laptopContext.newPage();
  await logIn(laptop, phone.user.username, phone.user.password);

  const draft = `half-written on the phone ${Date.now()}`;
  await composer(phone.page).fill(draft);
  await expect(composer(laptop)).toHaveValue(draft);
  await phone.page.reload();
  await expect(composer(phone.page)).toHaveValue(draft);

  await phone.context.close();
  await laptopContext.close();
});

test('search finds a message in French or English and opens it in its conversation', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  const word = `zebre${Date.now().toString(36)}`;
  await sendAndWait(alice.page, `Les chats de ${word} dorment`);
  await alice.page.getByLabel('Search messages').fill(`chat ${word}`);
  await alice.page.getByLabel('Search messages').press('Enter');
  const hit = alice.page.getByTestId('search-result').filter({ hasText: word });
  await expect(hit).toHaveCount(1);
  await expect(hit.locator('mark').first()).toBeVisible();
  await hit.click();
  await expect(messages(alice.page, word)).toBeVisible();
  await alice.context.close();
});

test('a DM shows “Seen” once the other person has read it, unless they turned receipts off', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  // Bob opens a DM with Alice from her profile.
  await bob.page.goto('/people');
  await bob.page.getByLabel('Search people').fill(alice.user.username);
  await bob.page.getByTestId('search-result').filter({ hasText: alice.user.username }).click();
  await bob.page.getByRole('button', { name: 'Message' }).click();
  await expect(bob.page).toHaveURL(/\/c\//);
  const dmPath = new URL(bob.page.url()).pathname;
  const ping = `ping ${Date.now()}`;
  await sendAndWait(bob.page, ping);
  await expect(bob.page.getByTestId('seen-receipt')).toHaveCount(0);

  await alice.page.goto(dmPath);
  await expect(messages(alice.page, ping)).toHaveCount(1, { timeout: 30_000 });
  await expect(bob.page.getByTestId('seen-receipt')).toBeVisible();

  // Alice turns her receipts off: Bob no longer learns what she has seen.
  await openSettings(alice.page, 'Profile');
  await alice.page.getByLabel(/read receipts/i).uncheck();
  await expect(bob.page.getByTestId('seen-receipt')).toHaveCount(0);

  await alice.context.close();
  await bob.context.close();
});

test('two tabs holding the same message written offline deliver it once', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  const secondTab = await alice.context.newPage();
  await secondTab.goto('/');
  await serviceWorkerControls(secondTab);

  await alice.context.setOffline(true);
  const text = `from two tabs ${Date.now()}`;
  await send(alice.page, text);
  await expect(messages(alice.page, text)).toHaveAttribute('data-status', 'pending');
  // The second tab reads the same queue of ops from the device.
  await secondTab.reload();
  await expect(messages(secondTab, text)).toHaveAttribute('data-status', 'pending');

  await alice.context.setOffline(false);
  await expect(messages(alice.page, text)).toHaveAttribute('data-status', 'sent', { timeout: 30_000 });
  await expect(messages(secondTab, text)).toHaveAttribute('data-status', 'sent', { timeout: 30_000 });
  await expect(messages(bob.page, text)).toHaveCount(1);
  await bob.page.reload();
  await expect(messages(bob.page, text)).toHaveCount(1);

  await alice.context.close();
  await bob.context.close();
});

test('unread: the title and the chat badge count conversations with news, and a divider marks the first unread', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  await bob.page.goto('/channels');
  await expect(bob.page).toHaveTitle('Volley');

  const news = `news for bob ${Date.now()}`;
  await sendAndWait(alice.page, news);
  await expect(bob.page).toHaveTitle(/^\(1\) Volley$/);
  await expect(bob.page.getByTestId('badge-chat')).toHaveText('1');

  await bob.page.getByRole('link', { name: 'Chat' }).click();
  await expect(bob.page.getByTestId('new-messages-divider')).toBeVisible();
  await expect(messages(bob.page, news)).toBeVisible();
  await expect(bob.page).toHaveTitle('Volley');
  await expect(bob.page.getByTestId('badge-chat')).toHaveCount(0);

  await alice.context.close();
  await bob.context.close();
});

test('the language picker turns the open chat into French at once, the composer and each message’s menu too', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  const text = `bonjour ${Date.now()}`;
  await sendAndWait(alice.page, text);
  await alice.page.getByLabel('Language').selectOption('fr');
  // Shown by elements that take the locale from their parent (the composer, the message, its menu), not from the shell.
  await expect(alice.page.getByRole('button', { name: 'Envoyer' })).toBeVisible();
  await messages(alice.page, text).hover();
  await expect(messages(alice.page, text).getByRole('button', { name: 'Actions du message' })).toBeVisible();
  await alice.context.close();
});

test('slash commands: /help lists them, an unknown one says so and keeps the text, /me sends an action', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  await send(alice.page, '/help');
  await expect(alice.page.getByTestId('command-note')).toContainText('/me');
  await send(alice.page, '/dance wildly');
  await expect(alice.page.getByTestId('command-error')).toBeVisible();
  await expect(composer(alice.page)).toHaveValue('/dance wildly');

  const action = `waves ${Date.now()}`;
  await composer(alice.page).fill(`/me ${action}`);
  await composer(alice.page).press('Enter');
  await expect(messages(alice.page, action)).toContainText(alice.user.username);
  await expect(messages(alice.page, action)).toHaveAttribute('data-status', 'sent');
  await alice.context.close();
});

test('moderation commands: /mute refuses the muted one’s messages, /kick closes a view, /ban keeps out; members cannot use them', async ({ browser }) => {
  const owner = await userInBrowser(browser, 'owner');
  const bob = await userInBrowser(browser, 'bob');
  const carol = await userInBrowser(browser, 'carol');
  const name = `mod-${Date.now().toString(36)}`;
  await createChannel(owner.page, name);
  for (const { page } of [bob, carol]) await joinChannel(page, name);

  // A member has no such power: the server refuses and the text stays for another try.
  // A trailing space, as a user who finished the name: Enter on an open @-completion picks the name.
  await send(bob.page, `/kick @${carol.user.username} `);
  await expect(bob.page.getByTestId('command-error')).toBeVisible();
  await expect(composer(bob.page)).toHaveValue(`/kick @${carol.user.username} `);

  await send(owner.page, `/mute @${bob.user.username} 10`);
  await expect(owner.page.getByTestId('command-note')).toContainText(bob.user.username);
  // Told before typing: muted, and until when.
  await expect(bob.page.getByTestId('muted-notice')).toContainText(/You are muted until (\w+ \d+, )?\d/);
  // Leaving and joining again does not end it: the notice is back, and the member list shows the mute.
  await bob.page.getByRole('button', { name: 'Members' }).click();
  await bob.page.getByRole('button', { name: 'Leave', exact: true }).click();
  await bob.page.getByTestId('confirm').click();
  await joinChannel(bob.page, name);
  await expect(bob.page.getByTestId('muted-notice')).toContainText(/You are muted until (\w+ \d+, )?\d/);
  await owner.page.getByRole('button', { name: 'Members' }).click();
  await expect(owner.page.getByTestId('member').filter({ hasText: bob.user.username })).toContainText(/muted/i);
  await owner.page.keyboard.press('Escape');
  const hushed = `can anyone hear me ${Date.now()}`;
  await composer(bob.page).fill(hushed);
  await composer(bob.page).press('Enter');
  await expect(messages(bob.page, hushed)).toHaveAttribute('data-status', 'rejected');
  await expect(messages(bob.page, hushed).getByTestId('reject-reason')).toContainText(/mute/i);

  await send(owner.page, `/kick @${carol.user.username} `);
  await expect(carol.page.getByTestId('removed-notice')).toBeVisible();

  await send(owner.page, `/ban @${bob.user.username} `);
  await expect(bob.page.getByTestId('removed-notice')).toBeVisible();
  await bob.page.goto('/channels');
  await bob.page.getByLabel('Search channels').fill(name);
  await bob.page.getByTestId('channel').filter({ hasText: name }).getByRole('button', { name: 'Join' }).click();
  await expect(bob.page.getByRole('alert')).toContainText(/banned/i);

  await owner.context.close();
  await bob.context.close();
  await carol.context.close();
});

test('a mention notifies the member named, and the notification opens the conversation at that message', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  await bob.page.goto('/people');
  const text = `lunch at noon @${bob.user.username} ? ${Date.now()}`;
  await sendAndWait(alice.page, text);

  await expect(bob.page.getByTestId('badge-notifications')).toHaveText('1');
  await bob.page.getByRole('button', { name: /^Notifications/ }).click();
  await bob.page.getByTestId('notification').filter({ hasText: alice.user.username }).click();
  await expect(bob.page.getByTestId('conversation-title')).toContainText('general');
  await expect(bob.page.locator('volley-message[data-highlight]')).toContainText(text);
  expect(new URL(bob.page.url()).hash).toBe('');

  await alice.context.close();
  await bob.context.close();
});

test('a conversation opened again shows what changed while it was away, not what it showed when left', async ({ browser }) => {
  const [alice, bob] = await usersInChannel(browser, 'alice', 'bob');
  const channel = (await alice.page.getByTestId('conversation-title').textContent())!.trim();
  const stamp = Date.now();
  const [kept, changing, later] = [`kept ${stamp}`, `to be edited ${stamp}`, `sent while away ${stamp}`];
  await sendAndWait(alice.page, kept);
  await sendAndWait(bob.page, changing);
  await expect(messages(alice.page, changing)).toHaveCount(1);

  // Alice leaves for #general: the channel's newest messages are kept on her device as she saw them.
  await alice.page.getByTestId('conversation').filter({ hasText: 'general' }).click();
  await expect(alice.page.getByTestId('conversation-title')).toContainText('general');
  await messageAction(bob.page, changing, 'Edit');
  await bob.page.getByLabel('Edit message').fill(`edited while away ${stamp}`);
  await bob.page.getByLabel('Edit message').press('Enter');
  await sendAndWait(bob.page, later);

  await alice.page.getByTestId('conversation').filter({ hasText: channel }).click();
  await expect(alice.page.getByTestId('conversation-title')).toContainText(channel);
  await expect(messages(alice.page, `edited while away ${stamp}`)).toHaveCount(1);
  await expect(messages(alice.page, later)).toHaveCount(1);
  await expect(messages(alice.page, changing)).toHaveCount(0);
  await expect(messages(alice.page, kept)).toHaveCount(1);

  // And from the device alone, after a reload offline.
  await serviceWorkerControls(alice.page);
  await alice.context.setOffline(true);
  await alice.page.reload();
  await expect(messages(alice.page, later)).toHaveCount(1);
  await expect(messages(alice.page, `edited while away ${stamp}`)).toHaveCount(1);
  await expect(messages(alice.page, changing)).toHaveCount(0);

  await alice.context.close();
  await bob.context.close();
});

test('a reply’s quote names its author as their profile reads now, not as when it was written', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  const question = `rename me ${Date.now()}`;
  await sendAndWait(alice.page, question);
  await messageAction(bob.page, question, 'Reply');
  await composer(bob.page).fill('quoted');
  await composer(bob.page).press('Enter');
  const answer = messages(bob.page, 'quoted').last();
  await expect(answer.getByTestId('reply-quote')).toContainText(alice.user.username);

  const renamed = `Alice ${Date.now() % 10_000}`;
  await alice.page.goto('/settings/profile');
  await alice.page.getByLabel('Display name').fill(renamed);
  await alice.page.getByRole('button', { name: 'Save' }).click();
  await expect(alice.page.getByRole('status')).toContainText('Saved.');

  await bob.page.reload();
  await expect(messages(bob.page, question).first().getByTestId('author')).toHaveText(renamed);
  await expect(answer.getByTestId('reply-quote')).toContainText(renamed);
  await alice.context.close();
  await bob.context.close();
});
