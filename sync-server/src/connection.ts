/**
 * One client socket in a room. Incoming messages are dispatched through a table keyed by the
 * y-websocket message types; anything that does not decode closes this socket with 4400 and
 * leaves the room as it was.
 */
import { RateWindow, SocketLiveness, type AccessClaims, type Logger } from '@volley/core';
import { CloseCode, CloseReason, type CloseCodeValue } from '@volley/shared';
import * as decoding from 'lib0/decoding';
import { WebSocket, type RawData } from 'ws';
import { applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { withIdentity } from './awareness-identity.js';
import * as protocol from './protocol.js';
import type { Room } from './room.js';

type Handler = (connection: Connection, decoder: decoding.Decoder) => void | Promise<void>;

class BadMessage extends Error {}
class Flood extends Error {}

/**
 * Awareness updates a socket may send per second. A client sends one per change of its state
 * (typing, presence) plus a renewal every 15 s; typing is throttled client-side well below this.
 */
const AWARENESS_PER_SECOND = 20;

/** Like y-websocket: a socket that has not answered the previous ping by the next one is dropped. */
const HEARTBEAT_MS = 30_000;

/** How often expired tokens are looked for: a socket outlives its token by less than this. */
const EXPIRY_CHECK_MS = 1000;

/**
 * The timers of every socket in the process, rather than two per socket: idle sockets are most of
 * them, and a timer and its closure weigh as much as the rest of a connection's own state.
 */
class ConnectionTimers {
  private readonly connections = new Set<Connection>();
  private timers: NodeJS.Timeout[] = [];

  add(connection: Connection): void {
    this.connections.add(connection);
    if (this.timers.length > 0) return;
    this.timers = [
      setInterval(() => this.connections.forEach((c) => c.liveness.checkAlive()), HEARTBEAT_MS).unref(),
      setInterval(() => this.connections.forEach((c) => c.liveness.checkExpiry(Date.now())), EXPIRY_CHECK_MS).unref(),
    ];
  }

  delete(connection: Connection): void {
    this.connections.delete(connection);
    if (this.connections.size > 0) return;
    this.timers.forEach(clearInterval);
    this.timers = [];
  }
}

const timers = new ConnectionTimers();

const applyUpdate: Handler = (connection, decoder) => {
  // Conversation documents have one writer, the server: a client's write is dropped unread.
  if (connection.readOnly) return;
  const update = decoding.readVarUint8Array(decoder);
  // Decoding first rejects garbage before any of it can reach the document.
  Y.decodeUpdate(update);
  Y.applyUpdate(connection.room.doc, update, connection);
};

const syncHandlers: Record<number, Handler> = {
  [protocol.messageYjsSyncStep1]: async (connection, decoder) => {
    const stateVector = decoding.readVarUint8Array(decoder);
    Y.decodeStateVector(stateVector);
    // A client is never sent state that is not yet durable.
    await connection.room.settled();
    connection.send(protocol.syncStep2Message(Y.encodeStateAsUpdate(connection.room.doc, stateVector)));
  },
  [protocol.messageYjsSyncStep2]: applyUpdate,
  [protocol.messageYjsUpdate]: applyUpdate,
};

const handlers: Record<number, Handler> = {
  [protocol.messageSync]: (connection, decoder) => {
    const handler = syncHandlers[decoding.readVarUint(decoder)];
    if (!handler) throw new BadMessage('unknown sync message');
    return handler(connection, decoder);
  },
  [protocol.messageAwareness]: (connection, decoder) => {
    if (!connection.awarenessRate.allow()) throw new Flood('awareness flood');
    const { room } = connection;
    const update = withIdentity(decoding.readVarUint8Array(decoder), connection.user, (client) => room.mayControl(connection, client));
    applyAwarenessUpdate(room.awareness, update, connection);
  },
  [protocol.messageQueryAwareness]: (connection) => connection.sendAwareness(),
};

export class Connection {
  readonly awarenessRate = new RateWindow(AWARENESS_PER_SECOND, 1000);
  readonly liveness: SocketLiveness;
  private detached = false;

  /** `log` is the server's: a child logger per socket would cost more than the rest of the connection. */
  constructor(
    private readonly socket: WebSocket,
    readonly room: Room,
    readonly user: AccessClaims,
    readonly readOnly: boolean,
    private readonly onDetach: () => void,
    private readonly log: Logger,
  ) {
    room.join(this);
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('close', () => this.detach());
    this.liveness = new SocketLiveness(socket, user.expiresAt, () => this.close(CloseCode.unauthenticated));
    timers.add(this);
    // A read-only client's state would be dropped anyway: it is not asked for it.
    if (!readOnly) this.send(protocol.syncStep1Message(room.doc));
    this.sendAwareness();
  }

  receive(data: RawData, isBinary: boolean): void {
    // Frames that were already buffered when the socket was closed are not read.
    if (this.detached) return;
    try {
      if (!isBinary) throw new BadMessage('text frame');
      const bytes = Array.isArray(data) ? Buffer.concat(data) : new Uint8Array(data);
      const decoder = decoding.createDecoder(bytes);
      const handler = handlers[decoding.readVarUint(decoder)];
      if (!handler) throw new BadMessage('unknown message type');
      Promise.resolve(handler(this, decoder)).catch((err: unknown) => this.refuse(err));
    } catch (err) {
      this.refuse(err);
    }
  }

  send(message: Uint8Array): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.send(message, (err) => err && this.socket.terminate());
  }

  sendAwareness(): void {
    const clients = [...this.room.awareness.getStates().keys()];
    if (clients.length > 0) this.send(protocol.awarenessMessage(encodeAwarenessUpdate(this.room.awareness, clients)));
  }

  private refuse(err: unknown): void {
    this.log.info({ room: this.room.name, userId: this.user.userId, err: err instanceof Error ? err.message : String(err) }, 'bad message; closing the socket');
    this.close(err instanceof Flood ? CloseCode.rateLimited : CloseCode.badRequest);
  }

  close(code: CloseCodeValue): void {
    this.detach();
    this.socket.close(code, CloseReason[code]);
  }

  private detach(): void {
    if (this.detached) return;
    this.detached = true;
    timers.delete(this);
    this.room.leave(this);
    this.onDetach();
  }
}
