import { expect, test, type Browser, type Page } from '@playwright/test';
import { chooseLanguage, deviceMade, newUser, submitRegistration, type TestUser } from './support.js';

/** The screens a visible change is looked at on: a phone held in the hand, and a desktop. */
export const SCREENS = {
  phone: { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true },
  desktop: { viewport: { width: 1280, height: 800 } },
} as const;

/** A person registered on a phone (it lands on the conversation list) whose app speaks French. */
export async function frenchPhoneUser(browser: Browser, prefix: string) {
  const context = await browser.newContext(SCREENS.phone);
  const page = await context.newPage();
  const user = newUser(prefix);
  const device = deviceMade(page);
  await submitRegistration(page, user);
  await expect(page.getByTestId('conversation').first()).toBeVisible();
  await device;
  await page.goto('/settings/profile');
  await chooseLanguage(page, 'Français');
  return { context, page, user };
}

/**
 * Screenshots of what `show` brings a page to on each screen, in English then in French (the
 * language saved as the app saves a choice), into the test's output as
 * `<name>-<screen>-<language>.png`. Each screen is a browser of its own: signed in anew as `user`
 * if given (the test's own pages keep their sessions), else `show` starts from the sign-in page.
 */
export async function screenshots(browser: Browser, name: string, show: (page: Page) => Promise<void>, user?: TestUser): Promise<void> {
  for (const [screen, options] of Object.entries(SCREENS)) {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    await page.goto('/login');
    if (user) {
      await page.getByLabel('Username or email').fill(user.username);
      await page.getByLabel('Password', { exact: true }).fill(user.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await expect(page).not.toHaveURL(/\/login$/, { timeout: 30_000 });
    }
    for (const language of ['en', 'fr']) {
      await page.evaluate((saved) => localStorage.setItem('volley.locale', saved), language);
      await show(page);
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await page.screenshot({ path: test.info().outputPath(`${name}-${screen}-${language}.png`) });
    }
    await context.close();
  }
}
