/**
 * The game sockets on a ManagedSocket: `/game/<id>` to play or watch (`GameChannel`) and
 * `/game/queue` for ranked matchmaking (`QueueChannel`), `/game/tournaments/<id>` to follow a
 * tournament (`TournamentChannel`). JSON frames (shared/src/game/protocol.ts),
 * read defensively; the token is renewed with `{t: 'token'}` like any socket of the library.
 */
import type { BracketView, GameClientFrame, GameServerFrame, QueueServerFrame, TokenFrame } from '@volley/shared';
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
type FrameParsers = typeof import('./game-frames.js');

let parsers: Promise<FrameParsers> | undefined;

/**
 * The frames' parsers, with their schemas (zod): loaded when a first channel opens, apart from a
 * page's first load (schemas.ts); a failed load is tried again by the next frame.
 */
function loadParsers(): Promise<FrameParsers> {
  parsers ??= import('./game-frames.js').catch((error: unknown) => {
    parsers = undefined;
    throw error;
  });
  return parsers;
}

abstract class JsonChannel {
  readonly socket: ManagedSocket;
  readonly #open: ChannelOptions['open'];
  /** Frames waiting for the parsers, read one after another in the order they came. */
  #reading: Promise<void> = Promise.resolve();

  protected constructor(path: string, { base, tokens, WebSocket, open }: ChannelOptions, options: Pick<ManagedSocketOptions, 'endsOn' | 'backoff'>, read: (parsers: FrameParsers, data: unknown) => void) {
    this.#open = open?.add(this);
    this.socket = new ManagedSocket({ url: socketUrl(base, path), tokens, WebSocket, renewalFrame, ...options });
    loadParsers().catch(() => undefined);
    this.socket.message.add((data) => {
      this.#reading = this.#reading
        .then(loadParsers)
        .then((loaded) => read(loaded, data))
        .catch(() => undefined);
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
      ({ parseServerFrame }, data) => {
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
    super('/game/queue', options, { endsOn: () => true }, ({ parseQueueFrame }, data) => {
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
    super(`/game/tournaments/${encodeURIComponent(tournamentId)}`, options, {}, ({ parseTournamentFrame }, data) => {
      const frame = parseTournamentFrame(data);
      if (frame?.t === 'changed') this.changed.emit(frame.version, frame.bracket);
    });
  }
}
