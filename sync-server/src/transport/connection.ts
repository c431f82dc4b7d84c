/**
 * One client socket in a room. Incoming messages are dispatched through a table keyed by the
 * y-websocket message types; anything that does not decode closes this socket with 4400 and
 * leaves the room as it was. Every frame is charged to the socket's and its user's budget
 * (SYNC_BUDGETS) before any work is done for it; over budget closes the socket with 4529.
 */
import { holdWritesThisTurn, shut, SocketLiveness, writeFrame, type AccessClaims, type AccessTokens, type Frame, type Logger } from '@volley/core';
import {
  CloseCode,
  CloseReason,
  messageAwareness,
  messageOp,
  messageQueryAwareness,
  messageRenewToken,
  messageSync,
  messageYjsSyncStep1,
  messageYjsSyncStep2,
  messageYjsUpdate,
  readOpFrame,
  renewedMessage,
  STREAM_FIELD,
  syncStep1Message,
  type CloseCodeValue,
  type SyncFrameKind,
} from '@volley/shared';
import * as decoding from 'lib0/decoding';
import { WebSocket, type RawData } from 'ws';
import { applyAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { OversizeState, ownEntries, parseEntries, withIdentity } from '../rooms/awareness-identity.js';
import { SocketBudget } from './frame-budget.js';
import { awarenessFrames, stateFrames } from '../rooms/sized-frames.js';
import type { Room, RoomMember } from '../rooms/room.js';
import { withinUserQuota } from './user-quota.js';

/**
 * Where a streamed message's chunks are admitted (message-streams.ts): the state to relay for one
 * a socket set, without its stream when its author may not send there.
 */
export interface StreamAdmission {
  admit(room: string, writer: { user: AccessClaims; address: string | null }, state: unknown): Promise<unknown>;
}

/** Where a conversation socket's op frames are decided (op-frames.ts), each answered on that socket. */
export interface OpSink {
  receive(connection: Connection, id: string, entry: Record<string, unknown>): void;
}

/** Synchronous: a refusal closes the socket before its next frame is read (those already read are dropped unread). */
type Handler = (connection: Connection, decoder: decoding.Decoder, bytes: number) => void;

const isStream = (state: unknown): boolean => typeof state === 'object' && state !== null && STREAM_FIELD in state;

class BadMessage extends Error {}
class Flood extends Error {}
/** A refusal with its own close code (a renewal with a bad token). */
class Refused extends Error {
  constructor(readonly code: CloseCodeValue) {
    super(CloseReason[code]);
  }
}

/** Like y-websocket: a socket that has not answered the previous ping by the next one is dropped. */
const HEARTBEAT_MS = 30_000;

/** How often expired tokens are looked for: a socket outlives its token by less than this. */
const EXPIRY_CHECK_MS = 1000;

/** The heartbeat is spread over this many expiry checks: each socket is pinged at its own one. */
const HEARTBEAT_SLOTS = HEARTBEAT_MS / EXPIRY_CHECK_MS;

/**
 * The timers of every socket in the process, rather than two per socket: idle sockets are most of
 * them, and a timer and its closure weigh as much as the rest of a connection's own state. One
 * interval looks for expired tokens every second and pings a thirtieth of the sockets: thousands of
 * sockets pinged at once, and their pongs, held the event loop for a moment every 30 s.
 */
class ConnectionTimers {
  /** Each socket with the expiry check (of HEARTBEAT_SLOTS) at which it is pinged. */
  private readonly connections = new Map<Connection, number>();
  private timer: NodeJS.Timeout | undefined;
  private added = 0;
  private ticks = 0;

  add(connection: Connection): void {
    this.connections.set(connection, this.added++ % HEARTBEAT_SLOTS);
    this.timer ??= setInterval(() => this.tick(), EXPIRY_CHECK_MS).unref();
  }

  delete(connection: Connection): void {
    this.connections.delete(connection);
    if (this.connections.size > 0) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const now = Date.now();
    const pinged = this.ticks++ % HEARTBEAT_SLOTS;
    // forEach rather than for…of over entries: no [key, value] array per socket each second.
    this.connections.forEach((slot, connection) => {
      connection.liveness.checkExpiry(now);
      if (slot === pinged && !connection.closed) connection.liveness.checkAlive();
    });
  }
}

const timers = new ConnectionTimers();

const applyUpdate =
  (kind: SyncFrameKind): Handler =>
  (connection, decoder, bytes) => {
    // Charged whatever becomes of it, as every frame is.
    connection.charge(kind, bytes);
    // Conversation documents have one writer, the server: a client's write is dropped unread.
    if (connection.readOnly) return;
    const update = decoding.readVarUint8Array(decoder);
    // Decoding first rejects garbage before any of it can reach the document.
    Y.decodeUpdate(update);
    // Refused before it is applied: once applied, it could not be taken back (4413, final).
    if (!withinUserQuota(connection.room, update)) throw new OversizeState('user document over its quota');
    Y.applyUpdate(connection.room.doc, update, connection);
  };


const syncHandlers: Record<number, Handler> = {
  [messageYjsSyncStep1]: (connection, decoder, bytes) => {
    // Answered with the whole document the client lacks: charged before anything is encoded.
    connection.charge('syncStep1', bytes);
    const stateVector = decoding.readVarUint8Array(decoder);
    Y.decodeStateVector(stateVector);
    // A client is never sent state that is not yet durable: the state as of now is sent once it is
    // (what is applied meanwhile reaches this socket as updates, each once it is durable).
    const answer = stateFrames(Y.encodeStateAsUpdate(connection.room.doc, stateVector));
    void connection.room.durable().then(() => connection.sendInTurn(answer));
  },
  [messageYjsSyncStep2]: applyUpdate('syncStep2'),
  [messageYjsUpdate]: applyUpdate('update'),
};

const handlers: Record<number, Handler> = {
  [messageSync]: (connection, decoder, bytes) => {
    const handler = syncHandlers[decoding.readVarUint(decoder)];
    if (!handler) throw new BadMessage('unknown sync message');
    return handler(connection, decoder, bytes);
  },
  [messageAwareness]: (connection, decoder, bytes) => {
    const { room } = connection;
    const { entries, forged } = ownEntries(decoding.readVarUint8Array(decoder), (client, clock, removal) => room.ownsAwareness(connection, client, clock, removal));
    // Only echoes: dropped before they count against anything. Invented ids do count.
    if (entries.length === 0 && !forged) return;
    connection.charge('awareness', bytes);
    // The same state again (a stock client's renewal every 15 s) costs no parse and no stamp.
    const fresh = entries.filter((entry) => !room.renewed(entry));
    if (fresh.length === 0) return;
    const parsed = parseEntries(fresh);
    const { streams } = connection;
    if (!streams || !parsed.some(({ state }) => isStream(state))) {
      applyAwarenessUpdate(room.awareness, withIdentity(parsed, connection.user), connection);
      return room.remember(fresh);
    }
    room.forget(fresh);
    // A streamed message's chunk (message-streams.ts): relayed once its author may send there.
    void Promise.all(parsed.map(async (entry) => ({ ...entry, state: await streams.admit(room.name, connection, entry.state) })))
      .then((admitted) => {
        if (!connection.closed) applyAwarenessUpdate(room.awareness, withIdentity(admitted, connection.user), connection);
      })
      .catch((err: unknown) => connection.fail(err));
  },
  // Answered with every state of the room.
  [messageQueryAwareness]: (connection, _decoder, bytes) => {
    connection.charge('queryAwareness', bytes);
    connection.sendAwareness();
  },
  // A fresh access token for this socket (docs/protocol.md, "Renewing the token").
  [messageRenewToken]: (connection, decoder, bytes) => {
    connection.charge('renewToken', bytes);
    connection.renew(decoding.readVarString(decoder));
  },
  // An op to decide (docs/protocol.md, "Op frames"), answered on this socket once committed. It is
  // authorized by the policies, not by the socket's right to write the document (it has none).
  [messageOp]: (connection, decoder, bytes) => {
    connection.charge('op', bytes);
    if (!connection.ops) throw new BadMessage('op frame outside a conversation');
    const frame = readOpFrame(decoder);
    if (!frame) throw new BadMessage('op frame without an op');
    connection.ops.receive(connection, frame.id, frame.entry);
  },
};

export class Connection implements RoomMember {
  readonly liveness: SocketLiveness;
  /** The awareness client ids this socket owns (Room.ownsAwareness). */
  readonly awarenessClients = new Set<number>();
  private readonly budget: SocketBudget;
  private detached = false;
  /** Op frames received on this socket and not answered yet (op-frames.ts). */
  private unanswered = 0;

  /** `log` is the server's: a child logger per socket would cost more than the rest of the connection. */
  constructor(
    private readonly socket: WebSocket,
    readonly room: Room,
    readonly user: AccessClaims,
    /** Where the socket comes from: its ops' messages are recorded as sent from there. */
    readonly address: string | null,
    readonly readOnly: boolean,
    private readonly tokens: AccessTokens,
    private readonly onDetach: () => void,
    private readonly log: Logger,
    /** Streamed messages' chunks are followed here (conversation rooms). */
    readonly streams?: StreamAdmission,
    /** Op frames are decided here (conversation rooms). */
    readonly ops?: OpSink,
  ) {
    room.join(this);
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('close', () => this.detach());
    this.budget = new SocketBudget(user.userId);
    this.liveness = new SocketLiveness(socket, user.expiresAt, (code) => this.close(code));
    timers.add(this);
    // A read-only client's state would be dropped anyway: it is not asked for it.
    if (!readOnly) this.send(syncStep1Message(room.doc));
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
      handler(this, decoder, bytes.length);
    } catch (err) {
      this.refuse(err);
    }
  }

  /** True once the socket has left its room. */
  get closed(): boolean {
    return this.detached;
  }

  /** Throws once the socket or its user has sent more frames of the kind than SYNC_BUDGETS allows. */
  charge(kind: SyncFrameKind, bytes: number): void {
    if (!this.budget.take(kind, bytes)) throw new Flood(`${kind} over budget`);
  }

  /** Keeps the socket open past its token's expiry, and says until when; throws Refused for a bad token. */
  renew(token: string): void {
    const renewal = this.liveness.renew(this.tokens, token, this.user);
    if (!renewal.ok) throw new Refused(renewal.code);
    this.send(renewedMessage(renewal.expiresAt));
  }

  // A failed write needs no callback of its own: ws closes the socket on its stream's error.
  send(message: Uint8Array): void {
    if (this.socket.readyState !== WebSocket.OPEN || !this.liveness.checkBuffered()) return;
    this.socket.send(message);
  }

  sendFrame(frame: Frame): void {
    if (this.socket.readyState !== WebSocket.OPEN || !this.liveness.checkBuffered()) return;
    // An op of this socket's is being decided: the broadcast is likely its message's update, which
    // the answer follows in the same turn (op-frames.ts). Both leave in one write.
    if (this.unanswered > 0) holdWritesThisTurn(this.socket);
    writeFrame(this.socket, frame);
  }

  /** An op frame came on this socket: its answer is owed (`answer`). */
  awaitAnswer(): void {
    this.unanswered++;
  }

  /** The answer to an op frame of this socket, once it is owed no more. */
  answer(message: Uint8Array): void {
    this.unanswered--;
    this.send(message);
  }

  /**
   * Messages one after the other, each once the one before has been handed to the network: a state
   * of several frames (stateFrames, awarenessFrames) never fills the socket's unsent data past
   * SEND_BUFFER_MAX_BYTES (which would close it with 4503), however large the state.
   */
  sendInTurn(messages: Uint8Array[], from = 0): void {
    if (from === messages.length - 1) return this.send(messages[from]!);
    if (this.socket.readyState !== WebSocket.OPEN || !this.liveness.checkBuffered()) return;
    this.socket.send(messages[from]!, (err) => {
      if (!err) this.sendInTurn(messages, from + 1);
    });
  }

  sendAwareness(): void {
    const clients = [...this.room.awareness.getStates().keys()];
    if (clients.length > 0) this.sendInTurn(awarenessFrames(this.room.awareness, clients));
  }

  /** A frame handled after it was read (a stream's first chunk) failed: refused like one that failed at once. */
  fail(err: unknown): void {
    if (!this.detached) this.refuse(err);
  }

  private refuse(err: unknown): void {
    this.log.info({ room: this.room.name, userId: this.user.userId, err: err instanceof Error ? err.message : String(err) }, 'bad message; closing the socket');
    this.close(err instanceof Refused ? err.code : err instanceof Flood ? CloseCode.rateLimited : err instanceof OversizeState ? CloseCode.tooLarge : CloseCode.badRequest);
  }

  close(code: CloseCodeValue): void {
    this.detach();
    shut(this.socket, code);
  }

  private detach(): void {
    if (this.detached) return;
    this.detached = true;
    timers.delete(this);
    this.budget.release();
    this.room.leave(this);
    this.onDetach();
  }
}
