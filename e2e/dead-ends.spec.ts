/** A new user is never left without a way on: private channels, invite links, errors in their language, bans and ended sessions said plainly. */
import { expect, test } from '@playwright/test';
import { composer, createChannel, messages, newUser, operator, send, userInBrowser } from './support.js';

test('a private channel found in the directory, asked to join with a message, accepted from the owner’s notification: both told live', async ({ browser }) => {
  const owner = await userInBrowser(browser, 'owner');
  const asker = await userInBrowser(browser, 'asker');
  const name = `club-${Date.now().toString(36)}`;
  await createChannel(owner.page, name, { access: 'private', topic: 'members only' });

  await asker.page.goto('/channels');
  await asker.page.getByLabel('Search channels').fill(name);
  const entry = asker.page.getByTestId('channel').filter({ hasText: name });
  await expect(entry).toContainText('members only');
  await entry.getByRole('link', { name: 'Request to join' }).click();
  await asker.page.getByLabel('A few words for the admins (optional)').fill('I play on Tuesdays');
  await asker.page.getByRole('button', { name: 'Request to join' }).click();
  // Pending: nothing left to press, and no Join offered.
  await expect(asker.page.getByTestId('join-request-status')).toHaveAttribute('data-status', 'pending');
  await expect(asker.page.getByRole('button', { name: /Join|Request/ })).toHaveCount(0);

  // The owner is told at once, and answers from there.
  await owner.page.getByRole('button', { name: /^Notifications/ }).click();
  const asked = owner.page.getByTestId('notification').filter({ hasText: 'I play on Tuesdays' });
  await expect(asked).toContainText(`asks to join ${name}`);
  await asked.click();
  const request = owner.page.getByTestId('join-request').filter({ hasText: asker.user.username });
  await expect(request).toHaveAttribute('data-status', 'pending');
  await expect(owner.page.getByText('“I play on Tuesdays”', { exact: true })).toBeVisible();
  await request.getByRole('button', { name: 'Accept' }).click();
  await expect(owner.page.getByTestId('join-request').filter({ hasText: asker.user.username })).toHaveAttribute('data-status', 'accepted');

  // The asker's page turns into the channel without a reload, and says why.
  await expect(composer(asker.page)).toBeVisible();
  await expect(asker.page.getByTestId('conversation-title')).toContainText(name);
  await asker.page.getByRole('button', { name: /^Notifications/ }).click();
  await expect(asker.page.getByTestId('notification').filter({ hasText: name })).toHaveAttribute('data-kind', 'join_request_decided');

  await owner.context.close();
  await asker.context.close();
});

test('an invite link copied from a private channel lets a newcomer in, even one who signs up on the way', async ({ browser }) => {
  const owner = await userInBrowser(browser, 'owner');
  const name = `linked-${Date.now().toString(36)}`;
  await createChannel(owner.page, name, { access: 'private', topic: 'by invitation' });
  await owner.page.getByRole('button', { name: 'Members' }).click();
  await owner.page.getByRole('button', { name: 'Copy invite link' }).click();
  const link = await owner.page.getByTestId('invite-link').inputValue();
  expect(link).toMatch(/\/join\/[A-Za-z0-9_-]{43}$/);

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(new URL(link).pathname);
  // Not signed in: the sign-in page, then back to the link.
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByRole('link', { name: 'Create one' }).click();
  const guest = newUser('guest');
  await page.getByLabel('Username', { exact: true }).fill(guest.username);
  await page.getByLabel('Email', { exact: true }).fill(guest.email);
  await page.getByLabel('Password', { exact: true }).fill(guest.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: `Join #${name}` }).click();
  await expect(page.getByTestId('conversation-title')).toContainText(name);
  await expect(composer(page)).toBeVisible();

  await owner.context.close();
  await context.close();
});

test('a French user reads the server’s errors in French: a taken username, a wrong password', async ({ browser }) => {
  const taken = await userInBrowser(browser, 'taken');
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto('/register');
  await page.locator('input[name="username"]').fill(taken.user.username);
  await page.locator('input[name="email"]').fill(newUser('fr').email);
  await page.locator('input[name="password"]').fill(taken.user.password);
  await page.getByRole('button', { name: 'Créer le compte' }).click();
  await expect(page.getByTestId('field-error-username')).toHaveText('Déjà pris : choisissez-en un autre.');
  // One error, beside its field: no second line saying the same.
  await expect(page.getByTestId('form-error')).toHaveCount(0);

  await page.goto('/login');
  await page.locator('input[name="login"]').fill(taken.user.username);
  await page.locator('input[name="password"]').fill('not the password at all');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('alert')).toHaveText('Nom d’utilisateur, e-mail ou mot de passe incorrect.');

  await taken.context.close();
  await context.close();
});

test('a site moderator deletes a spammer’s message in #general, asked first; everyone sees it gone', async ({ browser }) => {
  const spammer = await userInBrowser(browser, 'spammer');
  const moderator = await userInBrowser(browser, 'mod');
  operator('role', moderator.user.username, 'moderator');
  await moderator.page.reload();
  const spam = `cheap watches ${Date.now()}`;
  await send(spammer.page, spam);
  const shown = messages(moderator.page, spam);
  await expect(shown).toHaveCount(1);
  await shown.hover();
  await shown.getByRole('button', { name: 'Message actions' }).click();
  await shown.getByRole('menuitem', { name: 'Delete' }).click();
  await expect(shown.getByRole('alertdialog')).toContainText('Delete this message for everyone?');
  await shown.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await expect(spammer.page.getByText(spam)).toHaveCount(0);
  await expect(moderator.page.getByText(spam)).toHaveCount(0);

  await spammer.context.close();
  await moderator.context.close();
});

test('a session ended from another device sends this tab to the sign-in page, which says why', async ({ browser, playwright, baseURL }) => {
  const alice = await userInBrowser(browser, 'alice');
  const api = await playwright.request.newContext({ baseURL });
  const login = await api.post('/api/v1/auth/login', { data: { login: alice.user.username, password: alice.user.password } });
  const { accessToken } = (await login.json()) as { accessToken: string };
  // "Sign out everywhere else", from the other device.
  expect((await api.delete('/api/v1/me/sessions', { headers: { Authorization: `Bearer ${accessToken}` } })).status()).toBe(204);
  await expect(alice.page.getByTestId('session-ended')).toBeVisible({ timeout: 20_000 });
  await expect(alice.page).toHaveURL(/\/login/);
  await api.dispose();
  await alice.context.close();
});

test('a malformed address shows the not-found page in the shell', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  await alice.page.goto('/c/%E0');
  await expect(alice.page.getByText('This page does not exist.')).toBeVisible();
  await alice.page.getByRole('link', { name: 'Go to your conversations' }).click();
  await expect(composer(alice.page)).toBeVisible();
  await alice.context.close();
});
