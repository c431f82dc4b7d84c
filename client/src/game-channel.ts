/**
 * The game sockets on a ManagedSocket: `/game/<id>` to play or watch (`GameChannel`) and
 * `/game/queue` for ranked matchmaking (`QueueChannel`), `/game/tournaments/<id>` to follow a
 * tournament (`TournamentChannel`). JSON frames (shared/src/game/protocol.ts),
 * read defensively; the token is renewed with `{t: 'token'}` like any socket of the library.
 */
import type { BracketView, GameClientFrame, GameServerFrame, QueueServerFrame, TokenFrame } from '@volley/shared';
import { parseQueueFrame, parseServerFrame, parseTournamentFrame } from './game-frames.js';
import { Listeners } from './listeners.js';
import { ManagedSocket, type ManagedSocketOptions, type SocketClose } from './managed-socket.js';
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

/**
 * One JSON socket under `/game/`: the managed socket (token renewed with `{t: 'token'}`), kept in
 * its client's set of open channels until closed. Each channel reads its own frames.
 */
abstract class JsonChannel {
  readonly socket: ManagedSocket;
  readonly #open: ChannelOptions['open'];

  protected constructor(path: string, { base, tokens, WebSocket, open }: ChannelOptions, options: Pick<ManagedSocketOptions, 'endsOn' | 'backoff'>, read: (data: unknown) => void) {
    this.#open = open?.add(this);
    this.socket = new ManagedSocket({ url: socketUrl(base, path), tokens, WebSocket, renewalFrame, ...options });
    this.socket.message.add(read);
  }

  open(): void {
    this.socket.start();
  }

  close(): void {
    this.#open?.delete(this);
    this.socket.destroy();
  }
}

export class GameChannel extends JsonChannel {
  readonly frames = new Listeners<[GameServerFrame]>();

  constructor(
    readonly gameId: string,
    options: ChannelOptions,
  ) {
    super(
      `/game/${encodeURIComponent(gameId)}`,
      options,
      // The server closes normally once a game is over and done with (or abandoned): nothing to come back to.
      { endsOn: ({ code }: SocketClose) => code === 1000, backoff: GAME_BACKOFF },
      (data) => {
        const frame = parseServerFrame(data);
        if (frame && frame.t !== 'token') this.frames.emit(frame);
      },
    );
  }

  send(frame: Exclude<GameClientFrame, TokenFrame>): void {
    this.socket.send(JSON.stringify(frame));
  }
}

/**
 * The ranked queue: the server sends `queued` as the rating window widens and `matched` with the
 * game; closing the socket leaves the queue. A drop is not retried (the search would silently
 * start over): the socket ends, and its owner offers to search again.
 */
export class QueueChannel extends JsonChannel {
  readonly frames = new Listeners<[QueueServerFrame]>();

  constructor(options: ChannelOptions) {
    super('/game/queue', options, { endsOn: () => true }, (data) => {
      const frame = parseQueueFrame(data);
      if (frame && frame.t !== 'token') this.frames.emit(frame);
    });
  }
}

/**
 * A tournament's moves: the server sends its version and bracket on opening and each time it moves
 * on (a registration, the start, a result, the end); `changed` fires with both, so a page shows the
 * bracket at once and reads the rest of the tournament when it shows another version. Reconnects
 * after a drop like any socket.
 */
export class TournamentChannel extends JsonChannel {
  readonly changed = new Listeners<[number, BracketView]>();

  constructor(
    readonly tournamentId: string,
    options: ChannelOptions,
  ) {
    super(`/game/tournaments/${encodeURIComponent(tournamentId)}`, options, {}, (data) => {
      const frame = parseTournamentFrame(data);
      if (frame?.t === 'changed') this.changed.emit(frame.version, frame.bracket);
    });
  }
}
