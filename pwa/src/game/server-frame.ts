/**
 * Reads a frame of the game socket defensively: anything that is not a well-formed
 * `GameServerFrame` (game/protocol.ts) is `null`, so a bad frame is ignored instead of breaking
 * the page.
 */
import { GameSettings, type GameServerFrame } from '@volley/shared';
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
]);

export function parseServerFrame(data: unknown): GameServerFrame | null {
  if (typeof data !== 'string' || data.length > MAX_FRAME_CHARS) return null;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  const frame = ServerFrame.safeParse(json);
  return frame.success ? (frame.data as GameServerFrame) : null;
}
