/**
 * Presence travels as awareness, never in a document (docs/architecture.md §3).
 * - Each session sets its own awareness state in `user.<me>`: `{ status: 'online' | 'away' }`
 *   (away after 60 s without input or while the tab is hidden).
 * - The server sets, in each `user.<id>` room, an awareness state of its own:
 *   `{ presence: { [friendId]: 'online' | 'away' } }`; a friend missing from it is offline.
 *   Blocked users never appear, either way.
 */
export type PresenceStatus = 'online' | 'away' | 'offline';
export type SessionStatus = Exclude<PresenceStatus, 'offline'>;

export const AWAY_AFTER_MS = 60_000;

export interface SessionAwareness {
  status: SessionStatus;
}

export interface ServerPresenceAwareness {
  presence: Record<string, SessionStatus>;
}

/** The best of several sessions' statuses: online wins over away. */
export const combineStatuses = (statuses: Iterable<SessionStatus>): PresenceStatus => {
  let best: PresenceStatus = 'offline';
  for (const s of statuses) {
    if (s === 'online') return 'online';
    best = 'away';
  }
  return best;
};
