/**
 * Ratings as a ranking: players are those with at least one match, ordered by rating, ties broken
 * by user id (stable; the `users_rating` index has this order), with their wins and losses.
 */
import { Game, type Db } from '@volley/core';
import type { GameStats, LeaderboardEntry } from '@volley/shared';
import { matchesOf } from './game-views.js';

const LEADERBOARD_SIZE = 100;
const HISTORY_POINTS = 200;

/** Every player's rank, wins and losses (rows: id, username, display_name, rating, wins, losses, rank). */
const RANKED = `
  with played as (
    select user_id, sum(won)::int as wins, sum(lost)::int as losses from (
      select winner_id as user_id, 1 as won, 0 as lost from matches
      union all
      select loser_id, 0, 1 from matches
    ) as results group by user_id
  )
  select u.id, u.username, u.display_name, u.rating, p.wins, p.losses,
    (row_number() over (order by u.rating desc, u.id))::int as rank
  from users u join played p on p.user_id = u.id`;

interface RankedRow {
  id: string;
  username: string;
  display_name: string;
  rating: number;
  wins: number;
  losses: number;
  rank: number;
}

const entry = (row: RankedRow): LeaderboardEntry => ({
  rank: row.rank,
  user: { id: row.id, username: row.username, displayName: row.display_name },
  rating: row.rating,
  wins: row.wins,
  losses: row.losses,
});

async function rows(db: Db, where: string, bindings: (string | number)[]): Promise<RankedRow[]> {
  const result = await db.raw(`select * from (${RANKED}) as ranked where ${where} order by rank`, bindings);
  return result.rows as RankedRow[];
}

/**
 * The top players and the viewer's own line. Players blocked either way with the viewer are left
 * out of the list, which keeps everyone else's rank (a gap shows where they stand).
 */
export async function leaderboard(db: Db, viewerId: string): Promise<{ items: LeaderboardEntry[]; me: LeaderboardEntry | null }> {
  const found = await rows(
    db,
    `(rank <= ? and not exists (select 1 from blocks b where (b.blocker_id = ? and b.blocked_id = ranked.id) or (b.blocked_id = ? and b.blocker_id = ranked.id))) or id = ?`,
    [LEADERBOARD_SIZE, viewerId, viewerId, viewerId],
  );
  const me = found.find((row) => row.id === viewerId);
  return { items: found.filter((row) => row.rank <= LEADERBOARD_SIZE).map(entry), me: me ? entry(me) : null };
}

/** A user's record: rating, wins, losses, rank, rating after each of their last matches, and the game they play now. */
export async function gameStats(db: Db, user: { id: string; rating: number }, { showLiveGame }: { showLiveGame: boolean }): Promise<GameStats> {
  const [ranked] = await rows(db, 'id = ?', [user.id]);
  const recent = await matchesOf(db, user.id).orderBy('m.id', 'desc').limit(HISTORY_POINTS);
  const live = showLiveGame ? await Game.query(db).where((q) => q.where('left_id', user.id).orWhere('right_id', user.id)).whereIn('status', ['ready', 'live']).orderBy('id', 'desc').first() : undefined;
  return {
    rating: user.rating,
    wins: ranked?.wins ?? 0,
    losses: ranked?.losses ?? 0,
    rank: ranked?.rank ?? null,
    ratingHistory: recent.reverse().map((m) => ({ at: new Date(m.endedAt).toISOString(), rating: m.winnerId === user.id ? m.winnerRatingAfter : m.loserRatingAfter })),
    liveGameId: live?.id ?? null,
  };
}
