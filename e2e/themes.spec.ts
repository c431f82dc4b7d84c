import { expect, test, type Page } from '@playwright/test';
import { chooseLanguage, composer, contrastViolations, logIn, openSettings, send, userInBrowser } from './support.js';

/** The theme the page shows: the root's used colour scheme and its background colour. */
const shown = (page: Page) =>
  page.evaluate(() => ({ scheme: getComputedStyle(document.documentElement).colorScheme, background: getComputedStyle(document.body).backgroundColor }));

const DARK_BACKGROUND = 'rgb(18, 18, 22)';
const LIGHT_BACKGROUND = 'rgb(255, 255, 255)';

test('the system’s scheme is followed until the person chooses; a dark theme chosen on one device follows them to another and to its sign-in page', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  // Nothing chosen: the system's scheme.
  await alice.page.emulateMedia({ colorScheme: 'dark' });
  expect((await shown(alice.page)).background).toBe(DARK_BACKGROUND);
  await alice.page.emulateMedia({ colorScheme: 'light' });
  expect((await shown(alice.page)).background).toBe(LIGHT_BACKGROUND);

  // The same account on a second device, with a light system.
  const second = await browser.newContext({ colorScheme: 'light' });
  const other = await second.newPage();
  await logIn(other, alice.user.username, alice.user.password);
  expect((await shown(other)).background).toBe(LIGHT_BACKGROUND);

  await openSettings(alice.page, 'Profile');
  await alice.page.getByRole('radio', { name: 'Dark' }).check();
  await expect.poll(async () => (await shown(alice.page)).background).toBe(DARK_BACKGROUND);

  // Followed live on the other device, without a reload, and kept there for its sign-in page.
  await expect.poll(async () => (await shown(other)).background).toBe(DARK_BACKGROUND);
  expect((await shown(other)).scheme).toBe('dark');
  await other.getByRole('button', { name: 'Log out' }).click();
  await expect(other).toHaveURL(/\/login/);
  expect((await shown(other)).background).toBe(DARK_BACKGROUND);

  // Back to the system's: the light system shows again on both.
  await alice.page.getByRole('radio', { name: 'As the system' }).check();
  await expect.poll(async () => (await shown(alice.page)).background).toBe(LIGHT_BACKGROUND);
  await alice.context.close();
  await second.close();
});

test('a language chosen on one device follows the account to another, and that device’s sign-in page keeps it', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  const second = await browser.newContext();
  const other = await second.newPage();
  await logIn(other, alice.user.username, alice.user.password);

  await openSettings(alice.page, 'Profile');
  await chooseLanguage(alice.page, 'Français');
  await expect(alice.page.getByRole('radio', { name: 'Sombre' })).toBeVisible();

  // Followed live: the open chat on the other device turns French.
  await expect(other.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(other.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
  await other.goto('/login');
  await expect(other.getByRole('button', { name: 'Se connecter' })).toBeVisible();
  await alice.context.close();
  await second.close();
});

for (const theme of ['light', 'dark'] as const) {
  test(`the chat, settings and sign-in pages pass WCAG AA contrast in the ${theme} theme`, async ({ browser }) => {
    // Eleven pages through axe's contrast rule: over a minute beside another spec file on two cores.
    test.setTimeout(180_000);
    const alice = await userInBrowser(browser, 'alice');
    const page = alice.page;
    await page.emulateMedia({ colorScheme: theme });
    await send(page, `contrast check in ${theme}, with a **bold** word and \`code\``);
    await expect(composer(page)).toBeVisible();
    expect(await contrastViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Me', exact: true }).click();
    await expect(page.getByRole('navigation', { name: 'Settings' })).toBeVisible();
    expect(await contrastViolations(page)).toEqual([]);
    await openSettings(page, 'Profile');
    await expect(page.getByRole('radio', { name: 'Dark' })).toBeVisible();
    expect(await contrastViolations(page)).toEqual([]);

    for (const path of ['/channels', '/people', '/play', '/settings/account', '/settings/sessions', '/settings/bots', '/settings/notifications']) {
      await page.goto(path);
      await expect(page.locator('main')).toBeVisible();
      expect(await contrastViolations(page), path).toEqual([]);
    }

    const visitor = await browser.newContext({ colorScheme: theme });
    const signIn = await visitor.newPage();
    await signIn.goto('/login');
    await expect(signIn.getByRole('button', { name: 'Log in' })).toBeVisible();
    expect(await contrastViolations(signIn)).toEqual([]);
    await visitor.close();
    await alice.context.close();
  });
}
