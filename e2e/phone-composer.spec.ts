import { expect, test, type Browser, type Page } from '@playwright/test';
import { composer, messages, newUser, submitRegistration } from './support.js';
import { SCREENS } from './screens.js';

const SIXTY = 'The composer takes the row and wraps only between its words.';

async function openGeneral(page: Page, phone: boolean): Promise<void> {
  if (phone) await page.getByTestId('conversation').filter({ has: page.locator('.name').getByText('#general', { exact: true }) }).click();
  await expect(composer(page)).toBeVisible();
}

/** The composer's parts as they are laid out: the field, its tools, Send. */
async function layout(page: Page) {
  const box = async (testId: string) => page.getByTestId(testId).boundingBox();
  return {
    field: await composer(page).boundingBox(),
    more: await box('composer-more'),
    emoji: await box('composer-emoji'),
    sticker: await box('composer-sticker'),
    attach: await box('composer-attach'),
  };
}

for (const [screen, options] of Object.entries(SCREENS)) {
  const phone = screen === 'phone';
  test(`the composer's text takes the row and wraps between words, its tools in reach (${screen}, English and French)`, async ({ browser }) => {
    const context = await (browser as Browser).newContext(options);
    const page = await context.newPage();
    const user = newUser('writer');
    await submitRegistration(page, user);
    await expect(page.getByTestId('conversation').first()).toBeVisible({ timeout: 30_000 });

    for (const [language, send] of [['en', 'Send'], ['fr', 'Envoyer']] as const) {
      if (language === 'fr') {
        if (phone) await page.goto('/');
        await page.getByLabel('Language').selectOption('fr');
        await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
      }
      await openGeneral(page, phone);
      await expect(page.getByRole('button', { name: send, exact: true })).toBeVisible();
      let parts = await layout(page);
      const width = options.viewport.width - (phone ? 0 : 260 + 72);
      if (phone) {
        // The field takes what the "+" and Send (44 px each), the gaps and the padding leave of the row, in either language.
        expect(parts.field!.width, language).toBeGreaterThanOrEqual(width - 24 - 2 * 44 - 2 * 8 - 1);
        expect(parts.emoji).toBeNull();
        await page.getByTestId('composer-more').click();
        parts = await layout(page);
        for (const tool of [parts.emoji, parts.sticker, parts.attach]) {
          expect(tool!.width).toBeGreaterThanOrEqual(44);
          // Above the field, not over it.
          expect(tool!.y + tool!.height).toBeLessThanOrEqual(parts.field!.y);
        }
        await page.screenshot({ path: test.info().outputPath(`composer-${screen}-${language}-tools.png`) });
        await page.getByTestId('composer-emoji').click();
        await expect(page.getByTestId('composer-emoji')).toBeHidden();
        await page.keyboard.press('Escape');
      } else {
        expect(parts.more).toBeNull();
        expect(parts.field!.width, language).toBeGreaterThan(width * 0.6);
      }
      // Sixty characters take three lines at most on a phone (one on a laptop), never the ten of a field cut inside words;
      // a long text grows the field to a few lines, then it scrolls.
      const oneLine = parts.field!.height;
      const line = 1.4 * 16;
      await composer(page).fill(SIXTY);
      expect((await composer(page).boundingBox())!.height).toBeLessThanOrEqual(oneLine + (phone ? 2 : 0) * line + 1);
      await composer(page).fill(`${SIXTY} `.repeat(12));
      const tall = (await composer(page).boundingBox())!.height;
      expect(tall).toBeGreaterThan(oneLine + 40);
      expect(tall).toBeLessThan(200);
      expect(await composer(page).evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
      await composer(page).fill(SIXTY);
      await page.screenshot({ path: test.info().outputPath(`composer-${screen}-${language}.png`) });
      await composer(page).fill('');
    }

    // A message's actions: never over its text; a tap (a finger) or the hover bar (a mouse) opens them.
    const said = `actions stay off the text ${Date.now()}`;
    await composer(page).fill(said);
    await composer(page).press('Enter');
    const message = messages(page, said);
    await expect(message).toHaveAttribute('data-status', 'sent');
    const text = (await message.locator('.body').boundingBox())!;
    const trigger = message.getByRole('button', { name: 'Actions du message' });
    if (phone) {
      await expect(trigger).toBeHidden();
      await message.locator('.body').click();
      await expect(message.getByRole('menu').getByRole('menuitem', { name: 'Répondre' })).toBeVisible();
      await page.screenshot({ path: test.info().outputPath(`actions-${screen}-fr.png`) });
      await page.keyboard.press('Escape');
    } else {
      await message.hover();
      await expect(trigger).toBeVisible();
      const box = (await trigger.boundingBox())!;
      const overlaps = box.x < text.x + text.width && text.x < box.x + box.width && box.y < text.y + text.height && text.y < box.y + box.height;
      expect(overlaps).toBe(false);
      await page.screenshot({ path: test.info().outputPath(`actions-${screen}-fr.png`) });
    }
    await context.close();
  });
}
