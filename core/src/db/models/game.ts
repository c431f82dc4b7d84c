import type { GameSettings, GameStatus } from '@volley/shared';
import { BaseModel } from './base.js';

/** A game of Pong: an invitation's or the queue's, from `invited`/`ready` to `finished` (api/games.ts). */
export class Game extends BaseModel {
  static override tableName = 'games';
  static override get jsonAttributes() {
    return ['settings'];
  }

  id!: string;
  status!: GameStatus;
  ranked!: boolean;
  settings!: GameSettings;
  leftId!: string;
  rightId!: string;
  conversationId!: string | null;
  messageId!: string | null;
  expiresAt!: Date | null;
  rematchOf!: string | null;
  createdAt!: Date;
  startedAt!: Date | null;
  endedAt!: Date | null;
  resultPostedAt!: Date | null;
  /** Chosen at random by the sync server that claims the posting (migration 022). */
  resultMessageId!: string | null;
  /** A tournament's game (migration 032), and the time by which both players must be there. */
  tournamentId!: string | null;
  showBy!: Date | null;
}

/** A finished game's result, with both ratings before and after (Elo, K = 32). */
export class Match extends BaseModel {
  static override tableName = 'matches';

  id!: string;
  gameId!: string;
  winnerId!: string;
  loserId!: string;
  winnerScore!: number;
  loserScore!: number;
  reason!: 'score' | 'forfeit';
  winnerRatingBefore!: number;
  winnerRatingAfter!: number;
  loserRatingBefore!: number;
  loserRatingAfter!: number;
  endedAt!: Date;
}
