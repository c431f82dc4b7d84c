/**
 * One sync room (`/sync/<room>`): its Y.Doc and awareness, kept in local storage, synced over a
 * ManagedSocket with the y-websocket protocol (y-protocols sync and awareness messages), and the
 * token renewal message of docs/protocol.md. It connects once the local copy is loaded. Many
 * consumers share one SyncRoom through RoomPool: one socket per room. Why this is not y-websocket's
 * `WebsocketProvider`: docs/architecture.md §4 ("The client's room socket is not a `WebsocketProvider`").
 */
import {
  awarenessMessage,
  messageAwareness,
  messageOp,
  messageQueryAwareness,
  messageRenewToken,
  messageSync,
  OP_FRAMES_SUBPROTOCOL,
  readFrameJson,
  renewalMessage,
  syncStep1Message,
  updateMessage,
  type OpAck,
} from '@volley/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as sync from 'y-protocols/sync';
import * as Y from 'yjs';
import { Listeners } from './listeners.js';
import { ManagedSocket, type SocketStatus } from './managed-socket.js';
import { loadSchemas } from './schemas.js';
import type { DocStorage, LocalCopy } from './storage.js';
import type { TokenSource } from './token-source.js';
import { socketUrl, type WebSocketConstructor } from './websocket.js';

export interface SyncRoomOptions {
  /** The server's HTTP(S) origin. */
  base: string;
  tokens: TokenSource;
  WebSocket: WebSocketConstructor;
  storage: DocStorage;
}

export class SyncRoom {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  readonly socket: ManagedSocket;
  readonly loaded: Promise<void>;
  /** True once the server's state arrived on the current connection. */
  synced = false;
  readonly syncedChanged = new Listeners<[boolean]>();
  /** The server's answer to an op frame sent on this socket (frame-outbox.ts). */
  readonly opAnswered = new Listeners<[OpAck]>();
  readonly #copy: LocalCopy;
  #wanted = false;
  #destroyed = false;
  /** Op answers waiting for the schemas that validate them, one after another. */
  #answers: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    { base, tokens, WebSocket, storage }: SyncRoomOptions,
  ) {
    this.#copy = storage.open(name, this.doc);
    this.loaded = this.#copy.loaded.catch(() => undefined);
    this.socket = new ManagedSocket({ url: socketUrl(base, `/sync/${name}`), tokens, WebSocket, renewalFrame: renewalMessage, features: [OP_FRAMES_SUBPROTOCOL] });
    this.socket.opened.add(() => this.#opened());
    this.socket.message.add((data) => typeof data !== 'string' && this.#receive(data));
    this.socket.closed.add(() => this.#lost());
    // Listened to once the local copy is applied: Yjs encodes a transaction's update again for
    // every 'update' listener there is, and the copy's (a whole segment) would be encoded only to be
    // dropped (the socket opens after it). What changed before is in the sync the socket starts with.
    void this.loaded.then(() => {
      if (!this.#destroyed) this.doc.on('update', this.#sendUpdate);
    });
    this.awareness.on('update', this.#sendAwareness);
  }

  get status(): SocketStatus {
    return this.socket.status;
  }

  /** True while the socket is open to a server that decides op frames (docs/protocol.md, "Op frames"). */
  get opFrames(): boolean {
    return this.socket.protocol === OP_FRAMES_SUBPROTOCOL;
  }

  get statusChanged(): ManagedSocket['statusChanged'] {
    return this.socket.statusChanged;
  }

  /** Resolves once the server's state has arrived (not while offline). */
  whenSynced(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve) => {
      const stop = this.syncedChanged.add((synced) => {
        if (!synced) return;
        stop();
        resolve();
      });
    });
  }

  /** Resolves once every change to the document so far is in local storage (LocalCopy.written). */
  written(): Promise<void> {
    return this.#copy.written();
  }

  /** Connects once the local copy is loaded. */
  connect(): void {
    this.#wanted = true;
    void this.loaded.then(() => this.#wanted && this.socket.start());
  }

  disconnect(): void {
    this.#wanted = false;
    this.socket.stop();
    this.#lost();
  }

  async destroy(): Promise<void> {
    this.#wanted = false;
    this.#destroyed = true;
    this.socket.destroy();
    this.#lost();
    this.awareness.destroy();
    await this.#copy.close();
    this.doc.destroy();
  }

  #opened(): void {
    this.socket.send(syncStep1Message(this.doc));
    if (this.awareness.getLocalState() !== null) {
      this.socket.send(awarenessMessage(encodeAwarenessUpdate(this.awareness, [this.doc.clientID])));
    }
  }

  /** A frame that does not decode is dropped: a bad frame must not take the client down. */
  #receive(data: Uint8Array): void {
    try {
      this.#read(data);
    } catch {
      // Dropped; the next sync (on reconnecting) brings whatever it carried.
    }
  }

  #read(data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    // A type with no reader is dropped: a newer server may speak more than this client reads.
    this.#readers[decoding.readVarUint(decoder)]?.(decoder);
  }

  /** What each message type from the server does, by its first varUint (y-websocket's, then Volley's). */
  readonly #readers: Record<number, (decoder: decoding.Decoder) => void> = {
    [messageSync]: (decoder) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, messageSync);
      const kind = sync.readSyncMessage(decoder, encoder, this.doc, this);
      if (encoding.length(encoder) > 1) this.socket.send(encoding.toUint8Array(encoder));
      if (kind === sync.messageYjsSyncStep2 && !this.synced) this.#setSynced(true);
    },
    [messageAwareness]: (decoder) => applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this),
    [messageQueryAwareness]: () => this.#sendAwareness({ added: [], updated: [this.doc.clientID], removed: [] }, 'local'),
    // The server took the renewed token (its answer carries the new expiry): nothing to do.
    [messageRenewToken]: () => undefined,
    [messageOp]: (decoder) => {
      const json = readFrameJson(decoder);
      // Validated with the schemas, loaded apart from the first load; in the order they came. One that
      // cannot be read (the schemas not fetched) is dropped like a bad frame: the op goes again on the next socket.
      this.#answers = this.#answers
        .then(loadSchemas)
        .then((schemas) => {
          const ack = schemas.ackOf(json);
          if (ack) this.opAnswered.emit(ack);
        })
        .catch(() => undefined);
    },
  };

  /** The connection is gone: the other sessions' states go with it (they come back on reconnecting). */
  #lost(): void {
    if (this.synced) this.#setSynced(false);
    const others = [...this.awareness.getStates().keys()].filter((client) => client !== this.doc.clientID);
    if (others.length > 0) removeAwarenessStates(this.awareness, others, this);
  }

  #setSynced(synced: boolean): void {
    this.synced = synced;
    this.syncedChanged.emit(synced);
  }

  readonly #sendUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this) return;
    this.socket.send(updateMessage(update));
  };

  readonly #sendAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    if (origin === this) return;
    const own = [...added, ...updated, ...removed].filter((client) => client === this.doc.clientID);
    if (own.length === 0) return;
    this.socket.send(awarenessMessage(encodeAwarenessUpdate(this.awareness, own)));
  };
}
