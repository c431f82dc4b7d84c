/**
 * The ranked queue, `/game/queue`: authenticated like every socket (the token as a subprotocol;
 * token_expired or a 4401 refreshes it and joins again, once per token). The server sends `queued` as the rating window
 * widens and `matched` with the game; closing the socket leaves the queue. A dropped connection or
 * another retryable close (45xx) ends the search as `lost` (the page offers to search again) rather
 * than silently queueing again; a 44xx ends it with its reason.
 */
import { CloseCode, CloseReason, isFinal, socketProtocols, type CloseCodeValue, type QueueServerFrame } from '@volley/shared';
import { z } from 'zod';
import type { TokenSource } from '../sync/synced-room.js';
import { Listeners } from './listeners.js';

export type QueueState =
  | { status: 'idle' }
  | { status: 'connecting' }
  /** `at`: when the frame arrived (local clock), to count the time waited between frames. */
  | { status: 'queued'; rating: number; window: number; waitedMs: number; at: number }
  | { status: 'matched'; gameId: string; opponent: { id: string; username: string; displayName: string; rating: number } }
  /** `reason`: a close reason of close-codes.ts, `signed_out`, or `lost` (the connection dropped). */
  | { status: 'failed'; reason: string };

const num = z.number().finite();
const QueueFrame = z.union([
  z.object({ t: z.literal('queued'), rating: num, window: num, waitedMs: num }),
  z.object({ t: z.literal('matched'), gameId: z.string().min(1).max(64), opponent: z.object({ id: z.string(), username: z.string(), displayName: z.string(), rating: num }) }),
]);

/** A queue frame read defensively: anything else is null (ignored). */
export function parseQueueFrame(data: unknown): QueueServerFrame | null {
  if (typeof data !== 'string' || data.length > 4096) return null;
  try {
    const parsed = QueueFrame.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Whole seconds waited, counting on between the server's frames. */
export function waitedSeconds(state: Extract<QueueState, { status: 'queued' }>, now: number): number {
  return Math.max(0, Math.floor((state.waitedMs + Math.max(0, now - state.at)) / 1000));
}

export function queueUrl(where: Location = location): string {
  return `${where.protocol === 'https:' ? 'wss' : 'ws'}://${where.host}/game/queue`;
}

export class Matchmaking {
  readonly changed = new Listeners<[QueueState]>();
  state: QueueState = { status: 'idle' };
  #socket: WebSocket | null = null;
  #refreshedToken: string | null = null;

  constructor(
    private readonly url: string,
    private readonly tokens: TokenSource,
  ) {}

  /** Joins the queue (again, after a failure). */
  start(): void {
    if (this.#socket || this.state.status === 'connecting' || this.state.status === 'queued') return;
    this.#set({ status: 'connecting' });
    void this.#open();
  }

  /** Leaves the queue: closing the socket is the cancel. */
  cancel(): void {
    this.#close();
    if (this.state.status !== 'matched') this.#set({ status: 'idle' });
  }

  async #open(): Promise<void> {
    if (this.tokens.accessToken === null && !(await this.#refresh())) return;
    if (this.state.status !== 'connecting') return;
    const token = this.tokens.accessToken;
    const socket = new WebSocket(this.url, socketProtocols(token));
    this.#socket = socket;
    socket.onmessage = (event) => {
      const frame = parseQueueFrame(event.data);
      if (frame?.t === 'queued') this.#set({ status: 'queued', rating: frame.rating, window: frame.window, waitedMs: frame.waitedMs, at: Date.now() });
      if (frame?.t === 'matched') {
        this.#set({ status: 'matched', gameId: frame.gameId, opponent: frame.opponent });
        this.#close();
      }
    };
    socket.onclose = (event) => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      void this.#closed(event.code, token);
    };
  }

  async #closed(code: number, token: string | null): Promise<void> {
    const stale = code === CloseCode.tokenExpired || code === CloseCode.unauthenticated;
    if (stale && token !== this.#refreshedToken) {
      this.#set({ status: 'connecting' });
      if (await this.#refresh()) return this.#open();
      return;
    }
    if (stale) return this.#set({ status: 'failed', reason: 'signed_out' });
    this.#set({ status: 'failed', reason: isFinal(code) ? (CloseReason[code as CloseCodeValue] ?? 'bad_request') : 'lost' });
  }

  async #refresh(): Promise<boolean> {
    try {
      await this.tokens.refresh();
      this.#refreshedToken = this.tokens.accessToken;
      return true;
    } catch {
      this.#set({ status: 'failed', reason: 'lost' });
      return false;
    }
  }

  #close(): void {
    const socket = this.#socket;
    this.#socket = null;
    if (!socket) return;
    socket.onmessage = socket.onclose = null;
    socket.close(1000);
  }

  #set(state: QueueState): void {
    this.state = state;
    this.changed.emit(state);
  }
}
