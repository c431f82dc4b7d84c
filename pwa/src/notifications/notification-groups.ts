/**
 * The notifications centre's entries (pure: tested without a DOM): the notifications, with several
 * mentions in one conversation as one entry, and each conversation with unread messages as one
 * entry ("12 new messages in #general"), newest first.
 */
import type { Conversation, Notification } from '@volley/shared';

/** A Map or a Y.Map: only `get` is read. */
type Lookup<T> = { get(key: string): T | undefined };

export type CentreEntry =
  | { kind: 'notification'; id: string; at: string; unread: boolean; notification: Notification }
  | { kind: 'mentions'; id: string; at: string; unread: boolean; mentions: Extract<Notification, { kind: 'mention' }>[] }
  | { kind: 'messages'; id: string; at: string; unread: true; conversation: Conversation; count: number };

export function centreEntries(notifications: readonly Notification[], seen: (n: Notification) => boolean, conversations: readonly Conversation[], reads: Lookup<number>): CentreEntry[] {
  const entries: CentreEntry[] = [];
  const mentions = new Map<string, Extract<Notification, { kind: 'mention' }>[]>();
  for (const n of notifications) {
    if (n.kind === 'mention') mentions.set(n.conversation.id, [...(mentions.get(n.conversation.id) ?? []), n]);
    else entries.push({ kind: 'notification', id: n.id, at: n.at, unread: !seen(n), notification: n });
  }
  for (const [convId, list] of mentions) {
    const newest = list.reduce((a, b) => (a.at > b.at ? a : b));
    entries.push(
      list.length === 1
        ? { kind: 'notification', id: newest.id, at: newest.at, unread: !seen(newest), notification: newest }
        : { kind: 'mentions', id: `mentions-${convId}`, at: newest.at, unread: list.some((m) => !seen(m)), mentions: list },
    );
  }
  for (const conversation of conversations) {
    const count = conversation.lastSeq - (reads.get(conversation.id) ?? 0);
    if (count > 0 && conversation.lastMessage) entries.push({ kind: 'messages', id: `messages-${conversation.id}`, at: conversation.lastMessage.at, unread: true, conversation, count });
  }
  return entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
