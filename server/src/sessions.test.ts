/**
 * Ending a session (from another one, or by changing the password) ends it now: its access token
 * is refused and its open sockets, on `/sync` and `/game`, close with 4401; the session that acted
 * goes on.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AuthResponse, CloseCode, socketProtocols, userRoom, type SessionView } from '@volley/shared';
import { TEST_PASSWORD } from '@volley/shared/testing';
import { closeCode, register, sharedVolley, synced, type Person } from './server.testing.js';

describe('ending a session', () => {
  const t = sharedVolley();

  /** The same account signed in once more, as another device would. */
  async function signInAgain(person: Person): Promise<Person> {
    const res = await fetch(`${t.volley.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: person.username, password: TEST_PASSWORD }) });
    const token = AuthResponse.parse(await res.json()).accessToken;
    return {
      ...person,
      token,
      async call(method, path) {
        const response = await fetch(`${t.volley.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}` } });
        return { status: response.status, body: await response.json() };
      },
    };
  }

  /** A session's socket on its user room (`/sync`), and when it closes. */
  async function openSync(session: Person) {
    const sync = t.open(userRoom(session.id), session);
    await synced(sync);
    return { sync, closed: closeCode(sync) };
  }

  /** When a session's socket on the game queue (`/game`) closes; one per user, a second replaces the first. */
  async function openQueue(session: Person): Promise<{ closed: Promise<number> }> {
    const queue = new WebSocket(`${t.volley.url.replace('http', 'ws')}/game/queue`, socketProtocols(session.token));
    await new Promise((resolve, reject) => queue.once('open', resolve).once('error', reject));
    return { closed: new Promise<number>((resolve) => queue.once('close', (code) => resolve(code))) };
  }

  it('from another session: its token is refused and its sockets close at once; this one goes on', async () => {
    const laptop = await register(t.volley, 'laptop');
    const phone = await signInAgain(laptop);
    const laptopSync = await openSync(laptop);
    const phoneSync = await openSync(phone);
    const phoneQueue = await openQueue(phone);
    const sessions = (await laptop.call('GET', '/me/sessions')).body.items as SessionView[];
    const phoneSession = sessions.find((s) => !s.current)!;

    expect((await laptop.call('DELETE', `/me/sessions/${phoneSession.id}`)).status).toBe(204);
    expect((await phone.call('GET', '/me')).status).toBe(401);
    expect(await phoneSync.closed).toBe(CloseCode.unauthenticated);
    expect(await phoneQueue.closed).toBe(CloseCode.unauthenticated);
    expect((await laptop.call('GET', '/me')).status).toBe(200);
    expect(laptopSync.sync.wsconnected).toBe(true);
  });

  it('by changing the password: every other session ends now, this one goes on', async () => {
    const laptop = await register(t.volley, 'changer');
    const phone = await signInAgain(laptop);
    const laptopSync = await openSync(laptop);
    const phoneSync = await openSync(phone);
    const phoneQueue = await openQueue(phone);

    expect((await laptop.call('POST', '/me/password', { current: TEST_PASSWORD, next: 'a brand new lighthouse keeper' })).status).toBe(204);
    expect((await phone.call('GET', '/me')).status).toBe(401);
    expect(await phoneSync.closed).toBe(CloseCode.unauthenticated);
    expect(await phoneQueue.closed).toBe(CloseCode.unauthenticated);
    expect((await laptop.call('GET', '/me')).status).toBe(200);
    expect(laptopSync.sync.wsconnected).toBe(true);
  });
});
