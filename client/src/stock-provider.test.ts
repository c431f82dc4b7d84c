/**
 * What a stock y-websocket 3.1 `WebsocketProvider` does against Volley, as docs/architecture.md §4
 * ("The client's room socket is not a `WebsocketProvider`") says: it joins and syncs a room; it renews nothing,
 * so it is closed with 4501 at its token's expiry and reconnects with whatever its `protocols` hold
 * when its own timer fires, a refresh in flight or not; it stops after a 44xx.
 */
import type { Person } from '@volley/server/testing';
import { CloseCode, convRoom, socketProtocols, userRoom } from '@volley/shared';
import { TEST_PASSWORD } from '@volley/shared/testing';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { account, signedIn, testVolley, waitFor } from './client.testing.js';

/** The protocols each connection attempt of a provider offered, in order. */
type Dials = string[][];

function stockProvider(wsUrl: string, room: string, token: string): { provider: WebsocketProvider; dials: Dials } {
  const dials: Dials = [];
  // The provider constructs its socket as `new WebSocketPolyfill(url, provider.protocols)`.
  class Recorded extends WebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols);
      dials.push(protocols);
      this.on('error', () => undefined);
    }
  }
  const provider = new WebsocketProvider(wsUrl, room, new Y.Doc(), {
    WebSocketPolyfill: Recorded as unknown as typeof globalThis.WebSocket,
    protocols: socketProtocols(token),
    // Providers in one process would otherwise sync through a BroadcastChannel, not the server.
    disableBc: true,
  });
  return { provider, dials };
}

/** A fresh access token for `person`: a new sign-in. */
async function freshToken(url: string, person: Person): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: person.username, password: TEST_PASSWORD }),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

const messageIds = (provider: WebsocketProvider) => provider.doc.getArray<{ id: string }>('messages').map((m) => m.id);

describe('a stock y-websocket WebsocketProvider on Volley, with access tokens that live 5 s', () => {
  const volley = testVolley({ ACCESS_TOKEN_TTL: '5' });
  const providers: WebsocketProvider[] = [];
  const open = (room: string, token: string) => {
    const made = stockProvider(volley().wsUrl, room, token);
    providers.push(made.provider);
    return made;
  };
  afterEach(() => providers.splice(0).forEach((provider) => provider.destroy()));

  it('joins a conversation, syncs it and receives the messages sent there', async () => {
    const { person, general, generalHead } = await account(volley(), 'stock');
    const sender = await signedIn(volley(), person);
    const { provider } = open(convRoom(general, generalHead), person.token);
    await waitFor(() => provider.synced);
    const sent = await sender.outbox().send(general, 'to a stock provider');
    expect(sent.status).toBe('accepted');
    await waitFor(() => messageIds(provider).includes(sent.id));
  });

  it('is closed with 4501 at its token’s expiry and redials on its own timer with the expired token while a refresh is in flight, then with the fresh one', { timeout: 30_000 }, async () => {
    const { person, general, generalHead } = await account(volley(), 'expiring');
    const { provider, dials } = open(convRoom(general, generalHead), person.token);
    await waitFor(() => provider.synced);
    const closes: (number | undefined)[] = [];
    provider.on('connection-close', (event) => closes.push(event?.code));
    // The application refreshes when told of a 4501 and hands the provider the new token through
    // its `protocols`; the refresh is held until the provider has dialled again meanwhile.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let refreshing = false;
    provider.on('connection-close', (event) => {
      if (event?.code !== CloseCode.tokenExpired || refreshing) return;
      refreshing = true;
      void held
        .then(() => freshToken(volley().url, person))
        .then((token) => {
          provider.protocols = socketProtocols(token);
          refreshing = false;
        });
    });

    await waitFor(() => closes.length >= 2, 15_000);
    expect(closes.slice(0, 2)).toEqual([CloseCode.tokenExpired, CloseCode.tokenExpired]);
    // It never sent a renewal, and its second attempt offered the token that had expired.
    expect(dials[1]).toEqual(dials[0]);

    release();
    await waitFor(() => provider.synced && dials.at(-1)![1] !== dials[0]![1], 15_000);
    const sender = await signedIn(volley(), person);
    const sent = await sender.outbox().send(general, 'after the reconnection');
    await waitFor(() => messageIds(provider).includes(sent.id), 10_000);
  });

  it('stops after a 44xx: a room it may not open is tried once', async () => {
    const { person } = await account(volley(), 'refused');
    const { person: other } = await account(volley(), 'other');
    const { provider, dials } = open(userRoom(other.id), person.token);
    const closed = new Promise<{ code: number }>((resolve) => provider.on('closed', resolve));
    expect((await closed).code).toBe(CloseCode.forbidden);
    // Its back-off would have dialled again after 200 ms, 400 ms, 800 ms…
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(dials).toHaveLength(1);
    expect(provider.wsconnected || provider.wsconnecting).toBe(false);
  });
});
