import type { GameSettings, TournamentFormat, TournamentStatus } from '@volley/shared';
import type { Knex } from 'knex';
import type { Db } from '../connect.js';
import { BaseModel } from './base.js';

/** A tournament, from registration to its winner (docs/architecture.md §9); its bracket is in `tournament_*` rows. */
export class Tournament extends BaseModel {
  static override tableName = 'tournaments';
  static override get jsonAttributes() {
    return ['settings'];
  }

  id!: string;
  name!: string;
  ownerId!: string;
  format!: TournamentFormat;
  size!: number;
  settings!: GameSettings;
  inviteOnly!: boolean;
  registrationEndsAt!: Date | null;
  noShowMs!: number;
  status!: TournamentStatus;
  conversationId!: string | null;
  winnerId!: string | null;
  /** Moved on by every step that changes the tournament (033_tournament_version). */
  version!: number;
  createdAt!: Date;
  startedAt!: Date | null;
  endedAt!: Date | null;
}

/** A registered player; `rating` and `seed` are set when the tournament starts. */
export class TournamentPlayer extends BaseModel {
  static override tableName = 'tournament_players';
  static override get idColumn() {
    return ['tournament_id', 'user_id'];
  }

  tournamentId!: string;
  userId!: string;
  rating!: number | null;
  seed!: number | null;
  registeredAt!: Date;
}

/** A line claimed this long ago whose message is still not recorded: the instance posting it died on the way. */
export const TOURNAMENT_POST_CLAIM_MS = 15_000;

/**
 * `tournament_posts` rows to post: never claimed, or claimed before `claimedBefore` (now minus
 * TOURNAMENT_POST_CLAIM_MS) by an instance that died before recording their message.
 */
export function unposted(db: Db, claimedBefore: Date | string): Knex.QueryBuilder {
  return db('tournament_posts').where((q) =>
    q.whereNull('posted_at').orWhere((claimed) => claimed.where('posted_at', '<', claimedBefore).whereNotExists(db('messages').select(db.raw('1')).whereRaw('messages.id = tournament_posts.id'))),
  );
}
