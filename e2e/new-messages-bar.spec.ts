import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { chooseLanguage, createChannel, joinChannel, messages, newUser, send, sendThroughClient, submitRegistration, userInBrowser } from './support.js';
import { SCREENS } from './screens.js';

// Bob reads a channel's history while Alice writes: what he looks at stays put, a bar above the
// composer counts what came in below, and it takes him back to the newest message; at the bottom the
// log follows new messages as before. At a laptop's size in English, and at a phone's (by touch) in
// French, whose longer words are the harder fit on the narrow screen.

const TEXT = {
  English: { three: '3 new messages', one: '1 new message', button: '3 new messages Jump to present' },
  Français: { three: '3 nouveaux messages', one: '1 nouveau message', button: '3 nouveaux messages Aller au présent' },
};
/** Enough two-line messages to fill a few screens of the log, at either size. */
const SEEDED = 30;

async function reader(browser: Browser, screen: keyof typeof SCREENS) {
  const context = await browser.newContext(SCREENS[screen]);
  const page = await context.newPage();
  const user = newUser('bob');
  // On a phone the conversation list shows first, not a conversation's composer.
  await submitRegistration(page, user);
  await expect(page).not.toHaveURL(/\/register/);
  return { context, page, user };
}

/** The first message in the log's view and its distance from the log's top edge: what the reader is looking at. */
const firstInView = (page: Page) =>
  page.getByTestId('message-list').evaluate((log) => {
    const top = log.getBoundingClientRect().top;
    const first = Array.from(log.querySelectorAll<HTMLElement>('volley-message')).find((message) => message.getBoundingClientRect().bottom > top)!;
    return { id: first.dataset.id, offset: Math.round(first.getBoundingClientRect().top - top) };
  });

const atBottom = (page: Page) => page.getByTestId('message-list').evaluate((log) => log.scrollHeight - log.scrollTop - log.clientHeight < 2);

/** Scrolls the log as the screen's person does: the wheel, or a finger's swipe (down: back up the history). */
async function scroll(page: Page, screen: keyof typeof SCREENS, by: number): Promise<void> {
  const box = (await page.getByTestId('message-list').boundingBox())!;
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  if (screen === 'desktop') {
    await page.mouse.move(x, y);
    await page.mouse.wheel(0, by);
  } else {
    // A swipe of half the log, its fling after it.
    const cdp = await page.context().newCDPSession(page);
    const to = y - Math.sign(by) * Math.min(Math.abs(by), box.height / 2 - 10);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
    for (let step = 1; step <= 10; step++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y + ((to - y) * step) / 10 }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
  }
  // The log settles: a fling ends, its window may move a step.
  const top = () => page.getByTestId('message-list').evaluate((log) => log.scrollTop);
  for (let last = -1, now = await top(); now !== last; last = now, now = await top()) await page.waitForTimeout(250);
}

/** Scrolls down until the log is at its end, as a reader does, a swipe or a turn of the wheel at a time. */
async function scrollToBottom(page: Page, screen: keyof typeof SCREENS): Promise<void> {
  for (let tries = 0; tries < 10 && !(await atBottom(page)); tries++) await scroll(page, screen, 800);
  expect(await atBottom(page)).toBe(true);
}

async function axeInBothThemes(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
    found.push(...violations.flatMap((v) => v.nodes.map((node) => `${theme}: ${v.id} ${node.target.join(' ')}`)));
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}

for (const [screen, language] of [['desktop', 'English'], ['phone', 'Français']] as const) {
  test(`reading above, new messages leave the view in place and a bar counts them, back to the newest from it or by scrolling; ${screen}, ${language}`, async ({ browser, baseURL }, testInfo) => {
    test.setTimeout(180_000);
    const text = TEXT[language];
    const alice = await userInBrowser(browser, 'alice');
    const name = `bar-${Date.now().toString(36)}`;
    const path = await createChannel(alice.page, name);
    const stamp = Date.now().toString(36);
    const line = (i: number) => `seeded ${i} of ${stamp}`;
    await sendThroughClient(baseURL, alice.user, path.split('/').at(-1)!, Array.from({ length: SEEDED }, (_, i) => `${line(i + 1)}\nand a second line`));

    const bob = await reader(browser, screen);
    const { page } = bob;
    await joinChannel(page, name);
    if (language === 'Français') {
      await page.goto('/settings/profile');
      await chooseLanguage(page, language);
      await page.goto(path);
    }
    await expect(messages(page, line(SEEDED))).toBeInViewport();
    const bar = page.getByTestId('new-messages-bar');

    // Reading above: three messages come in and what Bob looks at stays where it is.
    await scroll(page, screen, -500);
    const reading = await firstInView(page);
    expect(await atBottom(page)).toBe(false);
    for (const i of [1, 2, 3]) await send(alice.page, `fresh ${i} of ${stamp}`);
    await expect(bar).toContainText(text.three);
    await expect(messages(page, `fresh 3 of ${stamp}`)).toHaveCount(1);
    await page.waitForTimeout(500);
    expect(await firstInView(page)).toEqual(reading);
    await expect(messages(page, `fresh 1 of ${stamp}`)).not.toBeInViewport();

    // A button named by what it says, under the log (hiding none of it) and above the composer.
    await expect(page.getByRole('button', { name: text.button, exact: true })).toBeVisible();
    const [barBox, logBox, composerBox] = await Promise.all([bar.boundingBox(), page.getByTestId('message-list').boundingBox(), page.locator('volley-composer').boundingBox()]);
    expect(barBox!.y).toBeGreaterThanOrEqual(logBox!.y + logBox!.height - 0.5);
    expect(barBox!.y + barBox!.height).toBeLessThanOrEqual(composerBox!.y + 0.5);
    expect(barBox!.height).toBeGreaterThanOrEqual(screen === 'phone' ? 44 : 32);
    expect(await axeInBothThemes(page)).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath(`bar-${screen}-${language}.png`) });

    // The bar: to the newest message, the bar gone.
    if (screen === 'phone') await bar.tap();
    else await bar.click();
    await expect(bar).toHaveCount(0);
    await expect(messages(page, `fresh 3 of ${stamp}`)).toBeInViewport();
    await expect.poll(() => atBottom(page)).toBe(true);

    // Above again: one message, counted; scrolling back down to it clears the bar.
    await scroll(page, screen, -500);
    await send(alice.page, `fresh 4 of ${stamp}`);
    await expect(bar).toContainText(text.one);
    await scrollToBottom(page, screen);
    await expect(bar).toHaveCount(0);

    // At the bottom, a new message comes into view, with no bar.
    await send(alice.page, `fresh 5 of ${stamp}`);
    await expect(messages(page, `fresh 5 of ${stamp}`)).toBeInViewport();
    await page.waitForTimeout(500);
    await expect(bar).toHaveCount(0);
    await expect.poll(() => atBottom(page)).toBe(true);

    await alice.context.close();
    await bob.context.close();
  });
}
