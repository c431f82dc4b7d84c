import { expect, test } from '@playwright/test';
import { hasSession, logIn, openSettings, userInBrowser } from './support.js';

const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

test('my profile lists where I am signed in, and signs out every other session', async ({ browser }) => {
  const laptop = await userInBrowser(browser, 'sess');
  const phoneContext = await browser.newContext({ userAgent: SAFARI_IPHONE });
  const phone = await phoneContext.newPage();
  await logIn(phone, laptop.user.username, laptop.user.password);

  await openSettings(laptop.page, 'Sessions');
  const sessions = laptop.page.getByTestId('session');
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: 'this device' })).toHaveCount(1);
  // Named as a person reads it, not by its raw user agent.
  await expect(sessions.filter({ hasText: 'Safari on iOS' })).toHaveCount(1);
  await expect(sessions.filter({ hasText: 'iPhone OS' })).toHaveCount(0);

  await laptop.page.getByRole('button', { name: 'Sign out everywhere else' }).click();
  await expect(sessions).toHaveCount(1);
  await expect(sessions).toContainText('this device');
  // The phone's session is over: its next refresh is refused.
  expect(await hasSession(phoneContext.request)).toBe(false);
  await Promise.all([laptop.context.close(), phoneContext.close()]);
});
