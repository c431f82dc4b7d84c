import { AccessTokens } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { CloseCode, convRoom, messageRenewToken, renewalMessage, socketProtocols, userRoom } from '@volley/shared';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { act, closed, createChannel, createUser, disposeAll, opened, openSocket, session, startSyncServer, synced, waitFor, type RunningSync, type TestUser } from '../sync-server.testing.js';

/** The expiry (epoch seconds) in the server's answer to a renewal, once it arrives. */
function renewedUntil(ws: WebSocket): Promise<number> {
  return new Promise((resolve) =>
    ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) === messageRenewToken) resolve(decoding.readVarUint(decoder));
    }),
  );
}

const deps = await testDeps({ afterEach: disposeAll });

describe('renewing the access token on an open sync socket', () => {
  let server: RunningSync;
  let alice: TestUser;
  let bob: TestUser;
  let channel: string;
  const tokenFor = (user: TestUser, ttlSeconds: number, secret = deps.config.jwtSecret) => new AccessTokens(secret, ttlSeconds).sign({ userId: user.id, username: user.username });

  beforeAll(async () => {
    [alice, bob] = [await createUser(deps), await createUser(deps)];
    channel = await createChannel(deps, alice, bob);
  });
  beforeEach(async () => {
    server = await startSyncServer(deps);
  });

  it('keeps a renewed socket open past the first token’s expiry, still receiving the room’s updates', { timeout: 20_000 }, async () => {
    const ws = openSocket(`${server.url}/${convRoom(channel, 0)}`, socketProtocols(tokenFor(bob, 2)));
    const reader = new Y.Doc();
    const closes: number[] = [];
    ws.on('close', (code) => closes.push(code));
    ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      // Sync step 2 and updates: [0, 1 | 2, update].
      if (decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) > 0) Y.applyUpdate(reader, decoding.readVarUint8Array(decoder));
    });
    await opened(ws);
    ws.send(Uint8Array.of(0, 0, 1, 0)); // sync step 1 with an empty state vector
    const until = renewedUntil(ws);
    ws.send(renewalMessage(tokenFor(bob, 900)));
    expect(await until).toBeGreaterThan(Date.now() / 1000 + 600);

    await new Promise((resolve) => setTimeout(resolve, 3500));
    const sent = await act(await session(server, alice), { op: 'send', convId: channel, body: 'after the first token expired' });
    await waitFor(() => reader.getArray<{ id: string }>('messages').toArray().some((m) => m.id === sent.id));
    expect(closes).toEqual([]);
  });

  it.each([
    ['another user’s token', () => tokenFor(alice, 900), CloseCode.unauthenticated],
    ['a forged token', () => tokenFor(bob, 900, 'x'.repeat(40)), CloseCode.unauthenticated],
    ['a token that is not a JWT', () => 'nonsense', CloseCode.unauthenticated],
    ['an empty token', () => '', CloseCode.unauthenticated],
    ['an expired token', () => tokenFor(bob, -60), CloseCode.tokenExpired],
  ])('closes a socket renewed with %s', async (_case, token, code) => {
    const ws = openSocket(`${server.url}/${userRoom(bob.id)}`, socketProtocols(bob.token));
    await opened(ws);
    ws.send(renewalMessage(token()));
    expect((await closed(ws)).code).toBe(code);
  });

  it('closes a socket whose renewal frame does not decode (4400), or that renews past its budget (4529)', async () => {
    const garbled = openSocket(`${server.url}/${userRoom(bob.id)}`, socketProtocols(bob.token));
    await opened(garbled);
    garbled.send(Uint8Array.of(messageRenewToken, 200));
    expect((await closed(garbled)).code).toBe(CloseCode.badRequest);

    const eager = openSocket(`${server.url}/${userRoom(bob.id)}`, socketProtocols(bob.token));
    await opened(eager);
    for (let i = 0; i < 20; i++) eager.send(renewalMessage(bob.token));
    expect((await closed(eager)).code).toBe(CloseCode.rateLimited);
  });

  it('still closes a stock client that does not renew with 4501, and the client reconnects with a fresh token', { timeout: 20_000 }, async () => {
    let token = tokenFor(bob, 2);
    class RefreshingSocket extends WebSocket {
      constructor(address: string) {
        super(address, socketProtocols(token));
        // What the client offered this time; the next connection gets a fresh one, as after a refresh.
        token = tokenFor(bob, 900);
      }
    }
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(server.url, convRoom(channel, 0), doc, { WebSocketPolyfill: RefreshingSocket as unknown as typeof globalThis.WebSocket, disableBc: true });
    const closes: number[] = [];
    provider.on('connection-close', (event) => event && closes.push(event.code));
    try {
      await synced(provider);
      await waitFor(() => closes.length > 0, 5000);
      expect(closes[0]).toBe(CloseCode.tokenExpired);
      const sent = await act(await session(server, alice), { op: 'send', convId: channel, body: 'after the reconnection' });
      await waitFor(() => doc.getArray<{ id: string }>('messages').toArray().some((m) => m.id === sent.id), 10_000);
      expect(provider.wsconnected).toBe(true);
    } finally {
      provider.destroy();
    }
  });
});
