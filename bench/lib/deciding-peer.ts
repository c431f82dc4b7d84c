/**
 * The deciding peer: the smallest server that keeps the whole of what Volley's send path promises,
 * where the durable peer (durable-peer.ts) keeps only "stored before shown". Its clients do not
 * write the room's document: they send op frames as Volley's do (shared/src/op-frames.ts,
 * docs/protocol.md "Op frames"), and the server decides each one and writes the message itself:
 * - the frame is read and validated (a ULID id, a `send` to this socket's conversation, a body of
 *   well-formed text without NUL, at most 4,000 characters);
 * - an op id is decided once: sent again, it gets its first answer;
 * - the message gets the conversation's next seq, and its element is built in the room's document
 *   without being shown;
 * - the messages of all rooms in an event-loop turn are committed in one statement on one held
 *   connection — each a row of `messages` (its id the primary key, one seq per conversation) and
 *   the element's update a row of `updates` — and those that arrive while a statement is out go in
 *   the next (a group commit);
 * - once committed, each update is framed once and written to every socket of its room, the
 *   author's with its answer (`accepted`, the seq) in the same write.
 * Everything else is the reference y-websocket server's (2.1.0's `bin/utils.cjs`: its rooms,
 * awareness and pings). Not kept: identity (the bearer subprotocol is taken as the author's id,
 * unverified: Volley checks a token once per socket, not per message), membership, rate limits,
 * segments, mentions: in memory in Volley, a few map lookups a message.
 *
 *   PEER_DATABASE_URL=postgres://… PEER_SCHEMA=… PORT=… node --import tsx bench/lib/deciding-peer.ts
 */
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { Sender, WebSocketServer, type WebSocket } from 'ws';
import { ackFrame, messageOp, OP_FRAMES_SUBPROTOCOL, tokenFromProtocols, type OpAck } from '@volley/shared';

const require = createRequire(import.meta.url);
const referenceDir = dirname(require.resolve('y-websocket-reference/package.json'));
const fromReference = createRequire(join(referenceDir, 'bin/utils.cjs'));
type Doc = import('yjs').Doc & { awareness: import('y-protocols/awareness').Awareness; name: string; conns: Map<WebSocket, Set<number>> };
const utils = fromReference('./utils.cjs') as {
  setupWSConnection(conn: WebSocket, req: unknown, options?: { docName?: string }): void;
  getYDoc(name: string): Doc;
};
const syncProtocol = fromReference('y-protocols/sync') as typeof import('y-protocols/sync');
const awarenessProtocol = fromReference('y-protocols/awareness') as typeof import('y-protocols/awareness');
const encoding = fromReference('lib0/encoding') as typeof import('lib0/encoding');
const decoding = fromReference('lib0/decoding') as typeof import('lib0/decoding');

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const BUILT = Symbol('built');
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const BODY_MAX = 4000;
/** Answers remembered for op ids sent again. */
const ANSWERS_KEPT = 10_000;

const schema = process.env.PEER_SCHEMA!;
const db = new pg.Client({ connectionString: process.env.PEER_DATABASE_URL, application_name: process.env.PEER_APPLICATION });
await db.connect();
await db.query(`create table if not exists "${schema}".messages (id text primary key, conversation text not null, seq int not null, author text not null, body text not null, created_at timestamptz not null default now(), unique (conversation, seq))`);
await db.query(`create table if not exists "${schema}".updates (id bigserial primary key, room text not null, data bytea not null)`);
const RECORD = {
  name: 'record_messages',
  text: `with m as (insert into "${schema}".messages (id, conversation, seq, author, body) select * from unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[]))
    insert into "${schema}".updates (room, data) select * from unnest($6::text[], $7::bytea[])`,
};

interface Room {
  doc: Doc;
  convId: string;
  lastSeq: number;
  /** The update the last build made (the doc's own update listener, in place of the reference's broadcast). */
  built: Uint8Array | undefined;
}

interface Decided {
  room: Room;
  id: string;
  seq: number;
  author: string;
  body: string;
  update: Uint8Array;
  /** The sockets to answer once committed: the author's, and any that sent the op again meanwhile. */
  answer: WebSocket[];
}

const rooms = new Map<string, Room>();
/** Op id → its answer, or the decision waiting for its commit. */
const answers = new Map<string, OpAck | Decided>();
let pending: Decided[] = [];
let storing = false;

function roomOf(name: string): Room | undefined {
  const known = rooms.get(name);
  if (known) return known;
  const convId = /^conv\.(.+)\.0$/.exec(name)?.[1];
  if (!convId) return undefined;
  const doc = utils.getYDoc(name);
  // Updates are shown once committed, by `flush`, not as the reference shows them, at once.
  for (const listener of [...((doc as unknown as { _observers: Map<string, Set<unknown>> })._observers.get('update') ?? [])]) doc.off('update', listener as () => void);
  const room: Room = { doc, convId, lastSeq: 0, built: undefined };
  doc.on('update', (update: Uint8Array, origin: unknown) => origin === BUILT && (room.built = update));
  rooms.set(name, room);
  return room;
}

const reject = (conn: WebSocket, id: string, detail: string) => conn.send(ackFrame({ id, status: 'rejected', reason: 'invalid_op', detail }));

function decide(conn: WebSocket, author: string, room: Room, decoder: decoding.Decoder): void {
  let value: { id?: unknown; op?: unknown; convId?: unknown; body?: unknown };
  try {
    value = JSON.parse(decoding.readVarString(decoder)) as typeof value;
  } catch {
    return conn.close(4400);
  }
  const { id, op, convId, body } = value ?? {};
  if (typeof id !== 'string' || !ULID.test(id)) return conn.close(4400);
  const known = answers.get(id);
  if (known && 'status' in known) return void conn.send(ackFrame(known));
  if (known) return void known.answer.push(conn);
  if (op !== 'send' || convId !== room.convId) return reject(conn, id, 'not a send to this conversation');
  if (typeof body !== 'string' || body.length === 0 || body.length > BODY_MAX || !body.isWellFormed() || body.includes('\u0000')) return reject(conn, id, 'body');
  const seq = ++room.lastSeq;
  room.doc.transact(() => room.doc.getArray('messages').push([{ id, seq, author, authorName: author, body, at: new Date().toISOString() }]), BUILT);
  const decided: Decided = { room, id, seq, author, body, update: room.built!, answer: [conn] };
  answers.set(id, decided);
  if (pending.length === 0 && !storing) setImmediate(flush);
  pending.push(decided);
}

const framed = (message: Uint8Array): Buffer => Buffer.concat(Sender.frame(Buffer.from(message), { fin: true, opcode: 2, mask: false, readOnly: false, rsv1: false }));
const write = (conn: WebSocket, frame: Buffer) => conn.readyState === conn.OPEN && (conn as unknown as { _socket: { write(b: Buffer): void } })._socket.write(frame);

/** One statement for every decision pending, of all rooms; then, once committed, each room sees its update and the authors their answer. */
function flush(): void {
  const batch = pending;
  pending = [];
  storing = true;
  const values = [
    batch.map((d) => d.id),
    batch.map((d) => d.room.convId),
    batch.map((d) => d.seq),
    batch.map((d) => d.author),
    batch.map((d) => d.body),
    batch.map((d) => d.room.doc.name),
    batch.map((d) => Buffer.from(d.update)),
  ];
  db.query({ ...RECORD, values }).then(
    () => {
      for (const decided of batch) {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        syncProtocol.writeUpdate(encoder, decided.update);
        const ack: OpAck = { id: decided.id, status: 'accepted', seq: decided.seq };
        answers.set(decided.id, ack);
        if (answers.size > ANSWERS_KEPT) answers.delete(answers.keys().next().value!);
        // Framed once, written to every socket of the room as it is; the author's answer in the same write.
        const frame = framed(encoding.toUint8Array(encoder));
        const answered = Buffer.concat([frame, framed(ackFrame(ack))]);
        for (const conn of decided.room.doc.conns.keys()) write(conn, decided.answer.includes(conn) ? answered : frame);
        for (const conn of decided.answer) if (!decided.room.doc.conns.has(conn)) write(conn, framed(ackFrame(ack)));
      }
      storing = false;
      if (pending.length > 0) setImmediate(flush);
    },
    (error: unknown) => {
      console.error('deciding peer: insert failed', error);
      process.exit(1);
    },
  );
}

function read(conn: WebSocket, author: string, room: Room, message: Uint8Array): void {
  const decoder = decoding.createDecoder(message);
  const type = decoding.readVarUint(decoder);
  if (type === messageOp) return decide(conn, author, room, decoder);
  if (type === MESSAGE_AWARENESS) return awarenessProtocol.applyAwarenessUpdate(room.doc.awareness, decoding.readVarUint8Array(decoder), conn);
  // Clients do not write the document: only their sync step 1 is answered.
  if (type === MESSAGE_SYNC && decoding.readVarUint(decoder) === syncProtocol.messageYjsSyncStep1) {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep2(encoder, room.doc, decoding.readVarUint8Array(decoder));
    conn.send(encoding.toUint8Array(encoder));
  }
}

const wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => (offered.has(OP_FRAMES_SUBPROTOCOL) ? OP_FRAMES_SUBPROTOCOL : false) });
const server = createServer((_req, res) => res.end('okay'));
server.on('upgrade', (req, socket, head) => {
  const docName = (req.url ?? '').slice(1).split('?')[0]!;
  const author = tokenFromProtocols((req.headers['sec-websocket-protocol'] ?? '').split(','));
  const room = roomOf(docName);
  if (!author || !room) return socket.destroy();
  wss.handleUpgrade(req, socket, head, (conn) => {
    utils.setupWSConnection(conn, req, { docName });
    conn.removeAllListeners('message');
    conn.on('message', (data: ArrayBuffer) => {
      try {
        read(conn, author, room, new Uint8Array(data));
      } catch (error) {
        console.error('deciding peer: unreadable message', error);
      }
    });
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  void db.end().finally(() => process.exit(0));
});
