/**
 * The game sockets on a ManagedSocket: `/game/<id>` to play or watch (`GameChannel`) and
 * `/game/queue` for ranked matchmaking (`QueueChannel`), `/game/tournaments/<id>` to follow a
 * tournament (`TournamentChannel`). JSON frames (shared/src/game/protocol.ts),
 * read defensively; the token is renewed with `{t: 'token'}` like any socket of the library.
 */
import type { GameClientFrame, GameServerFrame, QueueServerFrame, TokenFrame } from '@volley/shared';
import { parseQueueFrame, parseServerFrame, parseTournamentFrame } from './game-frames.js';
import { Listeners } from './listeners.js';
import { ManagedSocket, type SocketClose } from './managed-socket.js';
import type { TokenSource } from './token-source.js';
import { socketUrl, type WebSocketConstructor } from './websocket.js';

export interface ChannelOptions {
  base: string;
  tokens: TokenSource;
  WebSocket: WebSocketConstructor;
  /** The channels not closed yet: their client closes them when it closes. */
  open?: Set<{ close(): void }>;
}

const renewalFrame = (token: string): string => JSON.stringify({ t: 'token', token } satisfies TokenFrame);

/** A dropped player has REJOIN_GRACE_MS (15 s) to come back: retries stay short. */
const GAME_BACKOFF = { minMs: 500, maxMs: 3_000 };

export class GameChannel {
  readonly frames = new Listeners<[GameServerFrame]>();
  readonly socket: ManagedSocket;

  readonly #open: ChannelOptions['open'];

  constructor(
    readonly gameId: string,
    { base, tokens, WebSocket, open }: ChannelOptions,
  ) {
    this.#open = open?.add(this);
    this.socket = new ManagedSocket({
      url: socketUrl(base, `/game/${encodeURIComponent(gameId)}`),
      tokens,
      WebSocket,
      renewalFrame,
      // The server closes normally once a game is over and done with (or abandoned): nothing to come back to.
      endsOn: ({ code }: SocketClose) => code === 1000,
      backoff: GAME_BACKOFF,
    });
    this.socket.message.add((data) => {
      const frame = parseServerFrame(data);
      if (frame && frame.t !== 'token') this.frames.emit(frame);
    });
  }

  open(): void {
    this.socket.start();
  }

  send(frame: Exclude<GameClientFrame, TokenFrame>): void {
    this.socket.send(JSON.stringify(frame));
  }

  close(): void {
    this.#open?.delete(this);
    this.socket.destroy();
  }
}

/**
 * The ranked queue: the server sends `queued` as the rating window widens and `matched` with the
 * game; closing the socket leaves the queue. A drop is not retried (the search would silently
 * start over): the socket ends, and its owner offers to search again.
 */
export class QueueChannel {
  readonly frames = new Listeners<[QueueServerFrame]>();
  readonly socket: ManagedSocket;

  readonly #open: ChannelOptions['open'];

  constructor({ base, tokens, WebSocket, open }: ChannelOptions) {
    this.#open = open?.add(this);
    this.socket = new ManagedSocket({ url: socketUrl(base, '/game/queue'), tokens, WebSocket, renewalFrame, endsOn: () => true });
    this.socket.message.add((data) => {
      const frame = parseQueueFrame(data);
      if (frame && frame.t !== 'token') this.frames.emit(frame);
    });
  }

  open(): void {
    this.socket.start();
  }

  close(): void {
    this.#open?.delete(this);
    this.socket.destroy();
  }
}

/**
 * A tournament's moves: the server sends its version on opening and each time it moves on (a
 * registration, the start, a result, the end); `changed` fires with it, and the reader loads the
 * tournament again when it shows another version. Reconnects after a drop like any socket.
 */
export class TournamentChannel {
  readonly changed = new Listeners<[number]>();
  readonly socket: ManagedSocket;

  readonly #open: ChannelOptions['open'];

  constructor(
    readonly tournamentId: string,
    { base, tokens, WebSocket, open }: ChannelOptions,
  ) {
    this.#open = open?.add(this);
    this.socket = new ManagedSocket({ url: socketUrl(base, `/game/tournaments/${encodeURIComponent(tournamentId)}`), tokens, WebSocket, renewalFrame });
    this.socket.message.add((data) => {
      const frame = parseTournamentFrame(data);
      if (frame?.t === 'changed') this.changed.emit(frame.version);
    });
  }

  open(): void {
    this.socket.start();
  }

  close(): void {
    this.#open?.delete(this);
    this.socket.destroy();
  }
}
