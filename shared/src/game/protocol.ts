/**
 * The game socket protocol (`/game/<gameId>` to play or watch, `/game/queue` for ranked
 * matchmaking). JSON text frames; authentication like the sync socket (subprotocols
 * `volley.v1` + `bearer.<token>`); close codes from close-codes.ts.
 */
import { z } from 'zod';
import type { PublicUser } from '../api/auth.js';
import type { BracketView } from '../api/tournaments.js';
import { RENEWAL_TOKEN_MAX_LENGTH } from '../socket-auth.js';
import type { GameSettings } from './settings.js';
import type { Phase, Side } from './state.js';

/**
 * Client → server on `/game/<gameId>` and `/game/queue`: a fresh access token for this socket, which
 * then outlives its first token (docs/protocol.md, "Renewing the token"). Answered `{t: 'token',
 * expiresAt}` (epoch seconds); a forged token or another user's closes with 4401, an expired one 4501.
 */
export const TokenFrame = z.strictObject({ t: z.literal('token'), token: z.string().min(1).max(RENEWAL_TOKEN_MAX_LENGTH) });
export type TokenFrame = z.infer<typeof TokenFrame>;

/** The server's answer to a TokenFrame. */
export type RenewedFrame = { t: 'token'; expiresAt: number };

/** Client → server on `/game/<gameId>`. */
export const GameClientFrame = z.discriminatedUnion('t', [
  /** The player's paddle direction from now on; `seq` increases per input, echoed in snapshots as `ack`. */
  z.strictObject({ t: z.literal('input'), seq: z.number().int().min(0).max(2 ** 31), dir: z.union([z.literal(-1), z.literal(0), z.literal(1)]) }),
  /** After `over`: offers (or accepts) a rematch with the same settings. */
  z.strictObject({ t: z.literal('rematch') }),
  /** Gives the game up at once. */
  z.strictObject({ t: z.literal('forfeit') }),
  TokenFrame,
]);
export type GameClientFrame = z.infer<typeof GameClientFrame>;

/** Client → server on `/game/queue` and `/game/tournaments/<id>`: only token renewals (closing the socket cancels). */
export const QueueClientFrame = z.discriminatedUnion('t', [TokenFrame]);
export type QueueClientFrame = z.infer<typeof QueueClientFrame>;

export interface GamePlayer extends PublicUser {
  rating: number;
}

/**
 * A snapshot, compact: [tick, phase, countdown, ballX, ballY, ballVx, ballVy, paddle0, paddle1,
 * score0, score1, ack0, ack1] — `ackN` is the last input seq of side N the server applied.
 */
export type Snapshot = [number, Phase, number, number, number, number, number, number, number, number, number, number, number];

export type MatchEndReason = 'score' | 'forfeit';

/** Server → client on `/game/<gameId>`. */
export type GameServerFrame =
  /** First frame: who is who; `side` is set for a player, absent for a spectator. */
  | { t: 'welcome'; gameId: string; role: 'player' | 'spectator'; side?: Side; settings: GameSettings; players: [GamePlayer, GamePlayer] }
  | { t: 'snap'; s: Snapshot }
  /** A player dropped: the game is paused until `until` (epoch ms), then that side forfeits. */
  | { t: 'paused'; side: Side; until: number }
  | { t: 'resumed' }
  | { t: 'rejected'; reason: 'spectator' | 'not_playing' }
  | {
      t: 'over';
      winner: Side;
      reason: MatchEndReason;
      score: [number, number];
      /** Ratings before → after, per side. */
      ratings: [{ before: number; after: number }, { before: number; after: number }];
      matchId: string;
    }
  /** `offered`: that side asks for a rematch; `gameId`: both agreed, the new game to join. */
  | { t: 'rematch'; by: Side }
  | { t: 'rematch'; gameId: string }
  | RenewedFrame;

/** Server → client on `/game/queue`. */
export type QueueServerFrame =
  | RenewedFrame
  /** Sent on joining and as the window widens. */
  | { t: 'queued'; rating: number; window: number; waitedMs: number }
  | { t: 'matched'; gameId: string; opponent: GamePlayer };

/**
 * Server → client on `/game/tournaments/<tournamentId>`: the tournament's version with its bracket
 * as of that version (`GET /tournaments/:id/bracket`'s body, the same for every viewer), on opening
 * and each time it moves (a registration, the start, a result, the end). The client shows the
 * bracket at once and reads the rest of the tournament (its record, its lines) when it wants them.
 */
export type TournamentServerFrame = RenewedFrame | { t: 'changed'; version: number; bracket: BracketView };

