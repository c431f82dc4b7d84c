import { expect, test, type Locator } from '@playwright/test';
import { composer, createChannel, messages, newUser, submitRegistration } from './support.js';

// A message's actions never sit over its text nor over another message's: with a mouse, a bar of
// quick reactions, Reply and "more" in a margin of the message's own ("more" alone in a narrow
// window, whose text keeps its width); with a finger, nothing shows until a tap on the message opens
// the menu. The open menu lies over the messages after it. At 1280×800, 360×740 with a mouse and
// 360×740 (touch), in English and French.

const SCREENS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  narrow: { viewport: { width: 360, height: 740 } },
  phone: { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true },
};
const TEXT = {
  en: { actions: 'Message actions', reply: 'Reply', quick: 'Quick actions', pick: 'Pick a reaction' },
  fr: { actions: 'Actions du message', reply: 'Répondre', quick: 'Actions rapides', pick: 'Choisir une réaction' },
};

type Box = { x: number; y: number; width: number; height: number };
const intersects = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
/** The boxes of a message's visible action controls. */
const controls = async (message: Locator): Promise<Box[]> => {
  const boxes: Box[] = [];
  for (const button of await message.locator('volley-message-actions .bar button').all()) if (await button.isVisible()) boxes.push((await button.boundingBox())!);
  return boxes;
};

for (const screen of ['desktop', 'narrow', 'phone'] as const) {
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

      if (screen !== 'phone') {
        const bars: Box[][] = [];
        for (const row of rows) {
          await row.hover();
          await expect(row.getByRole('button', { name: TEXT[locale].actions })).toBeVisible();
          const quick = row.getByRole('group', { name: TEXT[locale].quick }).getByRole('button', { name: '👍' });
          if (screen === 'desktop') await expect(quick).toBeVisible();
          else await expect(quick).toBeHidden();
          const boxes = await controls(row);
          expect(boxes.length).toBe(screen === 'desktop' ? 5 : 1);
          // Never over any message's text.
          for (const box of boxes) for (const text of texts) expect(intersects(box, text)).toBe(false);
          bars.push(boxes);
        }
        await page.screenshot({ path: test.info().outputPath(`actions-${screen}-${locale}.png`) });
        // Consecutive messages' bars never overlap.
        for (let i = 1; i < bars.length; i++) for (const a of bars[i]!) for (const b of bars[i - 1]!) expect(intersects(a, b)).toBe(false);
        // A narrow window's text keeps most of its width (the quick ones' margin would leave it 120 px): the margin is "more"'s alone.
        for (const text of texts) expect(text.width).toBeGreaterThan(screen === 'desktop' ? 600 : 200);
        // The first message's menu opens over the next ones (more messages under it, the log scrolled up to it): its last item takes the click, not a message under it.
        for (let i = 0; i < 10; i++) {
          await composer(page).fill(`filler ${i} ${stamp}`);
          await composer(page).press('Enter');
        }
        await expect(messages(page, `filler 9 ${stamp}`)).toHaveAttribute('data-status', 'sent');
        await rows[0]!.evaluate((row) => row.scrollIntoView({ block: 'start' }));
        await rows[0]!.hover();
        await rows[0]!.getByRole('button', { name: TEXT[locale].actions }).click();
        const menu = rows[0]!.getByRole('menu');
        await expect(menu.getByRole('menuitem').last()).toBeVisible();
        // Opened downwards, over the second message.
        expect((await menu.boundingBox())!.y).toBeGreaterThan((await rows[0]!.boundingBox())!.y);
        await menu.getByRole('menuitem').last().click({ trial: true });
        await page.screenshot({ path: test.info().outputPath(`menu-${screen}-${locale}.png`) });
        await page.keyboard.press('Escape');
        if (screen === 'narrow') return void (await context.close());
        // The bar acts: a quick reaction, then Reply.
        await rows[2]!.evaluate((row) => row.scrollIntoView({ block: 'center' }));
        await rows[2]!.hover();
        await rows[2]!.getByRole('group', { name: TEXT[locale].quick }).getByRole('button', { name: '👍' }).click();
        await expect(rows[2]!.locator('.reaction')).toHaveCount(1);
        await rows[2]!.hover();
        await rows[2]!.getByRole('button', { name: TEXT[locale].reply }).click();
        await expect(page.locator('volley-composer .replying')).toContainText(`third ${stamp}`);
      } else {
        // A finger: no control shows until a tap on the message opens its actions, a sheet along the
        // screen's bottom edge over none of its text: the newest message rises above it.
        for (const row of rows) expect(await controls(row)).toEqual([]);
        const viewport = page.viewportSize()!;
        const sheetOf = async (row: Locator) => {
          const sheet = row.getByRole('menu');
          await expect(sheet.getByRole('menuitem', { name: TEXT[locale].reply })).toBeVisible();
          const box = (await sheet.boundingBox())!;
          expect({ bottom: Math.round(box.y + box.height), width: Math.round(box.width) }).toEqual({ bottom: viewport.height, width: viewport.width });
          expect(intersects(box, (await row.locator('.body').boundingBox())!)).toBe(false);
        };
        await rows[2]!.locator('.body').click();
        await sheetOf(rows[2]!);
        await page.screenshot({ path: test.info().outputPath(`actions-${screen}-${locale}.png`) });
        await page.keyboard.press('Escape');
        await expect(rows[2]!.getByRole('menu')).toHaveCount(0);
        // A long press alike (the browser's context menu gesture of a finger held still).
        const body = (await rows[1]!.locator('.body').boundingBox())!;
        const cdp = await context.newCDPSession(page);
        const point = { x: body.x + 20, y: body.y + body.height / 2 };
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
        await page.waitForTimeout(1_000);
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
        await sheetOf(rows[1]!);
        await page.keyboard.press('Escape');
      }
      await context.close();
    });
  }
}
