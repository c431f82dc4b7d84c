/**
 * The composer's emoji picker: opening it logs no content security policy violation (its styles
 * are applied without inline style), its category bar fits a phone's width, a search lists the
 * emoji named exactly so first ("fire" → 🔥) and Enter picks that first result.
 */
import { expect, test, type Page } from '@playwright/test';
import { composer, newUser, submitRegistration } from './support.js';
import { SCREENS } from './screens.js';

async function openPicker(page: Page) {
  const more = page.getByTestId('composer-more');
  if (await more.isVisible()) await more.click();
  await page.getByTestId('composer-emoji').click();
  const picker = page.locator('emoji-picker');
  await expect(picker.getByRole('tab')).not.toHaveCount(0);
  return picker;
}

for (const [screen, options] of Object.entries(SCREENS)) {
  test(`the emoji picker opens with no CSP violation, its categories fit, "fire" lists 🔥 first and Enter picks it (${screen})`, async ({ browser }) => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) refused.push(m.text());
    });
    await submitRegistration(page, newUser('emo'));
    // A phone lands on the list: #general is opened from it.
    await page.getByTestId('conversation').filter({ hasText: '#general' }).click({ timeout: 30_000 });
    await expect(composer(page)).toBeVisible();

    // Opened twice: the violations were logged at each opening.
    for (let time = 0; time < 2; time++) {
      const picker = await openPicker(page);
      await page.screenshot({ path: test.info().outputPath(`picker-${screen}-${time}.png`) });
      // The category bar inside the picker's box, every tab on one row.
      const fit = await picker.evaluate((host) => {
        const nav = host.shadowRoot!.querySelector('.nav')!;
        const box = host.getBoundingClientRect();
        const tabs = Array.from(nav.querySelectorAll('[role=tab]'), (tab) => tab.getBoundingClientRect());
        return { rows: new Set(tabs.map((t) => Math.round(t.top))).size, inside: tabs.every((t) => t.left >= box.left - 0.5 && t.right <= box.right + 0.5), scrolls: nav.scrollWidth > nav.clientWidth };
      });
      expect(fit).toEqual({ rows: 1, inside: true, scrolls: false });
      await page.keyboard.press('Escape');
      await expect(picker).toHaveCount(0);
    }

    const picker = await openPicker(page);
    await picker.locator('input#search').fill('fire');
    await expect(picker.getByRole('option').first()).toHaveAccessibleName(/^🔥/);
    await picker.locator('input#search').press('Enter');
    await expect(composer(page)).toHaveValue('🔥');
    expect(refused).toEqual([]);
    await context.close();
  });
}
