import { expect, test, type Browser, type Page } from '@playwright/test';
import type { VolleyClient } from '@volley/client';
import { composer, newUser, nodeClient, send, serviceWorkerControls } from './support.js';

/** A phone held upright, used with a finger; and a laptop. */
const SCREENS = {
  phone: { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true },
  desktop: { viewport: { width: 1280, height: 800 } },
} as const;

/** Someone else, as a bot would be: registered through the API, writing through the client library. */
async function someone(baseURL: string | undefined, prefix: string) {
  const user = newUser(prefix);
  const registered = await fetch(new URL('/api/v1/auth/register', baseURL), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user.username, email: user.email, password: user.password }),
  });
  expect(registered.status).toBe(201);
  const { accessToken } = (await registered.json()) as { accessToken: string };
  const volley = nodeClient(baseURL);
  await volley.signIn({ login: user.username, password: user.password });
  /** A call of the API as this person, its answer's body. */
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(new URL(`/api/v1${path}`, baseURL), {
      method,
      headers: { authorization: `Bearer ${accessToken}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.ok, `${method} ${path}: ${res.status}`).toBe(true);
    return (await res.json()) as T;
  };
  return { user, volley, api };
}

async function sendAs(volley: VolleyClient, convId: string, body: string): Promise<void> {
  expect((await volley.outbox().send(convId, body)).status).toBe('accepted');
}

/** The list as it reads, top to bottom: each row's name, preview, time, unread count and mention marker. */
function listed(page: Page) {
  return page.getByTestId('conversation').evaluateAll((rows) =>
    rows.map((row) => {
      const text = (id: string) => row.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? null;
      return {
        name: text('conversation-name'),
        preview: text('conversation-preview'),
        time: text('conversation-time'),
        unread: text('conversation-unread'),
        mention: row.querySelector('[data-testid="conversation-mention"]') !== null,
      };
    }),
  );
}

/** A time today, as the list shows it: the hour and minutes. */
const CLOCK = expect.stringMatching(/^\d\d:\d\d( [AP]M)?$/);

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `/tmp/shots-phone/${name}.png` });
}

for (const [screen, options] of Object.entries(SCREENS)) {
  test(`the conversation list tells what moved, live and offline, in English and French (${screen})`, async ({ browser, baseURL }) => {
    const context = await (browser as Browser).newContext(options);
    const page = await context.newPage();
    const rita = newUser('rita');
    await page.goto('/register');
    await page.getByLabel('Username', { exact: true }).fill(rita.username);
    await page.getByLabel('Email', { exact: true }).fill(rita.email);
    await page.getByLabel('Password', { exact: true }).fill(rita.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByTestId('conversation').first()).toBeVisible();
    const [bob, carol] = [await someone(baseURL, 'bob'), await someone(baseURL, 'carol')];
    const found = await bob.api<{ items: { id: string; username: string }[] }>('GET', `/users?q=${rita.username}`);
    const ritaId = found.items.find((u) => u.username === rita.username)?.id;
    expect(ritaId).toBeTruthy();

    // A channel Bob made and Rita joined, where Bob says three things, the last naming her.
    const channel = await bob.api<{ id: string; name: string }>('POST', '/channels', { name: `lst-${Date.now().toString(36)}`, access: 'public' });
    await page.goto('/channels');
    await page.getByLabel('Search channels').fill(channel.name);
    await page.getByTestId('channel').filter({ hasText: channel.name }).getByRole('button', { name: 'Join' }).click();
    await expect(page.getByTestId('conversation-title')).toContainText(channel.name);
    // Away from it, so that what Bob says stays unread.
    await page.goto('/');
    await sendAs(bob.volley, channel.id, 'first');
    await sendAs(bob.volley, channel.id, 'second');
    await sendAs(bob.volley, channel.id, `**Look** at [this page](https://example.test/p) _now_, @${rita.username}`);
    const row = (name: string) => page.getByTestId('conversation').filter({ has: page.getByTestId('conversation-name').getByText(name, { exact: true }) });
    await expect(row(`#${channel.name}`).getByTestId('conversation-unread')).toHaveText('3');

    // A new DM lands at the top, above the channel, with its count.
    const dm = await carol.api<{ id: string }>('POST', '/conversations/dm', { userId: ritaId });
    await sendAs(carol.volley, dm.id, 'hi _there_, `pong` later?');
    await expect(row(carol.user.username).getByTestId('conversation-unread')).toHaveText('1');
    let rows = await listed(page);
    expect(rows.slice(0, 2)).toEqual([
      { name: carol.user.username, preview: 'hi there, pong later?', time: CLOCK, unread: '1', mention: false },
      { name: `#${channel.name}`, preview: `${bob.user.username}: Look at this page now, @${rita.username}`, time: CLOCK, unread: '3', mention: true },
    ]);
    await shot(page, `list-${screen}-en`);

    // Read and answered: the channel comes first again, said by me, nothing unread.
    await row(`#${channel.name}`).click();
    await send(page, 'on it');
    if (screen === 'phone') await page.getByRole('link', { name: 'Back to the conversations' }).click();
    await expect(row(`#${channel.name}`).getByTestId('conversation-preview')).toHaveText('You: on it');
    rows = await listed(page);
    expect(rows.slice(0, 2)).toMatchObject([
      { name: `#${channel.name}`, preview: 'You: on it', unread: null, mention: false },
      { name: carol.user.username, unread: '1' },
    ]);
    await shot(page, `list-${screen}-en-answered`);

    // Offline, after a reload: the same list from the device.
    await serviceWorkerControls(page);
    await context.setOffline(true);
    await page.reload();
    await expect(row(`#${channel.name}`).getByTestId('conversation-preview')).toHaveText('You: on it');
    expect((await listed(page)).slice(0, 2)).toEqual(rows.slice(0, 2));
    await context.setOffline(false);

    // In French: the same list in its words.
    await page.getByLabel('Language').selectOption('fr');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(row(`#${channel.name}`).getByTestId('conversation-preview')).toHaveText('Vous\u202f: on it');
    await expect(row(carol.user.username).getByTestId('conversation-unread')).toHaveAccessibleName('1 message non lu');
    await shot(page, `list-${screen}-fr`);
    await expect(composer(page)).toHaveCount(screen === 'phone' ? 0 : 1);
    await Promise.all([bob.volley.close(), carol.volley.close()]);
    await context.close();
  });
}
