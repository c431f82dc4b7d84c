import { Game, Match, User, type Db } from '@volley/core';
import { ELO_K, newId, type GameStatus, type MatchEndReason, type Side } from '@volley/shared';

export interface MatchResult {
  gameId: string;
  winner: Side;
  reason: MatchEndReason;
  /** [left, right]. */
  score: [number, number];
}

/** Points the winner takes from the loser (Elo, K = 32): more for beating a stronger player. */
export function eloGain(winnerRating: number, loserRating: number): number {
  const expected = 1 / (1 + 10 ** ((loserRating - winnerRating) / 400));
  return Math.round(ELO_K * (1 - expected));
}

/** A game whose end may still be recorded: being played, or waiting for its players. */
const PLAYABLE: readonly string[] = ['ready', 'live'] satisfies GameStatus[];

/**
 * Records a game's end in one transaction: the `matches` row, both ratings (ranked games only),
 * the game `finished`. Idempotent: a game already finished keeps its first match, which is returned.
 * A game that ended otherwise (`host_lost`, `abandoned`, …) stays as it ended: undefined, nothing
 * recorded, no rating moved, whatever a stalled host reports afterwards.
 */
export async function recordMatch(db: Db, result: MatchResult): Promise<Match | undefined> {
  return await db.transaction(async (trx) => {
    const game = await Game.query(trx).findById(result.gameId).forUpdate();
    if (!game) throw new Error(`no game ${result.gameId}`);
    const recorded = await Match.query(trx).findOne({ game_id: game.id });
    if (recorded) return recorded;
    if (!PLAYABLE.includes(game.status)) return undefined;
    const sides = [game.leftId, game.rightId] as const;
    const winnerId = sides[result.winner];
    const loserId = sides[1 - result.winner]!;
    // Both rows locked in id order, so two games ending at once between the same players cannot deadlock.
    const users = await User.query(trx).findByIds([winnerId, loserId]).orderBy('id').forUpdate();
    const rating = (id: string) => users.find((u) => u.id === id)!.rating;
    const gain = game.ranked ? eloGain(rating(winnerId), rating(loserId)) : 0;
    const endedAt = new Date();
    const match = await Match.query(trx)
      .insert({
        id: newId(),
        gameId: game.id,
        winnerId,
        loserId,
        winnerScore: result.score[result.winner],
        loserScore: result.score[1 - result.winner]!,
        reason: result.reason,
        winnerRatingBefore: rating(winnerId),
        winnerRatingAfter: rating(winnerId) + gain,
        loserRatingBefore: rating(loserId),
        loserRatingAfter: rating(loserId) - gain,
        endedAt,
      })
      .returning('*');
    if (gain !== 0) {
      await User.query(trx).findById(winnerId).patch({ rating: match.winnerRatingAfter });
      await User.query(trx).findById(loserId).patch({ rating: match.loserRatingAfter });
    }
    await Game.query(trx).findById(game.id).patch({ status: 'finished', endedAt });
    return match;
  });
}
