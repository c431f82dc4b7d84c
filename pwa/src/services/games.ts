/**
 * Games over the API: answering an invitation, a player's stats and match history (kept in Dexie
 * so a profile shows them offline), the leaderboard. Playing goes over the game socket (the game page).
 */
import type { GameStats, GameView, Leaderboard, LeaderboardScope, MatchHistoryPage } from '@volley/shared';
import type { VolleyDB } from '../db/db.js';
import type { ApiClient } from '@volley/client';

export const HISTORY_PAGE = 20;

/** The page that plays (or shows) a game. */
export { gamePath } from '@volley/shared';

/** A game's record: its players, its settings, its score when over. */
export function fetchGame(api: ApiClient, gameId: string): Promise<GameView> {
  return api.request('GET', `/games/${encodeURIComponent(gameId)}`, { schema: (s) => s.GameView });
}

export function acceptInvitation(api: ApiClient, gameId: string): Promise<GameView> {
  return api.request('POST', `/games/${encodeURIComponent(gameId)}/accept`, { schema: (s) => s.GameView });
}

export function declineInvitation(api: ApiClient, gameId: string): Promise<void> {
  return api.request('POST', `/games/${encodeURIComponent(gameId)}/decline`);
}

/** Fetches a player's stats and keeps them for offline reading. */
export async function fetchGameStats(api: ApiClient, db: VolleyDB, userId: string): Promise<GameStats> {
  const stats = await api.request('GET', `/users/${encodeURIComponent(userId)}/game-stats`, { schema: (s) => s.GameStats });
  await db.gameStats.put({ ...stats, userId });
  return stats;
}

/**
 * One page of a player's matches, newest first. The first page replaces what was kept (a match
 * never changes, but the newest ones move the pages); later pages add to it.
 */
export async function fetchMatches(api: ApiClient, db: VolleyDB, userId: string, cursor: string | null): Promise<MatchHistoryPage> {
  const page = await api.page(`/users/${encodeURIComponent(userId)}/matches`, (s) => s.MatchView, cursor, HISTORY_PAGE);
  const rows = page.items.map((m) => ({ ...m, userId }));
  await db.transaction('rw', db.matches, async () => {
    if (cursor === null) await db.matches.where('userId').equals(userId).delete();
    await db.matches.bulkPut(rows);
  });
  return page;
}

/** Every game's ranking, or the tournament games' only. */
export function fetchLeaderboard(api: ApiClient, games: LeaderboardScope = 'all'): Promise<Leaderboard> {
  return api.request('GET', `/leaderboard?games=${games}`, { schema: (s) => s.Leaderboard });
}
