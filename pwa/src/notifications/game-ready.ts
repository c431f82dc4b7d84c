/** Which new notification takes me into a game: `game_ready`, unread and just arrived (not an old one synced on a reload). */
import type { Notification } from '@volley/shared';

/** Older than this, a `game_ready` is history: the game was joined, or it is long over. */
export const FRESH_MS = 30_000;

export function gameToJoin(n: Notification | undefined, now: number): string | null {
  if (n?.kind !== 'game_ready' || n.read) return null;
  const age = now - Date.parse(n.at);
  return age < FRESH_MS && age > -FRESH_MS ? n.gameId : null;
}
