/**
 * A process of idle sockets, driven over IPC by `bench/idle-sockets.ts`: it opens the sockets it is
 * given, each on its room with its user's token, from source addresses spread over 127.0.0.x (each
 * address has its own ephemeral ports), and holds them as a client that has synced holds its
 * rooms: past its sync step 1 it says nothing (ws answers the server's pings). Sockets marked `timed` note when an
 * update carrying the armed marker reaches them, on the machine's monotonic clock (the same in
 * every process), for the parent to measure delivery from its send.
 */
import WebSocket from 'ws';
import { socketProtocols } from '@volley/shared';
import { emptySyncStep1, isSyncStep2, isUpdate } from './raw-socket.js';

export interface IdleSocketSpec {
  room: string;
  token: string;
  /** A member socket of the timed room: its receipt of the marked update is reported. */
  timed: boolean;
}

export type ToIdleSockets =
  | { type: 'open'; syncUrl: string; sockets: IdleSocketSpec[]; addresses: string[]; concurrency: number }
  | { type: 'arm'; marker: string }
  | { type: 'collect' }
  | { type: 'status' };

export type FromIdleSockets =
  | { type: 'opened'; open: number; failed: string[] }
  | { type: 'armed' }
  | { type: 'received'; at: string[]; timed: number }
  | { type: 'status'; open: number; closed: number };

const sockets: WebSocket[] = [];
const timed: WebSocket[] = [];
let closed = 0;
let marker: Buffer | undefined;
let received: bigint[] = [];
const seen = new WeakSet<WebSocket>();

const JOIN_TIMEOUT_MS = 30_000;

const reply = (message: FromIdleSockets) => process.send!(message);

/**
 * Open once the server has answered the socket's sync step 1, which it does once the socket has
 * joined its loaded room: a conversation's segment is read-only, and on it the server speaks only
 * when spoken to. The server's own sync step 1 (on a user room) goes unanswered, as by a client that
 * has nothing the server lacks.
 */
function openOne(syncUrl: string, spec: IdleSocketSpec, localAddress: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${syncUrl}/${spec.room}`, socketProtocols(spec.token), { localAddress, perMessageDeflate: false });
    const fail = (why: string) => {
      clearTimeout(timer);
      ws.terminate();
      reject(new Error(why));
    };
    const timer = setTimeout(() => fail(`no frame in ${JOIN_TIMEOUT_MS} ms on ${spec.room}`), JOIN_TIMEOUT_MS);
    ws.once('open', () => ws.send(emptySyncStep1));
    const onMessage = (data: Buffer) => {
      if (!isSyncStep2(data)) return;
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onEarlyClose);
      ws.once('close', () => closed++);
      resolve(ws);
    };
    ws.on('message', onMessage);
    const onEarlyClose = (code: number) => fail(`closed ${code} before joining ${spec.room}`);
    ws.once('close', onEarlyClose);
    ws.once('error', (err) => fail(err.message));
  });
}

function watch(ws: WebSocket): void {
  ws.on('message', (data: Buffer) => {
    if (!marker || seen.has(ws) || !isUpdate(data) || !data.includes(marker)) return;
    seen.add(ws);
    received.push(process.hrtime.bigint());
  });
}

async function open(message: Extract<ToIdleSockets, { type: 'open' }>): Promise<void> {
  const failed: string[] = [];
  let next = 0;
  async function worker() {
    while (next < message.sockets.length) {
      const i = next++;
      const spec = message.sockets[i]!;
      try {
        const ws = await openOne(message.syncUrl, spec, message.addresses[i % message.addresses.length]!);
        sockets.push(ws);
        if (spec.timed) {
          timed.push(ws);
          watch(ws);
        }
      } catch (err) {
        failed.push((err as Error).message);
      }
    }
  }
  await Promise.all(Array.from({ length: message.concurrency }, worker));
  reply({ type: 'opened', open: sockets.length, failed: failed.slice(0, 5).concat(failed.length > 5 ? [`… ${failed.length} in all`] : []) });
}

process.on('message', (message: ToIdleSockets) => {
  switch (message.type) {
    case 'open':
      void open(message);
      break;
    case 'arm':
      marker = Buffer.from(message.marker);
      received = [];
      timed.forEach((ws) => seen.delete(ws));
      reply({ type: 'armed' });
      break;
    case 'collect':
      reply({ type: 'received', at: received.map(String), timed: timed.length });
      break;
    case 'status':
      reply({ type: 'status', open: sockets.length - closed, closed });
      break;
  }
});
// The parent gone (its end, or its failure), the sockets go with this process.
process.on('disconnect', () => process.exit(0));
