import type { Conversation } from '@volley/shared';
import type { VolleyDB } from '../db/db.js';
import type { ApiClient } from './api-client.js';

/** Replaces the cached conversation list with the server's, for offline listing. */
export async function refreshConversations(api: ApiClient, db: VolleyDB): Promise<Conversation[]> {
  const conversations = await api.conversations();
  await db.transaction('rw', db.conversations, async () => {
    await db.conversations.clear();
    await db.conversations.bulkPut(conversations);
  });
  return conversations;
}

const KIND_ORDER: Record<Conversation['kind'], number> = { world: 0, channel: 1, dm: 2 };

/** Sidebar order: the world channel (#general) first, then channels, then direct messages, by name. */
export function inListOrder(conversations: readonly Conversation[]): Conversation[] {
  return [...conversations].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name));
}
