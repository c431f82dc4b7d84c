import { expect, test } from '@playwright/test';
import { hasSession, operator, userInBrowser } from './support.js';

test('an admin bans a user from the admin page: the victim’s open app is cut off at once and told why; the audit log says who did it', async ({ browser }) => {
  test.setTimeout(120_000);
  const victim = await userInBrowser(browser, 'victim');
  const boss = await userInBrowser(browser, 'boss');
  operator('role', boss.user.username, 'admin');

  // The role shows once the app asks the server again (a reload).
  await boss.page.reload();
  await boss.page.getByRole('link', { name: 'Admin' }).click();
  await expect(boss.page.getByRole('heading', { name: 'Administration' })).toBeVisible();
  const form = boss.page.getByTestId('site-ban-form');
  await form.getByLabel('Username', { exact: true }).fill(victim.user.username);
  await form.getByLabel('For').selectOption('7d');
  await form.getByLabel('Reason').fill('spam');
  await form.getByRole('button', { name: 'Ban' }).click();
  await expect(boss.page.getByTestId('site-ban').filter({ hasText: victim.user.username })).toBeVisible();

  // The victim did nothing: the server closed their sockets, and the app says so, until when and why.
  await expect(victim.page.getByTestId('site-banned')).toContainText('You are banned from this server until');
  await expect(victim.page.getByTestId('site-banned')).toContainText('Reason given: spam');
  // Its sessions ended with the ban: reloading does not bring the app back.
  expect(await hasSession(victim.context.request)).toBe(false);

  await expect(boss.page.getByTestId('audit-entry').filter({ hasText: victim.user.username }).first()).toContainText('Server ban');
  await expect(boss.page.getByTestId('audit-entry').filter({ hasText: victim.user.username }).first()).toContainText(boss.user.username);

  // Lifted, the victim signs in again.
  await boss.page.getByTestId('site-ban').filter({ hasText: victim.user.username }).getByRole('button', { name: 'Lift' }).click();
  await expect(boss.page.getByTestId('site-ban').filter({ hasText: victim.user.username })).toHaveCount(0);
  await victim.context.close();
  await boss.context.close();
});
