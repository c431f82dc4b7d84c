import { expect, test } from '@playwright/test';
import { composer, createChannel, messages, newUser, sendThroughClient, submitRegistration } from './support.js';

// "Copy link to message" puts the message's address on the clipboard; opened later, from another
// page, it shows the conversation at that message, highlighted, though newer ones fill the screen.
// At 1280×800 in English and at 360×740 (touch) in French.

const SCREENS = {
  desktop: { viewport: { width: 1280, height: 800 }, locale: 'en', copy: 'Copy link to message', actions: 'Message actions' },
  phone: { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, locale: 'fr', copy: 'Copier le lien du message', actions: 'Actions du message' },
} as const;

for (const screen of ['desktop', 'phone'] as const) {
  test(`a message's copied link opens the conversation at it, highlighted (${screen})`, async ({ browser, baseURL }) => {
    const { viewport, locale, copy, actions } = SCREENS[screen];
    const context = await browser.newContext({ viewport, ...(screen === 'phone' ? { hasTouch: true, isMobile: true } : {}), permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    const user = newUser('linker');
    await submitRegistration(page, user);
    await expect(page).not.toHaveURL(/\/register/);
    const path = await createChannel(page, `links-${Date.now().toString(36)}`);
    await page.evaluate((value) => localStorage.setItem('volley.locale', value), locale);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', locale);

    const target = `the one to link ${Date.now()}`;
    await composer(page).fill(target);
    await composer(page).press('Enter');
    await expect(messages(page, target)).toHaveAttribute('data-status', 'sent');
    const message = messages(page, target);
    if (screen === 'phone') await message.locator('.body').click();
    else {
      await message.hover();
      await message.getByRole('button', { name: actions }).click();
    }
    await message.getByRole('menuitem', { name: copy }).click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(new RegExp(`^${baseURL}${path}#message-[0-9A-Z]{26}-\\d+$`));

    // Newer messages push it out of view; the link, opened from elsewhere, brings it back.
    await sendThroughClient(baseURL, user, path.split('/').pop()!, Array.from({ length: 40 }, (_, i) => `later ${i}`));
    await expect(messages(page, 'later 39')).toBeVisible();
    await expect(message).not.toBeInViewport();
    await page.goto('/people');
    await page.goto(link);
    await expect(messages(page, target)).toHaveAttribute('data-highlight', '');
    await expect(messages(page, target)).toBeInViewport();
    await page.screenshot({ path: test.info().outputPath(`message-link-${screen}-${locale}.png`) });
    await context.close();
  });
}
