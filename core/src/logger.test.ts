import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactLinks } from './logger.js';

describe('the logger', () => {
  it("takes the secret out of every link it writes: in the message, a field, a child's binding or an error", () => {
    const lines: string[] = [];
    const log = createLogger('info', new Writable({ write: (chunk: Buffer, _e, done) => done(void lines.push(chunk.toString())) }));
    const secret = 'Zq3_xY-9'.repeat(5);
    log.child({ next: `https://v.example/confirm-email#token=${secret}` }).info(
      { link: `https://v.example/reset-password?lang=fr&token=${secret}`, nested: { url: `/api/v1/auth/oauth/callback?code=${secret}&state=1` }, err: new Error(`bad link https://v.example/verify/${secret}`) },
      `open https://v.example/reset-password/${secret}`,
    );
    const text = lines.join('');
    expect(text).not.toContain(secret);
    expect(text).toContain('reset-password?lang=fr&token=[redacted]');
    expect(text).toContain('callback?code=[redacted]&state=1');
    expect(text).toContain('/reset-password/[redacted]');
  });

  it('leaves links without secrets as they are', () => {
    const text = 'https://v.example/c/abc?page=2#msg-4 and /api/v1/conversations/01J/messages';
    expect(redactLinks(text)).toBe(text);
  });
});
