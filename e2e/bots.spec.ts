import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { createChannel, messages, nodeClient, openSettings, userInBrowser } from './support.js';

test('bots: made in settings, the token shown once, marked BOT in the member list of a channel it joined and on its messages', async ({ browser, baseURL }) => {
  const owner = await userInBrowser(browser, 'owner');
  const { page } = owner;
  await owner.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const channel = `bots-${Date.now().toString(36)}`;
  const botName = `bot_${randomBytes(4).toString('hex')}`;

  const channelPath = await createChannel(page, channel);

  await openSettings(page, 'Bots');
  await page.getByTestId('create-bot').getByLabel('Username').fill(botName);
  await page.getByLabel('Description').fill('answers when asked');
  await page.getByRole('button', { name: 'Create bot' }).click();
  await expect(page.getByTestId('bot').filter({ hasText: botName }).getByTestId('bot-badge')).toHaveText('BOT');

  // Its tokens are open: a read-write token, shown once, copied.
  await page.getByLabel('Token name').fill('ci');
  await page.getByLabel('Access', { exact: true }).selectOption('read_write');
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = page.getByTestId('new-token').locator('code');
  await expect(secret).toHaveText(/^vbt_/);
  const token = (await secret.textContent())!;
  await page.getByRole('button', { name: 'Copy' }).click();
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

  // Never again: after a reload the token is listed, its secret nowhere.
  await page.reload();
  await page.getByTestId('bot').filter({ hasText: botName }).getByRole('button', { name: 'Tokens' }).click();
  await expect(page.getByTestId('token').filter({ hasText: 'ci' })).toContainText('never used');
  await expect(page.getByTestId('new-token')).toHaveCount(0);
  await expect(page.getByText(token)).toHaveCount(0);

  // The bot joins the public channel with its token, as a bot would.
  const convId = channelPath.split('/').at(-1)!;
  const joined = await page.request.post(`/api/v1/conversations/${convId}/join`, { headers: { Authorization: `Bearer ${token}` }, data: {} });
  expect(joined.status()).toBe(200);
  await page.goto(channelPath);
  await page.getByRole('button', { name: 'Members' }).click();
  await expect(page.getByTestId('member').filter({ hasText: botName }).getByTestId('bot-badge')).toHaveText('BOT');

  // It speaks through the client library, as a bot script would.
  const bot = nodeClient(baseURL, { token });
  await bot.me();
  const hello = `beep ${Date.now()}`;
  expect(await bot.outbox().send(convId, hello)).toMatchObject({ status: 'accepted' });
  await expect(messages(page, hello).getByTestId('bot-badge')).toHaveText('BOT');
  await bot.close();
  await owner.context.close();
});
