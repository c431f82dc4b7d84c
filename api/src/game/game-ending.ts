/**
 * What a game's start and end write and tell: the game's status, the match and ratings, both
 * players' notifications, the `game.finished` event (the sync servers post the result in the
 * conversation), and the rematch.
 */
import { createReadyGame, Game, metrics, type Db, type Logger } from '@volley/core';
import type { GamePlayer, Side } from '@volley/shared';
import type { Effects } from '../services/effects.js';
import { recordMatch, type MatchResult } from '../services/record-match.js';
import { overFrame, type OverFrame } from './over-frame.js';

export class GameEnding {
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly deps: { db: Db; effects: Effects; log: Logger }) {}

  /** The first serve is coming: the game is `live` (a failure is logged; the game plays on). */
  started(game: Game): void {
    const live = async () => {
      await Game.query(this.deps.db).findById(game.id).whereIn('status', ['ready', 'live']).patch({ status: 'live', startedAt: game.startedAt ?? new Date() });
    };
    this.track(live()).catch((err: unknown) => this.deps.log.error({ gameId: game.id, err }, 'marking the game live failed'));
  }

  /** The game's end, told; undefined when it had already ended otherwise (its host was declared lost). */
  finish(game: Game, players: [GamePlayer, GamePlayer], result: MatchResult): Promise<OverFrame | undefined> {
    return this.track(this.recordAndTell(game, players, result));
  }

  private async recordAndTell(game: Game, players: [GamePlayer, GamePlayer], result: MatchResult): Promise<OverFrame | undefined> {
    const match = await recordMatch(this.deps.db, result);
    if (!match) {
      this.deps.log.warn({ gameId: game.id }, 'game ended here after it had ended otherwise; nothing recorded');
      return undefined;
    }
    const over = overFrame(game, match);
    this.deps.log.info({ gameId: game.id, winner: over.winner, reason: over.reason, score: over.score }, 'game finished');
    const { effects } = this.deps;
    // The event first: a tournament's settle (its clock hears it on this process at once) asks for a
    // connection before the notifications do.
    await Promise.all([
      effects.publish({ type: 'game.finished', gameId: game.id, ...(game.tournamentId && { tournamentId: game.tournamentId }) }),
      ...([0, 1] as const).map((side) => {
        const opponentSide: Side = side === 0 ? 1 : 0;
        return effects.notify(players[side].id, {
          kind: 'game_result',
          gameId: game.id,
          opponent: { id: players[opponentSide].id, username: players[opponentSide].username, displayName: players[opponentSide].displayName },
          won: over.winner === side,
          score: [over.score[side], over.score[opponentSide]],
          ratingAfter: over.ratings[side].after,
        });
      }),
    ]);
    return over;
  }

  /** A new game between the same players with the same settings, sides swapped. */
  rematch(game: Game): Promise<string> {
    return this.track(this.createRematch(game));
  }

  private async createRematch(game: Game): Promise<string> {
    const next = await createReadyGame(this.deps.db, {
      leftId: game.rightId,
      rightId: game.leftId,
      settings: game.settings,
      ranked: game.ranked,
      conversationId: game.conversationId,
      rematchOf: game.id,
    });
    return next.id;
  }

  async abandon(game: Game): Promise<void> {
    const abandoned = async () => {
      await Game.query(this.deps.db).findById(game.id).whereIn('status', ['ready', 'live']).patch({ status: 'abandoned', endedAt: new Date() });
      // An invitation's card stops offering to join.
      if (game.messageId) await this.deps.effects.publish({ type: 'message.changed', messageId: game.messageId });
    };
    await this.track(abandoned());
  }

  /**
   * The game's host died while it was on: it ends `host_lost`, unrated, with no match; an
   * invitation's card stops offering to join. True when the game is (now) `host_lost`; false when
   * it had ended otherwise. Every process that notices may call it: one row update decides.
   */
  async hostLost(gameId: string): Promise<boolean> {
    return await this.track(this.markHostLost(gameId));
  }

  private async markHostLost(gameId: string): Promise<boolean> {
    const [lost] = await Game.query(this.deps.db).patch({ status: 'host_lost', endedAt: new Date() }).where({ id: gameId }).whereIn('status', ['ready', 'live']).returning('*');
    if (!lost) return (await Game.query(this.deps.db).findById(gameId).select('status'))?.status === 'host_lost';
    this.deps.log.info({ gameId }, 'game ended: host lost');
    metrics.gamesHostLost.inc();
    if (lost.messageId) await this.deps.effects.publish({ type: 'message.changed', messageId: lost.messageId });
    return true;
  }

  /** Resolves once the writes in flight are done (the host's close waits for them). */
  async settled(): Promise<void> {
    await Promise.all(this.pending);
  }

  private track<T>(work: Promise<T>): Promise<T> {
    const done: Promise<void> = work.then(
      () => void this.pending.delete(done),
      () => void this.pending.delete(done),
    );
    this.pending.add(done);
    return work;
  }
}
