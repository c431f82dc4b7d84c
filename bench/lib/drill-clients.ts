/**
 * A process of the failover drill's clients, driven over IPC by `bench/failover-drill.ts`: each a
 * `VolleyClient` (op frames on its channel's socket, through nginx), from source addresses spread
 * over 127.0.x.y. Its share of the sends goes out at its share of the rate, its clients in turn;
 * every send, its answer and every reconnection are timed on the wall clock (the same in every
 * process) and handed to the parent at the end. Clients marked `present` also hold their user room
 * with a session status, as the PWA does: they are the friends whose presence the drill watches.
 */
import WebSocket from 'ws';
import { VolleyClient, type WebSocketConstructor } from '@volley/client';
import { convRoom } from '@volley/shared';

export interface DrillClientSpec {
  token: string;
  convId: string;
  /** The room's index in the drill. */
  room: number;
  present: boolean;
}

export interface DrillSend {
  id: string;
  body: string;
  room: number;
  at: number;
  ackAt?: number;
  outcome?: string;
}

/**
 * A room socket of a client that went from open to reconnecting (`left`), and open again (`back`):
 * when each attempt dialled, and the close code of each attempt that failed, to tell the back-off's
 * waits from the time a server takes to admit the socket.
 */
export interface DrillReconnect {
  left: number;
  back?: number;
  dials: number[];
  codes: number[];
}

export type ToDrillClients =
  | { type: 'open'; url: string; clients: DrillClientSpec[]; addresses: string[]; name: string }
  | { type: 'send'; rate: number }
  | { type: 'stop' }
  | { type: 'collect'; waitMs: number };

export type FromDrillClients =
  | { type: 'opened'; count: number }
  | { type: 'sending' }
  | { type: 'stopped'; sent: number; seconds: number }
  | { type: 'collected'; sent: DrillSend[]; reconnects: DrillReconnect[] };

/**
 * A tick that comes late (a busy machine) sends what it owes, up to this many seconds of it: the rate
 * is kept over the run, and only a stall longer than that drops sends (the rate sent is printed).
 */
const CATCH_UP_SECONDS = 1;

const clients: { client: VolleyClient; spec: DrillClientSpec }[] = [];
const sent: DrillSend[] = [];
const reconnects: DrillReconnect[] = [];
let name = '';
let sending: NodeJS.Timeout | undefined;
let sendingFrom = 0;
let sendingFor = 0;

const reply = (message: FromDrillClients) => process.send!(message);

async function open(message: Extract<ToDrillClients, { type: 'open' }>): Promise<void> {
  name = message.name;
  for (const [i, spec] of message.clients.entries()) {
    const localAddress = message.addresses[i % message.addresses.length]!;
    class FromAddress extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { localAddress });
      }
    }
    const client = new VolleyClient({
      url: message.url,
      token: spec.token,
      WebSocket: FromAddress as unknown as WebSocketConstructor,
      onRoom: (room) => {
        let pending: DrillReconnect | undefined;
        room.statusChanged.add((status) => {
          // A reconnection: from open to waiting or connecting, until open again. A room the client
          // library closes itself (idle, ended) is no reconnection.
          if ((status === 'waiting' || status === 'connecting') && !pending) {
            pending = { left: Date.now(), dials: [], codes: [] };
            reconnects.push(pending);
          }
          if (status === 'connecting') pending!.dials.push(Date.now());
          if (status === 'open' && pending) {
            pending.back = Date.now();
            pending = undefined;
          }
          if ((status === 'idle' || status === 'ended') && pending) {
            reconnects.splice(reconnects.indexOf(pending), 1);
            pending = undefined;
          }
        });
        room.socket.closed.add(({ code }) => pending?.codes.push(code));
      },
    });
    await client.me();
    if (spec.present) client.userRoom().awareness.setLocalStateField('status', 'online');
    // The channel's socket opened now, not on the first send: the one the op frames then go through.
    client.rooms.acquire(convRoom(spec.convId, 0));
    clients.push({ client, spec });
  }
  reply({ type: 'opened', count: clients.length });
}

function send(rate: number): void {
  let n = 0;
  sendingFrom = Date.now();
  sending = setInterval(() => {
    const due = Math.floor(((Date.now() - sendingFrom) * rate) / 1000);
    n = Math.max(n, due - Math.ceil(rate * CATCH_UP_SECONDS));
    while (n < due) sendOne(n++);
  }, 1000 / rate);
}

function sendOne(n: number): void {
  const { client, spec } = clients[n % clients.length]!;
  const record: DrillSend = { id: '', body: `drill ${name}-${n}`, room: spec.room, at: Date.now() };
  sent.push(record);
  let pending: ReturnType<ReturnType<VolleyClient['outbox']>['send']>;
  try {
    pending = client.outbox().send(spec.convId, record.body);
  } catch (err) {
    record.outcome = `error:${(err as Error).message}`;
    return;
  }
  record.id = pending.id;
  pending.outcome.then(
    (outcome) => {
      record.ackAt = Date.now();
      record.outcome = outcome.status === 'accepted' ? 'accepted' : `${outcome.status}:${outcome.reason}`;
    },
    (err: Error) => {
      record.outcome = `error:${err.message}`;
    },
  );
}

async function collect(waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  while (sent.some((s) => s.outcome === undefined) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
  reply({ type: 'collected', sent, reconnects });
}

process.on('message', (message: ToDrillClients) => {
  switch (message.type) {
    case 'open':
      void open(message);
      break;
    case 'send':
      send(message.rate);
      reply({ type: 'sending' });
      break;
    case 'stop':
      clearInterval(sending);
      sendingFor = (Date.now() - sendingFrom) / 1000;
      reply({ type: 'stopped', sent: sent.length, seconds: sendingFor });
      break;
    case 'collect':
      void collect(message.waitMs);
      break;
  }
});
// The parent gone (its end, or its failure), the clients go with this process.
process.on('disconnect', () => process.exit(0));
