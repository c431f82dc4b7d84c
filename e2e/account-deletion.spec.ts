import { expect, test, type Page } from '@playwright/test';
import { newUser, openSettings, userInBrowser } from './support.js';
import { screenshots } from './screens.js';

/** Registers a new user and deletes the account from its settings, in whatever language the page speaks. */
async function registerAndDelete(page: Page): Promise<void> {
  const user = newUser('gone');
  await page.goto('/register');
  await page.locator('input[name="username"]').fill(user.username);
  await page.locator('input[name="email"]').fill(user.email);
  await page.locator('input[name="password"]').fill(user.password);
  await page.locator('button[type="submit"]').click();
  await expect(page).not.toHaveURL(/\/register$/, { timeout: 30_000 });
  await page.goto('/settings/account');
  const form = page.locator('div.danger');
  await form.locator('input[name="password"]').fill(user.password);
  await form.locator('button.danger-button').click();
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('account-deleted')).toBeVisible({ timeout: 30_000 });
}

test('account: the export says it is a zip; deleting asks in the app’s own dialog (Escape keeps the account), then the sign-in page says the account was deleted', async ({ browser }) => {
  test.setTimeout(240_000);
  const { page, context, user } = await userInBrowser(browser, 'leaver');
  const nativeDialogs: string[] = [];
  page.on('dialog', (dialog) => void nativeDialogs.push(dialog.message()));
  await openSettings(page, 'Account and security');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download my data (zip)' }).click();
  expect((await download).suggestedFilename()).toBe('volley-export.zip');

  const password = page.locator('div.danger').getByLabel('Current password');
  await password.fill(user.password);
  await page.getByRole('button', { name: 'Delete my account' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete your account for good?' });
  await expect(dialog).toBeVisible();
  // Focus starts on Cancel (the harmless answer) and moves within the dialog; the page behind is inert.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(dialog.getByTestId('confirm')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Delete my account' })).toBeVisible();

  await page.locator('div.danger').getByLabel('Current password').fill(user.password);
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(dialog.getByTestId('confirm')).toHaveText('Delete my account');
  await dialog.getByTestId('confirm').click();
  await expect(page).toHaveURL(/\/login$/);
  expect(nativeDialogs).toEqual([]);
  await expect(page.getByTestId('account-deleted')).toHaveText('Your account was deleted: nothing of it is left on this device.');
  // The account is gone: its password opens nothing.
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('form-error')).toBeVisible();
  await context.close();

  const stayer = await userInBrowser(browser, 'stayer');
  await stayer.context.close();
  await screenshots(browser, 'account-delete-confirm', async (page) => {
    await page.goto('/settings/account');
    await page.locator('div.danger input[name="password"]').fill('anything');
    await page.locator('button.danger-button').click();
    await expect(page.getByTestId('confirm')).toBeVisible();
  }, stayer.user);
  await screenshots(browser, 'account-deleted', registerAndDelete);
});
