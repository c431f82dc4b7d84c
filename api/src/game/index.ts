/**
 * The game socket (`/game/queue`, `/game/<gameId>`, docs/architecture.md §6): admission at upgrade, the rooms
 * of the games hosted in this process, the shared 60 Hz clock, and the matchmaking queue's sockets.
 * A game lives in the process that got its first connection (api/README.md, "Several instances").
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { createSocketGateway, forCategory, Match, User, type Game } from '@volley/core';
import { CloseCode, CloseReason, GAME_FRAME_MAX_BYTES, REJOIN_GRACE_MS, type GamePlayer } from '@volley/shared';
import type { WebSocket } from 'ws';
import type { ApiDeps } from '../context.js';
import { createMatchmaking, type MatchmakingOptions } from '../matchmaking/index.js';
import { Effects } from '../services/effects.js';
import { admitToGame, type GameAdmitted } from './admission.js';
import { GameEnding } from './game-ending.js';
import { GameRoom } from './game-room.js';
import { GameSocket } from './game-socket.js';
import { QueueSocket } from './queue-socket.js';
import { overFrame } from './over-frame.js';
import { TickScheduler } from './tick-scheduler.js';

export interface GameOptions {
  /** A dropped player's time to come back; REJOIN_GRACE_MS. Shorter in tests only. */
  rejoinGraceMs?: number;
  /** How long the first player waits for the second before the game is abandoned. */
  arrivalWaitMs?: number;
  /** Sees every interval between two ticks of the clock (ms): the benchmark's probe. */
  onTick?(intervalMs: number): void;
  /** The `/game/queue` socket's queue (tests: its own Redis keys). */
  matchmaking?: MatchmakingOptions;
}

export interface GameHost {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

const ARRIVAL_WAIT_MS = 60_000;
/** An ended game's room stays this long after its last socket left: a reload still finds the rematch offer. */
const DISPOSE_AFTER_MS = 30_000;
/** Expired tokens are looked for every second; unanswered pings every HEARTBEAT_EVERY of those. */
const CHECK_MS = 1000;
const HEARTBEAT_EVERY = 15;

export function createGameHost(deps: ApiDeps, options: GameOptions = {}): GameHost {
  const log = forCategory(deps.logger, 'game');
  const scheduler = new TickScheduler(options.onTick);
  const ending = new GameEnding({ db: deps.db, effects: new Effects(deps), log });
  const matchmaking = createMatchmaking(deps, options.matchmaking);
  const rooms = new Map<string, Promise<GameRoom>>();
  const sockets = new Set<GameSocket>();
  const queueSockets = new Set<QueueSocket>();
  let checks = 0;
  const checker = setInterval(() => {
    const now = Date.now();
    const heartbeat = ++checks % HEARTBEAT_EVERY === 0;
    for (const socket of [...sockets, ...queueSockets]) {
      socket.liveness.checkExpiry(now);
      if (heartbeat) socket.liveness.checkAlive();
    }
  }, CHECK_MS);
  checker.unref();

  const roomDeps = {
    scheduler,
    ending,
    log,
    rejoinGraceMs: options.rejoinGraceMs ?? REJOIN_GRACE_MS,
    arrivalWaitMs: options.arrivalWaitMs ?? ARRIVAL_WAIT_MS,
    disposeAfterMs: DISPOSE_AFTER_MS,
    onDisposed: (room: GameRoom) => rooms.delete(room.game.id),
  };

  async function openRoom(game: Game): Promise<GameRoom> {
    const users = await User.query(deps.db).findByIds([game.leftId, game.rightId]);
    const player = (id: string): GamePlayer => {
      const user = users.find((u) => u.id === id)!;
      return { ...user.toPublic(), rating: user.rating };
    };
    return new GameRoom(game, [player(game.leftId), player(game.rightId)], roomDeps);
  }

  async function joinGame(ws: WebSocket, { user, game, side }: Extract<GameAdmitted, { kind: 'game' }>): Promise<void> {
    let room = rooms.get(game.id);
    if (!room && game.status === 'finished') {
      const match = await Match.query(deps.db).findOne({ game_id: game.id });
      if (!match) return void ws.close(CloseCode.notFound, CloseReason[CloseCode.notFound]);
      ws.send(JSON.stringify(overFrame(game, match)));
      return void ws.close(1000, 'over');
    }
    if (!room) {
      room = openRoom(game);
      rooms.set(game.id, room);
      room.catch(() => rooms.delete(game.id));
    }
    const hosting = await room;
    if (ws.readyState !== ws.OPEN) return;
    const socket = new GameSocket(ws, user, side, deps.tokens, log);
    sockets.add(socket);
    ws.on('close', () => sockets.delete(socket));
    hosting.attach(socket);
  }

  function joinQueue(ws: WebSocket, { user }: GameAdmitted): void {
    const socket = new QueueSocket(ws, user, deps.tokens, log);
    const leave = matchmaking.join(user, socket);
    queueSockets.add(socket);
    ws.on('close', () => {
      queueSockets.delete(socket);
      leave();
    });
  }

  const gateway = createSocketGateway<GameAdmitted>({
    admit: (req) => admitToGame(req, deps),
    join: (ws, admitted) => {
      if (admitted.kind === 'queue') return joinQueue(ws, admitted);
      joinGame(ws, admitted).catch((err: unknown) => {
        log.error({ gameId: admitted.game.id, err }, 'opening the game failed');
        ws.close(1011, 'internal_error');
      });
    },
    maxPayload: GAME_FRAME_MAX_BYTES,
    log,
  });

  let closed: Promise<void> | undefined;
  return {
    handleUpgrade: gateway.handleUpgrade,
    close: () => (closed ??= stop()),
  };

  async function stop(): Promise<void> {
    clearInterval(checker);
    const open = await Promise.allSettled(rooms.values());
    for (const room of open) if (room.status === 'fulfilled') room.value.close();
    rooms.clear();
    scheduler.stop();
    await gateway.close();
    await matchmaking.close();
    await ending.settled();
  }
}
