/**
 * Another site's page cannot use a signed-in browser: its sockets (sync, game queue) are refused
 * 4403, and its cookie-authenticated requests 403. Clients that send no Origin (bots) still connect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode, REFRESH_COOKIE, socketProtocols, userRoom } from '@volley/shared';
import { TEST_PASSWORD } from '@volley/shared/testing';
import { register, startTestVolley, type Person, type TestVolley } from './server.testing.js';

/** Resolves with 'open' once the socket is open and stays so briefly, or with its close code. */
function outcome(url: string, token: string, origin?: string): Promise<'open' | number> {
  const ws = new WebSocket(url, socketProtocols(token), origin ? { origin } : {});
  return new Promise((resolve) => {
    ws.on('close', (code) => resolve(code));
    ws.on('open', () =>
      setTimeout(() => {
        ws.close();
        resolve('open');
      }, 300),
    );
    ws.on('error', () => undefined);
  });
}

describe('origins', () => {
  let volley: TestVolley;
  let alice: Person;
  beforeAll(async () => {
    volley = await startTestVolley({ ALLOWED_ORIGINS: 'https://chat.example.org' });
    alice = await register(volley, 'alice');
  });
  afterAll(() => volley?.close());

  it('refuses sockets opened from another origin, and lets in the allowed one and clients with no Origin', async () => {
    const sync = `${volley.wsUrl}/${userRoom(alice.id)}`;
    const queue = `${volley.url.replace('http', 'ws')}/game/queue`;
    for (const url of [sync, queue]) {
      expect(await outcome(url, alice.token, 'https://evil.example')).toBe(CloseCode.forbidden);
      expect(await outcome(url, alice.token, 'null')).toBe(CloseCode.forbidden);
      expect(await outcome(url, alice.token, 'https://chat.example.org')).toBe('open');
      expect(await outcome(url, alice.token)).toBe('open');
    }
  });

  it('refuses a refresh or logout from another origin with 403; the session is untouched', async () => {
    const login = await fetch(`${volley.url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: alice.username, password: TEST_PASSWORD }) });
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith(`${REFRESH_COOKIE}=`))!.split(';')[0]!;
    const post = (path: string, origin: string, cookies = cookie) => fetch(`${volley.url}/api/v1/auth/${path}`, { method: 'POST', headers: { Cookie: cookies, Origin: origin } });
    for (const path of ['refresh', 'logout']) {
      const refused = await post(path, 'https://evil.example');
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ error: { code: 'forbidden' } });
    }
    expect((await post('refresh', 'https://chat.example.org')).status).toBe(200);
  });
});

describe('origins by default', () => {
  let volley: TestVolley;
  beforeAll(async () => {
    volley = await startTestVolley();
  });
  afterAll(() => volley?.close());

  it("allow the page's own origin only", async () => {
    const bob = await register(volley, 'bob');
    const sync = `${volley.wsUrl}/${userRoom(bob.id)}`;
    expect(await outcome(sync, bob.token, volley.url)).toBe('open');
    expect(await outcome(sync, bob.token, 'http://localhost:1')).toBe(CloseCode.forbidden);
  });
});
