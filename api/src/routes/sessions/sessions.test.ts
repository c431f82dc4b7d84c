/** A user sees their sessions (device, address, last seen) and ends one, or all the others. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthResponse, type SessionView } from '@volley/shared';
import { TEST_PASSWORD } from '@volley/shared/testing';
import { as, refreshCookie, signUp, startTestApi, type TestApi } from '../../api.testing.js';

describe('sessions', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi({ TRUST_PROXY: '1' });
  });
  afterAll(() => t?.close());

  async function signIn(login: string, device: string, address: string) {
    const res = await t.post('/api/v1/auth/login', { login, password: TEST_PASSWORD }, { 'User-Agent': device, 'X-Forwarded-For': address });
    return { ...AuthResponse.parse(await res.json()), cookie: refreshCookie(res)! };
  }
  const list = async (session: { accessToken: string }) => ((await (await as(t, session)('GET', '/api/v1/me/sessions')).json()) as { items: SessionView[] }).items;
  const whoAmI = (session: { accessToken: string }) => as(t, session)('GET', '/api/v1/me');
  const refresh = (cookie: string) => t.request('/api/v1/auth/refresh', { method: 'POST', headers: { Cookie: cookie } });

  it('lists each sign-in with its device, address and times, marking this one', async () => {
    const me = await signUp(t);
    const phone = await signIn(me.user.username, 'Phone/1.0', '203.0.113.7');
    const laptop = await signIn(me.user.username, 'Laptop/2.0', '198.51.100.4');
    const sessions = await list(laptop);
    expect(sessions).toHaveLength(3);
    expect(sessions[0]).toMatchObject({ device: 'Laptop/2.0', address: '198.51.100.4', current: true });
    expect(sessions.find((s) => s.device === 'Phone/1.0')).toMatchObject({ address: '203.0.113.7', current: false, signedInAt: expect.any(String), lastSeenAt: expect.any(String) });
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect((await list(phone)).find((s) => s.current)?.device).toBe('Phone/1.0');
  });

  it('ends one session: its refresh fails and it leaves the list; another user cannot end it', async () => {
    const me = await signUp(t);
    const phone = await signIn(me.user.username, 'Phone/1.0', '203.0.113.7');
    const laptop = await signIn(me.user.username, 'Laptop/2.0', '198.51.100.4');
    const phoneId = (await list(laptop)).find((s) => s.device === 'Phone/1.0')!.id;
    const stranger = await signUp(t);
    expect((await as(t, stranger)('DELETE', `/api/v1/me/sessions/${phoneId}`)).status).toBe(404);
    expect((await as(t, laptop)('DELETE', `/api/v1/me/sessions/${phoneId}`)).status).toBe(204);
    // Its access token is refused at once, not when it expires.
    expect((await whoAmI(phone)).status).toBe(401);
    expect((await whoAmI(laptop)).status).toBe(200);
    expect((await refresh(phone.cookie)).status).toBe(401);
    expect((await list(laptop)).map((s) => s.device)).not.toContain('Phone/1.0');
    expect((await refresh(laptop.cookie)).status).toBe(200);
  });

  it('ends every other session at once, keeping this one', async () => {
    const me = await signUp(t);
    const phone = await signIn(me.user.username, 'Phone/1.0', '203.0.113.7');
    const laptop = await signIn(me.user.username, 'Laptop/2.0', '198.51.100.4');
    expect((await as(t, laptop)('DELETE', '/api/v1/me/sessions')).status).toBe(204);
    for (const ended of [phone, me]) expect((await whoAmI(ended)).status).toBe(401);
    expect((await whoAmI(laptop)).status).toBe(200);
    expect(await list(laptop)).toEqual([expect.objectContaining({ device: 'Laptop/2.0', current: true })]);
    for (const cookie of [phone.cookie, me.cookie]) expect((await refresh(cookie)).status).toBe(401);
    expect((await refresh(laptop.cookie)).status).toBe(200);
  });

  it('signing out refuses the session’s access token at once, and only that session’s', async () => {
    const me = await signUp(t);
    const phone = await signIn(me.user.username, 'Phone/1.0', '203.0.113.7');
    expect((await t.request('/api/v1/auth/logout', { method: 'POST', headers: { Cookie: phone.cookie } })).status).toBe(204);
    expect((await whoAmI(phone)).status).toBe(401);
    expect((await whoAmI(me)).status).toBe(200);
  });

  it('a refresh token used twice ends its session’s access tokens too', async () => {
    const me = await signUp(t);
    const phone = await signIn(me.user.username, 'Phone/1.0', '203.0.113.7');
    const rotated = await refresh(phone.cookie);
    const fresh = AuthResponse.parse(await rotated.json());
    expect((await refresh(phone.cookie)).status).toBe(401);
    expect((await whoAmI(fresh)).status).toBe(401);
    expect((await whoAmI(me)).status).toBe(200);
  });
});
