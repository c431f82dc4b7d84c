/**
 * Ratings as a ranking: players are the users with at least one match, ordered by rating, ties
 * broken by user id (stable; the order of the `users_rating` index, which the top list walks and
 * stops after 100). A rank is a position in that order; wins and losses are counted for the rows
 * shown only, on the `matches` winner and loser indexes.
 */
import { Block, botMarks, Game, type Db } from '@volley/core';
import type { GameStats, LeaderboardEntry, LeaderboardScope } from '@volley/shared';
import { matchesOf } from './game-views.js';

const LEADERBOARD_SIZE = 100;
const HISTORY_POINTS = 200;

/** SQL: the matches counted, as `<alias>`: all of them, or those of tournament games only. */
const matchesIn = (scope: LeaderboardScope, alias: string) =>
  scope === 'tournament' ? `matches ${alias} join games ${alias}g on ${alias}g.id = ${alias}.game_id and ${alias}g.tournament_id is not null` : `matches ${alias}`;

/** SQL: the user in `who` (a column, or `?` bound twice) has played at least one match. */
const played = (who: string, scope: LeaderboardScope) =>
  `(exists (select 1 from ${matchesIn(scope, 'w')} where w.winner_id = ${who}) or exists (select 1 from ${matchesIn(scope, 'l')} where l.loser_id = ${who}))`;

interface Player {
  id: string;
  username: string;
  displayName: string;
  rating: number;
  botOwnerId: string | null;
}

/** Wins and losses of these users, in one query. */
async function recordsOf(db: Db, userIds: string[], scope: LeaderboardScope = 'all'): Promise<Map<string, { wins: number; losses: number }>> {
  if (userIds.length === 0) return new Map();
  const marks = userIds.map(() => '?').join(', ');
  const result = await db.raw(
    `select user_id, sum(won)::int as wins, sum(lost)::int as losses from (
       select winner_id as user_id, 1 as won, 0 as lost from ${matchesIn(scope, 'w')} where winner_id in (${marks})
       union all
       select loser_id, 0, 1 from ${matchesIn(scope, 'l')} where loser_id in (${marks})
     ) as results group by user_id`,
    [...userIds, ...userIds],
  );
  return new Map((result.rows as { user_id: string; wins: number; losses: number }[]).map((r) => [r.user_id, { wins: r.wins, losses: r.losses }]));
}

/** The user's rank among players; null before their first match. */
async function rankOf(db: Db, user: { id: string; rating: number }, scope: LeaderboardScope = 'all'): Promise<number | null> {
  const result = await db.raw(
    `select ${played('?', scope)} as played,
       (select count(*)::int from users u where (u.rating > ? or (u.rating = ? and u.id < ?)) and ${played('u.id', scope)}) as ahead`,
    [user.id, user.id, user.rating, user.rating, user.id],
  );
  const [row] = result.rows as { played: boolean; ahead: number }[];
  return row?.played ? row.ahead + 1 : null;
}

const entry = (row: Player, rank: number, record: { wins: number; losses: number } | undefined): LeaderboardEntry => ({
  rank,
  user: { id: row.id, username: row.username, displayName: row.displayName, ...botMarks(row) },
  rating: row.rating,
  wins: record?.wins ?? 0,
  losses: record?.losses ?? 0,
});

/**
 * The top players and the viewer's own line. Players blocked either way with the viewer are left
 * out of the list, which keeps everyone else's rank (a gap shows where they stand). With the
 * `tournament` scope, players and their wins and losses are counted over tournament games only.
 */
export async function leaderboard(db: Db, viewer: Player, scope: LeaderboardScope = 'all'): Promise<{ items: LeaderboardEntry[]; me: LeaderboardEntry | null }> {
  const top: Player[] = await db('users as u')
    .whereRaw(played('u.id', scope))
    .orderBy([{ column: 'u.rating', order: 'desc' }, 'u.id'])
    .limit(LEADERBOARD_SIZE)
    .select('u.id', 'u.username', 'u.display_name as displayName', 'u.rating', 'u.bot_owner_id as botOwnerId');
  const ids = top.map((row) => row.id);
  const blocks = await Block.query(db)
    .where((q) => q.where('blocker_id', viewer.id).whereIn('blocked_id', ids))
    .orWhere((q) => q.where('blocked_id', viewer.id).whereIn('blocker_id', ids))
    .select('blocker_id', 'blocked_id');
  const hidden = new Set(blocks.map((b) => (b.blockerId === viewer.id ? b.blockedId : b.blockerId)));
  const records = await recordsOf(db, [...ids, viewer.id], scope);
  const items = top.flatMap((row, i) => (hidden.has(row.id) ? [] : [entry(row, i + 1, records.get(row.id))]));
  const myRank = items.find((e) => e.user.id === viewer.id)?.rank ?? (await rankOf(db, viewer, scope));
  return { items, me: myRank === null ? null : entry(viewer, myRank, records.get(viewer.id)) };
}

/** A user's record: rating, wins, losses, rank, rating after each of their last matches, and the game they play now. */
export async function gameStats(db: Db, user: { id: string; rating: number }, { showLiveGame }: { showLiveGame: boolean }): Promise<GameStats> {
  const record = (await recordsOf(db, [user.id])).get(user.id);
  const recent = await matchesOf(db, user.id).orderBy('m.id', 'desc').limit(HISTORY_POINTS);
  const live = showLiveGame ? await Game.query(db).where((q) => q.where('left_id', user.id).orWhere('right_id', user.id)).whereIn('status', ['ready', 'live']).orderBy('id', 'desc').first() : undefined;
  return {
    rating: user.rating,
    wins: record?.wins ?? 0,
    losses: record?.losses ?? 0,
    rank: await rankOf(db, user),
    ratingHistory: recent.reverse().map((m) => ({ at: new Date(m.endedAt).toISOString(), rating: m.winnerId === user.id ? m.winnerRatingAfter : m.loserRatingAfter })),
    liveGameId: live?.id ?? null,
  };
}
