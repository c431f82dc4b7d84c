import { expect, test } from '@playwright/test';
import { startOAuthStandIn, type OAuthStandIn } from '../examples/oauth-stand-in.js';
import { composer, deviceMade, E2E_OAUTH_PORT, newUser, openSettings, register } from './support.js';

// The provider the main e2e server is configured with (playwright.config.ts), on its fixed port.
let provider: OAuthStandIn;
test.beforeAll(async () => {
  provider = await startOAuthStandIn(E2E_OAUTH_PORT);
});
test.afterAll(() => provider?.close());

test('signs in with the provider: a new account takes its email, which the profile says cannot change', async ({ page }) => {
  const person = newUser('school');
  provider.person = { sub: `e2e-${person.username}`, email: person.email, email_verified: true, preferred_username: person.username };

  await page.goto('/login');
  // Signed in with the provider, the browser makes its encryption device as after a password.
  const device = deviceMade(page);
  await page.getByRole('link', { name: 'Sign in with Stand-in School' }).click();
  await expect(composer(page)).toBeVisible();
  await device;
  expect(page.url()).not.toContain('signed_in');
  expect(provider.tokenRequests.at(-1)).toEqual({ pkceVerified: true });

  // The session survives a reload like any other: the refresh cookie was set by the callback.
  await page.reload();
  await expect(composer(page)).toBeVisible();

  await openSettings(page, 'Account and security');
  await expect(page.getByRole('heading', { name: 'Linked sign-in' })).toBeVisible();
  await expect(page.getByText('Your email comes from Stand-in School and cannot be changed here.')).toBeVisible();
  await expect(page.getByText('Stand-in School is how this account signs in: it cannot be unlinked.')).toBeVisible();
});

test('refuses to take over an account that has the same email, and says how to link it', async ({ page }) => {
  const owner = newUser('owner');
  await register(page, owner);
  await page.getByRole('button', { name: 'Log out' }).click();
  provider.person = { sub: `e2e-${owner.username}`, email: owner.email, email_verified: true, preferred_username: owner.username };

  await page.getByRole('link', { name: 'Sign in with Stand-in School' }).click();
  await expect(page.getByRole('alert')).toContainText('An account already uses this email.');
  await expect(composer(page)).toBeHidden();
});

test('links the provider from the profile while signed in, then signs in through it', async ({ page }) => {
  const owner = newUser('linker');
  await register(page, owner);
  provider.person = { sub: `e2e-${owner.username}`, email: `elsewhere-${owner.email}`, email_verified: true, preferred_username: owner.username };

  await openSettings(page, 'Account and security');
  await page.getByRole('button', { name: 'Link Stand-in School' }).click();
  // Back from the provider on my account settings, still signed in.
  await expect(page.getByText('You can sign in with Stand-in School.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Unlink Stand-in School' })).toBeVisible();

  await page.goto('/');
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('link', { name: 'Sign in with Stand-in School' }).click();
  await expect(composer(page)).toBeVisible();
  await page.getByRole('link', { name: 'Me', exact: true }).click();
  await expect(page.getByRole('heading', { name: owner.username }).first()).toBeVisible();
});
