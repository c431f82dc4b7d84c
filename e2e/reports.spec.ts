import { expect, test, type Page } from '@playwright/test';
import { encryptedDm } from './encrypted-support.js';
import { screenshots } from './screens.js';
import { messages, operator, send, userInBrowser } from './support.js';

/**
 * The message's menu, as a mouse opens it (hover, then "⋯") or a finger (a tap on the message);
 * again if the log moved under the pointer and the menu opened on another message, or none.
 */
async function openActions(page: Page, text: string, label = 'Message actions'): Promise<void> {
  const row = messages(page, text);
  const touch = await page.evaluate(() => matchMedia('(pointer: coarse)').matches);
  await expect(async () => {
    if (!(await row.getByRole('menu').isVisible())) {
      if ((await page.getByRole('menu').count()) > 0) await page.keyboard.press('Escape');
      if (touch) await row.locator('.body').click();
      else {
        await row.hover();
        await row.getByRole('button', { name: label }).click();
      }
    }
    await expect(row.getByRole('menu')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

test('a member reports an encrypted message with its text; the moderators read what was shared, the audit log keeps who, when and where but no word of it', async ({ browser }) => {
  test.setTimeout(180_000);
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  const moderator = await userInBrowser(browser, 'moderator');
  operator('role', moderator.user.username, 'moderator');
  const stamp = Date.now();

  await encryptedDm(bob, alice);
  const insult = `you play pong like a potato ${stamp}`;
  await send(bob.page, insult);
  await expect(messages(alice.page, insult)).toBeVisible({ timeout: 30_000 });

  // My own message has no Report; the other person's has.
  await send(alice.page, `mine ${stamp}`);
  await openActions(alice.page, `mine ${stamp}`);
  await expect(alice.page.getByRole('menuitem', { name: 'Edit' })).toBeVisible();
  await expect(alice.page.getByRole('menuitem', { name: 'Report' })).toHaveCount(0);
  await alice.page.keyboard.press('Escape');

  await openActions(alice.page, insult);
  await alice.page.getByRole('menuitem', { name: 'Report' }).click();
  const dialog = alice.page.getByRole('dialog', { name: 'Report this message' });
  await expect(dialog).toContainText(insult);
  await expect(dialog).toContainText('end-to-end encrypted');
  const share = dialog.getByLabel('Share this message’s text with the moderators');
  await expect(share).toBeChecked();
  await dialog.getByLabel('Abuse or harassment').check();
  await dialog.getByLabel('Anything to add (optional)').fill('third time this week');
  await alice.page.screenshot({ path: test.info().outputPath('report-encrypted-desktop-en.png') });
  await dialog.getByRole('button', { name: 'Report' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Reported. The moderators will look at it.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  // A reply quotes it as read here, not as the server holds it.
  await openActions(alice.page, insult);
  await alice.page.getByRole('menuitem', { name: 'Reply' }).click();
  await expect(alice.page.locator('volley-composer .replying')).toContainText(insult);

  // The role shows once the app asks the server again.
  await moderator.page.goto('/admin');
  const report = moderator.page.getByTestId('report').filter({ hasText: bob.user.username });
  await expect(report).toBeVisible();
  await expect(report.getByTestId('report-text')).toHaveText(insult);
  await expect(report).toContainText('the text as the reporter disclosed it');
  await expect(report).toContainText('Abuse or harassment — third time this week');
  await expect(report).toContainText(`Reported by ${alice.user.username}`);
  const reported = moderator.page.getByTestId('audit-entry').filter({ hasText: 'Message reported' }).filter({ hasText: alice.user.username });
  await expect(reported).toContainText(bob.user.username);
  await expect(reported).not.toContainText('potato');

  await screenshots(
    browser,
    'reports-admin',
    async (page) => {
      await page.goto('/admin');
      await expect(page.getByTestId('report').filter({ hasText: bob.user.username })).toBeVisible();
      await page.getByTestId('report').filter({ hasText: bob.user.username }).scrollIntoViewIfNeeded();
    },
    moderator.user,
  );

  await report.getByRole('button', { name: 'Resolve' }).click();
  await expect(report).toHaveCount(0);
  await expect(moderator.page.getByTestId('audit-entry').filter({ hasText: 'Report resolved' }).first()).toContainText(moderator.user.username);
  for (const person of [alice, bob, moderator]) await person.context.close();
});

test('a message in #general is reported as the server keeps it: the dialog says so, on a phone by a tap, in both languages', async ({ browser }) => {
  test.setTimeout(180_000);
  const carol = await userInBrowser(browser, 'carol');
  const dave = await userInBrowser(browser, 'dave');
  const spam = `cheap rackets at spam.example ${Date.now()}`;
  await send(carol.page, spam);
  await expect(messages(dave.page, spam)).toBeVisible({ timeout: 30_000 });
  const general = (await dave.page.getByRole('link', { name: /^#general/ }).getAttribute('href'))!;
  await openActions(dave.page, spam);
  await dave.page.getByRole('menuitem', { name: 'Report' }).click();
  const dialog = dave.page.getByRole('dialog', { name: 'Report this message' });
  await expect(dialog).toContainText('The moderators read the message as the server keeps it.');
  await expect(dialog.getByRole('checkbox')).toHaveCount(0);
  await expect(dialog.getByLabel('Spam')).toBeChecked();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await dave.context.close();

  const erin = await userInBrowser(browser, 'erin');
  await screenshots(
    browser,
    'report-dialog',
    async (page) => {
      await page.goto(general);
      const french = (await page.evaluate(() => localStorage.getItem('volley.locale'))) === 'fr';
      await expect(messages(page, spam)).toBeVisible();
      await openActions(page, spam, french ? 'Actions du message' : 'Message actions');
      await page.getByRole('menuitem', { name: french ? 'Signaler' : 'Report' }).click();
      await expect(page.getByRole('dialog', { name: french ? 'Signaler ce message' : 'Report this message' })).toBeVisible();
    },
    erin.user,
  );
  for (const person of [carol, erin]) await person.context.close();
});
