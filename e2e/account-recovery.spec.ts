import { expect, test } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { mailedToken, startMailbox, type Mailbox } from '../api/src/mail/mailbox.testing.js';
import { composer, E2E_SMTP_PORT, logIn, newUser, openSettings, register } from './support.js';

// The main e2e server sends its mail here (playwright.config.ts sets its SMTP_URL).
let mailbox: Mailbox;
test.beforeAll(async () => {
  mailbox = await startMailbox(E2E_SMTP_PORT);
});
test.afterAll(() => mailbox.close());

test('a forgotten password is reset from the mailed link, once, signing the other devices out', async ({ page, browser }) => {
  const user = newUser('reset');
  await register(page, user);
  const other = await browser.newContext();
  const otherPage = await other.newPage();

  await otherPage.goto('/login');
  await otherPage.getByRole('link', { name: 'Forgot password?' }).click();
  await otherPage.getByLabel('Username or email').fill(user.email);
  await otherPage.getByRole('button', { name: 'Send the link' }).click();
  await expect(otherPage.getByTestId('account-done')).toBeVisible();

  const link = `/reset-password#token=${mailedToken(await mailbox.next(user.email))}`;
  await otherPage.goto(link);
  // The token leaves the address bar once read.
  await expect(otherPage).toHaveURL(/\/reset-password$/);
  await otherPage.getByLabel('New password', { exact: true }).fill('a whole new secret');
  await otherPage.getByRole('button', { name: 'Set the password' }).click();
  await expect(otherPage.getByTestId('account-done')).toContainText('Your password is changed');

  // The link works once.
  await otherPage.goto('/login');
  await otherPage.goto(link);
  await otherPage.getByLabel('New password', { exact: true }).fill('yet another secret');
  await otherPage.getByRole('button', { name: 'Set the password' }).click();
  await expect(otherPage.getByTestId('form-error')).toContainText('does not work any more');

  // The first browser's session ended; the old password is refused, the new one works.
  await page.reload();
  await expect(page.getByLabel('Username or email')).toBeVisible();
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('form-error')).toBeVisible();
  await logIn(page, user.username, 'a whole new secret');
  await other.close();
});

test('two-factor authentication: turned on from the settings, then asked at login', async ({ page }) => {
  const user = newUser('totp');
  await register(page, user);
  await openSettings(page, 'Account and security');
  await page.getByRole('region', { name: 'Two-factor authentication' }).getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  const totp = new TOTP({ secret: Secret.fromBase32((await page.getByTestId('totp-secret').textContent())!.trim()) });
  // The code of the previous period: the one used at login below is then a fresh one.
  await page.getByLabel('Code from the app', { exact: true }).fill(totp.generate({ timestamp: Date.now() - 30_000 }));
  await page.getByRole('button', { name: 'Confirm and turn on' }).click();
  await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10);
  await page.getByRole('button', { name: 'I have saved them' }).click();

  await page.goto('/');
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Enter your code' })).toBeVisible();
  await page.getByLabel('Code from the app, or a recovery code').fill('000000');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('form-error')).toContainText('not valid');
  await page.getByLabel('Code from the app, or a recovery code').fill(totp.generate());
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(composer(page)).toBeVisible();
});
