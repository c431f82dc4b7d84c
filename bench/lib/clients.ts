/**
 * The harness's clients: stock y-websocket providers in this process, one Y.Doc each (Hocuspocus'
 * own provider is in hocuspocus-client.ts). A chat client receives a conversation's messages and
 * can send one; how it sends depends on the server: Volley's through the user's outbox or as op
 * frames on the conversation's socket (the server appends), the others' by writing the shared array
 * directly (what a y-websocket app without a server writer does).
 */
import WebSocket from 'ws';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { convRoom, messageOp, newId, OP_FRAMES_SUBPROTOCOL, opFrame, queueSend, readAckFrame, socketProtocols, userRoom, type OutboxOp } from '@volley/shared';
import type { ServerUnderTest } from './servers.js';

export interface ChatClient {
  /** Called with the body of every message that reaches this client from the server. */
  onMessage(handler: (body: string) => void): void;
  send(body: string): void;
  synced: Promise<void>;
  /** Close codes of this client's sockets that the server closed (a stock client reconnects after most). */
  closes: number[];
  destroy(): void;
}

export interface ClientOptions {
  /**
   * false: no awareness state in the shared room (in a room of a thousand, each client's renewal
   * every 15 s goes to all the others: a million frames that would drown the messages' cost).
   */
  awareness?: boolean;
}

/**
 * A stock provider, authenticated as the PWA does (subprotocols) when given a token; the codes of
 * the closes the server makes go to `closes`.
 */
export function open(url: string, room: string, doc: Y.Doc, token?: string, closes: number[] = [], { awareness = true }: ClientOptions = {}, features: string[] = []): WebsocketProvider {
  class Socket extends WebSocket {
    constructor(address: string) {
      super(address, token ? socketProtocols(token, features) : []);
    }
  }
  const provider = new WebsocketProvider(url, room, doc, { WebSocketPolyfill: Socket as unknown as typeof globalThis.WebSocket, disableBc: true });
  provider.on('connection-close', (event) => provider.shouldConnect && closes.push(event?.code ?? 0));
  // Before the socket opens: the provider then never announces a state.
  if (!awareness) provider.awareness.setLocalState(null);
  else present(provider.awareness);
  return provider;
}

/**
 * A member present as the PWA's are, from its first frame: a stock provider's first state has clock
 * 0, which y-protocols never applies (an unknown client's clock is taken as 0), so without a state of
 * its own it arrives with its first renewal, 15–18 s later, inside the timed window, and the same
 * code's figure moves with how many of those fall in it. Its renewals are then due at a random
 * moment of the next 15 s, as those of a room's members who came at different times are: each
 * timed window holds about as many, whatever the server.
 */
export function present(awareness: Awareness): void {
  awareness.setLocalStateField('present', true);
  const meta = awareness.meta.get(awareness.clientID);
  if (meta) meta.lastUpdated -= Math.random() * RENEWAL_MS;
}

/** y-protocols renews a state that has not changed for half its 30 s timeout. */
const RENEWAL_MS = 15_000;

export const syncedOf = (provider: WebsocketProvider) =>
  provider.synced ? Promise.resolve() : new Promise<void>((resolve) => provider.once('sync', () => resolve()));

/** Messages that reach this client from the server; its own local writes do not count. */
export function watchMessages(doc: Y.Doc, handler: (body: string) => void): void {
  doc.getArray<{ body: string }>('messages').observe((event) => {
    if (event.transaction.local) return;
    for (const delta of event.changes.delta) {
      for (const value of (delta.insert as { body: string }[] | undefined) ?? []) handler(value.body);
    }
  });
}

/** Writes a message into the room's shared array, as a y-websocket app without a server writer does. */
export const writeMessage = (doc: Y.Doc, body: string) => doc.getArray('messages').push([{ id: newId(), body, at: new Date().toISOString() }]);

export function referenceClient(server: ServerUnderTest, room: string, options: ClientOptions = {}): ChatClient {
  const doc = new Y.Doc();
  const closes: number[] = [];
  const provider = open(server.syncUrl, room, doc, undefined, closes, options);
  let handler: (body: string) => void = () => {};
  watchMessages(doc, (body) => handler(body));
  return {
    onMessage: (h) => (handler = h),
    send: (body) => writeMessage(doc, body),
    synced: syncedOf(provider),
    closes,
    destroy: () => provider.destroy(),
  };
}

export interface VolleyUser {
  id: string;
  token: string;
}

/** A Volley user's two stock providers: their conversation's segment and their own document (the user-document path). */
export function volleyClient(server: ServerUnderTest, user: VolleyUser, convId: string, options: ClientOptions = {}): ChatClient {
  const convDoc = new Y.Doc();
  const userDoc = new Y.Doc();
  const closes: number[] = [];
  const conv = open(server.syncUrl, convRoom(convId, 0), convDoc, user.token, closes, options);
  // Awareness stays on in the user's own room: its echo is what keeps a lone socket from timing out.
  const own = open(server.syncUrl, userRoom(user.id), userDoc, user.token, closes);
  let handler: (body: string) => void = () => {};
  watchMessages(convDoc, (body) => handler(body));
  // Like the PWA, the client leaves its accepted sends to the server's prune (docs/protocol.md).
  return {
    onMessage: (h) => (handler = h),
    send: (body) => queueSend(userDoc, newId(), convId, body),
    synced: Promise.all([syncedOf(conv), syncedOf(own)]).then(() => undefined),
    closes,
    destroy: () => {
      conv.destroy();
      own.destroy();
    },
  };
}

/**
 * A Volley user sending as the client library does by default (client/src/frame-outbox.ts): op
 * frames on the conversation's socket, offered the op-frames subprotocol, each answered there once
 * committed; what is not answered is sent again, under its id, when the socket opens anew. One
 * socket per client: no user document is opened to send.
 */
export function volleyFrameClient(server: ServerUnderTest, user: VolleyUser, convId: string, options: ClientOptions = {}): ChatClient {
  const doc = new Y.Doc();
  const closes: number[] = [];
  const conv = open(server.syncUrl, convRoom(convId, 0), doc, user.token, closes, options, [OP_FRAMES_SUBPROTOCOL]);
  const unanswered = new Map<string, OutboxOp>();
  const post = (id: string, op: OutboxOp) => conv.wsconnected && conv.ws?.send(opFrame(id, op));
  conv.messageHandlers[messageOp] = (_encoder, decoder) => {
    const ack = readAckFrame(decoder);
    if (!ack) return;
    if (ack.status === 'rejected' && ack.reason === 'rate_limited') {
      const op = unanswered.get(ack.id);
      return void setTimeout(() => op && post(ack.id, op), Math.max(Date.parse(ack.detail ?? '') - Date.now(), 1));
    }
    unanswered.delete(ack.id);
  };
  conv.on('status', ({ status }) => status === 'connected' && unanswered.forEach((op, id) => post(id, op)));
  let handler: (body: string) => void = () => {};
  watchMessages(doc, (body) => handler(body));
  return {
    onMessage: (h) => (handler = h),
    send: (body) => {
      const id = newId();
      const op: OutboxOp = { op: 'send', convId, body };
      unanswered.set(id, op);
      post(id, op);
    },
    synced: syncedOf(conv),
    closes,
    destroy: () => conv.destroy(),
  };
}

/** Registers `count` users through the API, a few at a time (argon2 is the slow part). */
export async function registerUsers(apiUrl: string, count: number, prefix: string): Promise<VolleyUser[]> {
  const users: VolleyUser[] = [];
  let next = 0;
  async function worker() {
    while (next < count) {
      const i = next++;
      const username = `${prefix}${i}`;
      const res = await fetch(`${apiUrl}/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, email: `${username}@bench.test`, password: 'benchmark password' }),
      });
      if (!res.ok) throw new Error(`register ${username}: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { user: { id: string }; accessToken: string };
      users[i] = { id: body.user.id, token: body.accessToken };
    }
  }
  await Promise.all(Array.from({ length: 4 }, worker));
  return users;
}

export async function apiCall<T>(apiUrl: string, user: VolleyUser, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${user.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A fresh public channel created by the first user and joined by the others; its id. */
export async function channelOf(apiUrl: string, users: VolleyUser[], name: string): Promise<string> {
  const { id } = await apiCall<{ id: string }>(apiUrl, users[0]!, 'POST', '/channels', { name, access: 'public' });
  for (const user of users.slice(1)) await apiCall(apiUrl, user, 'POST', `/conversations/${id}/join`, {});
  return id;
}

/** `a` asks `b` to be friends and `b` accepts: each then sees the other's presence. */
export async function befriend(apiUrl: string, a: VolleyUser, b: VolleyUser): Promise<void> {
  const request = await apiCall<{ id: string }>(apiUrl, a, 'POST', '/friends/requests', { userId: b.id });
  await apiCall(apiUrl, b, 'POST', `/friends/requests/${request.id}/accept`, {});
}
