/**
 * Whoever reads the server's log must not be able to take over an account: every flow that mails
 * a link runs here with the log captured, and no token of those links may be in it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '@volley/core';
import { as, signUp, startTestApi, type TestApi } from '../api.testing.js';
import { startMailbox, type Mailbox } from './mailbox.testing.js';

interface Run {
  t: TestApi;
  log: string[];
  /** The token of the newest mail to `to`, as it reached its reader (the mailbox, or the file under DATA_DIR/mail). */
  tokenTo(to: string): Promise<string>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function start(env: Record<string, string>, delivery: 'smtp' | 'log'): Promise<Run> {
  const log: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => done(void log.push(chunk.toString())) });
  const dataDir = mkdtempSync(join(tmpdir(), 'volley-mail-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  let mailbox: Mailbox | undefined;
  if (delivery === 'smtp') {
    mailbox = await startMailbox();
    cleanups.push(() => mailbox!.close());
  }
  const t = await startTestApi({ DATA_DIR: dataDir, ...(mailbox ? { SMTP_URL: mailbox.smtpUrl } : { MAIL_TO_LOG: 'true' }), ...env }, {}, createLogger('trace', sink));
  cleanups.push(() => t.close());
  const token = (text: string) => /#token=([A-Za-z0-9_-]{43})/.exec(text.replace(/=\r?\n/g, '').replace(/=3D/g, '='))?.[1];
  return {
    t,
    log,
    async tokenTo(to) {
      if (mailbox) return token((await mailbox.next(to)).raw)!;
      await expect.poll(() => readdirSync(join(dataDir, 'mail')).some((f) => readFileSync(join(dataDir, 'mail', f), 'utf8').includes(`To: ${to}`))).toBe(true);
      const files = readdirSync(join(dataDir, 'mail')).sort().reverse();
      const text = files.map((f) => readFileSync(join(dataDir, 'mail', f), 'utf8')).find((mail) => mail.includes(`To: ${to}`))!;
      return token(text)!;
    },
  };
}

describe.each(['log', 'smtp'] as const)('mail delivered by %s', (delivery) => {
  it('leaves no token of a password reset or an email change in the log', async () => {
    const { t, log, tokenTo } = await start({}, delivery);
    const ann = await signUp(t);
    const tokens: string[] = [];

    expect((await t.post('/api/v1/auth/password-reset', { login: ann.email })).status).toBe(202);
    tokens.push(await tokenTo(ann.email));
    expect((await t.post('/api/v1/auth/password-reset/confirm', { token: tokens[0], password: 'a brand new secret' })).status).toBe(204);

    const signedIn = await t.post('/api/v1/auth/login', { login: ann.email, password: 'a brand new secret' });
    const session = { ...ann, accessToken: ((await signedIn.json()) as { accessToken: string }).accessToken };
    const newEmail = `new-${ann.email}`;
    expect((await as(t, session)('POST', '/api/v1/me/email', { email: newEmail, password: 'a brand new secret' })).status).toBe(202);
    tokens.push(await tokenTo(newEmail));
    const confirmed = await t.post('/api/v1/me/email/confirm', { token: tokens[1] });
    expect(await confirmed.json()).toEqual({ email: newEmail });

    const text = log.join('');
    expect(text).toContain('password reset; every session ended');
    for (const token of tokens) expect(text).not.toContain(token);
    // Delivered to the log: the mail is announced there, its link's secret left out.
    if (delivery === 'log') expect(text).toContain('/reset-password#token=[redacted]');
  }, 60_000);
});

describe('with no way to send mail', () => {
  it('says so at start, and refuses a reset or an email change with mail_unavailable', async () => {
    const { t, log } = await start({ MAIL_TO_LOG: 'false' }, 'log');
    expect(log.join('')).toContain('mail is off');
    const bob = await signUp(t);
    for (const res of [await t.post('/api/v1/auth/password-reset', { login: bob.email }), await as(t, bob)('POST', '/api/v1/me/email', { email: `x-${bob.email}`, password: bob.password })]) {
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('mail_unavailable');
    }
  }, 60_000);
});
