import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError, createLogger, loadConfig } from '@volley/core';
import { Mailer } from './mailer.js';

const SECRET = { JWT_SECRET: 'x'.repeat(32) };

describe('the mailer', () => {
  it('with no SMTP_URL on the embedded default, writes the mail under DATA_DIR/mail and logs it without its token', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => done(void lines.push(chunk.toString())) });
    const dataDir = mkdtempSync(join(tmpdir(), 'volley-mailer-'));
    try {
      const config = loadConfig({ ...SECRET, DATA_DIR: dataDir, PUBLIC_URL: 'https://volley.example/' });
      expect(config.mail.delivery).toBe('log');
      const mailer = new Mailer(config, createLogger('info', sink));
      const link = mailer.link('/reset-password', 'abcdefgh');
      expect(link).toBe('https://volley.example/reset-password#token=abcdefgh');
      await mailer.send({ to: 'ann@example.com', kind: 'password_reset', locale: 'fr', link });
      const [file] = readdirSync(join(dataDir, 'mail'));
      const mail = readFileSync(join(dataDir, 'mail', file!), 'utf8');
      expect(mail).toContain('To: ann@example.com');
      expect(mail).toContain('Pour choisir un nouveau mot de passe');
      expect(mail).toContain(link);
      const entry = JSON.parse(lines.join('')) as { level: number; msg: string; link: string; to: string };
      expect(entry).toMatchObject({ level: 30, link: 'https://volley.example/reset-password#token=[redacted]', to: 'ann@example.com' });
      expect(lines.join('')).not.toContain('abcdefgh');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('sends to the log only on the embedded default or when told to; on PostgreSQL without SMTP, mail is off', () => {
    const pg = { ...SECRET, DATABASE_URL: 'postgres://db.example/volley' };
    expect(loadConfig(pg).mail.delivery).toBe('off');
    expect(loadConfig({ ...pg, MAIL_TO_LOG: 'true' }).mail.delivery).toBe('log');
    expect(loadConfig({ ...SECRET, MAIL_TO_LOG: 'false' }).mail.delivery).toBe('off');
    expect(loadConfig({ ...pg, SMTP_URL: 'smtp://mail.example:587' }).mail.delivery).toBe('smtp');
  });

  it('refuses an SMTP_URL that is not smtp:// or smtps://', () => {
    expect(() => loadConfig({ ...SECRET, SMTP_URL: 'http://mail.example' })).toThrow(ConfigError);
    expect(loadConfig({ ...SECRET, SMTP_URL: 'smtps://u:p@mail.example:465' }).mail.smtpUrl).toBe('smtps://u:p@mail.example:465');
  });
});
