import { expect, test } from '@playwright/test';
import { hasSession, logIn, userInBrowser } from './support.js';

test('my profile lists where I am signed in, and signs out every other session', async ({ browser }) => {
  const laptop = await userInBrowser(browser, 'sess');
  const phoneContext = await browser.newContext({ userAgent: 'PhoneBrowser/1.0' });
  const phone = await phoneContext.newPage();
  await logIn(phone, laptop.user.username, laptop.user.password);

  // The same browser's refresh (its cookies): who am I.
  const { user } = (await (await laptop.context.request.post('/api/v1/auth/refresh')).json()) as { user: { id: string } };
  await laptop.page.goto(`/u/${user.id}`);
  const sessions = laptop.page.getByTestId('session');
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: 'this device' })).toHaveCount(1);
  await expect(sessions.filter({ hasText: 'PhoneBrowser/1.0' })).toHaveCount(1);

  await laptop.page.getByRole('button', { name: 'Sign out everywhere else' }).click();
  await expect(sessions).toHaveCount(1);
  await expect(sessions).toContainText('this device');
  // The phone's session is over: its next refresh is refused.
  expect(await hasSession(phoneContext.request)).toBe(false);
  await Promise.all([laptop.context.close(), phoneContext.close()]);
});
