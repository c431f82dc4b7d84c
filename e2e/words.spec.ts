import { expect, test, type Page } from '@playwright/test';
import { en as enCommon } from '../pwa/src/i18n/en.js';
import { enLater } from '../pwa/src/i18n/en-later.js';
import { fr as frCommon } from '../pwa/src/i18n/fr.js';
import { frLater } from '../pwa/src/i18n/fr-later.js';
import { frSignIn } from '../pwa/src/i18n/fr-sign-in.js';
import { newUser, register } from './support.js';

/** The French the sign-in pages and the chat show (the catalogue's parts, pwa/src/i18n/en.ts). */
const fr = { ...frCommon, ...frLater, ...frSignIn };
const en = { ...enCommon, ...enLater };

/** Types `text` as a paste would put it (a NUL or a lone surrogate cannot be typed key by key). */
async function paste(page: Page, label: string, text: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).evaluate((field: HTMLInputElement | HTMLTextAreaElement, value) => {
    field.value = value;
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

test('a French user reads the server’s refusals in French, and text that cannot be sent is refused before it leaves', async ({ browser }) => {
  const taken = newUser('mots');
  const first = await browser.newContext();
  await register(await first.newPage(), taken);
  await first.close();

  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  const sent: string[] = [];
  page.on('request', (request) => sent.push(new URL(request.url()).pathname));

  // The server's words, in French: a wrong sign-in, a username taken.
  await page.goto('/login');
  await page.getByLabel(fr['auth.login.login'], { exact: true }).fill(taken.username);
  await page.getByLabel(fr['auth.password'], { exact: true }).fill(`${taken.password}x`);
  await page.getByRole('button', { name: fr['auth.login.submit'] }).click();
  await expect(page.getByTestId('form-error')).toHaveText(fr['error.invalid_credentials']);
  await page.goto('/register');
  const me = newUser('francais');
  await page.getByLabel(fr['auth.username'], { exact: true }).fill(taken.username);
  await page.getByLabel(fr['auth.email'], { exact: true }).fill(me.email);
  await page.getByLabel(fr['auth.password'], { exact: true }).fill(me.password);
  await page.getByRole('button', { name: fr['auth.register.submit'] }).click();
  await expect(page.getByTestId('field-error-username')).toHaveText(fr['field.taken']);
  await expect(page.locator('body')).not.toContainText(en['field.taken']);

  // A NUL pasted into a field: said beside it, and the form is not sent.
  const registrations = sent.filter((path) => path.endsWith('/auth/register')).length;
  await paste(page, fr['auth.username'], `${me.username}\0`);
  await page.getByRole('button', { name: fr['auth.register.submit'] }).click();
  await expect(page.getByTestId('field-error-username')).toHaveText(fr['field.not_well_formed']);
  expect(sent.filter((path) => path.endsWith('/auth/register')).length).toBe(registrations);

  await page.getByLabel(fr['auth.username'], { exact: true }).fill(me.username);
  await page.getByRole('button', { name: fr['auth.register.submit'] }).click();
  const composer = page.getByLabel(fr['chat.message'], { exact: true });
  await expect(composer).toBeVisible();

  // Half an emoji pasted into the composer: refused there, the text kept, nothing posted.
  await paste(page, fr['chat.message'], 'coucou \ud83d');
  await composer.press('Enter');
  await expect(page.getByTestId('command-error')).toHaveText(fr['field.not_well_formed']);
  await expect(composer).toHaveValue('coucou \ud83d');
  await expect(page.locator('article', { hasText: 'coucou' })).toHaveCount(0);
  await context.close();
});
