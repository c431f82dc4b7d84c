import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessTokens, User } from '@volley/core';
import { ErrorBody, MeResponse, UserProfile } from '@volley/shared';
import { bearer, signUp, startTestApi, type TestApi } from '../../api.testing.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

const me = (headers: Record<string, string> = {}) => t.request('/api/v1/me', { headers });

async function expectUnauthorized(res: Response, code: string): Promise<void> {
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toBe('Bearer');
  expect(ErrorBody.parse(await res.json()).error.code).toBe(code);
}

describe('GET /api/v1/me', () => {
  it('answers the signed-in user with their email', async () => {
    const session = await signUp(t);
    const res = await me(bearer(session));
    expect(res.status).toBe(200);
    expect(MeResponse.parse(await res.json()).user).toEqual({ ...session.user, email: session.email, role: 'user' });
  });

  it('tells an expired access token apart, so the client refreshes', async () => {
    const session = await signUp(t);
    const expired = new AccessTokens(t.deps.config.jwtSecret, -60).sign({ userId: session.user.id, username: session.user.username });
    await expectUnauthorized(await me(bearer({ accessToken: expired })), 'token_expired');
  });

  it('refuses a missing, malformed, forged or non-bearer token', async () => {
    const session = await signUp(t);
    const forged = new AccessTokens('x'.repeat(32), 900).sign({ userId: session.user.id, username: session.user.username });
    await expectUnauthorized(await me(), 'unauthenticated');
    await expectUnauthorized(await me({ Authorization: 'Bearer not-a-jwt' }), 'unauthenticated');
    await expectUnauthorized(await me({ Authorization: `Bearer ${forged}` }), 'unauthenticated');
    await expectUnauthorized(await me({ Authorization: `Basic ${session.accessToken}` }), 'unauthenticated');
  });

  it('refuses a valid token of an account that no longer exists', async () => {
    const session = await signUp(t);
    await User.query(t.deps.db).deleteById(session.user.id);
    await expectUnauthorized(await me(bearer(session)), 'unauthenticated');
  });
});

describe('PATCH /api/v1/me', () => {
  it('changes the display name and bio, trimmed, and an empty change changes nothing', async () => {
    const session = await signUp(t);
    const patch = (body: unknown) =>
      t.request('/api/v1/me', { method: 'PATCH', headers: { ...bearer(session), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(UserProfile.parse(await (await patch({ displayName: '  Ann ', bio: 'plays pong' })).json())).toMatchObject({ displayName: 'Ann', bio: 'plays pong', relation: 'self' });
    expect(UserProfile.parse(await (await patch({})).json())).toMatchObject({ displayName: 'Ann', bio: 'plays pong' });
    const refused = await patch({ displayName: '   ' });
    expect(ErrorBody.parse(await refused.json()).error).toMatchObject({ code: 'validation_failed', fields: { displayName: ['required'] } });
  });
});
