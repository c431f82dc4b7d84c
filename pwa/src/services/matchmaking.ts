/**
 * The ranked queue as the play page sees it, on the client library's queue socket (which
 * authenticates and renews its token like every socket). The server sends `queued` as the rating
 * window widens and `matched` with the game; closing the socket leaves the queue. A dropped
 * connection ends the search as `lost` (the page offers to search again) rather than silently
 * queueing again; a 44xx ends it with its reason.
 */
import { Listeners, type QueueChannel } from '@volley/client';
import { CloseCode, CloseReason, type CloseCodeValue } from '@volley/shared';

export type QueueState =
  | { status: 'idle' }
  | { status: 'connecting' }
  /** `at`: when the frame arrived (local clock), to count the time waited between frames. */
  | { status: 'queued'; rating: number; window: number; waitedMs: number; at: number }
  | { status: 'matched'; gameId: string; opponent: { id: string; username: string; displayName: string; rating: number } }
  /** `reason`: a close reason of close-codes.ts, `signed_out`, or `lost` (the connection dropped). */
  | { status: 'failed'; reason: string };

/** Whole seconds waited, counting on between the server's frames. */
export function waitedSeconds(state: Extract<QueueState, { status: 'queued' }>, now: number): number {
  return Math.max(0, Math.floor((state.waitedMs + Math.max(0, now - state.at)) / 1000));
}

export class Matchmaking {
  readonly changed = new Listeners<[QueueState]>();
  state: QueueState = { status: 'idle' };
  #channel: QueueChannel | null = null;

  /** `open`: a new queue socket of the library (`VolleyClient.queue`). */
  constructor(private readonly open: () => QueueChannel) {}

  /** Joins the queue (again, after a failure). */
  start(): void {
    if (this.#channel || this.state.status === 'connecting' || this.state.status === 'queued') return;
    this.#set({ status: 'connecting' });
    const channel = this.open();
    this.#channel = channel;
    channel.frames.add((frame) => {
      if (frame.t === 'queued') this.#set({ status: 'queued', rating: frame.rating, window: frame.window, waitedMs: frame.waitedMs, at: Date.now() });
      if (frame.t === 'matched') {
        this.#set({ status: 'matched', gameId: frame.gameId, opponent: frame.opponent });
        this.#close();
      }
    });
    channel.socket.statusChanged.add((status) => {
      if (this.#channel !== channel || (status !== 'refused' && status !== 'ended')) return;
      const code = channel.socket.end?.code ?? 0;
      this.#channel = null;
      this.#set({ status: 'failed', reason: code === CloseCode.unauthenticated ? 'signed_out' : status === 'refused' ? (CloseReason[code as CloseCodeValue] ?? 'bad_request') : 'lost' });
    });
    channel.open();
  }

  /** Leaves the queue: closing the socket is the cancel. */
  cancel(): void {
    this.#close();
    if (this.state.status !== 'matched') this.#set({ status: 'idle' });
  }

  #close(): void {
    const channel = this.#channel;
    this.#channel = null;
    channel?.close();
  }

  #set(state: QueueState): void {
    this.state = state;
    this.changed.emit(state);
  }
}
