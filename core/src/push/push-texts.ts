/**
 * What a push shows on a locked screen, in the account's language: the sender and the start of the
 * text, or the sender only (NotificationSettings.preview). Never more than the notifications centre
 * would show.
 */
import { conversationPath, isTombstoneUsername, messagePath, notificationPath, type NotificationSettings, type PublicUser, type PushPayload } from '@volley/shared';
import type { Pushable } from './pushable.js';

type Locale = 'en' | 'fr';

const TEXTS = {
  en: {
    deletedUser: 'deleted user',
    inConversation: '{name} in #{channel}',
    mentioned: 'mentioned you',
    newMessage: 'sent you a message',
    newMessageIn: 'sent a message',
    friendRequest: 'sent you a friend request',
    gameInvite: 'invites you to a game of Pong',
    gameReady: 'Your game against {name} is ready',
    tournamentMatch: 'Your match against {name} in {tournament} is ready',
    other: 'Volley',
  },
  fr: {
    deletedUser: 'utilisateur supprimé',
    inConversation: '{name} dans #{channel}',
    mentioned: 'vous a mentionné',
    newMessage: 'vous a envoyé un message',
    newMessageIn: 'a envoyé un message',
    friendRequest: 'vous a envoyé une demande d’ami',
    gameInvite: 'vous invite à une partie de Pong',
    gameReady: 'Votre partie contre {name} est prête',
    tournamentMatch: 'Votre match contre {name} dans {tournament} est prêt',
    other: 'Volley',
  },
} satisfies Record<Locale, Record<string, string>>;

const fill = (text: string, values: Record<string, string>): string => text.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');

export interface PushTextOptions {
  locale: string | null;
  preview: NotificationSettings['preview'];
  /** Where the app is (`https://volley.example`): Declarative Web Push navigates to an absolute URL. */
  publicUrl: string | undefined;
  /** Whom the push is for: the account whose device may read an encrypted message's words. */
  userId: string;
}

/**
 * The most a payload may weigh (UTF-8 JSON) with an encrypted message's ciphertext beside it: a
 * push service takes 4,096 bytes once encrypted for the device (RFC 8291: 103 of them its own).
 */
export const SEALED_PUSH_BYTES = 3_900;

export function pushPayload(p: Pushable, options: PushTextOptions): PushPayload {
  const t = TEXTS[options.locale === 'fr' ? 'fr' : 'en'];
  const name = (person: PublicUser) => (isTombstoneUsername(person.username) ? t.deletedUser : person.displayName);
  /**
   * The sender, in a channel with the channel named; the text's start unless the user chose
   * "sender only", or there is no text the server may show (an encrypted message, files alone).
   */
  const said = (by: PublicUser, channel: string, excerpt: string, senderOnly: string) => ({
    title: channel ? fill(t.inConversation, { name: name(by), channel }) : name(by),
    body: options.preview === 'sender' || excerpt === '' ? senderOnly : excerpt,
  });
  const navigate = (path: string | null) => `${options.publicUrl ?? ''}${path ?? '/'}`;
  if (p.kind === 'message') {
    const shown = payload({ ...said(p.by, p.channel ?? '', p.excerpt, p.channel ? t.newMessageIn : t.newMessage), navigate: navigate(messagePath(p.convId, { id: p.messageId, seq: p.seq })), tag: `conv-${p.convId}` });
    if (!p.sealed || options.preview === 'sender') return shown;
    // The server cannot read an encrypted message: the device may, from its ciphertext, when it fits.
    const sealed: PushPayload = { ...shown, sealed: { to: options.userId, convId: p.convId, id: p.messageId, author: p.by.id, at: p.sealed.at, body: p.sealed.body } };
    return Buffer.byteLength(JSON.stringify(sealed)) <= SEALED_PUSH_BYTES ? sealed : shown;
  }
  const n = p.notification;
  const place = navigate(notificationPath(n));
  const common = { navigate: place, tag: n.id };
  switch (n.kind) {
    case 'mention':
      return payload({ ...said(n.by, n.conversation.name, n.excerpt, t.mentioned), ...common }, n.id);
    case 'friend_request':
      return payload({ title: name(n.from), body: t.friendRequest, ...common }, n.id);
    case 'game_invite':
      return payload({ title: n.conversation.name ? fill(t.inConversation, { name: name(n.by), channel: n.conversation.name }) : name(n.by), body: t.gameInvite, ...common, navigate: navigate(conversationPath(n.conversation.id)) }, n.id);
    case 'game_ready':
      return payload({ title: t.other, body: fill(t.gameReady, { name: name(n.opponent) }), ...common }, n.id);
    case 'tournament_match':
      return payload({ title: n.tournament.name, body: fill(t.tournamentMatch, { name: name(n.opponent), tournament: n.tournament.name }), ...common }, n.id);
    default:
      return payload({ title: t.other, body: '', ...common }, n.id);
  }
}

const payload = (notification: PushPayload['notification'], id?: string): PushPayload => ({ web_push: 8030, notification, ...(id ? { id } : {}) });
