import { expect, test } from '@playwright/test';
import { chooseLanguage, openSettings, userInBrowser } from './support.js';

const SECTIONS = ['Profile', 'Account and security', 'Sessions', 'Bots', 'Notifications'];

test('settings are pages of their own, reached from my profile and by address, the harmful actions in red', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  const { page } = alice;

  // My profile links each page; each has its own address and marks itself in the section links.
  await page.getByRole('link', { name: 'Me', exact: true }).first().click();
  const onProfile = page.getByRole('navigation', { name: 'Settings' });
  await expect(onProfile.getByRole('link')).toHaveText(SECTIONS);
  await onProfile.getByRole('link', { name: 'Sessions' }).click();
  await expect(page).toHaveURL(/\/settings\/sessions$/);
  await expect(page.getByTestId('session')).toHaveCount(1);
  // The profile page no longer carries the settings themselves.
  await expect(page.getByTestId('change-password')).toHaveCount(0);

  await openSettings(page, 'Profile');
  await expect(page).toHaveURL(/\/settings\/profile$/);
  await expect(page.getByLabel('Display name')).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeVisible();

  await page.getByRole('link', { name: 'Account and security', exact: true }).click();
  await expect(page).toHaveURL(/\/settings\/account$/);
  await expect(page.getByTestId('change-password')).toBeVisible();
  // Deleting the account is a red button; changing the password is not.
  const background = (name: string) => page.getByRole('button', { name }).evaluate((b) => getComputedStyle(b).backgroundColor);
  const danger = await page.evaluate(() => {
    const probe = document.body.appendChild(document.createElement('span'));
    probe.style.color = 'var(--volley-danger)';
    const color = getComputedStyle(probe).color;
    probe.remove();
    return color;
  });
  expect(await background('Delete my account')).toBe(danger);
  expect(await background('Change the password')).not.toBe(danger);

  await page.getByRole('link', { name: 'Notifications', exact: true }).click();
  await expect(page).toHaveURL(/\/settings\/notifications$/);
  await page.getByRole('link', { name: 'Bots', exact: true }).click();
  await expect(page.getByTestId('create-bot')).toBeVisible();

  // An address opens its page directly, after a reload too; the browser's back goes to the last one.
  await page.goto('/settings/account');
  await expect(page.getByTestId('change-password')).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('create-bot')).toBeVisible();
  await page.goto('/settings/nowhere');
  await expect(page.getByRole('status')).toHaveText('There is no such settings page.');
  await page.goto('/settings');
  await expect(page.getByLabel('Display name')).toBeVisible();

  // In French, the same pages.
  await chooseLanguage(page, 'Français');
  await expect(page.getByRole('navigation', { name: 'Réglages' }).getByRole('link')).toHaveText(['Profil', 'Compte et sécurité', 'Sessions', 'Bots', 'Notifications']);
  await alice.context.close();
});
