import { randomBytes } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { VolleyClient } from '@volley/client';
import { composer, joinedChannel, registeredOn, send, serviceWorkerControls, someone } from './support.js';
import { SCREENS } from './screens.js';
import { sealedWriter } from './encrypted-support.js';

async function sendAs(volley: VolleyClient, convId: string, body: string): Promise<void> {
  expect((await volley.outbox().send(convId, body)).status).toBe('accepted');
}

/**
 * The list as it reads, top to bottom: each row's name, preview, time, unread count and mention
 * marker. Without #general, where the other specs running beside this one write at any moment.
 */
function listed(page: Page) {
  return page.getByTestId('conversation').evaluateAll((rows) =>
    rows
      .map((row) => {
        const text = (part: string) => row.querySelector(`.${part}`)?.textContent?.trim() ?? null;
        return { name: text('name'), preview: text('preview'), time: text('time'), unread: text('unread'), mention: row.querySelector('.mention') !== null };
      })
      .filter((row) => row.name !== '#general'),
  );
}

/** A time today, as the list shows it: the hour and minutes. */
const CLOCK = expect.stringMatching(/^\d\d:\d\d( [AP]M)?$/);

/** The list's row named `name`. */
const rowOf = (page: Page, name: string) => page.getByTestId('conversation').filter({ has: page.locator('.name').getByText(name, { exact: true }) });

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`) });
}

for (const [screen, options] of Object.entries(SCREENS)) {
  test(`the conversation list tells what moved, live and offline, a deleted last message too, in English and French (${screen})`, async ({ browser, baseURL }) => {
    const { context, page, user: rita } = await registeredOn(browser as Browser, options, 'rita');
    const [bob, carol] = [await someone(baseURL, 'bob'), await someone(baseURL, 'carol')];
    const fromCarol = sealedWriter(carol);
    const found = await bob.api<{ items: { id: string; username: string }[] }>('GET', `/users?q=${rita.username}`);
    const ritaId = found.items.find((u) => u.username === rita.username)?.id;
    expect(ritaId).toBeTruthy();

    // A channel Bob made and Rita joined, where Bob says three things, the last naming her.
    const channel = await bob.api<{ id: string; name: string }>('POST', '/channels', { name: `lst-${Date.now().toString(36)}`, access: 'public' });
    await page.goto('/channels');
    await page.getByLabel('Search channels').fill(channel.name);
    await page.getByTestId('channel').filter({ hasText: channel.name }).getByRole('button', { name: 'Join' }).click();
    await expect(page.getByTestId('conversation-title')).toContainText(channel.name);
    // Away from it, so that what Bob says stays unread; the app started again and connected before he speaks.
    await page.goto('/');
    await expect(page.getByTestId('conversation').filter({ hasText: channel.name })).toBeVisible();
    await expect(page.getByText('Online', { exact: true }).first()).toBeVisible();
    await sendAs(bob.volley, channel.id, 'first');
    await sendAs(bob.volley, channel.id, 'second');
    await sendAs(bob.volley, channel.id, `**Look** at [this page](https://example.test/p) _now_, @${rita.username}`);
    const row = (name: string) => page.getByTestId('conversation').filter({ has: page.locator('.name').getByText(name, { exact: true }) });
    await expect(row(`#${channel.name}`).locator('.unread')).toHaveText('3');

    // A new DM lands at the top, above the channel, with its count. It is end-to-end encrypted (Rita
    // has a device): the server's preview of it is empty, and her device reads it for the list.
    const dm = await carol.api<{ id: string; encrypted: boolean }>('POST', '/conversations/dm', { userId: ritaId! });
    expect(dm.encrypted).toBe(true);
    await fromCarol.send(dm.id, ritaId!, 'hi _there_, `pong` later?');
    await expect(row(carol.user.username).locator('.unread')).toHaveText('1');
    // Its text once the device has read it in the background (the crypto fetched for it).
    await expect.poll(async () => (await listed(page)).slice(0, 2), { timeout: 30_000 }).toEqual([
      { name: carol.user.username, preview: 'hi there, pong later?', time: CLOCK, unread: '1', mention: false },
      { name: `#${channel.name}`, preview: `${bob.user.username}: Look at this page now, @${rita.username}`, time: CLOCK, unread: '3', mention: true },
    ]);
    let rows = await listed(page);
    await shot(page, `list-${screen}-en`);

    // Read and answered: the channel comes first again, said by me, nothing unread.
    await row(`#${channel.name}`).click();
    await send(page, 'on it');
    if (screen === 'phone') await page.getByRole('link', { name: 'Back to the conversations' }).click();
    await expect(row(`#${channel.name}`).locator('.preview')).toHaveText('You: on it');
    await expect.poll(async () => (await listed(page)).slice(0, 2)).toMatchObject([
      { name: `#${channel.name}`, preview: 'You: on it', unread: null, mention: false },
      { name: carol.user.username, unread: '1' },
    ]);
    rows = await listed(page);
    await shot(page, `list-${screen}-en-answered`);

    // Offline, after a reload: the same list from the device.
    await serviceWorkerControls(page);
    await context.setOffline(true);
    await page.reload();
    await expect(row(`#${channel.name}`).locator('.preview')).toHaveText('You: on it');
    // The counts come from the device's store a moment after the previews: both settle to the same list.
    await expect.poll(async () => (await listed(page)).slice(0, 2)).toEqual(rows.slice(0, 2));

    // Still offline, I delete my last message: the list says so at once, not "(no text)".
    await row(`#${channel.name}`).click();
    const mine = page.getByTestId('message').filter({ hasText: 'on it' });
    // A finger taps the message; a mouse opens its actions button.
    if (screen === 'phone') await mine.getByText('on it').tap();
    else {
      await mine.hover();
      await mine.getByRole('button', { name: 'Message actions' }).click();
    }
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByTestId('deleted-placeholder')).toBeVisible();
    if (screen === 'phone') await page.getByRole('link', { name: 'Back to the conversations' }).click();
    const preview = row(`#${channel.name}`).locator('.preview');
    await expect(preview).toHaveText('You: message deleted');
    await expect(preview).toHaveCSS('font-style', 'italic');
    await shot(page, `list-${screen}-en-deleted`);

    // Back online, the server decides; the list read again from it says the same.
    await context.setOffline(false);
    await expect
      .poll(async () => (await bob.api<{ items: { id: string; lastMessage: { deleted?: boolean } | null }[] }>('GET', '/conversations')).items.find((c) => c.id === channel.id)?.lastMessage)
      .toEqual(expect.objectContaining({ preview: '', deleted: true }));
    await page.reload();
    await expect(preview).toHaveText('You: message deleted');
    await expect.poll(async () => (await listed(page)).slice(0, 2)).toMatchObject([{ name: `#${channel.name}`, preview: 'You: message deleted', unread: null }, { name: carol.user.username }]);

    // In French: the same list in its words.
    await page.getByLabel('Language').selectOption('fr');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(row(`#${channel.name}`).locator('.preview')).toHaveText('Vous\u202f: message supprimé');
    await expect(row(carol.user.username).locator('.unread')).toHaveAccessibleName('1 message non lu');
    await shot(page, `list-${screen}-fr`);
    await expect(composer(page)).toHaveCount(screen === 'phone' ? 0 : 1);
    await fromCarol.close();
    await Promise.all([bob.volley.close(), carol.volley.close()]);
    await context.close();
  });
}

for (const [screen, options] of Object.entries(SCREENS)) {
  test(`recent notifications sit under the list, an ordinary #general message notifies no one, a handled request is read (${screen})`, async ({ browser, baseURL }) => {
    const { context, page, user: rita } = await registeredOn(browser as Browser, options, 'rita');
    const bob = await someone(baseURL, 'bob');
    const found = await bob.api<{ items: { id: string; username: string }[] }>('GET', `/users?q=${rita.username}`);
    const ritaId = found.items.find((u) => u.username === rita.username)!.id;
    const conversations = await bob.api<{ items: { id: string; kind: string }[] }>('GET', '/conversations');
    const general = conversations.items.find((c) => c.kind === 'world')!.id;

    await page.goto('/');
    const firstRow = page.getByTestId('conversation').first();
    const before = await firstRow.boundingBox();
    // An ordinary message in #general, then a friend request.
    await sendAs(bob.volley, general, `an ordinary message ${Date.now()}`);
    await bob.api('POST', '/friends/requests', { userId: ritaId });
    const recent = page.getByTestId('recent-notifications');
    const request = recent.getByTestId('recent-notification').filter({ hasText: bob.user.username });
    await expect(request).toHaveAttribute('data-kind', 'friend_request');
    // Under the list: its first row has not moved.
    expect(await firstRow.boundingBox()).toEqual(before);
    const list = await page.locator('volley-conversation-list').boundingBox();
    expect((await recent.boundingBox())!.y).toBeGreaterThanOrEqual(list!.y + list!.height - 1);
    await shot(page, `recent-${screen}`);

    // The centre has the request, and nothing of #general's ordinary message.
    await page.getByRole('button', { name: /^Notifications/ }).click();
    await expect(page.getByTestId('notification').filter({ hasText: bob.user.username })).toHaveAttribute('data-unread', '');
    await expect(page.getByTestId('notification').filter({ hasText: /new messages? in #general/ })).toHaveCount(0);
    await page.keyboard.press('Escape');

    // Accepted on the people page: read, and gone from the recent ones.
    await page.goto('/people');
    await page.getByTestId('friend-request').filter({ hasText: bob.user.username }).getByRole('button', { name: 'Accept' }).click();
    await page.goto('/');
    await expect(page.getByTestId('conversation').first()).toBeVisible();
    await expect(recent.getByTestId('recent-notification')).toHaveCount(0);
    await page.getByRole('button', { name: /^Notifications/ }).click();
    await expect(page.getByTestId('notification').filter({ hasText: bob.user.username }).first()).not.toHaveAttribute('data-unread', '');
    await bob.volley.close();
    await context.close();
  });
}

for (const [screen, options] of Object.entries(SCREENS)) {
  test(`a conversation where nothing was said yet is its name alone, centred in a row as tall as the others, in English and French (${screen})`, async ({ browser, baseURL }) => {
    const { context, page } = await registeredOn(browser as Browser, options, 'rita');
    const bob = await someone(baseURL, 'bob');
    const channel = await joinedChannel(page, bob, 'quiet');
    await page.goto('/');
    const quiet = rowOf(page, `#${channel.name}`);
    const said = rowOf(page, '#general');
    await expect(quiet).toBeVisible();
    for (const language of ['en', 'fr'] as const) {
      if (language === 'fr') {
        await page.getByLabel('Language').selectOption('fr');
        await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
      }
      // No blank line under the name: nothing but the name's line, in the middle of the row.
      await expect(quiet.locator('.line')).toHaveCount(1);
      const row = (await quiet.boundingBox())!;
      const name = (await quiet.locator('.name').boundingBox())!;
      expect(Math.abs(name.y + name.height / 2 - (row.y + row.height / 2))).toBeLessThanOrEqual(1);
      expect(row.height).toBe((await said.boundingBox())!.height);
      await shot(page, `no-preview-${screen}-${language}`);
    }
    await bob.volley.close();
    await context.close();
  });
}

/** The tab's title, "(N) Volley", counts the rows the list marks unread. */
async function titleCountsUnreadRows(page: Page): Promise<boolean> {
  const rows = await page.locator('[data-testid=conversation][data-unread]').count();
  return (await page.title()) === (rows > 0 ? `(${rows}) Volley` : 'Volley');
}

for (const [screen, options] of Object.entries(SCREENS)) {
  test(`a tournament's own lines make no conversation unread: the list, its count and the title count only what people said, live and after a reload (${screen})`, async ({ browser, baseURL }) => {
    test.setTimeout(150_000);
    const { context, page } = await registeredOn(browser as Browser, options, 'rita');
    const bob = await someone(baseURL, 'bob');

    // Bob's tournament, Rita and he registered; he starts it, and the server posts its start and pairings in its conversation.
    const tournament = await bob.api<{ id: string }>('POST', '/tournaments', { name: `cup-${randomBytes(4).toString('hex')}`, size: 4 });
    await bob.api('POST', `/tournaments/${tournament.id}/register`);
    await page.goto(`/tournaments/${tournament.id}`);
    await page.getByTestId('tournament-register').click();
    await expect(page.getByTestId('tournament-register')).toHaveCount(0);
    await bob.api('POST', `/tournaments/${tournament.id}/start`);
    const { conversationId } = await bob.api<{ conversationId: string }>('GET', `/tournaments/${tournament.id}`);
    const lastSeq = async () => (await bob.api<{ items: { id: string; lastSeq: number }[] }>('GET', '/conversations')).items.find((c) => c.id === conversationId)?.lastSeq ?? 0;
    await expect.poll(lastSeq).toBeGreaterThanOrEqual(2);

    // The lines move the list (the newest is its preview), but nothing in it is unread.
    await page.goto('/');
    const row = page.locator(`[data-testid=conversation][data-id="${conversationId}"]`);
    await expect(row.locator('.preview')).not.toHaveText('');
    await expect(row).not.toHaveAttribute('data-unread');
    await expect(row.locator('.unread')).toHaveCount(0);
    await expect.poll(() => titleCountsUnreadRows(page)).toBe(true);
    await shot(page, `system-lines-${screen}`);

    // A player's message is one unread message, however many lines came before it.
    await sendAs(bob.volley, conversationId, 'good luck');
    await expect(row.locator('.unread')).toHaveText('1');
    await expect.poll(() => titleCountsUnreadRows(page)).toBe(true);
    await shot(page, `system-lines-${screen}-said`);

    // The same after a reload, from the server's list.
    await page.reload();
    await expect(row.locator('.unread')).toHaveText('1');
    await expect.poll(() => titleCountsUnreadRows(page)).toBe(true);
    await bob.volley.close();
    await context.close();
  });
}
