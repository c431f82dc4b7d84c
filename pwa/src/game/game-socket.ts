/**
 * The socket of one game, `/game/<id>`: authenticated like the sync sockets (the token as a
 * subprotocol), frames read defensively. token_expired (or a 4401) refreshes the token and
 * connects again (a token refreshed for this game and refused before any frame means the session
 * is over); a dropped connection or another 45xx retries with a short backoff (a dropped player
 * has 15 s to come back); 44xx (4400/4403/4404/4409...) end it with the reason, for the page to explain.
 */
import { CloseCode, CloseReason, GAME_ABANDONED, isFinal, socketProtocols, type CloseCodeValue, type GameClientFrame, type GameServerFrame } from '@volley/shared';
import { Listeners } from '../services/listeners.js';
import type { TokenSource } from '../sync/synced-room.js';
import { countLive } from './live-count.js';
import { parseServerFrame } from './server-frame.js';

export type GameSocketStatus = 'connecting' | 'open' | 'reconnecting' | 'ended';
/** Why the socket ended: a close reason of close-codes.ts, or `signed_out` when no token can be had. */
export type GameSocketEnd = (typeof CloseReason)[CloseCodeValue] | 'signed_out' | 'closed' | typeof GAME_ABANDONED;

const RETRY_MS = [500, 1000, 2000, 3000];

export function gameSocketUrl(gameId: string, where: Location = location): string {
  return `${where.protocol === 'https:' ? 'wss' : 'ws'}://${where.host}/game/${encodeURIComponent(gameId)}`;
}

export class GameSocket {
  readonly frames = new Listeners<[GameServerFrame]>();
  readonly statusChanged = new Listeners<[GameSocketStatus]>();
  status: GameSocketStatus = 'connecting';
  endedBecause: GameSocketEnd | null = null;

  #socket: WebSocket | null = null;
  #retries = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #refreshedToken: string | null = null;

  constructor(
    private readonly url: string,
    private readonly tokens: TokenSource,
  ) {}

  open(): void {
    if (this.status === 'ended' || this.#socket) return;
    if (this.tokens.accessToken === null) return void this.#refreshThenOpen();
    const socket = new WebSocket(this.url, socketProtocols(this.tokens.accessToken));
    const token = this.tokens.accessToken;
    this.#socket = socket;
    countLive('sockets', 1);
    socket.onopen = () => {
      this.#retries = 0;
      this.#set('open');
    };
    socket.onmessage = (event) => {
      const frame = parseServerFrame(event.data);
      if (!frame) return;
      // The server took this token: when it expires later, refreshing is worth a try again.
      this.#refreshedToken = null;
      this.frames.emit(frame);
    };
    socket.onclose = (event) => {
      this.#drop(socket);
      this.#closed(event.code, event.reason, token);
    };
  }

  send(frame: GameClientFrame): void {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(frame));
  }

  /** Closes for good: leaving the page. */
  close(): void {
    this.#end('closed');
  }

  #closed(code: number, reason: string, token: string): void {
    if (this.status === 'ended') return;
    if (code === CloseCode.tokenExpired || code === CloseCode.unauthenticated) {
      // A token refreshed for this game and refused again: the session is over.
      if (token === this.#refreshedToken) return this.#end('signed_out');
      return void this.#refreshThenOpen();
    }
    if (isFinal(code)) return this.#end(CloseReason[code as CloseCodeValue] ?? 'bad_request');
    // The server closes normally once a game is over and done with; anything else was a drop.
    if (code === 1000) return this.#end(reason === GAME_ABANDONED ? GAME_ABANDONED : 'closed');
    this.#retry();
  }

  async #refreshThenOpen(): Promise<void> {
    try {
      await this.tokens.refresh();
      this.#refreshedToken = this.tokens.accessToken;
    } catch {
      // Offline, or the server cannot be reached: try again shortly.
      return this.#retry();
    }
    if (this.status !== 'ended') this.open();
  }

  #retry(): void {
    if (this.status === 'ended') return;
    this.#set('reconnecting');
    const delay = RETRY_MS[Math.min(this.#retries, RETRY_MS.length - 1)]!;
    this.#retries += 1;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.open(), delay);
  }

  #end(reason: GameSocketEnd): void {
    if (this.status === 'ended') return;
    clearTimeout(this.#retryTimer);
    const socket = this.#socket;
    if (socket) {
      this.#drop(socket);
      socket.close(1000);
    }
    this.endedBecause = reason;
    this.#set('ended');
  }

  #drop(socket: WebSocket): void {
    if (this.#socket !== socket) return;
    socket.onopen = socket.onmessage = socket.onclose = null;
    this.#socket = null;
    countLive('sockets', -1);
  }

  #set(status: GameSocketStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.statusChanged.emit(status);
  }
}
