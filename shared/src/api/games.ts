/**
 * Games over HTTP (`/api/v1`): answering an invitation, a game's record, match history, stats and
 * the leaderboard. Invitations themselves are outbox ops (`invite`, document.ts); play and
 * matchmaking go over the game socket (game/protocol.ts).
 */
import { z } from 'zod';
import { PublicUser } from './auth.js';
import { GameSettings } from '../game/settings.js';

export const INITIAL_RATING = 1000;
export const ELO_K = 32;
/** An invitation not answered within this time expires. */
export const INVITATION_TTL_MS = 60_000;

/**
 * `invited` → `declined` | `expired` | `ready` (accepted, or matched by the queue);
 * `ready` → `live` (first serve) → `finished` (a winner) | `abandoned` (nobody ever came);
 * `ready` | `live` → `host_lost` (the api process simulating it died: no match, no rating change).
 */
export const GameStatus = z.enum(['invited', 'declined', 'expired', 'ready', 'live', 'finished', 'abandoned', 'host_lost']);
export type GameStatus = z.infer<typeof GameStatus>;

export const GamePlayerView = PublicUser.extend({ rating: z.number().int() });

/** `GET /api/v1/games/:id` — any signed-in user not blocked by either player (spectating). */
export const GameView = z.object({
  id: z.string(),
  status: GameStatus,
  ranked: z.boolean(),
  settings: GameSettings,
  /** [left, right]: the inviter (or first matched) plays the left side. */
  players: z.tuple([GamePlayerView, GamePlayerView]),
  conversationId: z.string().nullable(),
  /** The tournament whose match this game is, if any. */
  tournamentId: z.string().nullable(),
  /** Set once finished. */
  score: z.tuple([z.number().int(), z.number().int()]).nullable(),
  winnerId: z.string().nullable(),
  createdAt: z.string(),
});
export type GameView = z.infer<typeof GameView>;

export const MatchView = z.object({
  id: z.string(),
  gameId: z.string(),
  opponent: PublicUser,
  won: z.boolean(),
  reason: z.enum(['score', 'forfeit']),
  /** [mine, theirs]. */
  score: z.tuple([z.number().int(), z.number().int()]),
  ratingBefore: z.number().int(),
  ratingAfter: z.number().int(),
  endedAt: z.string(),
});
export type MatchView = z.infer<typeof MatchView>;

/** `GET /api/v1/users/:id/matches?cursor=&limit=` — newest first. */
export const MatchHistoryQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const MatchHistoryPage = z.object({ items: z.array(MatchView), nextCursor: z.string().nullable() });
export type MatchHistoryPage = z.infer<typeof MatchHistoryPage>;

/** `GET /api/v1/users/:id/game-stats` — rating history oldest first, one point per match (at most the last 200). */
export const GameStats = z.object({
  rating: z.number().int(),
  wins: z.number().int(),
  losses: z.number().int(),
  /** Null until the user has played. */
  rank: z.number().int().nullable(),
  ratingHistory: z.array(z.object({ at: z.string(), rating: z.number().int() })),
  /** The game the user is playing now, to spectate; null when none. */
  liveGameId: z.string().nullable(),
});
export type GameStats = z.infer<typeof GameStats>;

export const LeaderboardEntry = z.object({
  rank: z.number().int(),
  user: PublicUser,
  rating: z.number().int(),
  wins: z.number().int(),
  losses: z.number().int(),
});
export type LeaderboardEntry = z.infer<typeof LeaderboardEntry>;

/** `GET /api/v1/leaderboard?games=` — every game (`all`, the default), or tournament games only. */
export const LeaderboardQuery = z.strictObject({ games: z.enum(['all', 'tournament']).default('all') });
export type LeaderboardScope = z.infer<typeof LeaderboardQuery>['games'];

/** `GET /api/v1/leaderboard` — the top 100 players (at least one match), and the viewer's own line. */
export const Leaderboard = z.object({ items: z.array(LeaderboardEntry), me: LeaderboardEntry.nullable() });
export type Leaderboard = z.infer<typeof Leaderboard>;
