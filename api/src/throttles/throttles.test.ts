/**
 * The credential paths at their real budgets: an attacker is answered 429 with Retry-After once the
 * budget is spent, and the victim still signs in from elsewhere. Addresses come from
 * X-Forwarded-For (TRUST_PROXY) and are random per run, since with Redis the counters are shared.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, signUp, startTestApi, type TestApi } from '../api.testing.js';
import { TEST_PASSWORD } from '@volley/shared/testing';

const address = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

async function expectThrottled(res: Response): Promise<void> {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get('Retry-After'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(await res.json()).toEqual({ error: { code: 'rate_limited', message: expect.any(String), retryAfter } });
}

describe('sign-in throttles', () => {
  let t: TestApi;
  const login = (from: string, body: { login: string; password: string }) => t.post('/api/v1/auth/login', body, { 'X-Forwarded-For': from });

  beforeAll(async () => {
    // The defaults of LOGIN_ADDRESS_RATE and LOGIN_RATE (core/src/config.ts); the test api is loose otherwise.
    t = await startTestApi({ TRUST_PROXY: '1', LOGIN_ADDRESS_RATE: '0.2/60', LOGIN_RATE: '0.003/5', LOGIN_ACCOUNT_RATE: '0.003/8', CHANNEL_PASSWORD_RATE: '0.003/5' });
  });
  afterAll(() => t?.close());

  it('refuses an address guessing one account after 5 failures, even the right password, with Retry-After', async () => {
    const victim = await signUp(t);
    const attacker = address();
    for (let i = 0; i < 5; i++) expect((await login(attacker, { login: victim.user.username, password: `guess ${i}` })).status).toBe(401);
    await expectThrottled(await login(attacker, { login: victim.user.username, password: 'guess 6' }));
    await expectThrottled(await login(attacker, { login: victim.user.username, password: victim.password }));
  });

  it('lets the right password in from another address while an attacker is throttled', async () => {
    const victim = await signUp(t);
    const attacker = address();
    for (let i = 0; i < 6; i++) await login(attacker, { login: victim.email, password: `guess ${i}` });
    expect((await login(attacker, { login: victim.user.username, password: 'again' })).status).toBe(429);
    expect((await login(address(), { login: victim.user.username, password: victim.password })).status).toBe(200);
  });

  // A hundred password hashes (sign-up and sign-in), which take their time on a busy machine.
  it('lets a class of 50 sign in from one school address, while guessing one account from it is still refused', { timeout: 90_000 }, async () => {
    const school = address();
    const students = await Promise.all(Array.from({ length: 50 }, () => signUp(t)));
    const answers = await Promise.all(students.map((student) => login(school, { login: student.user.username, password: student.password })));
    expect(answers.map((res) => res.status)).toEqual(students.map(() => 200));
    const victim = students[0]!;
    for (let i = 0; i < 5; i++) expect((await login(school, { login: victim.user.username, password: `guess ${i}` })).status).toBe(401);
    await expectThrottled(await login(school, { login: victim.user.username, password: 'guess 6' }));
    // The rest of the class is not held back by the guesser among them.
    expect((await login(school, { login: students[1]!.user.username, password: students[1]!.password })).status).toBe(200);
  });

  it('counts every attempt of an address, whichever account it tries, up to the address budget', async () => {
    const from = address();
    for (let i = 0; i < 60; i++) expect((await login(from, { login: `nobody_${randomInt(1e9)}`, password: 'x' })).status).toBe(401);
    await expectThrottled(await login(from, { login: `nobody_${randomInt(1e9)}`, password: 'x' }));
  });

  it('caps an account guessed from many addresses, but not for an address that signed in to it before', async () => {
    const victim = await signUp(t);
    const home = address();
    expect((await login(home, { login: victim.user.username, password: victim.password })).status).toBe(200);
    for (let i = 0; i < 8; i++) expect((await login(address(), { login: victim.user.username, password: `guess ${i}` })).status).toBe(401);
    await expectThrottled(await login(address(), { login: victim.user.username, password: victim.password }));
    expect((await login(home, { login: victim.user.username, password: victim.password })).status).toBe(200);
  });

  it('refuses a user guessing channel passwords after 5 wrong ones', async () => {
    const [owner, guesser] = [await signUp(t), await signUp(t)];
    const { id } = (await (await as(t, owner)('POST', '/api/v1/channels', { name: `pw_${randomInt(1e6)}`, access: 'password', password: 'sesame' })).json()) as { id: string };
    for (let i = 0; i < 5; i++) expect((await as(t, guesser)('POST', `/api/v1/conversations/${id}/join`, { password: `guess ${i}` })).status).toBe(403);
    await expectThrottled(await as(t, guesser)('POST', `/api/v1/conversations/${id}/join`, { password: 'sesame' }));
    // Another user is not held back by the guesser.
    expect((await as(t, await signUp(t))('POST', `/api/v1/conversations/${id}/join`, { password: 'sesame' })).status).toBe(200);
  });
});

describe('registration throttle', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi({ TRUST_PROXY: '1', REGISTER_RATE: '0.17/3' });
  });
  afterAll(() => t?.close());

  it('refuses a fourth registration from one address in a burst; another address still registers', async () => {
    const from = address();
    const register = (ip: string) => {
      const username = `reg_${randomInt(1e9)}`;
      return t.post('/api/v1/auth/register', { username, email: `${username}@example.com`, password: TEST_PASSWORD }, { 'X-Forwarded-For': ip });
    };
    for (let i = 0; i < 3; i++) expect((await register(from)).status).toBe(201);
    await expectThrottled(await register(from));
    expect((await register(address())).status).toBe(201);
  });
});
