/** What a client may do with link previews besides reading them in messages: read a card's image, remove its own message's card. */
import { Message as MessageRow, type Actor, type Db } from '@volley/core';
import { firstWebLink } from '@volley/shared/markdown';
import { apiError } from '../errors.js';
import { accessFor } from '../services/conversation-access.js';
import type { BlobStore } from '../storage/index.js';
import { imageKey } from './link-previews.js';

/**
 * A card's image (its thumbnail, WebP), for any signed-in account: it is a public page's image,
 * named by an id no one learns without reading a message that shows it.
 */
export async function previewImage(db: Db, store: BlobStore, imageId: string): Promise<{ size: number; body: NodeJS.ReadableStream }> {
  const row: { image_size: number | null } | undefined = await db('link_previews').where({ image_id: imageId }).first('image_size');
  const body = row ? await store.get(imageKey(imageId)) : undefined;
  if (!row || !body) throw apiError('not_found');
  return { size: Number(row.image_size), body };
}

/**
 * The author removes the card from their message, fetched yet or not; anyone else is refused
 * (404 for who may not read the conversation, 403 for a reader).
 */
export async function removePreview(db: Db, messageId: string, actor: Actor): Promise<void> {
  const message = await MessageRow.query(db).findById(messageId).select('id', 'conversation_id', 'author_id', 'body', 'deleted_at');
  if (!message) throw apiError('not_found');
  await accessFor(db, message.conversationId, actor, 'read');
  if (message.authorId !== actor.userId) throw apiError('forbidden', { message: 'Only its author removes a message’s link preview.' });
  const url = firstWebLink(message.body) ?? '';
  // A claim made now with the removal in it: the fetch that comes later for this link finds the message claimed.
  await db('message_previews').insert({ message_id: messageId, url, removed_at: new Date() }).onConflict('message_id').merge({ removed_at: new Date() });
}
