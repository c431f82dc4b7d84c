/**
 * The durable peer: the reference y-websocket server (2.1.0's `bin/utils.cjs`: its rooms, its
 * broadcast, its awareness, its pings) with one change, that an update is stored before anyone sees
 * it. Each update a client sends (sync step 2 or update) is one row, INSERTed and committed before
 * the update is applied to the room, which is what broadcasts it. The updates of all rooms go
 * together, on one held connection: those that arrived in an event-loop turn in one statement at
 * its end, and those that arrive while a statement is out in the next one (a group commit: at most
 * one statement a turn, and never a queue of statements behind a slow commit), so updates commit
 * and apply in the order they came. The smallest server that keeps the promise Volley makes (a
 * message is committed before anyone sees it): what the promise itself costs a relay.
 *
 *   PEER_DATABASE_URL=postgres://… PEER_SCHEMA=… PORT=… node --import tsx bench/lib/durable-peer.ts
 *
 * The schema is the run's own (the harness creates and drops it); the connection's
 * `application_name` is `PEER_APPLICATION` so that the harness can find its backend.
 */
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { WebSocketServer, type WebSocket } from 'ws';

const require = createRequire(import.meta.url);
// The reference's own modules, and the Yjs and y-protocols instances they use.
const referenceDir = dirname(require.resolve('y-websocket-reference/package.json'));
const fromReference = createRequire(join(referenceDir, 'bin/utils.cjs'));
const utils = fromReference('./utils.cjs') as {
  setupWSConnection(conn: WebSocket, req: unknown, options?: { docName?: string }): void;
  getYDoc(name: string): import('yjs').Doc & { awareness: import('y-protocols/awareness').Awareness; name: string };
};
const Y = fromReference('yjs') as typeof import('yjs');
const syncProtocol = fromReference('y-protocols/sync') as typeof import('y-protocols/sync');
const awarenessProtocol = fromReference('y-protocols/awareness') as typeof import('y-protocols/awareness');
const encoding = fromReference('lib0/encoding') as typeof import('lib0/encoding');
const decoding = fromReference('lib0/decoding') as typeof import('lib0/decoding');

type Room = ReturnType<typeof utils.getYDoc>;
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

const schema = process.env.PEER_SCHEMA!;
const db = new pg.Client({ connectionString: process.env.PEER_DATABASE_URL, application_name: process.env.PEER_APPLICATION });
await db.connect();
await db.query(`create table if not exists "${schema}".updates (id bigserial primary key, room text not null, data bytea not null, at timestamptz not null default now())`);
const INSERT = { name: 'insert_updates', text: `insert into "${schema}".updates (room, data) select * from unnest($1::text[], $2::bytea[])` };

/** Updates received and not yet stored, in order. */
let pending: { room: Room; update: Uint8Array; origin: WebSocket }[] = [];
/** A statement is out: what arrives meanwhile waits for the next one. */
let storing = false;

function store(room: Room, update: Uint8Array, origin: WebSocket): void {
  if (pending.length === 0 && !storing) setImmediate(flush);
  pending.push({ room, update, origin });
}

/** One statement for every update pending, of all rooms; then, once committed, the rooms apply and broadcast them. */
function flush(): void {
  const batch = pending;
  pending = [];
  storing = true;
  db.query({ ...INSERT, values: [batch.map((u) => u.room.name), batch.map((u) => Buffer.from(u.update))] }).then(
    () => {
      // Committed (autocommit, synchronous_commit as configured): now the rooms may apply and broadcast.
      for (const { room, update, origin } of batch) Y.applyUpdate(room, update, origin);
      storing = false;
      if (pending.length > 0) setImmediate(flush);
    },
    (error: unknown) => {
      console.error('durable peer: insert failed', error);
      process.exit(1);
    },
  );
}

/** A client that has nothing to add answers sync step 1 with this empty update: there is nothing to store. */
const isEmpty = (update: Uint8Array) => update.length === 2 && update[0] === 0 && update[1] === 0;

/** The reference's message listener, except that sync step 2 and updates go through `store`. */
function onMessage(conn: WebSocket, room: Room, message: Uint8Array): void {
  try {
    read(conn, room, message);
  } catch (error) {
    console.error('durable peer: unreadable message', error);
  }
}

function read(conn: WebSocket, room: Room, message: Uint8Array): void {
  const decoder = decoding.createDecoder(message);
  const type = decoding.readVarUint(decoder);
  if (type === MESSAGE_AWARENESS) {
    awarenessProtocol.applyAwarenessUpdate(room.awareness, decoding.readVarUint8Array(decoder), conn);
    return;
  }
  if (type !== MESSAGE_SYNC) return;
  const syncType = decoding.readVarUint(decoder);
  if (syncType === syncProtocol.messageYjsSyncStep1) {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep2(encoder, room, decoding.readVarUint8Array(decoder));
    conn.send(encoding.toUint8Array(encoder));
    return;
  }
  const update = decoding.readVarUint8Array(decoder);
  if (!isEmpty(update)) store(room, update, conn);
}

const wss = new WebSocketServer({ noServer: true });
const server = createServer((_req, res) => res.end('okay'));
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (conn) => {
    const docName = (req.url ?? '').slice(1).split('?')[0]!;
    utils.setupWSConnection(conn, req, { docName });
    // The reference's listener applies updates as they come: this one stores them first.
    conn.removeAllListeners('message');
    const room = utils.getYDoc(docName);
    conn.on('message', (data: ArrayBuffer) => onMessage(conn, room, new Uint8Array(data)));
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  void db.end().finally(() => process.exit(0));
});
