/**
 * A closed account opens no door (docs/architecture.md §5, "Closing an account"): a deleted person
 * and a deleted bot are refused every way in — password, the sign-in provider, the refresh cookie,
 * an access or bot token, `/sync`, `/game`, `/game/queue` — their sockets open at the closing are
 * closed, and no list of people shows them. Every way is walked twice: after the closing, and
 * again with the rows the closing removed or ended put back, as a closing that missed them would
 * have left them: the account's deletion alone must still refuse.
 * Their tournaments go on without them: withdrawn while registering, forfeited while running (the
 * opponent goes through at once), and a tournament a deleted person owned and had not started is
 * cancelled.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AccessTokens } from '@volley/core';
import { CloseCode, isTombstoneUsername, newId, REFRESH_COOKIE, socketProtocols, userRoom, type BracketView, type TournamentDetail } from '@volley/shared';
import { TEST_PASSWORD } from '@volley/shared/testing';
import { startOAuthStandIn, type OAuthStandIn, type StandInPerson } from '../../examples/oauth-stand-in.js';
import { register, startTestVolley, type Person, type TestVolley } from './server.testing.js';

const JWT_SECRET = 'a test secret that is long enough to sign with';

describe('a closed account', () => {
  let oauth: OAuthStandIn;
  let volley: TestVolley;
  let subjects = 0;
  beforeAll(async () => {
    oauth = await startOAuthStandIn();
    volley = await startTestVolley({ ...oauth.env(), JWT_SECRET });
  }, 120_000);
  afterAll(async () => {
    await volley?.close();
    await oauth?.close();
  });

  const api = (path: string, init: RequestInit = {}) => fetch(`${volley.url}/api/v1${path}`, { redirect: 'manual', ...init });
  const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const cookieOf = (res: Response, name: string) => res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`))?.split(';')[0];
  const rows = async (query: PromiseLike<unknown[]>) => (await query).length;
  const wsBase = () => volley.url.replace('http', 'ws');

  /** The close code of a socket opened with `token` on `path` (`/sync/<room>`, `/game/…`): refused sockets are closed at once. */
  async function refusal(path: string, token: string): Promise<number> {
    const ws = new WebSocket(`${wsBase()}${path}`, socketProtocols(token));
    return new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)).once('error', () => undefined));
  }

  /** A socket open on `path`, and the code it is later closed with. */
  async function openSocket(path: string, token: string): Promise<{ closed: Promise<number> }> {
    const ws = new WebSocket(`${wsBase()}${path}`, socketProtocols(token));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return { closed };
  }

  /** The provider's trip for `who`, from Volley's start (or a link's URL) to its callback; the refresh cookie it ends with, if any. */
  async function throughProvider(who: StandInPerson, start: { url: string; cookie: string }): Promise<string | undefined> {
    oauth.person = who;
    const approved = await fetch(start.url, { redirect: 'manual' });
    const back = await fetch(approved.headers.get('location')!, { redirect: 'manual', headers: { cookie: start.cookie } });
    expect(back.status).toBe(302);
    return cookieOf(back, REFRESH_COOKIE);
  }

  async function providerSignIn(who: StandInPerson): Promise<string | undefined> {
    const res = await api('/auth/oauth/start');
    return throughProvider(who, { url: res.headers.get('location')!, cookie: cookieOf(res, 'volley_oauth')! });
  }

  /** The account a refresh cookie resumes: its id, or the status that refused it. */
  async function resume(cookie: string | undefined): Promise<string | number> {
    const res = await api('/auth/refresh', { method: 'POST', headers: { cookie: cookie ?? '' } });
    return res.status === 200 ? ((await res.json()) as { user: { id: string } }).user.id : res.status;
  }

  const newSubject = (): StandInPerson => {
    const n = ++subjects;
    return { sub: `closing-${n}-${Date.now()}`, email: `closing${n}_${Date.now()}@school.example`, email_verified: true, preferred_username: `closing${n}` };
  };

  /** A tournament of `owner`'s, of `size`, with these players registered (a full one starts). */
  async function tournament(owner: Person, name: string, players: Person[], size = 4): Promise<string> {
    const created = await owner.call('POST', '/tournaments', { name, size });
    expect(created.status).toBe(201);
    for (const p of players) expect((await p.call('POST', `/tournaments/${created.body.id}/register`)).status).toBeLessThan(300);
    return created.body.id as string;
  }

  const detail = async (viewer: Person, id: string) => (await viewer.call('GET', `/tournaments/${id}`)).body as TournamentDetail;
  const world = async () => ((await volley.db('conversations').where({ kind: 'world' }).first('id')) as { id: string }).id;
  const members = async (viewer: Person) => ((await viewer.call('GET', `/conversations/${await world()}/members?limit=100`)).body.items as { id: string }[]).map((m) => m.id);
  const search = async (viewer: Person, q: string) => ((await viewer.call('GET', `/users?q=${q}`)).body.items as { id: string }[]).map((u) => u.id);

  it('a deleted person: every way in is refused, rows put back or not; their sockets close; no list shows them; their tournaments go on', async () => {
    const [alice, bob, carol, dave, erin] = (await Promise.all(['alice', 'bob', 'carol', 'dave', 'erin'].map((p) => register(volley, p)))) as [Person, Person, Person, Person, Person];
    const refresh = cookieOf(await api('/auth/login', json({ login: alice.username, password: TEST_PASSWORD })), REFRESH_COOKIE);

    // A provider identity linked to her account.
    const identity = newSubject();
    const link = await api('/me/oauth/link', { method: 'POST', headers: { authorization: `Bearer ${alice.token}` } });
    await throughProvider(identity, { url: ((await link.json()) as { url: string }).url, cookie: cookieOf(link, 'volley_oauth')! });
    expect(await rows(volley.db('oauth_identities').where({ user_id: alice.id }))).toBe(1);

    // Her tournaments: one she owns (registering), one she registered for, one running.
    const owned = await tournament(alice, 'alice cup', [bob]);
    const registering = await tournament(carol, 'carol cup', [alice]);
    const running = await tournament(erin, 'erin cup', [alice, bob, carol, dave]);
    const firstRound = ((await erin.call('GET', `/tournaments/${running}/bracket`)).body as BracketView).rounds[0]!.matches;
    const hers = firstRound.find((m) => m.opponents.some((o) => o?.user?.id === alice.id))!;
    const opponent = hers.opponents.find((o) => o?.user?.id !== alice.id)!.user!.id;
    expect(hers.gameId).toEqual(expect.any(String));

    const sync = await openSocket(`/sync/${userRoom(alice.id)}`, alice.token);
    const queue = await openSocket('/game/queue', alice.token);
    const passwordHash = ((await volley.db('users').where({ id: alice.id }).first('password_hash')) as { password_hash: string }).password_hash;

    expect((await alice.call('DELETE', '/me', { password: TEST_PASSWORD })).status).toBe(204);

    // Sockets open at the closing are closed.
    expect(await sync.closed).toBe(CloseCode.unauthenticated);
    expect(await queue.closed).toBe(CloseCode.unauthenticated);
    // The rows that opened doors are gone.
    expect(await rows(volley.db('oauth_identities').where({ user_id: alice.id }))).toBe(0);
    expect(await rows(volley.db('refresh_tokens').where({ user_id: alice.id }).whereNull('revoked_at'))).toBe(0);
    expect(await rows(volley.db('conversation_members').where({ user_id: alice.id }))).toBe(0);
    expect(await rows(volley.db('push_subscriptions').where({ user_id: alice.id }))).toBe(0);

    const tombstone = ((await volley.db('users').where({ id: alice.id }).first('username')) as { username: string }).username;
    const walk = async () => {
      expect((await alice.call('GET', '/me')).status).toBe(401);
      for (const login of [alice.username, tombstone]) expect((await api('/auth/login', json({ login, password: TEST_PASSWORD }))).status).toBe(401);
      expect(await resume(refresh)).toBe(401);
      // The provider's identity signs in, but as someone new: never as the closed account.
      const viaProvider = await resume(await providerSignIn({ ...identity, email: `again_${Date.now()}@school.example` }));
      expect(viaProvider).toEqual(expect.any(String));
      expect(viaProvider).not.toBe(alice.id);
      for (const path of [`/sync/${userRoom(alice.id)}`, '/game/queue', `/game/${hers.gameId}`]) expect(await refusal(path, alice.token)).toBe(CloseCode.unauthenticated);
    };
    await walk();

    // A closing that missed rows: her password, her refresh family, her identity, an access token
    // issued after the closing. The deletion alone refuses each.
    await volley.db('oauth_identities').where({ user_id: (await volley.db('oauth_identities').where({ subject: identity.sub }).first('user_id')).user_id }).delete();
    await volley.db('oauth_identities').insert({ provider: 'default', subject: identity.sub, user_id: alice.id, owns_email: false });
    await volley.db('users').where({ id: alice.id }).update({ password_hash: passwordHash });
    await volley.db('refresh_tokens').where({ user_id: alice.id }).update({ revoked_at: null });
    alice.token = new AccessTokens(JWT_SECRET, 900).sign({ userId: alice.id, username: tombstone });
    await walk();

    // No list of people shows her.
    expect(await members(bob)).not.toContain(alice.id);
    expect(await search(bob, alice.username.slice(0, 8))).not.toContain(alice.id);
    expect(await search(bob, 'deleted_')).not.toContain(alice.id);
    // Her tournaments: cancelled, withdrawn from, and forfeited at once (her opponent does not wait for the deadline).
    expect((await detail(bob, owned)).status).toBe('cancelled');
    const carolCup = await detail(carol, registering);
    expect(carolCup.players.map((p) => p.id)).not.toContain(alice.id);
    const bracket = (await erin.call('GET', `/tournaments/${running}/bracket`)).body as BracketView;
    const decided = bracket.rounds[0]!.matches.find((m) => m.id === hers.id)!;
    expect(decided.status).toMatch(/completed|archived/);
    expect(decided.opponents.find((o) => o?.user?.id === alice.id)).toMatchObject({ forfeit: true });
    expect(decided.opponents.find((o) => o?.user?.id === opponent)).toMatchObject({ result: 'win' });
    expect((await detail(erin, running)).players.filter((p) => p.id === alice.id).every((p) => isTombstoneUsername(p.username))).toBe(true);
  }, 120_000);

  it('a deleted bot: its tokens, its provider identity and its sockets open nothing; no list shows it; it leaves its tournaments', async () => {
    const [owner, carol] = [await register(volley, 'owner'), await register(volley, 'carol')];
    const bot = (await owner.call('POST', '/bots', { username: `bot_${Date.now() % 1e8}` })).body as { id: string; username: string };
    const minted = await owner.call('POST', `/bots/${bot.id}/tokens`, { name: 'everything', scope: { access: 'read_write', conversations: null } });
    expect(minted.status).toBe(201);
    const token = minted.body.token as string;
    const asBot = (method: string, path: string) => api(path, { method, headers: { authorization: `Bearer ${token}` } });
    const cup = await tournament(carol, 'bot cup', []);
    expect((await asBot('POST', `/tournaments/${cup}/register`)).status).toBeLessThan(300);
    // An identity linked to the bot (as a route that forgot a bot token's limits once let happen), and a refresh family of its own.
    const identity = newSubject();
    await volley.db('oauth_identities').insert({ provider: 'default', subject: identity.sub, user_id: bot.id, owns_email: false });
    const refreshToken = randomBytes(32).toString('base64url');
    await volley.db('refresh_tokens').insert({
      id: newId(),
      user_id: bot.id,
      family_id: newId(),
      token_hash: createHash('sha256').update(refreshToken).digest('hex'),
      user_agent: 'test',
      address: '127.0.0.1',
      expires_at: new Date(Date.now() + 3600_000),
    });
    const sync = await openSocket(`/sync/${userRoom(bot.id)}`, token);
    const queue = await openSocket('/game/queue', token);

    expect((await owner.call('DELETE', `/bots/${bot.id}`)).status).toBe(204);

    expect(await sync.closed).toBe(CloseCode.unauthenticated);
    expect(await queue.closed).toBe(CloseCode.unauthenticated);
    expect(await rows(volley.db('oauth_identities').where({ user_id: bot.id }))).toBe(0);
    const walk = async () => {
      expect((await asBot('GET', '/me')).status).toBe(401);
      expect((await api('/auth/login', json({ login: bot.username, password: TEST_PASSWORD }))).status).toBe(401);
      expect(await resume(`${REFRESH_COOKIE}=${refreshToken}`)).toBe(401);
      const viaProvider = await resume(await providerSignIn(identity));
      expect(viaProvider).not.toBe(bot.id);
      for (const path of [`/sync/${userRoom(bot.id)}`, '/game/queue']) expect(await refusal(path, token)).toBe(CloseCode.unauthenticated);
    };
    await walk();

    // Its token and refresh family live again and its identity linked again, as a closing that missed them would leave them.
    await volley.db('bot_tokens').where({ bot_id: bot.id }).update({ revoked_at: null });
    await volley.db('refresh_tokens').where({ user_id: bot.id }).update({ revoked_at: null });
    await volley.db('oauth_identities').where({ subject: identity.sub }).delete();
    await volley.db('oauth_identities').insert({ provider: 'default', subject: identity.sub, user_id: bot.id, owns_email: false });
    await walk();

    expect(await members(carol)).not.toContain(bot.id);
    expect(await search(carol, bot.username)).not.toContain(bot.id);
    expect((await detail(carol, cup)).players.map((p) => p.id)).not.toContain(bot.id);
  }, 120_000);
});
