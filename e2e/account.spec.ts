import { expect, test } from '@playwright/test';
import { composer, logIn, newUser, register } from './support.js';

test('register shows the server’s field errors, then keeps the session across reloads until logout', async ({ page }) => {
  const taken = newUser('taken');
  await register(page, taken);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByLabel('Username or email')).toBeVisible();

  // The server refuses a taken username and a malformed email: each error shows beside its field.
  await page.goto('/register');
  await page.getByLabel('Username', { exact: true }).fill(taken.username.toUpperCase());
  await page.getByLabel('Email', { exact: true }).fill('not-an-email');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('field-error-username').or(page.getByTestId('field-error-email'))).not.toHaveCount(0);
  await expect(page.getByText(/not a valid email|at least 8/i).first()).toBeVisible();

  const user = newUser('alice');
  await page.getByLabel('Username', { exact: true }).fill(user.username);
  await page.getByLabel('Email', { exact: true }).fill(taken.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('field-error-email')).toContainText(/taken/i);

  await page.getByLabel('Email', { exact: true }).fill(user.email);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(composer(page)).toBeVisible();
  await expect(page.getByRole('heading', { name: /general/ })).toBeVisible();

  // The access token lives in memory only; the refresh cookie brings the session back.
  await page.reload();
  await expect(composer(page)).toBeVisible();
  expect(await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage))).not.toMatch(/eyJ/);
  const cookies = await page.context().cookies();
  const refresh = cookies.find((c) => c.name === 'volley_refresh');
  expect(refresh?.httpOnly).toBe(true);
  expect(refresh?.sameSite).toBe('Strict');

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByLabel('Username or email')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Username or email')).toBeVisible();

  // Wrong password: a clear error, still on the login page.
  await page.getByLabel('Username or email').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill('wrong password!');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();

  await logIn(page, user.email.toUpperCase(), user.password);
  await logIn(page, user.username, user.password);
});
