/** Passwords judged by strength when chosen, and changing one ends every other session. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthResponse } from '@volley/shared';
import { TEST_PASSWORD } from '@volley/shared/testing';
import { as, refreshCookie, signUp, startTestApi, type TestApi } from '../../api.testing.js';

describe('passwords', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi({ CREDENTIAL_RATE: '0.003/5' });
  });
  afterAll(() => t?.close());

  it.each([
    ['password', 'password_common'],
    ['12345678', 'password_common'],
    ['motdepasse', 'password_common'],
    ['xx_newcomer_xx', 'password_contains_username'],
    ['NEWCOMER2026', 'password_contains_username'],
    ['long enough', 'password_too_weak'],
    ['azertyuiop', 'password_too_weak'],
  ])('refuses to register with %j, saying why', async (password, reason) => {
    const res = await t.post('/api/v1/auth/register', { username: 'newcomer', email: 'newcomer@example.com', password });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'validation_failed', fields: { password: [reason] } } });
  });

  it('changes the password: the old one stops working, other sessions end, this one goes on', async () => {
    const me = await signUp(t);
    const other = await t.post('/api/v1/auth/login', { login: me.user.username, password: TEST_PASSWORD });
    const otherCookie = refreshCookie(other)!;
    const otherToken = AuthResponse.parse(await other.json()).accessToken;
    const next = 'a brand new lighthouse keeper';

    const weak = await as(t, me)('POST', '/api/v1/me/password', { current: TEST_PASSWORD, next: 'password' });
    expect(await weak.json()).toMatchObject({ error: { code: 'validation_failed', fields: { next: ['password_common'] } } });

    expect((await as(t, me)('POST', '/api/v1/me/password', { current: TEST_PASSWORD, next })).status).toBe(204);
    // The other session's access token is refused at once, not when it expires; this one's still works.
    expect((await as(t, { accessToken: otherToken })('GET', '/api/v1/me')).status).toBe(401);
    expect((await as(t, me)('GET', '/api/v1/me')).status).toBe(200);
    expect((await t.post('/api/v1/auth/login', { login: me.user.username, password: TEST_PASSWORD })).status).toBe(401);
    expect((await t.post('/api/v1/auth/login', { login: me.user.username, password: next })).status).toBe(200);
    expect((await t.request('/api/v1/auth/refresh', { method: 'POST', headers: { Cookie: otherCookie } })).status).toBe(401);
    expect((await t.request('/api/v1/auth/refresh', { method: 'POST', headers: { Cookie: me.cookie } })).status).toBe(200);
  });

  it('refuses a wrong current password, and throttles guessing it', async () => {
    const me = await signUp(t);
    for (let i = 0; i < 5; i++) {
      const res = await as(t, me)('POST', '/api/v1/me/password', { current: `guess ${i}`, next: 'a brand new lighthouse keeper' });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'wrong_password' } });
    }
    const throttled = await as(t, me)('POST', '/api/v1/me/password', { current: TEST_PASSWORD, next: 'a brand new lighthouse keeper' });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('Retry-After'))).toBeGreaterThan(0);
  });
});
