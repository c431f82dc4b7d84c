import type { Game, Match } from '@volley/core';
import type { GameServerFrame, Side } from '@volley/shared';

export type OverFrame = Extract<GameServerFrame, { t: 'over' }>;

/** A recorded match as the `over` frame tells it, per side (left, right). */
export function overFrame(game: Game, match: Match): OverFrame {
  const winner: Side = match.winnerId === game.leftId ? 0 : 1;
  const sides = winner === 0 ? (['winner', 'loser'] as const) : (['loser', 'winner'] as const);
  const score = sides.map((s) => (s === 'winner' ? match.winnerScore : match.loserScore)) as [number, number];
  const ratings = sides.map((s) =>
    s === 'winner' ? { before: match.winnerRatingBefore, after: match.winnerRatingAfter } : { before: match.loserRatingBefore, after: match.loserRatingAfter },
  ) as OverFrame['ratings'];
  return { t: 'over', winner, reason: match.reason, score, ratings, matchId: match.id };
}
