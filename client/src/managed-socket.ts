/**
 * The life of one authenticated socket, in one state machine: connect with the current token,
 * renew the token on the open socket before it expires (so it is never closed for it), and when the
 * socket closes, decide by the close code's class (shared/src/close-codes.ts): 44xx gives up and
 * says why (a 4401 first gets one fresh token, in case the secret changed), 4501 gets a fresh token
 * and reconnects at once, 4529 and everything else (45xx, network drops, 1011) reconnect after a
 * back-off with jitter. The protocol spoken on the socket (Yjs sync, game frames) is its owner's.
 *
 *   idle ──start──▶ connecting ──open──▶ open ──close──▶ waiting ──timer──▶ connecting …
 *                       │                  └── 44xx ──▶ refused (final)
 *                       └── no token to be had ──▶ refused
 */
import { CloseCode, CloseReason, isFinal, socketProtocols, type CloseCodeValue } from '@volley/shared';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { Listeners } from './listeners.js';
import { sessionOver, tokenExpiry, type TokenSource } from './token-source.js';
import type { WebSocketConstructor, WebSocketLike } from './websocket.js';

export type SocketStatus = 'idle' | 'connecting' | 'open' | 'waiting' | 'refused' | 'ended';

export interface SocketClose {
  code: number;
  reason: string;
}

export interface ManagedSocketOptions {
  url: string;
  tokens: TokenSource;
  WebSocket: WebSocketConstructor;
  /** This protocol's renewal frame carrying `token` (docs/protocol.md, "Renewing the token"). */
  renewalFrame(token: string): string | Uint8Array;
  /** A close (not 44xx) after which the socket is not reopened: the game's normal close once it is over. */
  endsOn?(close: SocketClose): boolean;
  backoff?: BackoffOptions;
  /** Subprotocols offered before `volley.v1`: what more this client speaks (the server answers one it speaks too). */
  features?: readonly string[];
}

/** rate_limited: the frame budget needs a while to fill up again. */
const RATE_LIMITED_PAUSE_MS = 10_000;
/** A token is renewed this long before it expires, or halfway through a shorter life. */
const RENEW_AHEAD_MS = 60_000;
/** A renewal whose refresh failed for want of a network is tried again this often until the server closes the socket. */
const RENEW_RETRY_MS = 2_000;

export class ManagedSocket {
  readonly statusChanged = new Listeners<[SocketStatus]>();
  readonly opened = new Listeners<[]>();
  readonly message = new Listeners<[string | Uint8Array]>();
  /** Every close of the underlying socket, before the machine decides what to do. */
  readonly closed = new Listeners<[SocketClose]>();
  /** The socket gave up for good (a 44xx, or no token to be had): why. */
  readonly refused = new Listeners<[SocketClose]>();
  status: SocketStatus = 'idle';
  /** Why the socket gave up (refused) or ended. */
  end: SocketClose | null = null;

  readonly #options: ManagedSocketOptions;
  #socket: WebSocketLike | null = null;
  /** The token the server holds for the open socket. */
  #token: string | null = null;
  /** A token fetched after a 4401: refused again, it means the session is over. */
  #refreshedForRefusal: string | null = null;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #renewTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ManagedSocketOptions) {
    this.#options = options;
  }

  /** Connects (again) unless given up; a waiting socket connects now, skipping its back-off. */
  start(): void {
    if (this.status === 'refused' || this.status === 'ended' || this.status === 'connecting' || this.status === 'open') return;
    clearTimeout(this.#timer);
    void this.#dial();
  }

  /** Closes the socket; `start` opens it again. */
  stop(): void {
    this.#halt();
    if (this.status !== 'refused' && this.status !== 'ended') this.#set('idle');
  }

  /** Closes for good. */
  destroy(): void {
    this.#halt();
    this.#set('ended');
  }

  /** The subprotocol the server answered on the open socket (`volley.v1`, or a feature it speaks); empty when none is open. */
  get protocol(): string {
    return this.#socket?.readyState === 1 ? this.#socket.protocol : '';
  }

  send(frame: string | Uint8Array): boolean {
    if (this.#socket?.readyState !== 1) return false;
    this.#socket.send(frame);
    return true;
  }

  #halt(): void {
    clearTimeout(this.#timer);
    clearTimeout(this.#renewTimer);
    const socket = this.#socket;
    this.#socket = null;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      socket.close(1000);
    }
  }

  async #dial(): Promise<void> {
    this.#set('connecting');
    const { tokens } = this.#options;
    if (tokens.accessToken === null && !(await this.#refresh())) return;
    if (this.status !== 'connecting') return;
    const token = tokens.accessToken!;
    const socket = new this.#options.WebSocket(this.#options.url, socketProtocols(token, this.#options.features));
    socket.binaryType = 'arraybuffer';
    this.#socket = socket;
    socket.onopen = () => {
      this.#token = token;
      this.#set('open');
      this.#scheduleRenewal();
      this.opened.emit();
    };
    socket.onmessage = (event) => {
      // The server took this token and the room: a later refusal is news again.
      this.#refreshedForRefusal = null;
      this.#attempt = 0;
      const { data } = event;
      this.message.emit(typeof data === 'string' ? data : new Uint8Array(data as ArrayBuffer));
    };
    socket.onerror = () => undefined;
    socket.onclose = (event) => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      clearTimeout(this.#renewTimer);
      void this.#onClose({ code: event.code, reason: event.reason }, token);
    };
  }

  async #onClose(close: SocketClose, token: string): Promise<void> {
    this.closed.emit(close);
    const { code } = close;
    if (code === CloseCode.tokenExpired || code === CloseCode.unauthenticated) {
      if (code === CloseCode.unauthenticated && token === this.#refreshedForRefusal) return this.#giveUp(close);
      if (this.#options.tokens.accessToken === token || tokenExpiry(this.#options.tokens.accessToken) === null) {
        this.#set('waiting');
        if (!(await this.#refresh())) return;
      }
      if (code === CloseCode.unauthenticated) this.#refreshedForRefusal = this.#options.tokens.accessToken;
      return this.#retry(0);
    }
    if (isFinal(code)) return this.#giveUp(close);
    if (this.#options.endsOn?.(close)) {
      this.end = close;
      return this.#set('ended');
    }
    const delay = backoffDelay(this.#attempt++, this.#options.backoff ?? DEFAULT_BACKOFF);
    this.#retry(code === CloseCode.rateLimited ? Math.max(delay, RATE_LIMITED_PAUSE_MS) : delay);
  }

  /** A fresh token; false when there is none to be had (given up, or retrying later). */
  async #refresh(): Promise<boolean> {
    try {
      await this.#options.tokens.refresh();
      return this.#options.tokens.accessToken !== null;
    } catch (error) {
      if (sessionOver(error)) this.#giveUp({ code: CloseCode.unauthenticated, reason: CloseReason[CloseCode.unauthenticated] });
      else this.#retry(backoffDelay(this.#attempt++, this.#options.backoff ?? DEFAULT_BACKOFF));
      return false;
    }
  }

  #retry(delayMs: number): void {
    if (this.status === 'refused' || this.status === 'ended' || this.status === 'idle') return;
    this.#set('waiting');
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#dial(), delayMs);
  }

  #giveUp(close: SocketClose): void {
    if (this.status === 'idle' || this.status === 'ended') return;
    this.end = { code: close.code, reason: close.reason || (CloseReason[close.code as CloseCodeValue] ?? '') };
    this.#set('refused');
    this.refused.emit(this.end);
  }

  /** Renews ahead of the held token's expiry, with the source's token if it is fresh enough, else a refreshed one. */
  #scheduleRenewal(): void {
    clearTimeout(this.#renewTimer);
    const expiry = tokenExpiry(this.#token);
    if (expiry === null) return;
    const ahead = Math.min(RENEW_AHEAD_MS, (expiry - Date.now()) / 2);
    this.#renewTimer = setTimeout(() => void this.#renew(ahead), Math.max(0, expiry - Date.now() - ahead));
  }

  async #renew(ahead: number): Promise<void> {
    const { tokens } = this.#options;
    const current = tokens.accessToken;
    const fresh = current !== this.#token && (tokenExpiry(current) ?? 0) - Date.now() > ahead;
    if (!fresh) {
      try {
        await tokens.refresh();
      } catch {
        // The server closes the socket when the held token expires; reconnecting then decides.
        if (this.status === 'open') this.#renewTimer = setTimeout(() => void this.#renew(ahead), RENEW_RETRY_MS);
        return;
      }
    }
    const token = tokens.accessToken;
    if (this.status !== 'open' || token === null || !this.send(this.#options.renewalFrame(token))) return;
    this.#token = token;
    this.#scheduleRenewal();
  }

  #set(status: SocketStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.statusChanged.emit(status);
  }
}
