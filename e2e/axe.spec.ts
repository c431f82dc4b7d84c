import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { chooseLanguage, send, userInBrowser } from './support.js';

/** Every axe rule, the experimental ones too, over the page as it is now. */
async function violations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice', 'experimental']).analyze();
  return violations.flatMap((v) => v.nodes.map((node) => `${v.id} ${node.target.join(' ')}`));
}

/** A phone held upright, used with a finger; null: the desktop default. */
const SCREENS = { desktop: null, phone: { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true } };

/** Both themes over the page as it is now: the theme follows the system's colour scheme until chosen. */
async function violationsInBothThemes(page: Page, path: string): Promise<string[]> {
  const found: string[] = [];
  const backgrounds = new Set<string>();
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    backgrounds.add(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
    found.push(...(await violations(page)).map((v) => `${path} (${theme}): ${v}`));
  }
  // The second analysis saw the other theme, not the first one again.
  expect(backgrounds.size, `${path}: the page looks the same in both themes`).toBe(2);
  return found;
}

// The four walks are independent (each signs up its own user): the two workers share them, rather
// than one worker walking all four while the other runs through the rest.
test.describe.configure({ mode: 'parallel' });

for (const [screen, device] of Object.entries(SCREENS))
for (const language of ['English', 'Français'] as const) {
  test(`axe finds nothing on any page, ${screen}, light and dark themes, ${language}`, async ({ browser }) => {
    // Seventeen pages, each analysed whole in both themes (one walk: the theme is switched on the page
    // as the system would switch it): 3–5 minutes beside another spec file on two cores.
    test.setTimeout(480_000);
    const alice = await userInBrowser(browser, 'axe');
    const { page } = alice;
    await send(page, 'an **axe** check with `code`');
    const general = new URL(page.url()).pathname;
    if (device) await page.setViewportSize(device.viewport);
    await page.goto('/settings/profile');
    await chooseLanguage(page, language);
    await page.getByRole('link', { name: language === 'English' ? 'Me' : 'Moi', exact: true }).click();
    const profile = new URL(page.url()).pathname;
    const found: string[] = [];
    for (const path of ['/', general, '/people', '/channels', '/play', '/leaderboard', '/tournaments', '/practice', profile, '/settings/profile', '/settings/account', '/settings/sessions', '/settings/bots', '/settings/notifications']) {
      await page.goto(path);
      await expect(page.locator('main').first()).toBeVisible();
      await page.waitForTimeout(500);
      found.push(...(await violationsInBothThemes(page, path)));
    }
    const visitor = await browser.newContext({ ...device, locale: language === 'English' ? 'en-US' : 'fr-FR' });
    const signIn = await visitor.newPage();
    for (const path of ['/login', '/register', '/forgot-password']) {
      await signIn.goto(path);
      await expect(signIn.locator('main').first()).toBeVisible();
      found.push(...(await violationsInBothThemes(signIn, path)));
    }
    expect(found).toEqual([]);
    await visitor.close();
    await alice.context.close();
  });
}
