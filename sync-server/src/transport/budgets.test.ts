/**
 * The spine's budgets and close codes as a client notices them: a flood of any frame type closes
 * only the flooding socket with rate_limited (retryable); a frame of invented awareness ids fakes
 * no crowd; a socket that does not read is closed with overloaded instead of buffered for; and a
 * stock provider reconnects after a retryable close (a refused one stays closed: transport.test.ts).
 */
import { AccessTokens, UpdateLog } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import {
  AWARENESS_CLIENTS_PER_SOCKET,
  CloseCode,
  SYNC_OPENS_PER_USER,
  convRoom,
  messageSync,
  messageYjsSyncStep1,
  newId,
  queryAwarenessMessage,
  queueSend,
  socketProtocols,
  SYNC_BUDGETS,
  SYNC_HELD_FRAMES,
  syncStep1Message,
  syncStep2Message,
  updateMessage,
  userRoom,
  UserDoc,
} from '@volley/shared';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { awarenessFrame, closed, connect, createChannel, createUser, disposeAll, opened, openSocket, startSyncServer, synced, waitFor, type RunningSync, type TestUser } from '../sync-server.testing.js';

const emptyUpdate = Y.encodeStateAsUpdate(new Y.Doc());

/** Per frame type: a frame, and how many of them at once go past the socket's burst. */
const floods: [kind: string, frame: (n: number) => Uint8Array, count: number][] = [
  ['sync step 1', () => syncStep1Message(new Y.Doc()), SYNC_BUDGETS.syncStep1.socket.frames.burst + 5],
  ['sync step 2', () => syncStep2Message(emptyUpdate), SYNC_BUDGETS.syncStep2.socket.frames.burst + 5],
  ['update', () => updateMessage(emptyUpdate), SYNC_BUDGETS.update.socket.frames.burst + 20],
  ['awareness (its own state)', (n) => awarenessFrame([4242, n + 1, { typing: n % 2 === 0 }]), SYNC_BUDGETS.awareness.socket.frames.burst + 10],
  ['query-awareness', () => queryAwarenessMessage(), SYNC_BUDGETS.queryAwareness.socket.frames.burst + 5],
];

/** The code of the close frame among the server's (unmasked) frames after the upgrade response. */
function closeCodeIn(bytes: Buffer): number | undefined {
  for (let at = bytes.indexOf('\r\n\r\n') + 4; at + 2 <= bytes.length; ) {
    const length = bytes[at + 1]! & 0x7f;
    const header = length === 126 ? 4 : length === 127 ? 10 : 2;
    const payload = length === 126 ? bytes.readUInt16BE(at + 2) : length === 127 ? Number(bytes.readBigUInt64BE(at + 2)) : length;
    if ((bytes[at]! & 0x0f) === 0x8) return bytes.readUInt16BE(at + header);
    at += header + payload;
  }
  return undefined;
}

const deps = await testDeps({ afterEach: disposeAll });

describe('budgets and close codes', () => {
  let server: RunningSync;
  let alice: TestUser;
  let bob: TestUser;
  let channel: string;

  beforeAll(async () => {
    [alice, bob] = [await createUser(deps), await createUser(deps)];
    channel = await createChannel(deps, alice, bob);
  });
  beforeEach(async () => {
    server = await startSyncServer(deps);
  });

  async function rawSocket(room: string, user = alice): Promise<WebSocket> {
    const ws = openSocket(`${server.url}/${room}`, socketProtocols(user.token));
    await opened(ws);
    return ws;
  }

  it.each(floods)('closes the socket flooding %s with rate_limited, and only that one', async (_kind, frame, count) => {
    const session = connect(server.url, userRoom(alice.id), alice.token);
    const reader = connect(server.url, convRoom(channel, 0), bob.token);
    await Promise.all([synced(session), synced(reader)]);
    const closes: number[] = [];
    for (const provider of [session, reader]) provider.on('connection-close', (event) => closes.push(event?.code ?? 0));

    const attacker = await rawSocket(userRoom(alice.id));
    const closing = closed(attacker);
    for (let n = 0; n < count; n++) attacker.send(frame(n));
    expect(await closing).toEqual({ code: CloseCode.rateLimited, reason: 'rate_limited' });

    // The same user's other socket and another user are untouched: the next send goes through.
    const id = queueSend(session.doc, newId(), channel, 'after the flood');
    expect(await waitFor(() => UserDoc.outbox(session.doc).get(id)?.status)).toBe('accepted');
    expect(closes).toEqual([]);
  });

  it('charges the updates a conversation socket sends though it drops them: flooding them is closed with rate_limited', async () => {
    const reader = connect(server.url, convRoom(channel, 0), bob.token);
    await synced(reader);
    const readerCloses: number[] = [];
    reader.on('connection-close', (event) => readerCloses.push(event?.code ?? 0));
    const attacker = await rawSocket(convRoom(channel, 0));
    const closing = closed(attacker);
    for (let n = 0; n < SYNC_BUDGETS.update.socket.frames.burst + 20; n++) attacker.send(updateMessage(emptyUpdate));
    expect(await closing).toEqual({ code: CloseCode.rateLimited, reason: 'rate_limited' });
    expect(readerCloses).toEqual([]);
  });

  // On PostgreSQL, where a lock on the update log keeps a room loading for as long as the test holds it.
  it.skipIf(!process.env.DATABASE_URL)('holds the frames that arrive while a room loads, up to a budget: a flood of them is closed with rate_limited before the room has loaded, a client within it is answered once it has', async () => {
    const room = convRoom(channel, 0);
    const loading = await deps.db.transaction();
    let patient: ReturnType<typeof connect>;
    try {
      await loading.raw('lock table sync_updates in access exclusive mode');
      // Its sync step 1 is held while the room loads; the answer to it is what makes it synced.
      patient = connect(server.url, room, bob.token);
      await new Promise<void>((resolve) => patient.on('status', ({ status }: { status: string }) => status === 'connected' && resolve()));
      const flooder = await rawSocket(room);
      const closing = closed(flooder);
      for (let n = 0; n < SYNC_HELD_FRAMES.frames + 5; n++) flooder.send(updateMessage(emptyUpdate));
      expect(await closing).toEqual({ code: CloseCode.rateLimited, reason: 'rate_limited' });
      expect(patient.synced).toBe(false);
    } finally {
      await loading.rollback();
    }
    await synced(patient);
  });

  it('charges a user’s sockets together: many sockets each under their own budget are closed once the user’s is spent', async () => {
    const { socket, user } = SYNC_BUDGETS.queryAwareness;
    const sockets = await Promise.all(Array.from({ length: Math.ceil(user.frames.burst / socket.frames.burst) + 2 }, () => rawSocket(convRoom(channel, 0))));
    const codes = sockets.map((ws) => closed(ws).then(({ code }) => code));
    for (const ws of sockets) for (let n = 0; n < socket.frames.burst; n++) ws.send(queryAwarenessMessage());
    const first = await Promise.race(codes);
    expect(first).toBe(CloseCode.rateLimited);
  });

  it('charges a user’s budget across reconnections: one socket at a time, each within its own budget, is closed once the user’s is spent', async () => {
    const { socket, user } = SYNC_BUDGETS.update;
    const codes: number[] = [];
    // Each socket sends its own burst and closes; the user's burst is spent after user / socket of them
    // (a few more on a busy machine, where the user's bucket refills while the next socket opens).
    for (let n = 0; n < Math.ceil(user.frames.burst / socket.frames.burst) + 10 && !codes.includes(CloseCode.rateLimited); n++) {
      const ws = await rawSocket(userRoom(alice.id));
      const closing = closed(ws);
      for (let frame = 0; frame < socket.frames.burst; frame++) ws.send(updateMessage(emptyUpdate));
      ws.close();
      codes.push((await closing).code);
    }
    expect(codes.at(-1)).toBe(CloseCode.rateLimited);
  });

  it('stops reading a socket that floods on after it was closed, and drops it: the client has the close code', async () => {
    const reader = connect(server.url, convRoom(channel, 0), bob.token);
    await synced(reader);
    const readerCloses: number[] = [];
    reader.on('connection-close', (event) => readerCloses.push(event?.code ?? 0));
    // A raw TCP client that never answers the closing handshake and never stops sending: ws alone
    // would read (unmask, copy) everything it sends for 30 s, waiting for its close frame.
    const { port } = new URL(server.url);
    const tcp = createConnection({ host: '127.0.0.1', port: Number(port) });
    tcp.on('error', () => undefined);
    tcp.write(
      [`GET /sync/${convRoom(channel, 0)} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`, 'Sec-WebSocket-Version: 13', `Sec-WebSocket-Protocol: ${socketProtocols(alice.token).join(', ')}`, '', ''].join('\r\n'),
    );
    const received: Buffer[] = [];
    tcp.on('data', (chunk: Buffer) => received.push(chunk));
    const dropped = new Promise<void>((resolve) => tcp.on('close', () => resolve()));
    // Masked binary frames of an unknown message type (4400 at the first), sent until the server lets go.
    const frame = Buffer.from([0x82, 0x84, 1, 2, 3, 4, 7 ^ 1, 1 ^ 2, 2 ^ 3, 3 ^ 4]);
    let open = true;
    void dropped.then(() => (open = false));
    const pump = () => {
      if (!open) return;
      if (tcp.writableLength < 1 << 20) tcp.write(Buffer.concat(Array.from({ length: 1000 }, () => frame)));
      setImmediate(pump);
    };
    pump();
    await dropped;
    // The close frame with 4400 reached the client before the connection was dropped.
    expect(closeCodeIn(Buffer.concat(received))).toBe(CloseCode.badRequest);
    // Everyone else is served on.
    const session = connect(server.url, userRoom(bob.id), bob.token);
    await synced(session);
    const id = queueSend(session.doc, newId(), channel, 'after the flood');
    expect(await waitFor(() => UserDoc.outbox(session.doc).get(id)?.status)).toBe('accepted');
    expect(readerCloses).toEqual([]);
  });

  it('refuses a user opening sockets faster than the budget with rate_limited, before reading the room, and nobody else', async () => {
    const room = convRoom(channel, 0);
    const reader = connect(server.url, room, bob.token);
    await synced(reader);
    const readerCloses: number[] = [];
    reader.on('connection-close', (event) => readerCloses.push(event?.code ?? 0));
    // A refused socket is accepted and closed at once; an admitted one is sent the room's awareness (the reader's state): 0.
    const outcome = (ws: WebSocket) => Promise.race([closed(ws).then(({ code }) => code), new Promise<number>((resolve) => ws.once('message', () => resolve(0)))]);
    // Past the burst by more than the sockets a busy machine is slow to open meanwhile get back (10 a second).
    const started = Date.now();
    const codes = await Promise.all(Array.from({ length: SYNC_OPENS_PER_USER.burst + 40 }, () => outcome(openSocket(`${server.url}/${room}`, socketProtocols(alice.token)))));
    // At most the burst and what refilled while they opened (4 s on a busy machine: none refused).
    const refilled = Math.ceil((SYNC_OPENS_PER_USER.perSecond * (Date.now() - started)) / 1000);
    expect(codes.filter((code) => code === CloseCode.rateLimited).length).toBeGreaterThanOrEqual(Math.min(15, 40 - refilled));
    expect(codes.filter((code) => code !== CloseCode.rateLimited && code !== 0)).toEqual([]);
    expect(reader.wsconnected).toBe(true);
    expect(readerCloses).toEqual([]);
  });

  it('lets a frame of 5,000 invented awareness ids fake no crowd', async () => {
    const reader = connect(server.url, convRoom(channel, 0), bob.token);
    await synced(reader);
    const attacker = await rawSocket(convRoom(channel, 0));
    attacker.send(awarenessFrame(...Array.from({ length: 5000 }, (_, i): [number, number, unknown] => [100_000 + i, 1, { typing: true }])));
    await waitFor(() => reader.awareness.getStates().size > 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const states = [...reader.awareness.getStates().values()] as { user?: { id: string } }[];
    expect(states.length).toBeLessThanOrEqual(1 + AWARENESS_CLIENTS_PER_SOCKET);
    expect(new Set(states.map((state) => state.user?.id ?? bob.id))).toEqual(new Set([alice.id, bob.id]));

    // Nor can it set or clear another socket's state, or the server's.
    attacker.send(awarenessFrame([reader.awareness.clientID, 99, null]));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reader.awareness.getStates().has(reader.awareness.clientID)).toBe(true);
    expect(attacker.readyState).toBe(attacker.OPEN);

    // Invented ids are no echoes: a flood of them is charged like its own states.
    const closing = closed(attacker);
    for (let n = 0; n < SYNC_BUDGETS.awareness.socket.frames.burst + 10; n++) attacker.send(awarenessFrame([200_000 + n, 1, {}]));
    expect((await closing).code).toBe(CloseCode.rateLimited);
  });

  it('closes a socket that does not read its answers with overloaded instead of buffering them', async () => {
    // A segment whose state is 4 MB: each sync step 1 is answered with all of it. A channel of its
    // own: the earlier tests' servers may still be writing the shared channel's room as they stop,
    // which can replace the stored updates this one appends.
    const room = convRoom(await createChannel(deps, alice, bob), 0);
    const big = new Y.Doc();
    big.getText('filler').insert(0, 'x'.repeat(4 * 1024 * 1024));
    await new UpdateLog(deps.db).append(room, Y.encodeStateAsUpdate(big));
    const ws = await rawSocket(room);
    const underlying = (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    underlying.pause();
    for (let n = 0; n < SYNC_BUDGETS.syncStep1.socket.frames.burst; n++) ws.send(syncStep1Message(new Y.Doc()));
    // The barrier: another member's sync step 1 on the same room, asked after the burst. A room
    // answers once what it has applied is durable, in the order asked (a write committing meanwhile
    // makes them wait, and on PostgreSQL under load that can outlast a barrier on another room), so
    // the first frame of this answer comes after the server has answered (or refused to queue)
    // every frame of the burst. Read as it comes: this socket is not the one overloaded.
    const barrier = await rawSocket(room, bob);
    barrier.send(syncStep1Message(new Y.Doc()));
    const answered = new Promise((resolve) => barrier.on('message', (data: Buffer) => data[0] === messageSync && data[1] !== messageYjsSyncStep1 && resolve(undefined)));
    await Promise.race([answered, closed(barrier)]);
    barrier.close();
    const closing = closed(ws);
    underlying.resume();
    expect((await closing).code).toBe(CloseCode.overloaded);
    // Megabytes encoded and answered five times over: beside three other test files, 20 s was short.
  }, 60_000);

  it('has a stock provider reconnect after rate_limited', async () => {
    const provider = connect(server.url, convRoom(channel, 0), alice.token);
    await synced(provider);
    const close = new Promise<number>((resolve) => provider.once('connection-close', (event) => resolve(event?.code ?? 0)));
    for (let n = 0; n < SYNC_BUDGETS.awareness.socket.frames.burst + 10; n++) provider.awareness.setLocalStateField('n', n);
    expect(await close).toBe(CloseCode.rateLimited);
    await waitFor(() => provider.wsconnected, 10_000);
    expect(provider.shouldConnect).toBe(true);
  });

  it('has a stock provider reconnect after token_expired, with the fresh token it finds', async () => {
    let token = new AccessTokens(deps.config.jwtSecret, 2).sign({ userId: alice.id, username: alice.username });
    class Socket extends WebSocket {
      constructor(address: string) {
        super(address, socketProtocols(token));
      }
    }
    const provider = new WebsocketProvider(server.url, userRoom(alice.id), new Y.Doc(), { WebSocketPolyfill: Socket as unknown as typeof globalThis.WebSocket, disableBc: true });
    try {
      await synced(provider);
      const close = await new Promise<number>((resolve) => provider.once('connection-close', (event) => resolve(event?.code ?? 0)));
      expect(close).toBe(CloseCode.tokenExpired);
      token = alice.token;
      await waitFor(() => provider.wsconnected, 10_000);
    } finally {
      provider.destroy();
    }
  });
});
