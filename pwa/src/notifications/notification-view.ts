/** What a notification says, in the current language, and where clicking it leads (if anywhere). */
import { isTombstoneUsername, type Notification, type PublicUser } from '@volley/shared';
import { winnerFirst } from '../chat/game-card.js';
import { messageHref } from '../chat/message-link.js';
import { formatMessageTime } from '../i18n/format.js';
import { msg } from '../i18n/i18n.js';
import { gamePath } from '../services/games.js';
import { tournamentPath } from '../tournaments/tournament-paths.js';

export interface NotificationView {
  text: string;
  href: string | null;
}

/** A person as a notification names them: a deleted account reads "deleted user" in the current language. */
const nameOf = (person: PublicUser): string => (isTombstoneUsername(person.username) ? msg('account.deletedUser') : person.displayName);

export function notificationView(n: Notification): NotificationView {
  switch (n.kind) {
    case 'friend_request':
      return { text: msg('notification.friend_request', { name: nameOf(n.from) }), href: '/people' };
    case 'friend_accepted':
      return { text: msg('notification.friend_accepted', { name: nameOf(n.by) }), href: `/u/${n.by.id}` };
    case 'join_request_decided':
      return n.accepted
        ? { text: msg('notification.join_accepted', { channel: n.conversation.name }), href: `/c/${n.conversation.id}` }
        : { text: msg('notification.join_rejected', { channel: n.conversation.name }), href: null };
    case 'channel_invite':
      return { text: msg('notification.channel_invite', { name: nameOf(n.by), channel: n.conversation.name }), href: `/c/${n.conversation.id}` };
    case 'kicked':
      return { text: msg('notification.kicked', { name: nameOf(n.by), channel: n.conversation.name }), href: null };
    case 'banned':
      return {
        text: n.until
          ? msg('notification.banned_until', { name: nameOf(n.by), channel: n.conversation.name, until: formatMessageTime(n.until) })
          : msg('notification.banned', { name: nameOf(n.by), channel: n.conversation.name }),
        href: null,
      };
    case 'mention':
      return { text: msg('notification.mention', { name: nameOf(n.by), channel: n.conversation.name, excerpt: n.excerpt }), href: messageHref(n.conversation.id, { id: n.messageId, seq: n.seq }) };
    case 'game_invite':
      return { text: msg('notification.game_invite', { name: nameOf(n.by), channel: n.conversation.name }), href: `/c/${n.conversation.id}` };
    case 'game_ready':
      return { text: msg('notification.game_ready', { name: nameOf(n.opponent) }), href: gamePath(n.gameId) };
    case 'game_result':
      return {
        text: msg(n.won ? 'notification.game_won' : 'notification.game_lost', { name: nameOf(n.opponent), score: winnerFirst(n.score, n.won ? 0 : 1), rating: n.ratingAfter }),
        href: gamePath(n.gameId),
      };
    case 'tournament_match':
      return { text: msg('notification.tournament_match', { name: nameOf(n.opponent), tournament: n.tournament.name }), href: gamePath(n.gameId) };
    case 'tournament_finished':
      return {
        text: n.winner ? msg('notification.tournament_finished', { name: n.winner.displayName, tournament: n.tournament.name }) : msg('notification.tournament_no_winner', { tournament: n.tournament.name }),
        href: tournamentPath(n.tournament.id),
      };
  }
}

const KINDS = new Set<unknown>(['friend_request', 'friend_accepted', 'join_request_decided', 'channel_invite', 'kicked', 'banned', 'mention', 'game_invite', 'game_ready', 'game_result', 'tournament_match', 'tournament_finished']);

/** Newest first; entries of a kind this version does not know are left out. */
export function sortedNotifications(values: Iterable<unknown>): Notification[] {
  const list = [...values].filter((n): n is Notification => !!n && typeof n === 'object' && 'id' in n && 'kind' in n && KINDS.has(n.kind));
  return list.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}
