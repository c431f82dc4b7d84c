import { expect, test, type Locator } from '@playwright/test';
import { composer, createChannel, messages, newUser, submitRegistration } from './support.js';

// A message's actions never sit over its text nor over another message's: with a mouse, a bar of
// quick reactions, Reply and "more" in a margin of the message's own; with a finger, nothing shows
// until a tap on the message opens the menu. At 1280×800 and 360×740 (touch), in English and French.

const SCREENS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true },
};
const TEXT = {
  en: { actions: 'Message actions', reply: 'Reply' },
  fr: { actions: 'Actions du message', reply: 'Répondre' },
};

type Box = { x: number; y: number; width: number; height: number };
const intersects = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
/** The boxes of a message's visible action controls. */
const controls = async (message: Locator): Promise<Box[]> => {
  const boxes: Box[] = [];
  for (const button of await message.locator('volley-message-actions .bar button').all()) if (await button.isVisible()) boxes.push((await button.boundingBox())!);
  return boxes;
};

for (const screen of ['desktop', 'phone'] as const) {
  for (const locale of ['en', 'fr'] as const) {
    test(`a message's actions stay off every message's text (${screen}, ${locale})`, async ({ browser }) => {
      const context = await browser.newContext(SCREENS[screen]);
      const page = await context.newPage();
      const user = newUser('actions');
      await submitRegistration(page, user);
      await expect(page).not.toHaveURL(/\/register/);
      await createChannel(page, `actions-${Date.now().toString(36)}`);
      await page.evaluate((value) => localStorage.setItem('volley.locale', value), locale);
      await page.reload();
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      const stamp = Date.now();
      // Consecutive messages, the second and third under the first one's header, each a full line long.
      const said = [`first ${stamp} ${'wide words '.repeat(12)}`, `second ${stamp} ${'more words '.repeat(12)}`, `third ${stamp} short`];
      for (const text of said) {
        await composer(page).fill(text);
        await composer(page).press('Enter');
        await expect(messages(page, text.slice(0, 20))).toHaveAttribute('data-status', 'sent');
      }
      const rows = said.map((text) => messages(page, text.slice(0, 20)));
      const texts = await Promise.all(rows.map(async (row) => (await row.locator('.body').boundingBox())!));

      if (screen === 'desktop') {
        const bars: Box[][] = [];
        for (const row of rows) {
          await row.hover();
          await expect(row.getByRole('button', { name: TEXT[locale].actions })).toBeVisible();
          await expect(row.getByRole('button', { name: TEXT[locale].reply })).toBeVisible();
          await expect(row.getByRole('button', { name: '👍' })).toBeVisible();
          const boxes = await controls(row);
          expect(boxes.length).toBe(5);
          // Never over any message's text.
          for (const box of boxes) for (const text of texts) expect(intersects(box, text)).toBe(false);
          bars.push(boxes);
        }
        await page.screenshot({ path: test.info().outputPath(`actions-${screen}-${locale}.png`) });
        // Consecutive messages' bars never overlap.
        for (let i = 1; i < bars.length; i++) for (const a of bars[i]!) for (const b of bars[i - 1]!) expect(intersects(a, b)).toBe(false);
        // The bar acts: a quick reaction, then Reply.
        await rows[2]!.hover();
        await rows[2]!.getByRole('button', { name: '👍' }).click();
        await expect(rows[2]!.locator('.reaction')).toHaveCount(1);
        await rows[2]!.hover();
        await rows[2]!.getByRole('button', { name: TEXT[locale].reply }).click();
        await expect(page.locator('volley-composer .replying')).toContainText(`third ${stamp}`);
      } else {
        // A finger: no control shows until a tap on the message opens the menu.
        for (const row of rows) expect(await controls(row)).toEqual([]);
        await rows[1]!.locator('.body').click();
        await expect(rows[1]!.getByRole('menu').getByRole('menuitem', { name: TEXT[locale].reply })).toBeVisible();
        await page.screenshot({ path: test.info().outputPath(`actions-${screen}-${locale}.png`) });
        await page.keyboard.press('Escape');
      }
      await context.close();
    });
  }
}
