import { expect, test } from '@playwright/test';
import { chooseLanguage, newUser, openSettings, register, userInBrowser } from './support.js';

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

test('the language I choose shows as chosen at once, and the last one chosen is the one shown, even while another is still arriving', async ({ browser }) => {
  // Without the service worker's cache the French catalogue comes from the network, where it is held back.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await register(page, newUser('lang'));
  await openSettings(page, 'Profile');
  const held: string[] = [];
  let release!: () => void;
  const arrives = new Promise<void>((resolve) => (release = resolve));
  await context.route(/\/assets\/fr-/, async (route) => {
    held.push(route.request().url());
    await arrives;
    await route.continue();
  });
  const french = page.getByRole('radio', { name: 'Français' });
  const english = page.getByRole('radio', { name: 'English' });

  await french.check();
  await expect.poll(() => held.length).toBeGreaterThan(0);
  // The page stays in English until French has arrived; the radio shows the choice meanwhile.
  await expect(page.getByRole('heading', { name: 'Preferences' })).toBeVisible();
  await expect(french).toBeChecked();

  // Back to English before French arrives: French, arriving after, is not shown.
  await english.check();
  release();
  // Once the page has the French modules, everything waiting for them has run.
  await page.evaluate((urls) => Promise.all(urls.map((url) => import(url))), held);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(english).toBeChecked();
  await expect(page.getByRole('heading', { name: 'Preferences' })).toBeVisible();

  // French, chosen again now that it is here, shows.
  await chooseLanguage(page, 'Français');
  await expect(page.getByRole('heading', { name: 'Préférences' })).toBeVisible();
  await context.close();
});
