import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '@volley/core';
import { ACCOUNT_SETTINGS_PATH, AuthProviders, AuthResponse, MeResponse, MyOAuthLinks, OAuthRedirect } from '@volley/shared';
import { startOAuthStandIn, type OAuthStandIn, type StandInPerson } from '../../../../examples/oauth-stand-in.js';
import { emailLocked } from '../../services/oauth-accounts.js';
import { as, bearer, refreshCookie, signUp, startTestApi, type TestApi } from '../../api.testing.js';

let provider: OAuthStandIn;
let t: TestApi;
let people = 0;

beforeAll(async () => {
  provider = await startOAuthStandIn();
  t = await startTestApi(provider.env());
});
afterAll(async () => {
  await t?.close();
  await provider?.close();
});

const manual = (url: string, cookie?: string) => fetch(url, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });
const location = (res: Response) => res.headers.get('location') ?? '';
const pendingCookie = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('volley_oauth='))?.split(';')[0];

/** A new person at the provider, known to it by a fresh subject. */
function person(overrides: Partial<StandInPerson> = {}): StandInPerson {
  const n = ++people;
  return { sub: `sub-${n}-${Date.now()}`, email: `student${n}_${Date.now()}@school.example`, email_verified: true, preferred_username: `student${n}`, ...overrides };
}

/** The browser's trip: Volley's start (or a link URL) → the provider, which approves → Volley's callback. */
async function throughProvider(who: StandInPerson, start: { url: string; cookie: string }) {
  provider.person = who;
  const approved = await manual(start.url);
  expect(approved.status).toBe(302);
  const callback = location(approved);
  expect(callback.startsWith(`${t.url}/api/v1/auth/oauth/callback?`)).toBe(true);
  const res = await manual(callback, start.cookie);
  expect(res.status).toBe(302);
  return { res, callback, location: location(res), refresh: refreshCookie(res) };
}

async function start() {
  const res = await manual(`${t.url}/api/v1/auth/oauth/start`);
  expect(res.status).toBe(302);
  return { url: location(res), cookie: pendingCookie(res)! };
}

async function signInAs(who: StandInPerson) {
  return throughProvider(who, await start());
}

/** The session the PWA resumes from the refresh cookie, as after any sign-in. */
async function resume(cookie: string | undefined) {
  const res = await t.request('/api/v1/auth/refresh', { method: 'POST', headers: { Cookie: cookie ?? '' } });
  expect(res.status).toBe(200);
  return AuthResponse.parse(await res.json());
}

describe('sign-in with the provider', () => {
  it('names the provider for the sign-in button', async () => {
    const res = await t.request('/api/v1/auth/providers');
    expect(AuthProviders.parse(await res.json())).toEqual({ providers: [{ id: 'default', name: 'Stand-in School' }] });
  });

  it('sends the browser to the provider with a state, a nonce and an S256 PKCE challenge, kept in an httpOnly Lax cookie', async () => {
    const res = await manual(`${t.url}/api/v1/auth/oauth/start`);
    const url = new URL(location(res));
    expect(url.origin + url.pathname).toBe(`${provider.url}/authorize`);
    expect(url.searchParams.get('redirect_uri')).toBe(`${t.url}/api/v1/auth/oauth/callback`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    for (const name of ['state', 'nonce', 'code_challenge']) expect(url.searchParams.get(name)).toMatch(/^[\w-]{40,}$/);
    expect(url.searchParams.get('scope')).toBe('openid email profile');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('volley_oauth=')) ?? '';
    expect(cookie).toMatch(/; httponly/i);
    expect(cookie).toMatch(/; samesite=lax/i);
    expect(cookie).toMatch(/; path=\/api\/v1\/auth\/oauth/i);
    expect(cookie).not.toContain(url.searchParams.get('code_challenge')!);
  });

  it('creates an account from a new person, with the provider email, no password, and an email that cannot change', async () => {
    const who = person({ preferred_username: 'Zoë Hopper!' });
    const before = provider.tokenRequests.length;
    const { location: page, refresh } = await signInAs(who);
    expect(page).toBe('/?signed_in');
    expect(provider.tokenRequests.slice(before)).toEqual([{ pkceVerified: true }]);
    const session = await resume(refresh);
    expect(session.user.username).toBe('Zoe_Hopper');
    const me = MeResponse.parse(await (await t.request('/api/v1/me', { headers: bearer(session) })).json());
    expect(me.user.email).toBe(who.email);
    const links = MyOAuthLinks.parse(await (await t.request('/api/v1/me/oauth', { headers: bearer(session) })).json());
    expect(links).toEqual({ providers: [{ id: 'default', name: 'Stand-in School', linked: true }], emailLocked: true, hasPassword: false });
    expect(await emailLocked(t.deps.db, session.user.id)).toBe(true);
    // No password to guess: a login with any password is answered like a wrong one.
    const login = await t.post('/api/v1/auth/login', { login: who.email, password: 'anything at all' });
    expect(login.status).toBe(401);
    expect(((await login.json()) as { error: { code: string } }).error.code).toBe('invalid_credentials');
    // Nor can a password be set in its name: there is no current one to give.
    const change = await as(t, session)('POST', '/api/v1/me/password', { current: 'anything at all', next: 'a long and unusual passphrase 42' });
    expect(change.status).toBe(403);
    // The provider is its only way in: it cannot be unlinked.
    expect((await as(t, session)('DELETE', '/api/v1/me/oauth/link')).status).toBe(403);

    // Signing in again reaches the same account.
    const again = await resume((await signInAs(who)).refresh);
    expect(again.user.id).toBe(session.user.id);
  });

  it('gives a second person who wants a taken username another one', async () => {
    const first = await resume((await signInAs(person({ preferred_username: 'twin' }))).refresh);
    const second = await resume((await signInAs(person({ preferred_username: 'twin' }))).refresh);
    expect(first.user.username).toBe('twin');
    expect(second.user.username).toMatch(/^twin_\d{4}$/);
  });

  it('refuses a callback whose state is missing or not the one this browser started with', async () => {
    const mine = await start();
    const theirs = await start();
    provider.person = person();
    const approved = location(await manual(theirs.url));
    // The callback of someone else's authorization, in my browser (login CSRF).
    const crossed = await manual(approved, mine.cookie);
    expect(location(crossed)).toBe('/login?oauth_error=oauth_state');
    expect(refreshCookie(crossed)).toBeUndefined();
    const noCookie = await manual(approved);
    expect(location(noCookie)).toBe('/login?oauth_error=oauth_state');
    const forged = await manual(approved, `${theirs.cookie.slice(0, -4)}AAAA`);
    expect(location(forged)).toBe('/login?oauth_error=oauth_state');
  });

  it('refuses a code exchanged without the verifier the provider was promised (PKCE checked by the provider)', async () => {
    const one = await start();
    const two = await start();
    provider.person = person();
    const approvedForTwo = new URL(location(await manual(two.url)));
    // State of one, code of two: the state checks, but the verifier is one's.
    approvedForTwo.searchParams.set('state', new URL(one.url).searchParams.get('state')!);
    const before = provider.tokenRequests.length;
    const res = await manual(approvedForTwo.href, one.cookie);
    expect(location(res)).toBe('/login?oauth_error=oauth_provider');
    expect(provider.tokenRequests.slice(before)).toEqual([{ pkceVerified: false }]);
    expect(refreshCookie(res)).toBeUndefined();
  });

  it('does not link an existing account that has the same email, and says how to link it', async () => {
    const existing = await signUp(t);
    const res = await signInAs(person({ email: existing.email.toUpperCase() }));
    expect(res.location).toBe('/login?oauth_error=oauth_email_taken');
    expect(res.refresh).toBeUndefined();
    const links = MyOAuthLinks.parse(await (await t.request('/api/v1/me/oauth', { headers: bearer(existing) })).json());
    expect(links.providers[0]?.linked).toBe(false);
  });

  it('refuses a person the provider gives no verified email', async () => {
    expect((await signInAs(person({ email_verified: false }))).location).toBe('/login?oauth_error=oauth_no_email');
    expect((await signInAs(person({ email: undefined }))).location).toBe('/login?oauth_error=oauth_no_email');
  });

  it('links the provider to a signed-in account, which then signs in through it, and unlinks it', async () => {
    const owner = await signUp(t);
    // The same email at the provider: after unlinking, signing in through it must not reach the account.
    const who = person({ email: owner.email });
    const link = await as(t, owner)('POST', '/api/v1/me/oauth/link');
    expect(link.status).toBe(200);
    const { url } = OAuthRedirect.parse(await link.json());
    const linked = await throughProvider(who, { url, cookie: pendingCookie(link)! });
    expect(linked.location).toBe(ACCOUNT_SETTINGS_PATH);
    expect(linked.refresh).toBeUndefined();
    const links = MyOAuthLinks.parse(await (await t.request('/api/v1/me/oauth', { headers: bearer(owner) })).json());
    expect(links).toMatchObject({ providers: [{ linked: true }], emailLocked: false, hasPassword: true });

    const session = await resume((await signInAs(who)).refresh);
    expect(session.user.id).toBe(owner.user.id);
    // Linking took nothing from the provider: the email stays Volley's, and changeable.
    expect(await emailLocked(t.deps.db, owner.user.id)).toBe(false);

    expect((await as(t, owner)('DELETE', '/api/v1/me/oauth/link')).status).toBe(204);
    expect((await signInAs(who)).location).toBe('/login?oauth_error=oauth_email_taken');
  });

  it('refuses to link a provider identity already linked to another account', async () => {
    const who = person();
    await signInAs(who);
    const other = await signUp(t);
    const link = await as(t, other)('POST', '/api/v1/me/oauth/link');
    const { url } = OAuthRedirect.parse(await link.json());
    expect((await throughProvider(who, { url, cookie: pendingCookie(link)! })).location).toBe(`${ACCOUNT_SETTINGS_PATH}?oauth_error=oauth_linked_elsewhere`);
  });

  it('refuses to link a provider identity to a bot: through any of its tokens, or a session of its own', async () => {
    const owner = await signUp(t);
    const bot = (await (await as(t, owner)('POST', '/api/v1/bots', { username: `linkbot_${Date.now().toString(36)}` })).json()) as { id: string; username: string };
    const made = await as(t, owner)('POST', `/api/v1/bots/${bot.id}/tokens`, { name: 'all', scope: { access: 'read_write', conversations: null } });
    const { token } = (await made.json()) as { token: string };
    const link = (accessToken: string) => as(t, { accessToken } as Parameters<typeof as>[1])('POST', '/api/v1/me/oauth/link');
    const byToken = await link(token);
    expect(byToken.status).toBe(403);
    expect(((await byToken.json()) as { error: { code: string } }).error.code).toBe('token_scope');
    // A session without a scope, as a bot would hold had it ever signed in: still not a person's.
    const bySession = await link(t.deps.tokens.sign({ userId: bot.id, username: bot.username }));
    expect(bySession.status).toBe(403);
    expect(((await bySession.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect((await link(owner.accessToken)).status).toBe(200);
  });

  it('refuses to link without a signed-in user', async () => {
    expect((await t.request('/api/v1/me/oauth/link', { method: 'POST' })).status).toBe(401);
  });

  it('refuses to sign a banned account in, like a password login', async () => {
    const who = person();
    const victim = await resume((await signInAs(who)).refresh);
    const admin = await signUp(t);
    await User.query(t.deps.db).patch({ role: 'admin' }).findById(admin.user.id);
    expect((await as(t, admin)('POST', '/api/v1/admin/bans', { username: victim.user.username })).status).toBe(201);
    await t.deps.gate.reload();
    const refused = await signInAs(who);
    expect(refused.location).toBe('/login?oauth_error=site_banned');
    expect(refused.refresh).toBeUndefined();
  });
});

describe('a plain OAuth 2 provider (authorize, token and user-info URLs)', () => {
  it('signs a new person in without OpenID Connect', async () => {
    const plain = await startTestApi(provider.env('oauth2'));
    try {
      const res = await manual(`${plain.url}/api/v1/auth/oauth/start`);
      const url = new URL(location(res));
      expect(url.searchParams.get('nonce')).toBeNull();
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      // École 42's intra answers its own shape: a numeric id and a login.
      provider.person = { id: 4242 + people++, login: 'jdoe', email: `jdoe${people}@student.42.example` };
      const back = await manual(location(await manual(url.href)), pendingCookie(res));
      expect(location(back)).toBe('/?signed_in');
      const refreshed = await plain.request('/api/v1/auth/refresh', { method: 'POST', headers: { Cookie: refreshCookie(back)! } });
      expect(AuthResponse.parse(await refreshed.json()).user.username).toBe('jdoe');
    } finally {
      await plain.close();
    }
  });
});

describe('throttled per address', () => {
  it('counts the accounts it makes as registrations, and sends the browser back once too many sign-ins started', async () => {
    const tight = await startTestApi({ ...provider.env(), OAUTH_START_RATE: '0.001/3', REGISTER_RATE: '0.001/1' });
    try {
      const signInHere = async (who: StandInPerson) => {
        const started = await manual(`${tight.url}/api/v1/auth/oauth/start`);
        provider.person = who;
        return manual(location(await manual(location(started))), pendingCookie(started));
      };
      const first = person();
      expect(location(await signInHere(first))).toBe('/?signed_in');
      // A second new account from this address: the address's registrations are spent.
      const refused = await signInHere(person());
      expect(location(refused)).toBe('/login?oauth_error=rate_limited');
      expect(refreshCookie(refused)).toBeUndefined();
      // Signing in to an account that exists makes none.
      expect(location(await signInHere(first))).toBe('/?signed_in');
      // The fourth start from this address.
      const fourth = await manual(`${tight.url}/api/v1/auth/oauth/start`);
      expect(location(fourth)).toBe('/login?oauth_error=rate_limited');
      expect(pendingCookie(fourth)).toBeUndefined();
    } finally {
      await tight.close();
    }
  });
});

describe('a provider that cannot be reached', () => {
  it('sends the browser back to the login page, saying so', async () => {
    const down = await startTestApi({ ...provider.env(), OIDC_ISSUER: 'http://127.0.0.1:9' });
    try {
      const res = await down.request('/api/v1/auth/oauth/start', { redirect: 'manual' });
      expect(res.headers.get('location')).toBe('/login?oauth_error=oauth_unavailable');
    } finally {
      await down.close();
    }
  });
});

describe('without a provider', () => {
  it('names none and has no start', async () => {
    const bare = await startTestApi();
    try {
      expect(AuthProviders.parse(await (await bare.request('/api/v1/auth/providers')).json())).toEqual({ providers: [] });
      expect((await bare.request('/api/v1/auth/oauth/start', { redirect: 'manual' })).status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
