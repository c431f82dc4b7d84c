/**
 * One online game as this browser sees it: the socket, what the server said (who plays, pause,
 * result, rematch offers), the snapshots to interpolate, and — when I play — my predicted paddle.
 * The page draws `frame(now, …)` on each display frame and re-renders on `changed`.
 */
import { Listeners, type GameChannel, type SocketStatus } from '@volley/client';
import { CloseReason, FIELD, GAME_ABANDONED, GAME_HOST_LOST, REJOIN_GRACE_MS, TICK_MS, type CloseCodeValue, type Direction, type GameServerFrame, type Side, type Snapshot } from '@volley/shared';
import type { CourtView } from './court-view.js';
import { FixedStep } from './fixed-step.js';
import { countLive } from './live-count.js';
import { PaddlePrediction } from './paddle-prediction.js';
import { SnapshotBuffer } from './snapshot-buffer.js';
import { snapshotSounds, type SoundName } from './sound-cues.js';

export type Welcome = Extract<GameServerFrame, { t: 'welcome' }>;
export type GameSocketStatus = 'connecting' | 'open' | 'reconnecting' | 'ended';
/** Why the socket ended: a close reason of close-codes.ts, or `closed`/`abandoned` for the server's normal close. */
export type GameSocketEnd = (typeof CloseReason)[CloseCodeValue] | 'closed' | typeof GAME_ABANDONED | typeof GAME_HOST_LOST;

/** The page's words for the library's socket states: given up or over is ended, waiting to retry is reconnecting. */
const SOCKET_STATUS: Record<SocketStatus, GameSocketStatus> = {
  idle: 'connecting',
  connecting: 'connecting',
  open: 'open',
  waiting: 'reconnecting',
  refused: 'ended',
  ended: 'ended',
};
export type Result = Extract<GameServerFrame, { t: 'over' }>;

export class GameClient {
  /** Something the page shows changed (not the court itself, which `frame` draws). */
  readonly changed = new Listeners<[]>();
  /** Both players agreed on a rematch: the new game's id. */
  readonly rematchStarts = new Listeners<[string]>();
  welcome: Welcome | null = null;
  paused: { side: Side; until: number } | null = null;
  result: Result | null = null;
  /** Sides that asked for a rematch. */
  rematchOffers = new Set<Side>();

  readonly #buffer = new SnapshotBuffer();
  readonly #clock = new FixedStep();
  #prediction: PaddlePrediction | null = null;
  #pausedSeconds = 0;

  constructor(
    /** The library's socket of this game (`VolleyClient.game`). */
    private readonly socket: GameChannel,
    private readonly onSound: (sound: SoundName) => void,
  ) {
    socket.frames.add((frame) => this.#receive(frame));
    socket.socket.statusChanged.add(() => this.changed.emit());
  }

  get status(): GameSocketStatus {
    return SOCKET_STATUS[this.socket.socket.status];
  }

  /** Called with the page's status whenever it changes. */
  onStatus(callback: (status: GameSocketStatus) => void): () => void {
    return this.socket.socket.statusChanged.add((status) => callback(SOCKET_STATUS[status]));
  }

  /** Why the socket ended, once it has: null while it lives. */
  get endedBecause(): GameSocketEnd | null {
    if (this.status !== 'ended') return null;
    const end = this.socket.socket.end;
    if (!end || end.code === 1000) return end?.reason === GAME_ABANDONED || end?.reason === GAME_HOST_LOST ? end.reason : 'closed';
    return CloseReason[end.code as CloseCodeValue] ?? 'bad_request';
  }

  get latest(): Snapshot | undefined {
    return this.#buffer.latest;
  }

  /** My side when I play; null when I watch (or before the server said). */
  get mySide(): Side | null {
    return this.welcome?.role === 'player' ? (this.welcome.side ?? null) : null;
  }

  /** Seconds left before the dropped player forfeits. */
  pausedSecondsLeft(now = Date.now()): number {
    return this.paused ? Math.max(0, Math.ceil((this.paused.until - now) / 1000)) : 0;
  }

  open(): void {
    this.socket.open();
    countLive('sockets', 1);
  }

  close(): void {
    this.socket.close();
    countLive('sockets', -1);
  }

  offerRematch(): void {
    const side = this.mySide;
    if (side === null || !this.result) return;
    this.rematchOffers.add(side);
    this.socket.send({ t: 'rematch' });
    this.changed.emit();
  }

  /** Runs my paddle's ticks due at `now` with the direction `steer` picks from its position; returns what to draw. */
  frame(now: number, steer: (paddleY: number) => Direction): CourtView | null {
    const welcome = this.welcome;
    if (!welcome) return null;
    const seconds = this.pausedSecondsLeft();
    if (seconds !== this.#pausedSeconds) {
      this.#pausedSeconds = seconds;
      this.changed.emit();
    }
    const prediction = this.#prediction;
    const finished = this.latest?.[1] === 'over' || this.result !== null;
    // My paddle moves only while the server's clock runs: from its first tick (both players here), not paused.
    const running = (this.latest?.[0] ?? 0) > 0 && !finished && !this.paused;
    if (prediction && running) {
      this.#clock.advance(now, () => {
        const input = prediction.steer(steer(prediction.y));
        if (input) this.socket.send(input);
        prediction.tick();
      });
    }
    const sample = this.#buffer.sample(performance.now());
    const side = this.mySide;
    const paddles: [number, number] = sample ? [...sample.paddles] : [FIELD.height / 2, FIELD.height / 2];
    if (prediction && side !== null) paddles[side] = prediction.y;
    return { settings: welcome.settings, paddles, ball: sample && !finished ? sample.ball : null, mine: side };
  }

  #receive(frame: GameServerFrame): void {
    switch (frame.t) {
      case 'welcome':
        return this.#welcomed(frame);
      case 'snap':
        return this.#snapshot(frame.s);
      case 'paused': {
        // `until` is the server's clock: never count down from more than the grace a drop gets, whatever this clock says.
        const now = Date.now();
        this.paused = { side: frame.side, until: Math.min(frame.until, now + REJOIN_GRACE_MS) };
        return this.changed.emit();
      }
      case 'resumed':
        this.paused = null;
        this.#clock.reset();
        return this.changed.emit();
      case 'over':
        this.result = frame;
        this.paused = null;
        return this.changed.emit();
      case 'rematch':
        if ('gameId' in frame) return this.rematchStarts.emit(frame.gameId);
        this.rematchOffers.add(frame.by);
        return this.changed.emit();
      case 'rejected':
        // An input the server would not take (I watch, or the game is not on): nothing to show.
        return;
    }
  }

  #welcomed(frame: Welcome): void {
    this.welcome = frame;
    const side = this.mySide;
    if (side !== null) {
      this.#prediction ??= new PaddlePrediction(this.latest ? paddleOf(this.latest, side) : FIELD.height / 2, frame.settings);
      // A new connection starts my paddle still on the server: say where I am heading.
      const input = this.#prediction.steer(this.#prediction.direction, true);
      if (input) this.socket.send(input);
    }
    this.changed.emit();
  }

  #snapshot(snap: Snapshot): void {
    const before = this.latest;
    this.#buffer.push(snap, performance.now());
    if (before && snap[0] > before[0]) {
      for (const sound of snapshotSounds(before, snap)) this.onSound(sound);
      const shown = (s: Snapshot) => `${s[1]}|${s[9]}|${s[10]}|${Math.ceil((s[2] * TICK_MS) / 1000)}`;
      if (shown(before) !== shown(snap)) this.changed.emit();
    }
    if (!before) this.changed.emit();
    const side = this.mySide;
    if (this.#prediction && side !== null) this.#prediction.reconcile(snap[0], paddleOf(snap, side), side === 0 ? snap[11] : snap[12]);
  }
}

const paddleOf = (snap: Snapshot, side: Side): number => (side === 0 ? snap[7] : snap[8]);
