/**
 * The game socket (`/game/queue`, `/game/<gameId>`, docs/architecture.md §6): admission at upgrade, the rooms
 * of the games hosted in this process, the shared 60 Hz clock, and the matchmaking queue's sockets.
 * Scaled out, a game is hosted by the api process holding its lease and relayed to by the others.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { createSocketGateway, DomainEvents, holdFrames, forCategory, Game, Match, Tournament, User, type AccessClaims } from '@volley/core';
import { CloseCode, CloseReason, GAME_ABANDONED, GAME_FRAME_MAX_BYTES, GAME_HELD_FRAMES, GAME_HOST_LOST, REJOIN_GRACE_MS, type GamePlayer, type QueueServerFrame, type TournamentServerFrame } from '@volley/shared';
import type { WebSocket } from 'ws';
import type { CredentialDeps } from '../context.js';
import { createMatchmaking, type MatchmakingOptions } from '../matchmaking/index.js';
import { Effects } from '../services/effects.js';
import { admitToGame, type GameAdmitted } from './admission.js';
import { GameEnding } from './game-ending.js';
import { GameRoom } from './game-room.js';
import { GameRelay } from './game-relay.js';
import { GameSocket, type SeatSocket } from './game-socket.js';
import { LocalLeases, RedisLeases, type HostLeases } from './host-lease.js';
import { RelayInbox } from './relay-inbox.js';
import { PushSocket } from './push-socket.js';
import { maySee } from '../tournaments/registration.js';
import type { OrphanedGames } from '../tournaments/clock.js';
import { bracketView } from '../tournaments/views.js';
import { TournamentWatchers } from '../tournaments/watchers.js';
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

export interface GameHost extends OrphanedGames {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

/** Where a game is for this process (docs/architecture.md §6). */
type Placed = { kind: 'host'; room: GameRoom; inbox: RelayInbox } | { kind: 'relay'; relay: GameRelay } | { kind: 'ended' };

const ARRIVAL_WAIT_MS = 60_000;
/** An ended game's room stays this long after its last socket left: a reload still finds the rematch offer. */
const DISPOSE_AFTER_MS = 30_000;
/** Expired tokens are looked for every second; unanswered pings every HEARTBEAT_EVERY of those. */
const CHECK_MS = 1000;
const HEARTBEAT_EVERY = 15;

export function createGameHost(deps: CredentialDeps, options: GameOptions = {}): GameHost {
  const log = forCategory(deps.logger, 'game');
  const scheduler = new TickScheduler(options.onTick);
  const ending = new GameEnding({ db: deps.db, effects: new Effects(deps), log });
  const matchmaking = createMatchmaking(deps, options.matchmaking);
  const sockets = new Set<GameSocket>();
  /** Sockets the server only pushes on: the queue's and the tournaments' watchers. */
  const pushSockets = new Set<PushSocket<{ t: string }>>();
  const tournaments = new TournamentWatchers(
    async (id) => {
      const t = await Tournament.query(deps.db).findById(id);
      return t && { version: t.version, bracket: await bracketView(deps.db, t) };
    },
    (err, tournamentId) => log.warn({ err, tournamentId }, 'reading a watched tournament failed'),
  );
  let checks = 0;
  const checker = setInterval(() => {
    const now = Date.now();
    const heartbeat = ++checks % HEARTBEAT_EVERY === 0;
    for (const socket of [...sockets, ...pushSockets]) {
      socket.liveness.checkExpiry(now);
      if (heartbeat) socket.liveness.checkAlive();
    }
  }, CHECK_MS);
  checker.unref();
  // A revoked bot token's sockets close at once, wherever it was revoked; a tournament's watchers
  // hear it moved, wherever it moved.
  const revocations = new DomainEvents(deps.bus).subscribe((event) => {
    if (event.type === 'tournament.changed') return tournaments.tell(event.tournamentId, event.version);
    if (event.type === 'social.changed') return void stillMaySee(event.userIds);
    if (event.type !== 'token.revoked') return;
    for (const socket of [...sockets, ...pushSockets]) if (socket.user.scope?.tokenId === event.tokenId) socket.close(CloseCode.unauthenticated);
  });
  revocations.catch((err: unknown) => log.error({ err }, 'subscribing to domain events failed'));

  const leases: HostLeases = deps.config.redis
    ? new RedisLeases(deps.config.redis, deps.config.redisPrefix, (gameId) => void lostHere(gameId))
    : new LocalLeases();
  /** Each game this process has sockets of: hosted here, relayed to its host, or found ended. */
  const games = new Map<string, Promise<Placed>>();

  const roomDeps = {
    scheduler,
    ending,
    log,
    rejoinGraceMs: options.rejoinGraceMs ?? REJOIN_GRACE_MS,
    arrivalWaitMs: options.arrivalWaitMs ?? ARRIVAL_WAIT_MS,
    disposeAfterMs: DISPOSE_AFTER_MS,
    onDisposed: (room: GameRoom) => void disposed(room.game.id),
  };

  async function openRoom(game: Game): Promise<GameRoom> {
    const users = await User.query(deps.db).findByIds([game.leftId, game.rightId]);
    const player = (id: string): GamePlayer => {
      const user = users.find((u) => u.id === id)!;
      return { ...user.toPublic(), rating: user.rating };
    };
    return new GameRoom(game, [player(game.leftId), player(game.rightId)], roomDeps);
  }

  /**
   * Hosts the game if this process takes its lease, else relays to the process that holds it. The
   * inbox for relayed sockets listens before the claim, so none that arrive right after it is missed.
   */
  async function place(gameId: string, forget: () => void): Promise<Placed> {
    let room: GameRoom | undefined;
    const early: SeatSocket[] = [];
    const inbox = await RelayInbox.open(deps.bus, gameId, log, (socket) => (room ? room.attach(socket) : void early.push(socket)));
    if (!(await leases.claim(gameId))) {
      await inbox.close();
      const host = await leases.holder(gameId);
      // The lease went between the two reads: the host is gone or done; the next socket will see which.
      if (!host) return { kind: 'ended' };
      const relay = await GameRelay.open(gameId, host, { bus: deps.bus, leases, log, hostLost: () => ending.hostLost(gameId), onDone: forget });
      return { kind: 'relay', relay };
    }
    try {
      const game = await Game.query(deps.db).findById(gameId);
      // A game already on that nobody holds the lease of had a host, which died: scaled out, another
      // process; embedded, this one before a restart (its room would have held the game until it ended).
      const orphan = game?.status === 'live';
      if (!game || orphan || (game.status !== 'ready' && game.status !== 'live')) {
        if (orphan) await ending.hostLost(gameId);
        await Promise.all([leases.release(gameId), inbox.close()]);
        return { kind: 'ended' };
      }
      room = await openRoom(game);
    } catch (err) {
      await Promise.allSettled([leases.release(gameId), inbox.close()]);
      throw err;
    }
    for (const socket of early.splice(0)) room.attach(socket);
    return { kind: 'host', room, inbox };
  }

  /** A game nobody hosts any more: its result, or why it ended. */
  async function answerEnded(ws: WebSocket, gameId: string): Promise<void> {
    const game = await Game.query(deps.db).findById(gameId);
    if (game?.status === 'host_lost') return void ws.close(1000, GAME_HOST_LOST);
    if (game?.status === 'abandoned') return void ws.close(1000, GAME_ABANDONED);
    const match = game?.status === 'finished' && (await Match.query(deps.db).findOne({ game_id: gameId }));
    if (!game || !match) return void ws.close(CloseCode.notFound, CloseReason[CloseCode.notFound]);
    ws.send(JSON.stringify(overFrame(game, match)));
    ws.close(1000, 'over');
  }

  async function joinGame(ws: WebSocket, { user, game, side }: Extract<GameAdmitted, { kind: 'game' }>): Promise<void> {
    // Placing the game (a lease, a database read: longer when scaled out) holds the frames sent meanwhile.
    const release = holdFrames(ws, GAME_HELD_FRAMES);
    let placed: Placed;
    for (;;) {
      let placing = games.get(game.id);
      if (!placing) {
        if (game.status === 'finished' || game.status === 'host_lost') return answerEnded(ws, game.id);
        const forget = () => games.get(game.id) === placing && games.delete(game.id);
        placing = place(game.id, forget);
        games.set(game.id, placing);
        placing.then((p) => p.kind === 'ended' && forget(), forget);
      }
      placed = await placing;
      if (placed.kind !== 'relay' || placed.relay.open) break;
    }
    if (ws.readyState !== ws.OPEN) return;
    if (placed.kind === 'ended') return answerEnded(ws, game.id);
    const socket = new GameSocket(ws, user, side, deps.tokens, log);
    sockets.add(socket);
    ws.on('close', () => sockets.delete(socket));
    if (placed.kind === 'host') placed.room.attach(socket);
    else placed.relay.attach(socket);
    release((data, isBinary) => ws.emit('message', data, isBinary));
  }


  /** A hosted game is done with here: the relays stop, the lease goes. */
  async function disposed(gameId: string): Promise<void> {
    const placed = await games.get(gameId);
    games.delete(gameId);
    if (placed?.kind !== 'host') return;
    await Promise.all([placed.inbox.close(), leases.release(gameId)]);
  }

  /** This process stalled past its lease on a game it hosted: the game is over here. */
  async function lostHere(gameId: string): Promise<void> {
    const placed = await games.get(gameId);
    if (placed?.kind !== 'host') return;
    log.warn({ gameId }, 'lost the lease of a hosted game');
    await ending.hostLost(gameId).catch((err: unknown) => log.error({ gameId, err }, 'recording the host lost failed'));
    placed.room.lose();
  }

  /**
   * As a player's socket arriving would find it (`place`): a game on that no process hosts had a
   * host, which died. A game with sockets here is this process's to end, or its relay's.
   */
  async function endIfOrphaned(gameId: string): Promise<boolean> {
    if (games.has(gameId) || !(await leases.claim(gameId))) return false;
    try {
      const game = await Game.query(deps.db).findById(gameId).select('status');
      return game?.status === 'live' && (await ending.hostLost(gameId));
    } finally {
      await leases.release(gameId);
    }
  }

  function joinQueue(ws: WebSocket, { user }: GameAdmitted): void {
    const socket = new PushSocket<QueueServerFrame>(ws, user, deps.tokens, log);
    const leave = matchmaking.join(user, socket);
    pushSockets.add(socket);
    ws.on('close', () => {
      pushSockets.delete(socket);
      leave();
    });
  }

  /** A block made between these users: their tournament sockets close if they may no longer see what they watch (its bracket is pushed). */
  async function stillMaySee(userIds: string[]): Promise<void> {
    for (const [tournamentId, watcher] of [...tournaments.watchers()]) {
      if (!userIds.includes(watcher.userId)) continue;
      const t = await Tournament.query(deps.db).findById(tournamentId);
      if (!t || !(await maySee(deps.db, t, watcher.userId))) watcher.close(CloseCode.notFound);
    }
  }

  function watchTournament(ws: WebSocket, user: AccessClaims, tournament: Tournament): void {
    const socket = new PushSocket<TournamentServerFrame>(ws, user, deps.tokens, log);
    const stop = tournaments.watch(tournament.id, tournament.version, socket);
    pushSockets.add(socket);
    ws.on('close', () => {
      pushSockets.delete(socket);
      stop();
    });
  }

  const gateway = createSocketGateway<GameAdmitted>({
    name: 'game',
    admit: (req, address) => admitToGame(req, address, deps),
    join: (ws, admitted) => {
      if (admitted.kind === 'queue') return joinQueue(ws, admitted);
      if (admitted.kind === 'tournament') return watchTournament(ws, admitted.user, admitted.tournament);
      joinGame(ws, admitted).catch((err: unknown) => {
        log.error({ gameId: admitted.game.id, err }, 'opening the game failed');
        ws.close(1011, 'internal_error');
      });
    },
    maxPayload: GAME_FRAME_MAX_BYTES,
    allowedOrigins: deps.config.allowedOrigins,
    log,
    gate: deps.gate,
    trustProxy: deps.config.trustProxy,
  });

  let closed: Promise<void> | undefined;
  return {
    handleUpgrade: gateway.handleUpgrade,
    endIfOrphaned,
    close: () => (closed ??= stop()),
  };

  async function stop(): Promise<void> {
    clearInterval(checker);
    const open = await Promise.allSettled(games.values());
    games.clear();
    for (const placed of open) {
      if (placed.status !== 'fulfilled') continue;
      const { value } = placed;
      if (value.kind === 'relay') value.relay.close();
      if (value.kind !== 'host') continue;
      value.room.close();
      // Relayed players come back through another process, which finds the game host-less.
      await value.inbox.close(CloseCode.goingAway);
    }
    await leases.close();
    scheduler.stop();
    await gateway.close();
    await matchmaking.close();
    await revocations.then((unsubscribe) => unsubscribe(), () => undefined);
    await ending.settled();
  }
}
