/**
 * The conversation list's line for an encrypted conversation whose newest message this device has
 * not read (it came while the conversation was not open): that message fetched and read in the
 * background, so the list tells what it says, as a plain conversation's line does. What is read is
 * kept (`keepRead`: the text, and its start under its id for the list).
 */
import type { VolleyClient } from '@volley/client';
import type { CachedConversation, VolleyDB } from '../db/db.js';
import { decryptInto } from './e2ee.js';

export async function readNewest(volley: VolleyClient, db: VolleyDB, conversations: readonly CachedConversation[]): Promise<void> {
  for (const { id: convId, lastMessage } of conversations) {
    const newest = (await volley.api.history(convId, undefined, 1)).items.find((message) => message.id === lastMessage?.id && message.kind === 'encrypted' && !message.deletedAt);
    if (newest) await decryptInto(volley, db, convId, [{ id: newest.id, author: newest.author, at: newest.at, body: newest.body }]);
  }
}
