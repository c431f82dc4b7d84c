import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailbox, mailedToken, type Mailbox } from '../../mail/mailbox.testing.js';
import { as, bearer, signUp, startTestApi, type TestApi } from '../../api.testing.js';

let t: TestApi;
let mailbox: Mailbox;

beforeAll(async () => {
  mailbox = await startMailbox();
  t = await startTestApi({ SMTP_URL: mailbox.smtpUrl, MAIL_FROM: 'Volley <volley@example.com>', PUBLIC_URL: 'https://volley.example' });
});
afterAll(async () => {
  await t.close();
  await mailbox.close();
});

describe('forgotten password', () => {
  it('mails a link that sets a new password once, ending every session', async () => {
    const alice = await signUp(t);
    expect((await t.post('/api/v1/auth/password-reset', { login: alice.user.username })).status).toBe(202);
    const mail = await mailbox.next(alice.email);
    expect(mail.raw).toContain('Reset your Volley password');
    expect(mail.raw).toContain('https://volley.example/reset-password#token=');
    const token = mailedToken(mail);

    const confirm = await t.post('/api/v1/auth/password-reset/confirm', { token, password: 'a brand new secret' });
    expect(confirm.status).toBe(204);
    // The link works once.
    const again = await t.post('/api/v1/auth/password-reset/confirm', { token, password: 'yet another secret' });
    expect(again.status).toBe(400);
    expect((await again.json()).error.code).toBe('invalid_token');

    // Every session ended: the access token and the refresh cookie are refused.
    await expect.poll(async () => (await t.request('/api/v1/me', { headers: bearer(alice) })).status).toBe(401);
    expect((await t.request('/api/v1/auth/refresh', { method: 'POST', headers: { Cookie: alice.cookie } })).status).toBe(401);
    // The old password no longer works, the new one does.
    expect((await t.post('/api/v1/auth/login', { login: alice.user.username, password: alice.password })).status).toBe(401);
    expect((await t.post('/api/v1/auth/login', { login: alice.email, password: 'a brand new secret' })).status).toBe(200);
  });

  it('answers 202 for an unknown login, and mails nobody', async () => {
    const before = mailbox.received.length;
    expect((await t.post('/api/v1/auth/password-reset', { login: 'nobody@example.com' })).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mailbox.received.length).toBe(before);
  });

  it('refuses a weak new password and a forged token', async () => {
    const bob = await signUp(t);
    await t.post('/api/v1/auth/password-reset', { login: bob.email });
    const token = mailedToken(await mailbox.next(bob.email));
    expect((await (await t.post('/api/v1/auth/password-reset/confirm', { token, password: 'short' })).json()).error.code).toBe('validation_failed');
    const forged = await t.post('/api/v1/auth/password-reset/confirm', { token: 'A'.repeat(43), password: 'a brand new secret' });
    expect((await forged.json()).error.code).toBe('invalid_token');
  });

  it('writes the mail in the locale the user chose', async () => {
    const claire = await signUp(t);
    await as(t, claire)('PATCH', '/api/v1/me', { locale: 'fr' });
    await t.post('/api/v1/auth/password-reset', { login: claire.email });
    expect((await mailbox.next(claire.email)).raw).toMatch(/R=C3=A9initialiser|Réinitialiser|=\?UTF-8\?/);
  });
});

describe('changing the email', () => {
  it('mails the new address, and switches on its confirmation', async () => {
    const dan = await signUp(t);
    const me = as(t, dan);
    expect((await me('POST', '/api/v1/me/email', { email: 'dan.new@example.com', password: 'wrong password' })).status).toBe(403);
    expect((await me('POST', '/api/v1/me/email', { email: 'dan.new@example.com', password: dan.password })).status).toBe(202);
    const token = mailedToken(await mailbox.next('dan.new@example.com'));
    // Nothing changes before the confirmation.
    expect((await (await me('GET', '/api/v1/me')).json()).user.email).toBe(dan.email);
    expect((await t.post('/api/v1/me/email/confirm', { token })).status).toBe(200);
    expect((await (await me('GET', '/api/v1/me')).json()).user.email).toBe('dan.new@example.com');
    expect((await t.post('/api/v1/me/email/confirm', { token })).status).toBe(400);
  });

  it('refuses an address another account has', async () => {
    const erin = await signUp(t);
    const frank = await signUp(t);
    const res = await as(t, erin)('POST', '/api/v1/me/email', { email: frank.email, password: erin.password });
    expect(res.status).toBe(409);
  });
});
