/** The embedded server's answers, the PWA's and the api's, errors included, carry the security headers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestVolley, type TestVolley } from './server.testing.js';

const expectSecure = (res: Response) => {
  const csp = res.headers.get('Content-Security-Policy') ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(res.headers.get('X-Frame-Options')).toBe('DENY');
  expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
  expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
};

describe('security headers', () => {
  let volley: TestVolley;
  beforeAll(async () => {
    volley = await startTestVolley();
  });
  afterAll(() => volley?.close());

  it.each(['/', '/assets/app-abc123.js', '/some/client/route', '/api/v1/me', '/api/v1/no/such/route', '/healthz'])('on %s, with no HSTS over plain HTTP', async (path) => {
    const res = await fetch(volley.url + path, { headers: { Accept: 'text/html' } });
    expectSecure(res);
    expect(res.headers.get('Strict-Transport-Security')).toBeNull();
  });

  it('answers a malformed address with the app shell, whose router says "not found", never a 400 page', async () => {
    const res = await fetch(`${volley.url}/c/%E0`, { headers: { Accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/text\/html/);
    expectSecure(res);
  });

  it('adds HSTS behind a TLS-terminating proxy (TRUST_PROXY)', async () => {
    const proxied = await startTestVolley({ TRUST_PROXY: '1' });
    try {
      for (const path of ['/', '/api/v1/me']) {
        const res = await fetch(proxied.url + path);
        expectSecure(res);
        expect(res.headers.get('Strict-Transport-Security')).toMatch(/max-age=\d+/);
      }
    } finally {
      await proxied.close();
    }
  });
});
