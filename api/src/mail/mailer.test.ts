import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@volley/core';
import { Mailer } from './mailer.js';

describe('the mailer', () => {
  it('with no SMTP_URL (the embedded default), prints the mail and its link to the log', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        lines.push(chunk.toString());
        done();
      },
    });
    const config = loadConfig({ JWT_SECRET: 'x'.repeat(32), PUBLIC_URL: 'https://volley.example/' });
    const mailer = new Mailer(config, pino({ level: 'info' }, sink));
    const link = mailer.link('/reset-password', 'abc');
    expect(link).toBe('https://volley.example/reset-password#token=abc');
    await mailer.send({ to: 'ann@example.com', kind: 'password_reset', locale: 'fr', link });
    const entry = JSON.parse(lines.join('')) as { level: number; msg: string; link: string; to: string };
    expect(entry).toMatchObject({ level: 30, link, to: 'ann@example.com' });
    expect(entry.msg).toContain('Pour choisir un nouveau mot de passe');
  });

  it('refuses an SMTP_URL that is not smtp:// or smtps://', () => {
    expect(() => loadConfig({ JWT_SECRET: 'x'.repeat(32), SMTP_URL: 'http://mail.example' })).toThrow(ConfigError);
    expect(loadConfig({ JWT_SECRET: 'x'.repeat(32), SMTP_URL: 'smtps://u:p@mail.example:465' }).mail.smtpUrl).toBe('smtps://u:p@mail.example:465');
  });
});
