/**
 * One game hosted in this process, from its players' arrival to the result (api/README.md, "The
 * game socket"): it waits for both players, steps the physics on the shared 60 Hz clock, pauses
 * while a player is away, and ends by score, forfeit or abandonment.
 */
import type { Game, Logger } from '@volley/core';
import {
  CloseCode,
  GAME_ABANDONED,
  GAME_HOST_LOST,
  createGameState,
  POINT_COUNTDOWN_TICKS,
  stepGame,
  type Direction,
  type GamePlayer,
  type GameServerFrame,
  type GameState,
  type Side,
} from '@volley/shared';
import type { GamePlayFrame, SeatSocket } from './game-socket.js';
import type { GameEnding } from './game-ending.js';
import type { OverFrame } from './over-frame.js';
import { snapshotOf } from './snapshot.js';
import type { Steppable, TickScheduler } from './tick-scheduler.js';

export interface GameRoomDeps {
  scheduler: TickScheduler;
  ending: GameEnding;
  log: Logger;
  /** A dropped player's time to come back (REJOIN_GRACE_MS). */
  rejoinGraceMs: number;
  /** How long the first player waits for the second before the game is abandoned. */
  arrivalWaitMs: number;
  /** An ended room nobody holds is dropped after this long. */
  disposeAfterMs: number;
  onDisposed(room: GameRoom): void;
}

interface Seat {
  socket?: SeatSocket;
  dir: Direction;
  /** The seq of the last input taken from this side. */
  ack: number;
}

/** `waiting` for both players, `playing` (physics countdown included), `paused` for one, `over`. */
type RoomPhase = 'waiting' | 'playing' | 'paused' | 'over';

const other = (side: Side): Side => (side === 0 ? 1 : 0);

export class GameRoom implements Steppable {
  private phase: RoomPhase = 'waiting';
  private readonly seats: [Seat, Seat] = [
    { dir: 0, ack: 0 },
    { dir: 0, ack: 0 },
  ];
  private readonly spectators = new Set<SeatSocket>();
  private readonly state: GameState;
  /** The one pending deadline: the second player's arrival, a rejoin, or the disposal. */
  private timer: NodeJS.Timeout | undefined;
  private paused: { side: Side; until: number } | undefined;
  private over: OverFrame | undefined;
  private rematchBy: Side | undefined;
  private rematchGame: Promise<string> | undefined;
  private closed = false;

  constructor(
    readonly game: Game,
    private readonly players: [GamePlayer, GamePlayer],
    private readonly deps: GameRoomDeps,
  ) {
    this.state = createGameState(game.settings);
    // A tournament's game waits for its players until their deadline, however late the room opens.
    const wait = game.showBy ? new Date(game.showBy).getTime() - Date.now() : deps.arrivalWaitMs;
    this.setTimer(wait, () => this.noShow());
  }

  attach(socket: SeatSocket): void {
    const { side } = socket;
    socket.onFrame = (frame) => this.receive(socket, frame);
    socket.onClose = () => this.detach(socket);
    if (side === undefined) this.spectators.add(socket);
    else {
      const replaced = this.seats[side].socket;
      this.seats[side].socket = socket;
      if (replaced) {
        replaced.onClose = () => {};
        replaced.close(CloseCode.replaced);
      }
    }
    socket.send({ t: 'welcome', gameId: this.game.id, role: side === undefined ? 'spectator' : 'player', ...(side === undefined ? {} : { side }), settings: this.game.settings, players: this.players });
    socket.send(this.snapshot());
    if (this.over) socket.send(this.over);
    // A player back on the result screen learns that the other one already asked for a rematch.
    if (this.over && side !== undefined && this.rematchBy !== undefined && this.rematchBy !== side) socket.send({ t: 'rematch', by: this.rematchBy });
    if (this.phase === 'over' && this.timer) this.clearTimer();
    if (side !== undefined) this.arrived();
    if (this.paused) socket.send({ t: 'paused', ...this.paused });
  }

  /** One tick of the shared clock. */
  step(): void {
    const events = stepGame(this.state, [this.seats[0].dir, this.seats[1].dir], this.game.settings);
    this.broadcast(this.snapshot());
    if (this.state.winner !== undefined && events.some((e) => e.type === 'over')) this.end(this.state.winner, 'score');
  }

  /** The host is stopping: no timer or clock is left behind; the sockets are the gateway's to close. */
  close(): void {
    this.closed = true;
    this.clearTimer();
    this.deps.scheduler.delete(this);
  }

  /** This process lost the game's lease (it stalled past it): the game ended as host lost. */
  lose(): void {
    this.close();
    for (const socket of this.sockets()) socket.close(1000, GAME_HOST_LOST);
    this.deps.onDisposed(this);
  }

  private receive(socket: SeatSocket, frame: GamePlayFrame): void {
    const { side } = socket;
    if (side === undefined) return socket.send({ t: 'rejected', reason: 'spectator' });
    if (frame.t === 'input') {
      if (this.phase === 'over') return socket.send({ t: 'rejected', reason: 'not_playing' });
      this.seats[side] = { ...this.seats[side], dir: frame.dir, ack: frame.seq };
    } else if (frame.t === 'forfeit') {
      if (this.phase === 'over') return socket.send({ t: 'rejected', reason: 'not_playing' });
      this.end(other(side), 'forfeit');
    } else {
      if (!this.over) return socket.send({ t: 'rejected', reason: 'not_playing' });
      this.rematch(side);
    }
  }

  /** A player's socket arrived: the game starts, or resumes, once both are here. */
  private arrived(): void {
    const missing = this.seats.findIndex((seat) => !seat.socket);
    if (this.phase === 'waiting' && missing === -1) return this.begin();
    if (this.phase !== 'paused') return;
    if (missing === -1) return this.resume();
    // The paused side came back while the other one left: now the other one is waited for.
    if (missing !== this.paused?.side) this.pause(missing as Side);
  }

  private detach(socket: SeatSocket): void {
    if (this.closed) return;
    const { side } = socket;
    if (side === undefined) this.spectators.delete(socket);
    else if (this.seats[side].socket === socket) {
      this.seats[side] = { ...this.seats[side], socket: undefined, dir: 0 };
      if (this.phase === 'playing') this.pause(side);
    }
    this.disposeWhenEmpty();
  }

  private begin(): void {
    this.clearTimer();
    this.phase = 'playing';
    this.deps.scheduler.add(this);
    this.deps.ending.started(this.game);
    this.deps.log.info({ gameId: this.game.id }, 'game started');
  }

  private pause(side: Side): void {
    this.phase = 'paused';
    this.deps.scheduler.delete(this);
    this.paused = { side, until: Date.now() + this.deps.rejoinGraceMs };
    this.broadcast({ t: 'paused', ...this.paused });
    this.setTimer(this.deps.rejoinGraceMs, () => this.end(other(side), 'forfeit'));
  }

  private resume(): void {
    this.clearTimer();
    this.paused = undefined;
    this.phase = 'playing';
    // The ball stays where it was; the players get a short countdown to find it again.
    if (this.state.phase === 'playing') {
      this.state.phase = 'countdown';
      this.state.countdown = POINT_COUNTDOWN_TICKS;
    }
    this.broadcast({ t: 'resumed' });
    this.deps.scheduler.add(this);
  }

  private end(winner: Side, reason: OverFrame['reason']): void {
    if (this.phase === 'over') return;
    this.phase = 'over';
    this.paused = undefined;
    this.clearTimer();
    this.deps.scheduler.delete(this);
    this.deps.ending.finish(this.game, this.players, { gameId: this.game.id, winner, reason, score: [...this.state.score] }).then(
      (over) => {
        // Once played, a game is `live` (started()), so only a lost host ends it elsewhere.
        if (!over) return this.lose();
        this.over = over;
        this.broadcast(over);
        this.disposeWhenEmpty();
      },
      (err: unknown) => {
        this.deps.log.error({ gameId: this.game.id, err }, 'recording the match failed');
        for (const socket of this.sockets()) socket.close(1011, 'internal_error');
      },
    );
  }

  private rematch(side: Side): void {
    if (this.rematchBy === undefined) {
      this.rematchBy = side;
      return this.broadcastToPlayers({ t: 'rematch', by: side });
    }
    if (this.rematchBy === side) return;
    this.rematchGame ??= this.deps.ending.rematch(this.game);
    this.rematchGame.then(
      (gameId) => this.broadcastToPlayers({ t: 'rematch', gameId }),
      (err: unknown) => this.deps.log.error({ gameId: this.game.id, err }, 'creating the rematch failed'),
    );
  }

  /**
   * A player did not come in time. In a tournament's game the absent player forfeits, if the
   * other one is here; otherwise the game is abandoned (docs/architecture.md §9).
   */
  private noShow(): void {
    const present = this.seats.flatMap((seat, side) => (seat.socket ? [side as Side] : []));
    if (this.game.showBy && present.length === 1) return this.end(present[0]!, 'forfeit');
    void this.abandon();
  }

  /** Nobody came in time (or only one player): no match, no rating change. */
  private async abandon(): Promise<void> {
    this.phase = 'over';
    this.closed = true;
    this.deps.log.info({ gameId: this.game.id }, 'game abandoned: a player never came');
    await this.deps.ending.abandon(this.game).catch((err: unknown) => this.deps.log.error({ gameId: this.game.id, err }, 'abandoning the game failed'));
    for (const socket of this.sockets()) socket.close(1000, GAME_ABANDONED);
    this.deps.onDisposed(this);
  }

  private disposeWhenEmpty(): void {
    if (this.phase !== 'over' || !this.over || this.sockets().length > 0) return;
    this.setTimer(this.deps.disposeAfterMs, () => this.deps.onDisposed(this));
  }

  private snapshot(): GameServerFrame {
    return { t: 'snap', s: snapshotOf(this.state, [this.seats[0].ack, this.seats[1].ack]) };
  }

  private sockets(): SeatSocket[] {
    return [...this.seats.flatMap((seat) => (seat.socket ? [seat.socket] : [])), ...this.spectators];
  }

  /** Serialized once for all the game's sockets. */
  private broadcast(frame: GameServerFrame): void {
    const encoded = Buffer.from(JSON.stringify(frame));
    for (const seat of this.seats) seat.socket?.sendEncoded(encoded);
    for (const socket of this.spectators) socket.sendEncoded(encoded);
  }

  private broadcastToPlayers(frame: GameServerFrame): void {
    for (const seat of this.seats) seat.socket?.send(frame);
  }

  private setTimer(ms: number, run: () => void): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.closed) run();
    }, ms);
  }

  private clearTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
