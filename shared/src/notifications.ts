/**
 * Notifications live in the user's own document, `user.<id>` → `notifications`: a Y.Map of
 * notification id (ULID) → Notification. The server adds them (new keys only); the user marks
 * them read by setting `read: true` on their own entry. Capped to the newest
 * NOTIFICATIONS_KEPT by the sync server.
 */
import type * as Y from 'yjs';
import type { PublicUser } from './api/auth.js';

export const NOTIFICATIONS_KEPT = 200;

interface Base {
  id: string;
  /** Server time, ISO 8601. */
  at: string;
  read?: boolean;
}

export type Notification = Base &
  (
    | { kind: 'friend_request'; from: PublicUser; requestId: string }
    | { kind: 'friend_accepted'; by: PublicUser }
    /** To a private channel's owner and admins: someone asks to join (accept or reject from the channel's requests). */
    | { kind: 'join_request'; conversation: ConversationRef; from: PublicUser; requestId: string; message: string | null }
    | { kind: 'join_request_decided'; conversation: ConversationRef; accepted: boolean }
    | { kind: 'channel_invite'; conversation: ConversationRef; by: PublicUser }
    | { kind: 'kicked'; conversation: ConversationRef; by: PublicUser }
    | { kind: 'banned'; conversation: ConversationRef; by: PublicUser; until: string | null }
    | { kind: 'mention'; conversation: ConversationRef; by: PublicUser; messageId: string; seq: number; excerpt: string }
    /** To the invited player. */
    | { kind: 'game_invite'; conversation: ConversationRef; by: PublicUser; gameId: string; messageId: string; expiresAt: string }
    /** To both players when an invitation is accepted (the client goes into the game). */
    | { kind: 'game_ready'; gameId: string; opponent: PublicUser }
    /** To both players when a game ends. */
    | { kind: 'game_result'; gameId: string; opponent: PublicUser; won: boolean; score: [number, number]; ratingAfter: number }
    /** To a user the owner of an invite-only tournament invited: they may see it and register. */
    | { kind: 'tournament_invite'; tournament: TournamentRef; by: PublicUser }
    /** To a tournament's owner when a player registers: `players` registered of `size` places, this one included. */
    | { kind: 'tournament_registration'; tournament: TournamentRef; player: PublicUser; players: number; size: number }
    /** To both players when their tournament match is ready: its game waits for them until `showBy`. */
    | { kind: 'tournament_match'; tournament: TournamentRef; gameId: string; opponent: PublicUser; showBy: string }
    /** To every player when a tournament ends; `winner` null when its final was not played. */
    | { kind: 'tournament_finished'; tournament: TournamentRef; winner: PublicUser | null }
  );

export type NotificationKind = Notification['kind'];

export interface TournamentRef {
  id: string;
  name: string;
}

export interface ConversationRef {
  id: string;
  name: string;
}

export const notificationsOf = (doc: Y.Doc) => doc.getMap<Notification>('notifications');

/**
 * Whether the user has seen what the notification tells: marked read, or, for a mention, its
 * message read in its conversation (`reads`, on any device: the user document follows the account).
 */
export function isSeen(n: Notification, doc: Y.Doc): boolean {
  if (n.read) return true;
  return n.kind === 'mention' && (doc.getMap<number>('reads').get(n.conversation.id) ?? 0) >= n.seq;
}

export function unreadNotifications(doc: Y.Doc): number {
  let unread = 0;
  notificationsOf(doc).forEach((n) => {
    if (n && typeof n === 'object' && !isSeen(n, doc)) unread += 1;
  });
  return unread;
}
