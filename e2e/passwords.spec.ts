import { expect, test } from '@playwright/test';
import { hasSession, logIn, newUser, openSettings, userInBrowser } from './support.js';

for (const { locale, labels, common, containsName } of [
  { locale: 'en-US', labels: { username: 'Username', email: 'Email', password: 'Password', submit: 'Create account' }, common: /most used/, containsName: /must not contain your username/ },
  { locale: 'fr-FR', labels: { username: "Nom d’utilisateur", email: 'E-mail', password: 'Mot de passe', submit: 'Créer le compte' }, common: /plus utilisés/, containsName: /ne doit pas contenir votre nom/ },
]) {
  test(`a weak password is refused with its reason beside the field (${locale})`, async ({ browser }) => {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    const user = newUser('pw');
    await page.goto('/register');
    await page.getByLabel(labels.username, { exact: true }).fill(user.username);
    await page.getByLabel(labels.email, { exact: true }).fill(user.email);
    await page.getByLabel(labels.password, { exact: true }).fill('12345678');
    await page.getByRole('button', { name: labels.submit }).click();
    await expect(page.getByTestId('field-error-password')).toContainText(common);
    await page.getByLabel(labels.password, { exact: true }).fill(`my ${user.username} rocks`);
    await page.getByRole('button', { name: labels.submit }).click();
    await expect(page.getByTestId('field-error-password')).toContainText(containsName);
    await context.close();
  });
}

test('a password is changed in my settings: a weak one is refused beside its field, then every other session ends', async ({ browser }) => {
  const laptop = await userInBrowser(browser, 'chg');
  const phoneContext = await browser.newContext();
  const phone = await phoneContext.newPage();
  await logIn(phone, laptop.user.username, laptop.user.password);

  await openSettings(laptop.page, 'Account and security');
  const form = laptop.page.getByTestId('change-password');
  await form.getByLabel('Current password').fill(laptop.user.password);
  await form.getByLabel('New password').fill('12345678');
  await form.getByRole('button', { name: 'Change the password' }).click();
  await expect(form.getByTestId('field-error-next')).toContainText(/most used/);

  const next = `${laptop.user.password} and then some`;
  await form.getByLabel('New password').fill(next);
  await form.getByRole('button', { name: 'Change the password' }).click();
  await expect(form.getByRole('status')).toContainText('Your password is changed');
  // The other device is signed out; this one goes on, and the new password opens the account.
  expect(await hasSession(phoneContext.request)).toBe(false);
  expect(await hasSession(laptop.context.request)).toBe(true);
  await logIn(phone, laptop.user.username, next);
  await Promise.all([laptop.context.close(), phoneContext.close()]);
});
