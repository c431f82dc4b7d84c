/**
 * A reset or a kick ends the sessions it finds, not a time: a sign-in in the very second of it is
 * a new session and works for its whole life, while a token of an ended session is refused
 * whatever the second it was issued in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthResponse } from '@volley/shared';
import { startMailbox, mailedToken, type Mailbox } from '../../mail/mailbox.testing.js';
import { as, refreshCookie, signUp, startTestApi, type TestApi } from '../../api.testing.js';

let t: TestApi;
let mailbox: Mailbox;

beforeAll(async () => {
  mailbox = await startMailbox();
  t = await startTestApi({ SMTP_URL: mailbox.smtpUrl, MAIL_FROM: 'Volley <volley@example.com>', PUBLIC_URL: 'https://volley.example' });
});
afterAll(async () => {
  await t?.close();
  await mailbox?.close();
});

type Signed = AuthResponse & { cookie: string };

const signIn = async (login: string, password: string): Promise<Signed> => {
  const res = await t.post('/api/v1/auth/login', { login, password });
  expect(res.status).toBe(200);
  return { ...AuthResponse.parse(await res.json()), cookie: refreshCookie(res)! };
};
/** The whole second a token was issued in (its `iat`). */
const issuedSecond = (token: string): number => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number }).iat;
const me = async (session: { accessToken: string }) => (await as(t, session)('GET', '/api/v1/me')).status;

/** One try: the passwords to sign in with before and after the cut-off, which is prepared beforehand (a mail received). */
type Attempt = { before: string; cutOff: () => Promise<void>; after: string };

/**
 * A sign-in, the cut-off, and a sign-in again, until both sign-ins fall in one second (started at
 * the beginning of a second, they nearly always do at once).
 */
async function aroundCutOff(login: string, prepare: () => Promise<Attempt>): Promise<{ before: Signed; after: Signed }> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const passwords = await prepare();
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000)));
    const before = await signIn(login, passwords.before);
    await passwords.cutOff();
    const after = await signIn(login, passwords.after);
    if (issuedSecond(before.accessToken) === issuedSecond(after.accessToken)) return { before, after };
  }
  throw new Error('no attempt fell within one second');
}

async function expectOnlyTheNewSessionLives({ before, after }: { before: Signed; after: Signed }): Promise<void> {
  expect(await me(before)).toBe(401);
  expect(await me(after)).toBe(200);
  // Its refresh gives tokens that work too.
  const refreshed = await t.request('/api/v1/auth/refresh', { method: 'POST', headers: { Cookie: after.cookie } });
  expect(refreshed.status).toBe(200);
  expect(await me(AuthResponse.parse(await refreshed.json()))).toBe(200);
  expect((await t.request('/api/v1/auth/refresh', { method: 'POST', headers: { Cookie: before.cookie } })).status).toBe(401);
}

describe('a session ended in the second of a new sign-in', () => {
  it('a kick: the sign-in right after it works, the token issued before it in that second is refused', async () => {
    const boss = await signUp(t);
    await t.deps.db('users').where({ id: boss.user.id }).update({ role: 'admin' });
    const victim = await signUp(t);
    const cutOff = async () => expect((await as(t, boss)('POST', '/api/v1/admin/kick', { username: victim.user.username })).status).toBe(204);
    await expectOnlyTheNewSessionLives(await aroundCutOff(victim.user.username, async () => ({ before: victim.password, cutOff, after: victim.password })));
  });

  it('a password reset: the sign-in right after it works, the token issued before it in that second is refused', async () => {
    const victim = await signUp(t);
    let password = victim.password;
    let resets = 0;
    const prepare = async (): Promise<Attempt> => {
      await t.post('/api/v1/auth/password-reset', { login: victim.email });
      const token = mailedToken(await mailbox.next(victim.email));
      const before = password;
      password = `a brand new secret number ${++resets}`;
      const cutOff = async () => expect((await t.post('/api/v1/auth/password-reset/confirm', { token, password })).status).toBe(204);
      return { before, cutOff, after: password };
    };
    await expectOnlyTheNewSessionLives(await aroundCutOff(victim.user.username, prepare));
  });
});
