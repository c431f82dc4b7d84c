/**
 * The notifications centre's entries (pure: tested without a DOM): the notifications, with several
 * mentions in one conversation as one entry, several registrations for one tournament as one entry,
 * and each conversation with unread messages as one entry ("12 new messages in #general"), newest first.
 * A conversation notifies as its level says (`levelOf` in @volley/shared): its messages at `all`, its mentions unless
 * `nothing`; a message whose author I blocked notifies nothing.
 */
import { defaultLevel, type Conversation, type Notification, type NotificationLevel } from '@volley/shared';
import { unreadCount } from '../chat/conversation-summary.js';

/** A Map or a Y.Map: only `get` is read. */
type Lookup<T> = { get(key: string): T | undefined };

type Mention = Extract<Notification, { kind: 'mention' }>;
type Registration = Extract<Notification, { kind: 'tournament_registration' }>;

export type CentreEntry =
  | { kind: 'notification'; id: string; at: string; unread: boolean; notification: Notification }
  | { kind: 'mentions'; id: string; at: string; unread: boolean; mentions: Mention[] }
  | { kind: 'registrations'; id: string; at: string; unread: boolean; registrations: Registration[] }
  | { kind: 'messages'; id: string; at: string; unread: true; conversation: Conversation; count: number };

/** What the entries depend on besides the notifications: each conversation's level, and the people I blocked. */
export interface Quiet {
  level: (convId: string, kind?: Conversation['kind']) => NotificationLevel;
  blocked: ReadonlySet<string>;
}

const DEFAULTS: Quiet = { level: (_, kind) => defaultLevel(kind ?? 'channel'), blocked: new Set() };

export function centreEntries(
  all: readonly Notification[],
  seen: (n: Notification) => boolean,
  conversations: readonly Conversation[],
  reads: Lookup<number>,
  { level, blocked }: Quiet = DEFAULTS,
): CentreEntry[] {
  const entries: CentreEntry[] = [];
  const notifications = all.filter((n) => n.kind !== 'mention' || (level(n.conversation.id) !== 'nothing' && !blocked.has(n.by.id)));
  const mentions = new Map<string, Mention[]>();
  const registrations = new Map<string, Registration[]>();
  for (const n of notifications) {
    if (n.kind === 'mention') mentions.set(n.conversation.id, [...(mentions.get(n.conversation.id) ?? []), n]);
    else if (n.kind === 'tournament_registration') registrations.set(n.tournament.id, [...(registrations.get(n.tournament.id) ?? []), n]);
    else entries.push(single(n, seen));
  }
  for (const [convId, list] of mentions) entries.push(list.length === 1 ? single(list[0]!, seen) : { kind: 'mentions', id: `mentions-${convId}`, ...together(list, seen), mentions: list });
  for (const [tournamentId, list] of registrations)
    entries.push(list.length === 1 ? single(list[0]!, seen) : { kind: 'registrations', id: `registrations-${tournamentId}`, ...together(list, seen), registrations: list });
  for (const conversation of conversations) {
    if (level(conversation.id, conversation.kind) !== 'all' || blocked.has(conversation.lastMessage?.author ?? '')) continue;
    const count = unreadCount(conversation, reads, null);
    if (count > 0 && conversation.lastMessage) entries.push({ kind: 'messages', id: `messages-${conversation.id}`, at: conversation.lastMessage.at, unread: true, conversation, count });
  }
  return entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

const single = (n: Notification, seen: (n: Notification) => boolean): CentreEntry => ({ kind: 'notification', id: n.id, at: n.at, unread: !seen(n), notification: n });

/** A group's time (its newest) and whether any of it is unread. */
const together = (list: readonly Notification[], seen: (n: Notification) => boolean): { at: string; unread: boolean } => ({
  at: list.reduce((a, b) => (a.at > b.at ? a : b)).at,
  unread: list.some((n) => !seen(n)),
});
