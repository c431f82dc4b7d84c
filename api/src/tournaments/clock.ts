/**
 * The server's clock of tournaments: every api process closes registration windows that ended and
 * settles the tournaments whose games ended or whose players did not come, every second; and a
 * finished game's tournament is settled at once, on `game.finished`. Whichever process gets there
 * first does the work under the tournament's lock (progress.ts); the others find it done. After a
 * restart the first sweep picks up whatever was left.
 */
import { compiledOnce, DomainEvents, forCategory, Game, TOURNAMENT_POST_CLAIM_MS, unposted, type Db, type Logger } from '@volley/core';
import { idAt } from '@volley/shared';
import type { RouteDeps } from '../context.js';
import { MatchStatus } from './bracket.js';
import { lockTournament, NO_SHOW_MARGIN_MS, nothingTold, settleTournament, startTournament, type Told } from './progress.js';

const SWEEP_EVERY_MS = 1000;
/** A line is posted within a second or so of its step: one unposted after this is told again. */
const UNPOSTED_AFTER_MS = 5000;
const UNPOSTED_LOOKBACK_MS = 24 * 3600_000;

/** The game host's part in the clock: a game on that nobody hosts any more is ended by its host-loss rules. */
export interface OrphanedGames {
  /**
   * Ends the `live` game `host_lost` if no process hosts it (its host died and no player came back
   * to find it); true when it is now `host_lost`.
   */
  endIfOrphaned(gameId: string): Promise<boolean>;
}

type ClockDeps = Pick<RouteDeps, 'db' | 'bus' | 'effects' | 'logger'> & { games: OrphanedGames };

/**
 * Runs a step in one transaction, moving on the version of the tournaments it changed, with its
 * notifications (a kill after the commit loses none of them), then tells what it committed.
 */
export async function step(deps: Pick<ClockDeps, 'db' | 'effects'>, work: (trx: Db) => Promise<Told>): Promise<void> {
  const { told, show } = await deps.db.transaction(async (trx) => {
    const done = await work(trx);
    if (done.posts.length > 0) await trx('tournament_posts').insert(done.posts);
    for (const tournamentId of done.changed) {
      const [moved]: { version: number }[] = await trx('tournaments').where('id', tournamentId).increment('version', 1).returning('version');
      if (moved) done.events.push({ type: 'tournament.changed', tournamentId, version: moved.version });
    }
    return { told: done, show: await deps.effects.notifyWithin(trx, done.notifications) };
  });
  // The events first: the watchers' read of the new version (on this process, told as the event is
  // published) queues for a connection before the documents of a round's players are written to.
  await Promise.all(told.events.map((e) => deps.effects.publish(e)));
  await show();
}

type DueRow = { kind: 'unposted' | 'starting' | 'settling' | 'live'; tournament_id: string; game_id: string | null };

/**
 * Tournaments with something to do now: a registration window that ended, a match whose game ended
 * or was never opened, or a line of the last day still unposted seconds after it was recorded (its
 * event was lost, or the sync server posting it died on the way: core's `unposted`); and the games
 * of matches under way that are on, which the game host ends if their host died. One statement,
 * compiled once: every api process reads this every second, idle or not.
 */
function dueQuery(db: Db): (now: number) => Promise<{ starting: string[]; settling: string[]; unposted: string[]; live: { gameId: string; tournamentId: string }[] }> {
  const read = compiledOnce<'now' | 'claimedBefore' | 'linesFrom' | 'linesTo' | 'unshownBefore', DueRow>(db, 'tournament_clock_due', ['now', 'claimedBefore', 'linesFrom', 'linesTo', 'unshownBefore'], (at) => {
    const columns = (kind: string, tournamentId: string, gameId?: string) => [db.raw('?::text as kind', [kind]), `${tournamentId} as tournament_id`, gameId ?? db.raw('null as game_id')];
    const lines = unposted(db, at.claimedBefore).whereBetween('id', [at.linesFrom, at.linesTo]).distinct(columns('unposted', 'tournament_id'));
    const starting = db('tournaments').where('status', 'registration').where('registration_ends_at', '<=', at.now).select(columns('starting', 'id'));
    const settling = db('tournament_matches as m')
      .leftJoin('games as g', 'g.id', 'm.game_id')
      .whereIn('m.status', [MatchStatus.ready, MatchStatus.running])
      .where((q) =>
        q
          .whereNull('m.game_id')
          .orWhereIn('g.status', ['finished', 'abandoned', 'host_lost'])
          .orWhere((r) => r.where('g.status', 'ready').where('g.show_by', '<', at.unshownBefore)),
      )
      .distinct(columns('settling', 'm.tournament_id'));
    const live = db('tournament_matches as m')
      .join('games as g', 'g.id', 'm.game_id')
      .whereIn('m.status', [MatchStatus.ready, MatchStatus.running])
      .where('g.status', 'live')
      .select(columns('live', 'm.tournament_id', 'm.game_id'));
    return lines.unionAll([starting, settling, live], true);
  });
  return async (now) => {
    const rows = await read({
      now: new Date(now),
      claimedBefore: new Date(now - TOURNAMENT_POST_CLAIM_MS),
      linesFrom: idAt(now - UNPOSTED_LOOKBACK_MS),
      linesTo: idAt(now - UNPOSTED_AFTER_MS),
      unshownBefore: new Date(now - NO_SHOW_MARGIN_MS),
    });
    const of = (kind: string) => rows.filter((row) => row.kind === kind);
    return {
      starting: of('starting').map((r) => r.tournament_id),
      settling: of('settling').map((r) => r.tournament_id),
      unposted: of('unposted').map((r) => r.tournament_id),
      live: of('live').map((r) => ({ gameId: r.game_id!, tournamentId: r.tournament_id })),
    };
  };
}

/** Starts the clock; the returned function stops it once the step under way is done. */
export function runTournamentClock(deps: ClockDeps, everyMs = SWEEP_EVERY_MS): () => Promise<void> {
  const log: Logger = forCategory(deps.logger, 'db');
  const due = dueQuery(deps.db);
  let running: Promise<void> = Promise.resolve();
  const queue = (work: () => Promise<void>) => {
    running = running.then(work).catch((err: unknown) => log.warn({ err }, 'moving tournaments on failed'));
  };
  const settle = (id: string) => step(deps, (trx) => settleTournament(trx, id));
  /**
   * Tournaments a finished game queued a settle for, not yet begun: a second game of the same one
   * (a round's games end together) and the sweep leave it to that settle, which takes every game
   * that ended before it begins.
   */
  const queued = new Set<string>();
  const sweep = async () => {
    const { starting, settling, unposted, live } = await due(Date.now());
    // A game whose host died with no player coming back would stay on for ever: ended here, its
    // match is played again by this sweep's settle.
    for (const { gameId, tournamentId } of live) if ((await deps.games.endIfOrphaned(gameId)) && !settling.includes(tournamentId)) settling.push(tournamentId);
    await Promise.all(unposted.map((tournamentId) => deps.effects.publish({ type: 'tournament.posted', tournamentId })));
    for (const id of starting) {
      await step(deps, async (trx) => {
        const told = nothingTold();
        const t = await lockTournament(trx, id);
        if (t?.status === 'registration' && t.registrationEndsAt && new Date(t.registrationEndsAt) <= new Date()) await startTournament(trx, t, told);
        return told;
      });
    }
    for (const id of settling) if (!queued.has(id)) await settle(id);
  };
  // One sweep waiting at most: a step that outlasts the interval does not pile sweeps up behind it.
  let sweepWaiting = false;
  const timer = setInterval(() => {
    if (sweepWaiting) return;
    sweepWaiting = true;
    queue(async () => {
      sweepWaiting = false;
      await sweep();
    });
  }, everyMs);
  timer.unref();
  const settleSoon = (id: string) => {
    if (queued.has(id)) return;
    queued.add(id);
    queue(async () => {
      queued.delete(id);
      await settle(id);
    });
  };
  const subscribed = new DomainEvents(deps.bus).subscribe((event) => {
    if (event.type !== 'game.finished') return;
    if (event.tournamentId) return settleSoon(event.tournamentId);
    // An event from a process that did not name the tournament: looked up.
    void Game.query(deps.db)
      .findById(event.gameId)
      .select('tournament_id')
      .then((game) => game?.tournamentId && settleSoon(game.tournamentId))
      .catch((err: unknown) => log.warn({ err }, 'finding a finished game’s tournament failed'));
  });
  subscribed.catch((err: unknown) => log.error({ err }, 'subscribing to finished games failed'));
  return async () => {
    clearInterval(timer);
    await subscribed.then((unsubscribe) => unsubscribe(), () => undefined);
    await running;
  };
}
