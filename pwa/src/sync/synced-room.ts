/**
 * One sync room: its Y.Doc, the local copy of it (`RoomStore`) and the y-websocket provider.
 * The provider connects only once the local copy is loaded and a token exists. Close codes
 * (shared/close-codes.ts): token_expired (and a 4401, once per token) refresh the token and
 * connect again; rate_limited pauses before reconnecting; other 45xx and network drops are the
 * provider's to retry with its back-off; 4403/4404 (and other 44xx) end the room.
 */
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import { CloseCode, isRetryable, socketProtocols } from '@volley/shared';
import type { VolleyDB } from '../db/db.js';
import { Listeners } from '../services/listeners.js';
import { RoomStore } from './room-store.js';

export type RoomStatus = 'offline' | 'connecting' | 'online' | 'refused';

/** Where the access token comes from: the API client. */
export interface TokenSource {
  readonly accessToken: string | null;
  refresh(): Promise<unknown>;
}

export interface SyncedRoomOptions {
  db: VolleyDB;
  tokens: TokenSource;
  /** e.g. `wss://volley.example/sync`; the room name is appended. */
  url: string;
}

const RATE_LIMIT_PAUSE_MS = 10_000;

/** Retryable closes this class reconnects from itself: after a token refresh, or a pause. */
const PAUSED_BY_US = new Set<number>([CloseCode.tokenExpired, CloseCode.rateLimited]);

export class SyncedRoom {
  readonly doc = new Y.Doc();
  readonly loaded: Promise<void>;
  readonly statusChanged = new Listeners<[RoomStatus]>();
  status: RoomStatus = 'offline';

  readonly #tokens: TokenSource;
  readonly #store: RoomStore;
  readonly #provider: WebsocketProvider;
  #wanted = false;
  #tokenUsed: string | null = null;
  #tokenRefreshedHere: string | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly name: string,
    { db, tokens, url }: SyncedRoomOptions,
  ) {
    this.#tokens = tokens;
    this.#store = new RoomStore(db, name, this.doc);
    this.loaded = this.#store.load().catch(() => undefined);
    this.#provider = new WebsocketProvider(url, name, this.doc, {
      connect: false,
      WebSocketPolyfill: bearerWebSocket(tokens),
      // 44xx, an expired token and rate_limited are handled in #onClosed; anything else
      // (network, overloaded, server going away) the provider retries with its back-off.
      shouldReconnect: (event) => isRetryable(event.code) && !PAUSED_BY_US.has(event.code),
    });
    this.#provider.on('status', ({ status }) => {
      if (status === 'connecting') this.#tokenUsed = this.#tokens.accessToken;
      if (this.status === 'refused') return;
      this.#setStatus(status === 'connected' ? 'online' : status === 'connecting' ? 'connecting' : 'offline');
    });
    this.#provider.on('sync', (synced) => {
      if (synced) this.#tokenRefreshedHere = null;
    });
    this.#provider.on('closed', ({ code }) => void this.#onClosed(code));
  }

  /** Ephemeral state of the room's sessions (presence), never stored. */
  get awareness(): Awareness {
    return this.#provider.awareness;
  }

  /** Resolves once the server's state of the room has arrived (not while offline). */
  whenSynced(): Promise<void> {
    if (this.#provider.synced) return Promise.resolve();
    return new Promise((resolve) => {
      const onSync = (synced: boolean): void => {
        if (!synced) return;
        this.#provider.off('sync', onSync);
        resolve();
      };
      this.#provider.on('sync', onSync);
    });
  }

  /** Connects as soon as the local copy is loaded, if there is a token and the room was not refused. */
  connect(): void {
    this.#wanted = true;
    void this.loaded.then(() => {
      if (!this.#wanted || this.status === 'refused' || this.#tokens.accessToken === null) return;
      this.#provider.connect();
    });
  }

  disconnect(): void {
    this.#wanted = false;
    clearTimeout(this.#retryTimer);
    this.#provider.disconnect();
    if (this.status !== 'refused') this.#setStatus('offline');
  }

  async destroy(): Promise<void> {
    this.disconnect();
    this.#provider.destroy();
    await this.#store.close();
    this.doc.destroy();
  }

  async #onClosed(code: number): Promise<void> {
    if (code === CloseCode.tokenExpired || code === CloseCode.unauthenticated) {
      const used = this.#tokenUsed;
      // A token we refreshed for this very room was refused too: wait for the next sign-in.
      if (used !== null && used === this.#tokenRefreshedHere) return this.#setStatus('offline');
      if (this.#tokens.accessToken === used) {
        try {
          await this.#tokens.refresh();
        } catch {
          // Offline, or the session is over: SyncManager reconnects when a token arrives.
          return this.#setStatus('offline');
        }
        this.#tokenRefreshedHere = this.#tokens.accessToken;
      }
      if (this.#wanted) this.connect();
      return;
    }
    if (code === CloseCode.rateLimited) {
      this.#setStatus('offline');
      this.#retryTimer = setTimeout(() => this.#wanted && this.connect(), RATE_LIMIT_PAUSE_MS);
      return;
    }
    this.#setStatus('refused');
  }

  #setStatus(status: RoomStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.statusChanged.emit(status);
  }
}

/** A WebSocket that offers the current access token as a subprotocol on every (re)connect. */
function bearerWebSocket(tokens: TokenSource): typeof WebSocket {
  return class BearerWebSocket extends WebSocket {
    constructor(url: string | URL) {
      super(url, socketProtocols(tokens.accessToken));
    }
  };
}
