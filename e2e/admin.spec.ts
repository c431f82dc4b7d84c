import { expect, test } from '@playwright/test';
import { operator, userInBrowser } from './support.js';
import { screenshots } from './screens.js';

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
  // Asked first, in the app's own dialog; Cancel bans nobody.
  const dialog = boss.page.getByRole('alertdialog', { name: `Ban ${victim.user.username} from the server?` });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(boss.page.getByTestId('site-ban').filter({ hasText: victim.user.username })).toHaveCount(0);
  await form.getByRole('button', { name: 'Ban' }).click();
  await dialog.getByTestId('confirm').click();
  await expect(boss.page.getByTestId('site-ban').filter({ hasText: victim.user.username })).toBeVisible();

  // The victim did nothing: the server closed their sockets, and the app says so, until when and why.
  await expect(victim.page.getByTestId('site-banned')).toContainText('You are banned from this server until');
  await expect(victim.page.getByTestId('site-banned')).toContainText('Reason given: spam');
  const shot = (name: string) => victim.page.screenshot({ path: test.info().outputPath(`${name}.png`) });
  await shot('banned-live-desktop-en');
  await victim.page.setViewportSize({ width: 360, height: 740 });
  await shot('banned-live-phone-en');
  // Its sessions ended with the ban: after a reload the app is signed out, and still says why.
  await victim.page.reload();
  await expect(victim.page).toHaveURL(/\/login/);
  await expect(victim.page.getByTestId('site-banned')).toContainText('You are banned from this server until');
  await expect(victim.page.getByTestId('site-banned')).toContainText('Reason given: spam');
  await shot('banned-reloaded-phone-en');
  await victim.page.getByLabel('Language').selectOption('fr');
  await expect(victim.page.getByTestId('site-banned')).toContainText('Motif donné : spam');
  await shot('banned-reloaded-phone-fr');
  await victim.page.setViewportSize({ width: 1280, height: 800 });
  await shot('banned-reloaded-desktop-fr');

  await expect(boss.page.getByTestId('audit-entry').filter({ hasText: victim.user.username }).first()).toContainText('Server ban');
  await expect(boss.page.getByTestId('audit-entry').filter({ hasText: victim.user.username }).first()).toContainText(boss.user.username);

  // Lifted, the victim signs in again.
  await boss.page.getByTestId('site-ban').filter({ hasText: victim.user.username }).getByRole('button', { name: 'Lift' }).click();
  await expect(boss.page.getByTestId('site-ban').filter({ hasText: victim.user.username })).toHaveCount(0);
  await victim.context.close();
  await boss.context.close();

  await screenshots(
    browser,
    'ban-confirm',
    async (page) => {
      await page.goto('/admin');
      const banForm = page.getByTestId('site-ban-form');
      await banForm.locator('input[name="username"]').fill('someone');
      await banForm.locator('button[type="submit"]').click();
      await expect(page.getByTestId('confirm')).toBeVisible();
    },
    boss.user,
  );
});
