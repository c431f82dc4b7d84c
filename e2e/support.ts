import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import { VolleyClient, type WebSocketConstructor } from '@volley/client';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

/** The port of the main e2e server, and where each e2e server keeps its data (outside test-results/, which Playwright empties). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 18080);
/** Where oauth.spec.ts runs its stand-in OAuth provider; the main e2e server is configured with it (playwright.config.ts). */
export const E2E_OAUTH_PORT = Number(process.env.E2E_OAUTH_PORT ?? E2E_PORT + 2);
/** Where the stand-in mailbox of e2e/account-recovery.spec.ts listens; the main e2e server mails there. */
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? E2E_PORT + 3);
/** Where e2e/web-push.spec.ts runs its stand-in push service; the main e2e server accepts its endpoints. */
export const E2E_PUSH_PORT = Number(process.env.E2E_PUSH_PORT ?? E2E_PORT + 4);
export const e2eDataDir = (port: number): string => join(tmpdir(), `volley-e2e-${port}`);

/**
 * With DATABASE_URL set, each e2e server runs on a database of its own, made afresh for the run
 * (`e2e/fresh-database.mjs`), named after the given one and the port: two servers on one database
 * and one bus would be two replicas of one deployment with different settings (the segment size,
 * the addresses link previews may fetch), each answering for the other. The bus prefix follows the
 * database's name.
 */
export function e2eDatabaseUrl(port: number): string | undefined {
  const given = process.env.DATABASE_URL;
  if (!given) return undefined;
  const url = new URL(given);
  url.pathname = `/${decodeURIComponent(url.pathname.slice(1)) || 'postgres'}_e2e_${port}`;
  return url.href;
}

/** The environment of a process that runs against the e2e server on `port`: its data directory, its database. */
export function e2eServerEnv(port: number): Record<string, string> {
  const databaseUrl = e2eDatabaseUrl(port);
  return { DATA_DIR: e2eDataDir(port), ...(databaseUrl && { DATABASE_URL: databaseUrl }) };
}

/** `npm run admin -- <args>` against the main e2e server, as its operator; its output. */
export function operator(...args: string[]): string {
  return execFileSync('node', ['api/dist/admin-cli.js', ...args], { env: { ...process.env, ...e2eServerEnv(E2E_PORT) }, encoding: 'utf8' });
}
import { TEST_PASSWORD } from '@volley/shared/testing';

export interface TestUser {
  username: string;
  email: string;
  password: string;
}

/** A user no earlier run has used: the e2e database may be shared between runs. */
export function newUser(prefix = 'u'): TestUser {
  const username = `${prefix}_${randomBytes(5).toString('hex')}`;
  return { username, email: `${username}@example.test`, password: TEST_PASSWORD };
}

/** Fills and sends the registration form; what the new user lands on depends on the screen. */
export async function submitRegistration(page: Page, user: TestUser): Promise<void> {
  await page.goto('/register');
  await page.getByLabel('Username', { exact: true }).fill(user.username);
  await page.getByLabel('Email', { exact: true }).fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/**
 * Resolves once this page's new account has its encryption device: its keys sent, then signed by
 * the account's new cross-signing keys (the last step). The app makes it on registering, and a DM
 * opened with the user from then on is end-to-end encrypted. Waited for so that no test races it,
 * nor leaves the page while it is being made.
 */
export function deviceMade(page: Page): Promise<unknown> {
  return page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/e2ee/keys/signatures' && response.ok(), { timeout: 60_000 });
}

export async function register(page: Page, user: TestUser): Promise<void> {
  const device = deviceMade(page);
  await submitRegistration(page, user);
  await expect(composer(page)).toBeVisible();
  await device;
}

/**
 * Whether this browser's refresh cookie still opens a session, as the app asks on every load. An
 * ended session is refused once (401) and its cookie dropped, so the app may have asked first and
 * a later probe answers "no session" (204): either way, no session.
 */
export async function hasSession(request: APIRequestContext): Promise<boolean> {
  const status = (await request.post('/api/v1/auth/refresh')).status();
  expect([200, 204, 401]).toContain(status);
  return status === 200;
}

/**
 * Resolves once this page's new encryption device (the app makes one on every sign-in) has sent its
 * keys: a test that uses it on another page waits for it, so as not to cut its making short. An
 * account's first device goes on to cross-sign itself: `deviceMade`.
 */
export function deviceKeysSent(page: Page): Promise<unknown> {
  return page.waitForResponse((response) => /^\/api\/v1\/e2ee\/devices\/[^/]+\/keys$/.test(new URL(response.url()).pathname) && response.ok(), { timeout: 60_000 });
}

export async function logIn(page: Page, login: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username or email').fill(login);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(composer(page)).toBeVisible();
}

/** A fresh browser profile (its own cookies, IndexedDB and service worker) with a registered user in #general. */
export type UserInBrowser = Awaited<ReturnType<typeof userInBrowser>>;

export async function userInBrowser(browser: Browser, prefix: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const user = newUser(prefix);
  await register(page, user);
  return { context, page, user };
}

/** A fresh browser profile on this screen (viewport, touch) with a new user registered through the form, the conversation list shown. */
export async function registeredOn(browser: Browser, screen: BrowserContextOptions, prefix: string) {
  const context = await browser.newContext(screen);
  const page = await context.newPage();
  const user = newUser(prefix);
  const device = deviceMade(page);
  await submitRegistration(page, user);
  // Hashing the password takes seconds on a busy machine.
  await expect(page.getByTestId('conversation').first()).toBeVisible({ timeout: 30_000 });
  await device;
  return { context, page, user };
}

/** A page of my settings, reached as a person does: "Me", then the section's link (its name). */
/**
 * Chooses the app's language on the open settings page, as a person does: its radio, checked at
 * once; the page is in that language once its catalogue has arrived.
 */
export async function chooseLanguage(page: Page, language: 'English' | 'Français'): Promise<void> {
  await page.getByRole('radio', { name: language }).check();
  await expect(page.locator('html')).toHaveAttribute('lang', language === 'English' ? 'en' : 'fr');
}

export async function openSettings(page: Page, section: string): Promise<void> {
  await page.getByRole('link', { name: 'Me', exact: true }).first().click();
  await page.getByRole('link', { name: section, exact: true }).click();
  await expect(page.getByRole('link', { name: section, exact: true })).toHaveAttribute('aria-current', 'page');
}

/**
 * A channel made by this page's user from the directory, opened; its path (`/c/<id>`). Public
 * unless said otherwise; a password channel takes `password`.
 */
export async function createChannel(page: Page, name: string, options: { access?: 'public' | 'private' | 'password'; password?: string; topic?: string } = {}): Promise<string> {
  await page.goto('/channels');
  await page.getByRole('button', { name: 'Create channel' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  if (options.access) await page.getByLabel('Access').selectOption(options.access);
  if (options.password !== undefined) await page.getByLabel('Password', { exact: true }).fill(options.password);
  if (options.topic !== undefined) await page.getByLabel('Topic').fill(options.topic);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(page.getByTestId('conversation-title')).toContainText(name);
  return new URL(page.url()).pathname;
}

/** A public channel joined from the directory, as a person does: search, Join; it opens. */
export async function joinChannel(page: Page, name: string): Promise<void> {
  await page.goto('/channels');
  await page.getByLabel('Search channels').fill(name);
  // A click can be lost while the list is drawn again (its search answered, the connection back): made again until the channel opens.
  const title = page.getByTestId('conversation-title');
  await expect(async () => {
    if (!(await title.isVisible())) await page.getByTestId('channel').filter({ hasText: name }).getByRole('button', { name: 'Join' }).click({ timeout: 3_000 });
    await expect(title).toContainText(name, { timeout: 5_000 });
  }).toPass({ timeout: 30_000 });
}

/**
 * New users signed in, each in a browser of their own, in a public channel the first one made and
 * the others joined: a conversation no other spec writes in (specs run side by side).
 */
export async function usersInChannel<const P extends readonly [string, ...string[]]>(browser: Browser, ...prefixes: P): Promise<{ [K in keyof P]: UserInBrowser }> {
  const users: UserInBrowser[] = [];
  for (const prefix of prefixes) users.push(await userInBrowser(browser, prefix));
  const [first, ...others] = users as [UserInBrowser, ...UserInBrowser[]];
  const name = `${prefixes[0]}-${randomBytes(4).toString('hex')}`;
  await createChannel(first.page, name);
  for (const { page } of others) await joinChannel(page, name);
  return users as { [K in keyof P]: UserInBrowser };
}

export const composer = (page: Page) => page.getByLabel('Message', { exact: true });

export async function send(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
}

/** The client library as a bot runs it in Node (its sockets from ws), on the e2e server. */
export function nodeClient(baseURL: string | undefined, options: { token?: string } = {}): VolleyClient {
  return new VolleyClient({ url: baseURL!, ...options, WebSocket: WebSocket as unknown as WebSocketConstructor });
}

/**
 * Sends `bodies` into the conversation through the client library, as bots would, a hundred at a
 * time (ops not answered are sent again on each new socket, as the head moves on), and expects each
 * accepted. With several `writers`, each sends its share in order, all at once: a socket's op frames
 * are paced (20 a second past a burst, SYNC_BUDGETS.op), so a long history comes sooner from many.
 */
export async function sendThroughClient(baseURL: string | undefined, writers: TestUser | TestUser[], convId: string, bodies: string[]): Promise<void> {
  const all = Array.isArray(writers) ? writers : [writers];
  await Promise.all(
    all.map(async (user, w) => {
      const volley = nodeClient(baseURL);
      await volley.signIn({ login: user.username, password: user.password });
      const outbox = volley.outbox();
      const share = bodies.filter((_, i) => i % all.length === w);
      for (let from = 0; from < share.length; from += 100) {
        const outcomes = await Promise.all(share.slice(from, from + 100).map((body) => outbox.send(convId, body)));
        for (const outcome of outcomes) expect(outcome.status).toBe('accepted');
      }
      await volley.close();
    }),
  );
}

/** `count` accounts made through the client library, as a bot's would be, each a member of the public channel `convId`. */
export async function membersThroughClient(baseURL: string | undefined, convId: string, count: number): Promise<TestUser[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const user = newUser('writer');
      const volley = nodeClient(baseURL);
      await volley.api.register(user);
      await volley.api.request('POST', `/conversations/${encodeURIComponent(convId)}/join`, { body: {} });
      await volley.close();
      return user;
    }),
  );
}

/** The rendered messages whose text contains `text`. */
export const messages = (page: Page, text: string) => page.getByTestId('message').filter({ hasText: text });

/**
 * Resolves once a service worker controls the page, so that it works offline, lazily loaded parts
 * included, and its next load comes from the precache. Fails after 20 s with the worker's state.
 */
export async function serviceWorkerControls(page: Page): Promise<void> {
  const outcome = await page.evaluate(async () => {
    const controlled = navigator.serviceWorker.ready.then(() =>
      navigator.serviceWorker.controller
        ? 'controlled'
        : new Promise<string>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve('controlled'), { once: true })),
    );
    const stuck = new Promise<string>((resolve) =>
      setTimeout(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        const state = (worker: ServiceWorker | null | undefined) => worker?.state ?? 'none';
        resolve(`not controlled: installing ${state(registration?.installing)}, waiting ${state(registration?.waiting)}, active ${state(registration?.active)}`);
      }, 20_000),
    );
    return Promise.race([controlled, stuck]);
  });
  expect(outcome).toBe('controlled');
}

/** axe's contrast rule over the page as it is now: AA for text against what is behind it. */
export async function contrastViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withRules(['color-contrast']).analyze();
  return violations.flatMap((v) => v.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`));
}

/**
 * Plays the match the tournament page offers this player (a player already on a game's page, come
 * by its notification, stays there): both paddles held to opposite walls, a point decides it.
 */
export async function playMyMatch(players: { page: Page }[], tournamentPath: string): Promise<void> {
  for (const { page } of players) {
    if (new URL(page.url()).pathname.startsWith('/game/')) continue;
    await page.goto(tournamentPath);
    await page.getByTestId('match-play').click();
    await expect(page).toHaveURL(/\/game\//);
  }
  await players[0]!.page.keyboard.down('ArrowUp');
  await players[1]!.page.keyboard.down('ArrowDown');
  for (const { page } of players) await expect(page.getByTestId('game-result')).toBeVisible({ timeout: 90_000 });
  await players[0]!.page.keyboard.up('ArrowUp');
  await players[1]!.page.keyboard.up('ArrowDown');
}

/** The first player creates a tournament of as many players, first to 1 point, starting once full; all register. Its path. */
export async function fullTournament(name: string, players: { page: Page }[]): Promise<string> {
  const owner = players[0]!.page;
  await owner.goto('/tournaments');
  const form = owner.getByTestId('tournament-create');
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Players', { exact: true }).fill(String(players.length));
  await form.getByLabel('Points to win a game').fill('1');
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(owner).toHaveURL(/\/tournaments\/[0-9A-Z]{26}$/);
  const tournamentPath = new URL(owner.url()).pathname;
  for (const { page } of players) {
    await page.goto(tournamentPath);
    await page.getByTestId('tournament-register').click();
    await expect(page.getByTestId('tournament-register')).toHaveCount(0);
  }
  return tournamentPath;
}

/** Someone else, as a bot would be: registered through the API, writing through the client library. */
export async function someone(baseURL: string | undefined, prefix: string) {
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

export type Someone = Awaited<ReturnType<typeof someone>>;

/** Blocks `username` from their profile, as a person does: found under People, Block, confirmed. */
export async function blockFromProfile(page: Page, username: string): Promise<void> {
  await page.goto('/people');
  await page.getByLabel('Search people').fill(username);
  await page.getByRole('link', { name: new RegExp(username) }).first().click();
  await page.getByRole('button', { name: 'Block' }).click();
  await page.getByTestId('confirm').click();
  await expect(page.getByRole('button', { name: 'Unblock' })).toBeVisible();
}

/** The id of the user named `username`, as `by` finds them through the API. */
export async function userIdOf(by: Someone, username: string): Promise<string> {
  const found = await by.api<{ items: { id: string; username: string }[] }>('GET', `/users?q=${username}`);
  const id = found.items.find((u) => u.username === username)?.id;
  expect(id).toBeTruthy();
  return id!;
}

/** A public channel `owner` made through the API (its name starts with `prefix`), joined by this page's user from the directory. */
export async function joinedChannel(page: Page, owner: Someone, prefix: string): Promise<{ id: string; name: string }> {
  const channel = await owner.api<{ id: string; name: string }>('POST', '/channels', { name: `${prefix}-${randomBytes(4).toString('hex')}`, access: 'public' });
  await joinChannel(page, channel.name);
  return channel;
}
