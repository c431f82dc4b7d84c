/**
 * Reads the frames of the game and queue sockets defensively: anything that is not a well-formed
 * `GameServerFrame`, `QueueServerFrame` or `TournamentServerFrame` (shared/src/game/protocol.ts) is `null`, so a bad frame
 * is ignored instead of breaking its reader.
 */
import { BracketView, GameSettings, TOURNAMENT_FRAME_MAX_BYTES, type GameServerFrame, type QueueServerFrame, type TournamentServerFrame } from '@volley/shared';
import { z } from 'zod';

const MAX_FRAME_CHARS = 64 * 1024;

const side = z.union([z.literal(0), z.literal(1)]);
const num = z.number().finite();
const player = z.object({ id: z.string(), username: z.string(), displayName: z.string(), rating: num });
const rating = z.object({ before: num, after: num });

const ServerFrame = z.union([
  z.object({ t: z.literal('snap'), s: z.tuple([num, z.enum(['countdown', 'playing', 'over']), num, num, num, num, num, num, num, num, num, num, num]) }),
  z.object({ t: z.literal('welcome'), gameId: z.string(), role: z.literal('player'), side, settings: GameSettings, players: z.tuple([player, player]) }),
  z.object({ t: z.literal('welcome'), gameId: z.string(), role: z.literal('spectator'), settings: GameSettings, players: z.tuple([player, player]) }),
  z.object({ t: z.literal('paused'), side, until: num }),
  z.object({ t: z.literal('resumed') }),
  z.object({ t: z.literal('rejected'), reason: z.enum(['spectator', 'not_playing']) }),
  z.object({
    t: z.literal('over'),
    winner: side,
    reason: z.enum(['score', 'forfeit']),
    score: z.tuple([num, num]),
    ratings: z.tuple([rating, rating]),
    matchId: z.string(),
  }),
  z.object({ t: z.literal('rematch'), gameId: z.string().min(1) }),
  z.object({ t: z.literal('rematch'), by: side }),
  z.object({ t: z.literal('token'), expiresAt: num }),
]);

const QueueFrame = z.union([
  z.object({ t: z.literal('queued'), rating: num, window: num, waitedMs: num }),
  z.object({ t: z.literal('matched'), gameId: z.string().min(1).max(64), opponent: player }),
  z.object({ t: z.literal('token'), expiresAt: num }),
]);

function parse<T>(schema: z.ZodType, data: unknown, maxChars = MAX_FRAME_CHARS): T | null {
  if (typeof data !== 'string' || data.length > maxChars) return null;
  try {
    const frame = schema.safeParse(JSON.parse(data));
    return frame.success ? (frame.data as T) : null;
  } catch {
    return null;
  }
}

export const parseServerFrame = (data: unknown): GameServerFrame | null => parse(ServerFrame, data);
export const parseQueueFrame = (data: unknown): QueueServerFrame | null => parse(QueueFrame, data);

const TournamentFrame = z.union([z.object({ t: z.literal('changed'), version: z.number().int().nonnegative(), bracket: BracketView }), z.object({ t: z.literal('token'), expiresAt: num })]);
export const parseTournamentFrame = (data: unknown): TournamentServerFrame | null => parse(TournamentFrame, data, TOURNAMENT_FRAME_MAX_BYTES);
