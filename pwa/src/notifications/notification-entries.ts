/**
 * The notifications centre's entries as they are shown (the centre's dialog, the recent ones on the
 * home page): taken from my own document, each with its text and its place, marked read in it.
 */
import { conversationPath, isSeen, levelOf, messagePath, notificationsOf, tournamentPath, UserDoc, type ChosenLevels, type Conversation, type Notification } from '@volley/shared';
import { html } from 'lit';
import type * as Y from 'yjs';
import { formatMessageTime } from '../i18n/format.js';
import { msg } from '../i18n/i18n.js';
import { centreEntries, type CentreEntry, type Quiet } from './notification-groups.js';
import { notificationView, placeOf, sortedNotifications } from './notification-view.js';

/** Every entry of the centre, newest first. */
export const entriesOf = (doc: Y.Doc, conversations: readonly Conversation[], quiet?: Quiet): CentreEntry[] =>
  centreEntries(sortedNotifications(notificationsOf(doc).values()), (n) => isSeen(n, doc), conversations, UserDoc.reads(doc), quiet);

interface QuietSources {
  conversations: { toArray(): Promise<Conversation[]> };
  blocks: { toArray(): Promise<{ user: { id: string } }[]> };
  notificationSettings: { get(id: 'mine'): Promise<{ settings: ChosenLevels } | undefined> };
}

/** What the centre leaves quiet: each conversation at its level (the one chosen, kept in Dexie, or its default), and the people I blocked (Dexie's `blocks`). */
export async function quietOf(db: QuietSources): Promise<{ conversations: Conversation[]; quiet: Quiet }> {
  const [conversations, blocks, chosen] = await Promise.all([db.conversations.toArray(), db.blocks.toArray(), db.notificationSettings.get('mine')]);
  const kinds = new Map(conversations.map((c) => [c.id, c.kind]));
  return { conversations, quiet: { level: (id, kind) => levelOf(id, kind ?? kinds.get(id), chosen?.settings ?? null), blocked: new Set(blocks.map((b) => b.user.id)) } };
}

/** The notifications an entry stands for (a conversation's unread messages are read by opening it). */
export function notificationsOfEntry(entry: CentreEntry): Notification[] {
  switch (entry.kind) {
    case 'notification':
      return [entry.notification];
    case 'mentions':
      return entry.mentions;
    case 'registrations':
      return entry.registrations;
    case 'messages':
      return [];
  }
}

/** Marks these read in my document: every device of mine follows. */
export function markRead(doc: Y.Doc, list: readonly Notification[]): void {
  const map = notificationsOf(doc);
  doc.transact(() => list.filter((n) => !n.read).forEach((n) => map.set(n.id, { ...n, read: true })));
}

export function entryView(entry: CentreEntry): { text: string; href: string | null } {
  switch (entry.kind) {
    case 'notification':
      return notificationView(entry.notification);
    case 'mentions': {
      const count = entry.mentions.length;
      const oldest = entry.mentions.reduce((a, b) => (a.seq < b.seq ? a : b));
      return { text: msg('notifications.mentions', { count, place: placeOf(oldest.conversation) }), href: messagePath(oldest.conversation.id, { id: oldest.messageId, seq: oldest.seq }) };
    }
    case 'registrations': {
      const { tournament } = entry.registrations[0]!;
      return { text: msg('notifications.registrations', { count: entry.registrations.length, tournament: tournament.name }), href: tournamentPath(tournament.id) };
    }
    case 'messages': {
      const c = entry.conversation;
      const place = c.kind === 'dm' ? msg('notifications.directMessages', { name: c.peer?.displayName ?? c.name }) : `#${c.name}`;
      return { text: msg('notifications.newMessages', { count: entry.count, place }), href: conversationPath(c.id) };
    }
  }
}

/** An entry as a list item: its text and time, unread marked; a click opens it (`testId` tells the lists apart). */
export function entryItem(entry: CentreEntry, open: (entry: CentreEntry, href: string | null) => void, testId = 'notification') {
  const { text, href } = entryView(entry);
  return html`<li>
    <button type="button" data-testid=${testId} data-kind=${entry.kind === 'notification' ? entry.notification.kind : entry.kind} ?data-unread=${entry.unread} @click=${() => open(entry, href)}>
      <span class="text">${text}</span>
      <time datetime=${entry.at}>${formatMessageTime(entry.at)}</time>
      ${entry.unread ? html`<span class="visually-hidden">${msg('notifications.unread')}</span>` : ''}
    </button>
  </li>`;
}
