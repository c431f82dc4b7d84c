/**
 * Tournaments over HTTP (`/api/v1/tournaments`, docs/architecture.md §9): creating one,
 * registering, the bracket and its results. The matches themselves are ordinary games on the game
 * socket (game/protocol.ts).
 */
import { z } from 'zod';
import { PublicUser } from './auth.js';
import { DEFAULT_GAME_SETTINGS } from '../game/default-settings.js';
import { GameSettings } from '../game/settings.js';
import { fieldProblem } from '../field-problems.js';
import { Id, WellFormedText } from '../base-schemas.js';
import { ROUND_ROBIN_MAX_PLAYERS, TOURNAMENT_MAX_PLAYERS, TOURNAMENT_MIN_PLAYERS } from './constants.js';

export const TOURNAMENT_NAME_MAX = 60;
/** A player not in their match's game this long after it became ready forfeits it. */
export const DEFAULT_NO_SHOW_SECONDS = 120;
/** The registration window may stay open this long at most. */
export const REGISTRATION_MAX_DAYS = 30;

export const TournamentFormat = z.enum(['single_elimination', 'round_robin']);
export type TournamentFormat = z.infer<typeof TournamentFormat>;

/** `registration` → `running` (the bracket is drawn) → `finished`; `cancelled` when too few came. */
export const TournamentStatus = z.enum(['registration', 'running', 'finished', 'cancelled']);
export type TournamentStatus = z.infer<typeof TournamentStatus>;

/** `POST /api/v1/tournaments` */
export const CreateTournamentBody = z
  .strictObject({
    name: WellFormedText.pipe(z.string().trim().min(1, 'required').max(TOURNAMENT_NAME_MAX)),
    format: TournamentFormat.default('single_elimination'),
    size: z.number().int().min(TOURNAMENT_MIN_PLAYERS).max(TOURNAMENT_MAX_PLAYERS),
    settings: GameSettings.default(DEFAULT_GAME_SETTINGS),
    /** ISO 8601; when registration closes and the tournament starts. Absent: it starts once full. */
    registrationEndsAt: z.iso.datetime({ offset: true }).optional(),
    inviteOnly: z.boolean().default(false),
    noShowSeconds: z.number().int().min(30).max(600).default(DEFAULT_NO_SHOW_SECONDS),
  })
  .refine((body) => body.format !== 'round_robin' || body.size <= ROUND_ROBIN_MAX_PLAYERS, { path: ['size'], message: fieldProblem('round_robin_size', ROUND_ROBIN_MAX_PLAYERS) });
export type CreateTournamentBody = z.infer<typeof CreateTournamentBody>;

/** `POST /api/v1/tournaments/:id/invitations` — the owner of an invite-only tournament. */
export const TournamentInviteBody = z.strictObject({ userId: Id });
export type TournamentInviteBody = z.infer<typeof TournamentInviteBody>;

/** `GET /api/v1/tournaments?status=&cursor=&limit=` — newest first. */
export const TournamentListQuery = z.strictObject({
  status: TournamentStatus.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const TournamentPlayerView = PublicUser.extend({
  /** Set once the tournament started: the seeding's rating and seed (1 = best). */
  rating: z.number().int().nullable(),
  seed: z.number().int().nullable(),
});
export type TournamentPlayerView = z.infer<typeof TournamentPlayerView>;

export const TournamentView = z.object({
  id: z.string(),
  name: z.string(),
  owner: PublicUser,
  format: TournamentFormat,
  size: z.number().int(),
  settings: GameSettings,
  inviteOnly: z.boolean(),
  registrationEndsAt: z.string().nullable(),
  noShowSeconds: z.number().int(),
  status: TournamentStatus,
  /** Its conversation: players are members, the server posts pairings and results. */
  conversationId: z.string().nullable(),
  playerCount: z.number().int(),
  winner: PublicUser.nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** Whether the viewer is registered. */
  registered: z.boolean(),
});
export type TournamentView = z.infer<typeof TournamentView>;

export const TournamentPage = z.object({ items: z.array(TournamentView), nextCursor: z.string().nullable() });
export type TournamentPage = z.infer<typeof TournamentPage>;

/** `GET /api/v1/tournaments/:id` */
export const TournamentDetail = TournamentView.extend({ players: z.array(TournamentPlayerView) });
export type TournamentDetail = z.infer<typeof TournamentDetail>;

/** `brackets-manager`'s match status: 0 locked, 1 waiting, 2 ready, 3 running, 4 completed, 5 archived. */
export const BracketMatchStatus = z.enum(['locked', 'waiting', 'ready', 'running', 'completed', 'archived']);
export type BracketMatchStatus = z.infer<typeof BracketMatchStatus>;

export const BracketSlot = z
  .object({
    /** Null while still to be decided (the winner of an earlier match). */
    user: PublicUser.nullable(),
    score: z.number().int().nullable(),
    result: z.enum(['win', 'loss', 'draw']).nullable(),
    forfeit: z.boolean(),
  })
  /** Null: a bye. */
  .nullable();
export type BracketSlot = z.infer<typeof BracketSlot>;

export const BracketMatch = z.object({
  id: z.number().int(),
  /** 1-based, within its round. */
  number: z.number().int(),
  status: BracketMatchStatus,
  opponents: z.tuple([BracketSlot, BracketSlot]),
  /** The game it is played as: to join, or to watch (`/game/<id>`). */
  gameId: z.string().nullable(),
  /** While its game waits for its players: the time the absent one forfeits. */
  showBy: z.string().nullable(),
});
export type BracketMatch = z.infer<typeof BracketMatch>;

/** `GET /api/v1/tournaments/:id/bracket` — rounds in order; empty before the start. */
export const BracketView = z.object({
  format: TournamentFormat,
  rounds: z.array(z.object({ number: z.number().int(), matches: z.array(BracketMatch) })),
  winner: PublicUser.nullable(),
});
export type BracketView = z.infer<typeof BracketView>;

/** `GET /api/v1/users/:id/tournaments` — the tournaments a user played, newest first, and whether they won. */
export const PlayedTournament = z.object({ tournament: TournamentView, won: z.boolean() });
export const PlayedTournamentPage = z.object({ items: z.array(PlayedTournament), nextCursor: z.string().nullable() });
export type PlayedTournamentPage = z.infer<typeof PlayedTournamentPage>;
