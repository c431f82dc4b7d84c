/** Games and matches as the api serves them (shared/src/api/games.ts), without a query per row. */
import { botMarks, type Game, Match, User, type Db } from '@volley/core';
import type { GameView, MatchView } from '@volley/shared';

/** A game with its players' current ratings and, once finished, its score [left, right]. */
export async function gameView(db: Db, game: Game): Promise<GameView> {
  const users = await User.query(db).findByIds([game.leftId, game.rightId]);
  const player = (id: string) => {
    const user = users.find((u) => u.id === id)!;
    return { ...user.toPublic(), rating: user.rating };
  };
  const match = game.status === 'finished' ? await Match.query(db).findOne({ game_id: game.id }) : undefined;
  const leftWon = match?.winnerId === game.leftId;
  return {
    id: game.id,
    status: game.status,
    ranked: game.ranked,
    settings: game.settings,
    players: [player(game.leftId), player(game.rightId)],
    conversationId: game.conversationId,
    tournamentId: game.tournamentId,
    score: match ? (leftWon ? [match.winnerScore, match.loserScore] : [match.loserScore, match.winnerScore]) : null,
    winnerId: match?.winnerId ?? null,
    createdAt: new Date(game.createdAt).toISOString(),
  };
}

/** What `matchViews` reads: a match (`m`) with the opponent (`o`) of the user whose history it is. */
export const matchesOf = (db: Db, userId: string) =>
  Match.query(db)
    .alias('m')
    .where((q) => q.where('m.winner_id', userId).orWhere('m.loser_id', userId))
    .join('users as o', 'o.id', db.raw('case when m.winner_id = ? then m.loser_id else m.winner_id end', [userId]))
    .select('m.*', 'o.username as opponent_username', 'o.display_name as opponent_display_name', 'o.bot_owner_id as opponent_bot_owner_id');

export type MatchRow = Match & { opponentUsername: string; opponentDisplayName: string; opponentBotOwnerId: string | null };

/** A match as one of its players sees it: their score first, their rating before and after. */
export function matchView(row: MatchRow, userId: string): MatchView {
  const won = row.winnerId === userId;
  return {
    id: row.id,
    gameId: row.gameId,
    opponent: { id: won ? row.loserId : row.winnerId, username: row.opponentUsername, displayName: row.opponentDisplayName, ...botMarks({ botOwnerId: row.opponentBotOwnerId }) },
    won,
    reason: row.reason,
    score: won ? [row.winnerScore, row.loserScore] : [row.loserScore, row.winnerScore],
    ratingBefore: won ? row.winnerRatingBefore : row.loserRatingBefore,
    ratingAfter: won ? row.winnerRatingAfter : row.loserRatingAfter,
    endedAt: new Date(row.endedAt).toISOString(),
  };
}
