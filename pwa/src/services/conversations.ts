import type { Conversation } from '@volley/shared';
import type { VolleyDB } from '../db/db.js';
import type { ApiClient } from './api-client.js';

/**
 * Replaces the cached conversation list with the server's, for offline listing. A `lastSeq` already
 * cached further ahead (a signal that overtook this answer) is kept.
 */
export async function refreshConversations(api: ApiClient, db: VolleyDB): Promise<Conversation[]> {
  const conversations = await api.conversations();
  await db.transaction('rw', db.conversations, async () => {
    const cached = new Map((await db.conversations.toArray()).map((c) => [c.id, c.lastSeq]));
    await db.conversations.clear();
    await db.conversations.bulkPut(conversations.map((c) => ({ ...c, lastSeq: Math.max(c.lastSeq, cached.get(c.id) ?? 0) })));
  });
  return conversations;
}

/**
 * Moves cached conversations' `lastSeq` forward to what the server signalled or an open segment
 * shows (the unread marks and badges read it). Resolves with the ids not in the cache: a new DM, a
 * channel I was added to.
 */
export async function recordLastSeqs(db: VolleyDB, lastSeqs: ReadonlyMap<string, number>): Promise<string[]> {
  if (lastSeqs.size === 0) return [];
  return db.transaction('rw', db.conversations, async () => {
    const ids = [...lastSeqs.keys()];
    const cached = await db.conversations.bulkGet(ids);
    const moved = cached.filter((c): c is Conversation => c !== undefined && c.lastSeq < lastSeqs.get(c.id)!);
    if (moved.length > 0) await db.conversations.bulkPut(moved.map((c) => ({ ...c, lastSeq: lastSeqs.get(c.id)! })));
    return ids.filter((_, i) => cached[i] === undefined);
  });
}

const KIND_ORDER: Record<Conversation['kind'], number> = { world: 0, channel: 1, dm: 2 };

/** Sidebar order: the world channel (#general) first, then channels, then direct messages, by name. */
export function inListOrder(conversations: readonly Conversation[]): Conversation[] {
  return [...conversations].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name));
}
