/**
 * Where a notification leads in the app, one answer for the notifications centre and for the pushes
 * the server sends (their click opens the same place). Null: nowhere to go.
 */
import type { Notification } from './notifications.js';

export const conversationPath = (convId: string): string => `/c/${convId}`;
/** One message: `/c/<convId>#message-<id>-<seq>`; the chat page jumps to it. */
export const messagePath = (convId: string, message: { id: string; seq: number }): string => `${conversationPath(convId)}#message-${message.id}-${message.seq}`;
export const gamePath = (gameId: string): string => `/game/${encodeURIComponent(gameId)}`;
export const tournamentPath = (id: string): string => `/tournaments/${id}`;
/** My account settings, where linking a sign-in provider starts and comes back to. */
export const ACCOUNT_SETTINGS_PATH = '/settings/account';

/** The fragment of a channel's address that opens its join requests (the PWA's page-chat.ts). */
export const JOIN_REQUESTS_FRAGMENT = 'join-requests';

export function notificationPath(n: Notification): string | null {
  switch (n.kind) {
    case 'friend_request':
      return '/people';
    case 'friend_accepted':
      return `/u/${n.by.id}`;
    case 'join_request':
      return `${conversationPath(n.conversation.id)}#${JOIN_REQUESTS_FRAGMENT}`;
    case 'join_request_decided':
      return n.accepted ? conversationPath(n.conversation.id) : null;
    case 'channel_invite':
    case 'game_invite':
      return conversationPath(n.conversation.id);
    case 'kicked':
    case 'banned':
      return null;
    case 'mention':
      return messagePath(n.conversation.id, { id: n.messageId, seq: n.seq });
    case 'game_ready':
    case 'game_result':
    case 'tournament_match':
      return gamePath(n.gameId);
    case 'tournament_invite':
    case 'tournament_registration':
    case 'tournament_finished':
      return tournamentPath(n.tournament.id);
  }
}
