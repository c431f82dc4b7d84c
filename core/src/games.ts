import { newId, type GameSettings } from '@volley/shared';
import type { Db } from './db/connect.js';
import { Game } from './db/models/game.js';

export interface NewGame {
  leftId: string;
  rightId: string;
  settings: GameSettings;
  ranked?: boolean;
  /** An invitation's conversation, where the result is posted. */
  conversationId?: string | null;
  rematchOf?: string | null;
  /** A tournament's game, and the time by which both players must be there. */
  tournamentId?: string | null;
  showBy?: Date | null;
}

/**
 * A game both players are ready to play (an accepted invitation's rematch, the queue's match):
 * the game socket `/game/<id>` hosts it from the first connection on.
 */
export async function createReadyGame(db: Db, game: NewGame): Promise<Game> {
  const [created] = await createReadyGames(db, [game]);
  return created!;
}

/** Several ready games in one statement (a tournament's round), in the order given. */
export async function createReadyGames(db: Db, games: NewGame[]): Promise<Game[]> {
  if (games.length === 0) return [];
  const rows = games.map((game) => ({
    id: newId(),
    status: 'ready' as const,
    ranked: game.ranked ?? true,
    settings: game.settings,
    leftId: game.leftId,
    rightId: game.rightId,
    conversationId: game.conversationId ?? null,
    rematchOf: game.rematchOf ?? null,
    tournamentId: game.tournamentId ?? null,
    showBy: game.showBy ?? null,
  }));
  const inserted = new Map((await Game.query(db).insert(rows).returning('*')).map((g) => [g.id, g]));
  return rows.map((row) => inserted.get(row.id)!);
}
