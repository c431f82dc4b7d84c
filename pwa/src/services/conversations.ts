import { systemLinesOf, type Conversation, type InboxEntry, type PinnedMessage } from '@volley/shared';
import type { VolleyDB } from '../db/db.js';
import type { ApiClient } from '@volley/client';

/** How a conversation is named in the UI: channels with a '#', DMs by the other person's name. */
export const conversationTitle = (conversation: Conversation): string =>
  conversation.kind === 'dm' ? (conversation.peer?.displayName ?? conversation.name) : `#${conversation.name}`;

/**
 * Replaces the cached conversation list with the server's, for offline listing. A `lastSeq` already
 * cached further ahead (a signal that overtook this answer) is kept, with its last message and the
 * system lines it knows of.
 */
export async function refreshConversations(api: ApiClient, db: VolleyDB): Promise<Conversation[]> {
  const conversations = await api.conversations();
  await db.transaction('rw', db.conversations, async () => {
    const cached = new Map((await db.conversations.toArray()).map((c) => [c.id, c]));
    await db.conversations.clear();
    await db.conversations.bulkPut(conversations.map((c) => {
      const ahead = cached.get(c.id);
      // What this device read of an encrypted conversation's newest message is its own: kept.
      const mine = { ...c, sealedPreview: ahead?.sealedPreview };
      return ahead && ahead.lastSeq > c.lastSeq ? { ...mine, lastSeq: ahead.lastSeq, lastMessage: ahead.lastMessage, systemSeqs: systemLinesOf(c.systemSeqs, ahead.systemSeqs) ?? [] } : mine;
    }));
  });
  return conversations;
}

/**
 * Moves cached conversations' `lastSeq` and last message forward to what the server signalled or
 * an open segment shows (the unread marks and badges read them, offline too), never back; the last
 * message itself edited or deleted (the same seq, another preview or deleted mark) is taken too, and
 * so is the same message not deleted after all (my delete refused), and the system lines it names
 * (no one's unread message). Resolves with the ids not in the cache: a new DM, a channel I was added to.
 */
export async function recordActivity(db: VolleyDB, latest: ReadonlyMap<string, InboxEntry>): Promise<string[]> {
  if (latest.size === 0) return [];
  return db.transaction('rw', db.conversations, async () => {
    const ids = [...latest.keys()];
    const cached = await db.conversations.bulkGet(ids);
    const moved = cached.filter((c): c is Conversation => {
      if (c === undefined) return false;
      const entry = latest.get(c.id)!;
      const same = c.lastMessage?.preview === entry.preview && (c.lastMessage.deleted ?? false) === (entry.deleted ?? false);
      return c.lastSeq < entry.lastSeq || (c.lastSeq === entry.lastSeq && !same);
    });
    if (moved.length > 0) {
      await db.conversations.bulkPut(moved.map((c) => {
        const { lastSeq, id, preview, at, author = null, authorName = '', deleted = false, system } = latest.get(c.id)!;
        return { ...c, lastSeq, lastMessage: { id, preview, at, author, authorName, deleted }, systemSeqs: systemLinesOf(c.systemSeqs, Array.isArray(system) ? system : undefined) ?? [] };
      }));
    }
    return ids.filter((_, i) => cached[i] === undefined);
  });
}

/**
 * I am deleting the message `seq`: if it is the conversation's last, the list says so at once,
 * offline too. The server's answer comes back through `recordActivity`; refused, through
 * `refreshConversations` (the list read again).
 */
export async function markLastDeleted(db: VolleyDB, convId: string, seq: number): Promise<void> {
  await db.transaction('rw', db.conversations, async () => {
    const c = await db.conversations.get(convId);
    if (c?.lastMessage && c.lastSeq === seq) await db.conversations.put({ ...c, lastMessage: { ...c.lastMessage, preview: '', deleted: true } });
  });
}

/** A conversation's pinned messages, the most recently pinned first. */
export async function pinnedMessages(api: ApiClient, convId: string): Promise<PinnedMessage[]> {
  return (await api.pins(convId)).items;
}
