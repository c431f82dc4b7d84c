import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, refreshCookie, signUp, startTestApi, type TestApi } from '../../api.testing.js';

let t: TestApi;

beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

/**
 * The code an authenticator app would show for `secret`, `steps` periods from now. Made at least 5 s
 * before its period ends, so that the server checks it in the period it was made for (a code of the
 * period before would otherwise be two periods old by then, and refused).
 */
async function codeFor(secret: string, steps = 0): Promise<string> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < 5_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + steps * 30_000 });
}

async function withTwoFactor(t: TestApi) {
  const user = await signUp(t);
  const me = as(t, user);
  const setup = (await (await me('POST', '/api/v1/me/2fa/setup')).json()) as { secret: string; uri: string; qrCode: string };
  expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Volley:/);
  expect(setup.qrCode).toMatch(/^data:image\/png;base64,/);
  // Not on until a first code confirms the app holds the secret.
  expect((await (await me('GET', '/api/v1/me/2fa')).json()).enabled).toBe(false);
  expect((await me('POST', '/api/v1/me/2fa/enable', { code: await codeFor(setup.secret, 5) })).status).toBe(401);
  const enabled = await me('POST', '/api/v1/me/2fa/enable', { code: await codeFor(setup.secret, -1) });
  expect(enabled.status).toBe(200);
  const { recoveryCodes } = (await enabled.json()) as { recoveryCodes: string[] };
  expect(recoveryCodes).toHaveLength(10);
  expect(new Set(recoveryCodes).size).toBe(10);
  return { ...user, secret: setup.secret, recoveryCodes };
}

async function challenge(t: TestApi, user: { user: { username: string }; password: string }): Promise<string> {
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
    const alice = await withTwoFactor(t);
    const code = await codeFor(alice.secret);
    const first = await t.post('/api/v1/auth/login/2fa', { challenge: await challenge(t, alice), code });
    expect(first.status).toBe(200);
    expect(refreshCookie(first)).toBeDefined();
    // The same code again, within its window: refused, saying why (the enabling code's step was before it).
    const replay = await t.post('/api/v1/auth/login/2fa', { challenge: await challenge(t, alice), code });
    expect(replay.status).toBe(401);
    expect((await replay.json()).error.code).toBe('code_used');
    // A wrong password never reaches the second step.
    expect((await (await t.post('/api/v1/auth/login', { login: alice.user.username, password: 'wrong password' })).json()).error.code).toBe('invalid_credentials');
  });

  it('takes each recovery code once', async () => {
    const bob = await withTwoFactor(t);
    const recoveryCode = bob.recoveryCodes[3]!;
    expect((await t.post('/api/v1/auth/login/2fa', { challenge: await challenge(t, bob), recoveryCode })).status).toBe(200);
    expect((await t.post('/api/v1/auth/login/2fa', { challenge: await challenge(t, bob), recoveryCode })).status).toBe(401);
    expect((await t.post('/api/v1/auth/login/2fa', { challenge: await challenge(t, bob), recoveryCode: bob.recoveryCodes[4]!.toUpperCase() })).status).toBe(200);
  });

  it('refuses a forged challenge', async () => {
    const carol = await withTwoFactor(t);
    const real = await challenge(t, carol);
    const forged = `${Buffer.from(JSON.stringify({ sub: carol.user.id, exp: Date.now() + 60_000 })).toString('base64url')}.${real.split('.')[1]}`;
    expect((await t.post('/api/v1/auth/login/2fa', { challenge: forged, code: await codeFor(carol.secret) })).status).toBe(401);
  });

  it('turns off with a current code only', async () => {
    const dave = await withTwoFactor(t);
    const me = as(t, dave);
    expect((await me('POST', '/api/v1/me/2fa/disable', { code: '000000' })).status).toBe(401);
    expect((await me('POST', '/api/v1/me/2fa/disable', { code: await codeFor(dave.secret) })).status).toBe(204);
    expect((await (await me('GET', '/api/v1/me/2fa')).json()).enabled).toBe(false);
    expect((await t.post('/api/v1/auth/login', { login: dave.user.username, password: dave.password })).status).toBe(200);
  });
});

describe('wrong codes', () => {
  let throttled: TestApi;
  beforeAll(async () => {
    throttled = await startTestApi({ CREDENTIAL_RATE: '0.003/5' });
  });
  afterAll(() => throttled.close());

  it('spend the account’s budget: after 5 wrong codes at sign-in even the right one is refused, with Retry-After', async () => {
    const erin = await withTwoFactor(throttled);
    for (let i = 0; i < 5; i++) {
      expect((await throttled.post('/api/v1/auth/login/2fa', { challenge: await challenge(throttled, erin), code: '000000' })).status).toBe(401);
    }
    const refused = await throttled.post('/api/v1/auth/login/2fa', { challenge: await challenge(throttled, erin), code: await codeFor(erin.secret) });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    // Turning 2FA off takes a code too, from the same budget: a stolen session cannot guess it off.
    expect((await as(throttled, erin)('POST', '/api/v1/me/2fa/disable', { code: await codeFor(erin.secret) })).status).toBe(429);
  });

  it('are counted per account: another account’s code still goes through', async () => {
    const frank = await withTwoFactor(throttled);
    expect((await throttled.post('/api/v1/auth/login/2fa', { challenge: await challenge(throttled, frank), code: await codeFor(frank.secret) })).status).toBe(200);
  });
});
