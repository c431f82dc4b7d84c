/** What a notification says, in the current language, and where clicking it leads (if anywhere). */
import { isTombstoneUsername, notificationPath, type ConversationRef, type Notification, type PublicUser } from '@volley/shared';
import { winnerFirst } from '../chat/game-card.js';
import { formatMessageTime } from '../i18n/format.js';
import { msg } from '../i18n/i18n.js';

export interface NotificationView {
  text: string;
  href: string | null;
}

/** A person as a notification names them: a deleted account reads "deleted user" in the current language. */
export const nameOf = (person: PublicUser): string => (isTombstoneUsername(person.username) ? msg('account.deletedUser') : person.displayName);

/** Where it happened: a channel by its name, a direct conversation (whose record has no name) as one. */
export const placeOf = (conversation: ConversationRef): string => (conversation.name ? `#${conversation.name}` : msg('notifications.inDm'));

export function notificationView(n: Notification): NotificationView {
  return { text: notificationText(n), href: notificationPath(n) };
}

function notificationText(n: Notification): string {
  switch (n.kind) {
    case 'friend_request':
      return msg('notification.friend_request', { name: nameOf(n.from) });
    case 'friend_accepted':
      return msg('notification.friend_accepted', { name: nameOf(n.by) });
    case 'join_request':
      return n.message
        ? msg('notification.join_request_message', { name: nameOf(n.from), channel: n.conversation.name, message: n.message })
        : msg('notification.join_request', { name: nameOf(n.from), channel: n.conversation.name });
    case 'join_request_decided':
      return msg(n.accepted ? 'notification.join_accepted' : 'notification.join_rejected', { channel: n.conversation.name });
    case 'channel_invite':
      return msg('notification.channel_invite', { name: nameOf(n.by), channel: n.conversation.name });
    case 'kicked':
      return msg('notification.kicked', { name: nameOf(n.by), channel: n.conversation.name });
    case 'banned':
      return n.until
        ? msg('notification.banned_until', { name: nameOf(n.by), channel: n.conversation.name, until: formatMessageTime(n.until) })
        : msg('notification.banned', { name: nameOf(n.by), channel: n.conversation.name });
    case 'mention':
      return msg('notification.mention', { name: nameOf(n.by), place: placeOf(n.conversation), excerpt: n.excerpt });
    case 'game_invite':
      return msg('notification.game_invite', { name: nameOf(n.by), place: placeOf(n.conversation) });
    case 'game_ready':
      return msg('notification.game_ready', { name: nameOf(n.opponent) });
    case 'game_result':
      return msg(n.won ? 'notification.game_won' : 'notification.game_lost', { name: nameOf(n.opponent), score: winnerFirst(n.score, n.won ? 0 : 1), rating: n.ratingAfter });
    case 'tournament_invite':
      return msg('notification.tournament_invite', { name: nameOf(n.by), tournament: n.tournament.name });
    case 'tournament_registration':
      return msg('notification.tournament_registration', { name: nameOf(n.player), tournament: n.tournament.name, count: n.players, size: n.size });
    case 'tournament_match':
      return msg('notification.tournament_match', { name: nameOf(n.opponent), tournament: n.tournament.name });
    case 'tournament_finished':
      return n.winner ? msg('notification.tournament_finished', { name: n.winner.displayName, tournament: n.tournament.name }) : msg('notification.tournament_no_winner', { tournament: n.tournament.name });
  }
}

const KINDS = new Set<unknown>(['friend_request', 'friend_accepted', 'join_request', 'join_request_decided', 'channel_invite', 'kicked', 'banned', 'mention', 'game_invite', 'game_ready', 'game_result', 'tournament_invite', 'tournament_registration', 'tournament_match', 'tournament_finished']);

/** Newest first; entries of a kind this version does not know are left out. */
export function sortedNotifications(values: Iterable<unknown>): Notification[] {
  const list = [...values].filter((n): n is Notification => !!n && typeof n === 'object' && 'id' in n && 'kind' in n && KINDS.has(n.kind));
  return list.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}
