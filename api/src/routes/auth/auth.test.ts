import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RefreshToken, User } from '@volley/core';
import { AuthResponse, ErrorBody, MeResponse, REFRESH_COOKIE } from '@volley/shared';
import { REUSE_GRACE_MS } from '../../services/refresh-tokens.js';
import { bearer, refreshCookie, signUp, startTestApi, type TestApi } from '../../api.testing.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

const refresh = (cookie?: string) => t.request('/api/v1/auth/refresh', { method: 'POST', headers: cookie ? { Cookie: cookie } : {} });

/** The Set-Cookie header that drops the refresh cookie, or '' when the answer has none. */
const clearedCookie = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith(`${REFRESH_COOKIE}=;`)) ?? '';

async function expectError(res: Response, status: number, code: string): Promise<ErrorBody> {
  expect(res.status).toBe(status);
  const body = ErrorBody.parse(await res.json());
  expect(body.error.code).toBe(code);
  return body;
}

describe('register and login', () => {
  it('registers, then signs in by username or email in any case, and the token opens /me', async () => {
    const res = await t.post('/api/v1/auth/register', { username: 'Ada_L', email: 'Ada@Example.com', password: 'analytical engine' });
    expect(res.status).toBe(201);
    const registered = AuthResponse.parse(await res.json());
    expect(registered.user).toMatchObject({ username: 'Ada_L', displayName: 'Ada_L' });
    expect(refreshCookie(res)).toBeDefined();

    for (const login of ['ada_l', 'ADA@example.COM']) {
      const res = await t.post('/api/v1/auth/login', { login, password: 'analytical engine' });
      expect(res.status).toBe(200);
      const session = AuthResponse.parse(await res.json());
      expect(session.user).toEqual(registered.user);
      const me = await t.request('/api/v1/me', { headers: bearer(session) });
      expect(MeResponse.parse(await me.json()).user).toEqual({ ...registered.user, email: 'ada@example.com', role: 'user' });
    }
  });

  it('stores an argon2id hash, never the password', async () => {
    const session = await signUp(t);
    const user = await User.query(t.deps.db).findById(session.user.id);
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user?.passwordHash).not.toContain(session.password);
  });

  it('sets the refresh cookie httpOnly, SameSite=Strict, on the auth path, not Secure over http', async () => {
    const res = await t.post('/api/v1/auth/login', { login: (await signUp(t)).user.username, password: 'correct horse battery' });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${REFRESH_COOKIE}=`)) ?? '';
    expect(cookie).toMatch(/; path=\/api\/v1\/auth/i);
    expect(cookie).toMatch(/; httponly/i);
    expect(cookie).toMatch(/; samesite=strict/i);
    expect(cookie).not.toMatch(/; secure/i);
    const expires = Date.parse(/expires=([^;]+)/i.exec(cookie)?.[1] ?? '');
    expect(Math.abs(expires - Date.now() - t.deps.config.refreshTokenTtl * 1000)).toBeLessThan(5_000);
    expect(JSON.stringify(await res.json())).not.toContain(cookie.split(';')[0]!.split('=')[1]);
  });

  it('refuses a taken username and a taken email in any case, naming both', async () => {
    const taken = await signUp(t);
    const both = await t.post('/api/v1/auth/register', { username: taken.user.username.toUpperCase(), email: taken.email.toUpperCase(), password: 'another password' });
    const body = await expectError(both, 409, 'conflict');
    expect(body.error.fields).toEqual({ username: ['taken'], email: ['taken'] });

    const email = await t.post('/api/v1/auth/register', { username: 'someone_new', email: taken.email, password: 'another password' });
    expect((await expectError(email, 409, 'conflict')).error.fields).toEqual({ email: ['taken'] });
  });

  it('lets exactly one of several simultaneous registrations of a name through', async () => {
    const attempts = await Promise.all(
      [1, 2, 3, 4].map((n) => t.post('/api/v1/auth/register', { username: 'racer', email: `racer${n}@example.com`, password: 'photo finish' })),
    );
    expect(attempts.filter((r) => r.status === 201)).toHaveLength(1);
    for (const res of attempts.filter((r) => r.status !== 201)) {
      expect((await expectError(res, 409, 'conflict')).error.fields).toEqual({ username: ['taken'] });
    }
  });

  it('answers an unknown login and a wrong password alike', async () => {
    const known = await signUp(t);
    const wrong = await t.post('/api/v1/auth/login', { login: known.user.username, password: 'not the password' });
    const unknown = await t.post('/api/v1/auth/login', { login: 'nobody_here', password: 'not the password' });
    const a = await expectError(wrong, 401, 'invalid_credentials');
    const b = await expectError(unknown, 401, 'invalid_credentials');
    expect(a).toEqual(b);
    expect(refreshCookie(wrong)).toBeUndefined();
  });
});

describe('refresh', () => {
  it('rotates the refresh token and answers a fresh access token', async () => {
    const session = await signUp(t);
    const res = await refresh(session.cookie);
    expect(res.status).toBe(200);
    const next = AuthResponse.parse(await res.json());
    expect(next.user).toEqual(session.user);
    const cookie = refreshCookie(res);
    expect(cookie).toBeDefined();
    expect(cookie).not.toBe(session.cookie);
    expect((await t.request('/api/v1/me', { headers: bearer(next) })).status).toBe(200);
  });

  it('lets a token rotated a moment ago come back once more from the same browser (a refresh whose answer the page lost)', async () => {
    const session = await signUp(t);
    const first = refreshCookie(await refresh(`${session.cookie}; ${session.client}`))!;
    const again = await refresh(`${session.cookie}; ${session.client}`);
    expect(again.status).toBe(200);
    const second = refreshCookie(again)!;
    expect(second).not.toBe(first);
    for (const cookie of [first, second]) expect((await refresh(cookie)).status).toBe(200);
  });

  it('answers two tabs of one browser refreshing at once: both go on signed in', async () => {
    const session = await signUp(t);
    const both = await Promise.all([refresh(`${session.cookie}; ${session.client}`), refresh(`${session.cookie}; ${session.client}`)]);
    expect(both.map((res) => res.status)).toEqual([200, 200]);
    for (const res of both) expect((await refresh(`${refreshCookie(res)!}; ${session.client}`)).status).toBe(200);
  });

  it('ends the whole family at once when a rotated token is replayed from another browser, even within the grace window', async () => {
    const session = await signUp(t);
    const rotated = refreshCookie(await refresh(`${session.cookie}; ${session.client}`))!;
    const thief = await signUp(t);
    await expectError(await refresh(`${session.cookie}; ${thief.client}`), 401, 'refresh_token_reused');
    // The owner's next refresh fails: the theft is noticed, and the thief's copy is worthless.
    await expectError(await refresh(`${rotated}; ${session.client}`), 401, 'unauthenticated');
    await expectError(await refresh(session.cookie), 401, 'unauthenticated');
  });

  it('revokes the whole family when a used refresh token comes back after the grace window', async () => {
    const session = await signUp(t);
    const rotated = refreshCookie(await refresh(session.cookie))!;
    await RefreshToken.query(t.deps.db).patch({ usedAt: new Date(Date.now() - REUSE_GRACE_MS - 1000) }).whereNotNull('used_at').where('user_id', session.user.id);
    await expectError(await refresh(session.cookie), 401, 'refresh_token_reused');
    // The legitimate holder of the newer token is signed out too: the thief's copy is worthless.
    await expectError(await refresh(rotated), 401, 'unauthenticated');
    const family = await RefreshToken.query(t.deps.db).where('user_id', session.user.id);
    expect(family.every((token) => token.revokedAt !== null)).toBe(true);
  });

  it('answers "no session" with an empty 204 when there is no refresh cookie, and drops a malformed one', async () => {
    const none = await refresh();
    expect(none.status).toBe(204);
    expect(await none.text()).toBe('');
    expect(none.headers.getSetCookie()).toEqual([]);
    const malformed = await refresh(`${REFRESH_COOKIE}=garbage`);
    expect(malformed.status).toBe(204);
    expect(clearedCookie(malformed)).toMatch(/expires=Thu, 01 Jan 1970/i);
  });

  it('refuses an unknown, expired or revoked refresh token once, and clears it', async () => {
    await expectError(await refresh(`${REFRESH_COOKIE}=${'A'.repeat(43)}`), 401, 'unauthenticated');
    const session = await signUp(t);
    await RefreshToken.query(t.deps.db).patch({ expiresAt: new Date(Date.now() - 1000) }).where('user_id', session.user.id);
    const expired = await refresh(session.cookie);
    expect(clearedCookie(expired)).toMatch(/expires=Thu, 01 Jan 1970/i);
    await expectError(expired, 401, 'unauthenticated');
  });
});

describe('logout', () => {
  it('revokes the session and clears the cookie, without an access token', async () => {
    const session = await signUp(t);
    const res = await t.request('/api/v1/auth/logout', { method: 'POST', headers: { Cookie: session.cookie } });
    expect(res.status).toBe(204);
    const cleared = clearedCookie(res);
    expect(cleared).toMatch(/^volley_refresh=;/);
    expect(cleared).toMatch(/expires=Thu, 01 Jan 1970/i);
    await expectError(await refresh(session.cookie), 401, 'unauthenticated');
  });

  it('succeeds with no cookie at all', async () => {
    expect((await t.request('/api/v1/auth/logout', { method: 'POST' })).status).toBe(204);
  });
});
