/**
 * Test support: a real sync server on port 0, users and conversations written through the core
 * models, and clients that are a stock y-websocket `WebsocketProvider` or a raw `ws` socket.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Block, Conversation, ConversationMember, Friendship, User } from '@volley/core';
import type { TestDeps } from '@volley/core/testing';
import { awarenessMessage, awarenessUpdate, ConvDoc, convRoom, messageOp, newId, opFrame, readAckFrame, socketProtocols, userRoom, UserDoc, type Message, type OpAck, type OutboxEntry, type OutboxOp, type ServerPresenceAwareness } from '@volley/shared';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createSyncServer, type SyncServerOptions } from './index.js';

const disposers: (() => unknown)[] = [];

/** Closes every client and server the test started, newest first (for `afterEach`). */
export async function disposeAll(): Promise<void> {
  for (const dispose of disposers.splice(0).reverse()) await dispose();
}

export interface RunningSync {
  /** `ws://127.0.0.1:<port>/sync` */
  url: string;
  close(): Promise<void>;
}

export async function startSyncServer(deps: TestDeps, options: SyncServerOptions = { evictAfterMs: 50 }): Promise<RunningSync> {
  const sync = createSyncServer(deps, options);
  const server = createServer();
  server.on('upgrade', (req, socket, head) => sync.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let closed: Promise<void> | undefined;
  const running = {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/sync`,
    close: () =>
      (closed ??= (async () => {
        await sync.close();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      })()),
  };
  disposers.push(running.close);
  return running;
}

export interface TestUser {
  id: string;
  username: string;
  token: string;
}

export async function createUser(deps: TestDeps): Promise<TestUser> {
  const id = newId();
  const username = `u_${id.slice(-10).toLowerCase()}`;
  await User.query(deps.db).insert({ id, username, email: `${username}@example.test`, displayName: username, passwordHash: 'not-used' });
  return { id, username, token: deps.tokens.sign({ userId: id, username }) };
}

export async function worldConversation(deps: TestDeps): Promise<string> {
  const world = await Conversation.query(deps.db).findOne({ kind: 'world' });
  return world!.id;
}

export async function join(deps: TestDeps, convId: string, ...users: TestUser[]): Promise<void> {
  for (const user of users) await ConversationMember.query(deps.db).insert({ conversationId: convId, userId: user.id });
}

/** A new channel whose members are `users`. */
export async function createChannel(deps: TestDeps, ...users: TestUser[]): Promise<string> {
  const id = newId();
  await Conversation.query(deps.db).insert({ id, kind: 'channel', name: `c_${id.slice(-6)}` });
  await join(deps, id, ...users);
  return id;
}

/** Friends, stored both ways as the api does. */
export async function befriend(deps: TestDeps, a: TestUser, b: TestUser): Promise<void> {
  await Friendship.query(deps.db).insert([
    { userId: a.id, friendId: b.id },
    { userId: b.id, friendId: a.id },
  ]);
}

export async function block(deps: TestDeps, blocker: TestUser, blocked: TestUser): Promise<void> {
  await Block.query(deps.db).insert({ blockerId: blocker.id, blockedId: blocked.id });
}

/** Friends' presence as the server shows it in a `user.<id>` room; undefined until it has. */
export function friendsPresence(provider: WebsocketProvider): ServerPresenceAwareness['presence'] | undefined {
  for (const state of provider.awareness.getStates().values()) if ('presence' in state) return (state as ServerPresenceAwareness).presence;
  return undefined;
}

/** A field the server signals in a `user.<id>` room (the inbox, member changes), as a stock client reads it. */
export function signalOf<K extends 'inbox' | 'members'>(provider: WebsocketProvider, field: K): NonNullable<ServerPresenceAwareness[K]> {
  const signal = {};
  for (const state of provider.awareness.getStates().values()) Object.assign(signal, (state as Partial<ServerPresenceAwareness>)[field]);
  return signal as NonNullable<ServerPresenceAwareness[K]>;
}

/**
 * A stock provider that authenticates the way the PWA does: subprotocols, no token in the URL.
 * `headers` are the upgrade request's (a proxy's X-Forwarded-For).
 */
export function connect(url: string, room: string, token: string, doc = new Y.Doc(), headers?: Record<string, string>): WebsocketProvider {
  class AuthenticatedSocket extends WebSocket {
    constructor(address: string) {
      super(address, socketProtocols(token), { ...(headers && { headers }) });
    }
  }
  // disableBc: providers in one process would otherwise sync through a BroadcastChannel, not the server.
  const provider = new WebsocketProvider(url, room, doc, { WebSocketPolyfill: AuthenticatedSocket as unknown as typeof globalThis.WebSocket, disableBc: true });
  disposers.push(() => {
    provider.destroy();
    provider.awareness.destroy();
    doc.destroy();
  });
  return provider;
}

export function synced(provider: WebsocketProvider): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve) => provider.once('sync', () => resolve()));
}

/** An awareness frame setting each `[client, clock, state]`, as y-protocols encodes it. */
export function awarenessFrame(...entries: [client: number, clock: number, state: unknown][]): Uint8Array {
  return awarenessMessage(awarenessUpdate(entries.map(([client, clock, state]) => ({ client, clock, state: JSON.stringify(state) }))));
}

/** A raw socket, for what a stock provider never sends (or never answers: `{autoPong: false}`). */
export function openSocket(url: string, protocols: string[], options?: WebSocket.ClientOptions): WebSocket {
  const ws = new WebSocket(url, protocols, options);
  ws.on('error', () => undefined);
  disposers.push(() => ws.terminate());
  return ws;
}

export function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('close', (code) => reject(new Error(`closed with ${code} before opening`)));
  });
}

export function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

/** Polls until `probe` returns something other than undefined or false. */
export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`waitFor: condition not met within ${timeoutMs} ms: ${probe.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// Chat ops: a user's outbox session, ops queued and their outcomes, DMs and segments.

/** The user's own room, synced. */
export async function session(server: RunningSync, user: TestUser): Promise<WebsocketProvider> {
  const provider = connect(server.url, userRoom(user.id), user.token);
  await synced(provider);
  return provider;
}

/** A conversation segment as a member reads it, synced. */
export async function segment(server: RunningSync, user: TestUser, convId: string, n = 0): Promise<WebsocketProvider> {
  const provider = connect(server.url, convRoom(convId, n), user.token);
  await synced(provider);
  return provider;
}

/** Queues `op` (under `id`, a new one by default) and resolves with the entry once the server decided it. */
export async function act(provider: WebsocketProvider, op: OutboxOp, id = newId()): Promise<OutboxEntry & { id: string }> {
  UserDoc.outbox(provider.doc).set(id, op);
  const entry = await waitFor(() => {
    const current = UserDoc.outbox(provider.doc).get(id);
    return current?.status !== undefined && current;
  });
  return { ...entry, id };
}

/** The message as the reader's copy of the segment shows it, once `ready` holds for it. */
export function shown(reader: WebsocketProvider, id: string, ready: (message: Message) => boolean = () => true): Promise<Message> {
  return waitFor(() => ConvDoc.messages(reader.doc).toArray().find((m) => m.id === id && ready(m)));
}

/** A raw socket on the conversation's head segment, sending op frames and reading their answers. */
export async function opSocket(server: RunningSync, user: TestUser, convId: string, n = 0) {
  const ws = openSocket(`${server.url}/${convRoom(convId, n)}`, socketProtocols(user.token));
  const acks: OpAck[] = [];
  const waiting: (() => void)[] = [];
  ws.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== messageOp) return;
    acks.push(readAckFrame(decoder)!);
    waiting.splice(0).forEach((wake) => wake());
  });
  await opened(ws);
  /** The answer to op `id` (its n-th when it was sent more than once). */
  const ackOf = async (id: string, n = 1): Promise<OpAck> => {
    for (;;) {
      const found = acks.filter((ack) => ack.id === id);
      if (found.length >= n) return found[n - 1]!;
      await new Promise<void>((wake) => waiting.push(wake));
    }
  };
  return {
    ws,
    send: (op: OutboxOp, id = newId()) => {
      ws.send(opFrame(id, op));
      return ackOf(id);
    },
    ackOf,
  };
}

export async function createDm(deps: TestDeps, a: TestUser, b: TestUser): Promise<string> {
  const id = newId();
  await Conversation.query(deps.db).insert({ id, kind: 'dm', name: '', dmKey: Conversation.dmKeyOf(a.id, b.id) });
  await join(deps, id, a, b);
  return id;
}
