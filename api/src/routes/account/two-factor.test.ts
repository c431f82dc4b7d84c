import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, refreshCookie, signUp, startTestApi, type TestApi } from '../../testing.js';

let t: TestApi;

beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

/** The code an authenticator app would show for `secret`, `steps` periods from now. */
const codeFor = (secret: string, steps = 0) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + steps * 30_000 });

async function withTwoFactor() {
  const user = await signUp(t);
  const me = as(t, user);
  const setup = (await (await me('POST', '/api/v1/me/2fa/setup')).json()) as { secret: string; uri: string; qrCode: string };
  expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Volley:/);
  expect(setup.qrCode).toMatch(/^data:image\/png;base64,/);
  // Not on until a first code confirms the app holds the secret.
  expect((await (await me('GET', '/api/v1/me/2fa')).json()).enabled).toBe(false);
  expect((await me('POST', '/api/v1/me/2fa/enable', { code: codeFor(setup.secret, 5) })).status).toBe(401);
  const enabled = await me('POST', '/api/v1/me/2fa/enable', { code: codeFor(setup.secret, -1) });
  expect(enabled.status).toBe(200);
  const { recoveryCodes } = (await enabled.json()) as { recoveryCodes: string[] };
  expect(recoveryCodes).toHaveLength(10);
  expect(new Set(recoveryCodes).size).toBe(10);
  return { ...user, secret: setup.secret, recoveryCodes };
}

async function challenge(user: { user: { username: string }; password: string }): Promise<string> {
  const res = await t.post('/api/v1/auth/login', { login: user.user.username, password: user.password });
  expect(res.status).toBe(401);
  const body = (await res.json()) as { error: { code: string; challenge: string } };
  expect(body.error.code).toBe('two_factor_required');
  // No session before the second step.
  expect(refreshCookie(res)).toBeUndefined();
  return body.error.challenge;
}

describe('two-factor authentication', () => {
  it('asks a code after the password, and takes each code once', async () => {
    const alice = await withTwoFactor();
    const code = codeFor(alice.secret);
    const first = await t.post('/api/v1/auth/login/2fa', { challenge: await challenge(alice), code });
    expect(first.status).toBe(200);
    expect(refreshCookie(first)).toBeDefined();
    // The same code again, within its window: refused (the enabling code's step was before it).
    const replay = await t.post('/api/v1/auth/login/2fa', { challenge: await challenge(alice), code });
    expect(replay.status).toBe(401);
    expect((await replay.json()).error.code).toBe('invalid_code');
    // A wrong password never reaches the second step.
    expect((await (await t.post('/api/v1/auth/login', { login: alice.user.username, password: 'wrong password' })).json()).error.code).toBe('invalid_credentials');
  });

  it('takes each recovery code once', async () => {
    const bob = await withTwoFactor();
    const recoveryCode = bob.recoveryCodes[3]!;
    expect((await t.post('/api/v1/auth/login/2fa', { challenge: await challenge(bob), recoveryCode })).status).toBe(200);
    expect((await t.post('/api/v1/auth/login/2fa', { challenge: await challenge(bob), recoveryCode })).status).toBe(401);
    expect((await t.post('/api/v1/auth/login/2fa', { challenge: await challenge(bob), recoveryCode: bob.recoveryCodes[4]!.toUpperCase() })).status).toBe(200);
  });

  it('refuses a forged challenge', async () => {
    const carol = await withTwoFactor();
    const real = await challenge(carol);
    const forged = `${Buffer.from(JSON.stringify({ sub: carol.user.id, exp: Date.now() + 60_000 })).toString('base64url')}.${real.split('.')[1]}`;
    expect((await t.post('/api/v1/auth/login/2fa', { challenge: forged, code: codeFor(carol.secret) })).status).toBe(401);
  });

  it('turns off with a current code only', async () => {
    const dave = await withTwoFactor();
    const me = as(t, dave);
    expect((await me('POST', '/api/v1/me/2fa/disable', { code: '000000' })).status).toBe(401);
    expect((await me('POST', '/api/v1/me/2fa/disable', { code: codeFor(dave.secret) })).status).toBe(204);
    expect((await (await me('GET', '/api/v1/me/2fa')).json()).enabled).toBe(false);
    expect((await t.post('/api/v1/auth/login', { login: dave.user.username, password: dave.password })).status).toBe(200);
  });
});
