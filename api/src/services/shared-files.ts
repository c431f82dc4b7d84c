/**
 * A conversation's "files" view: the files its messages carry (a deleted message's are not
 * listed), newest first, found by name when asked. The caller decides who may read it.
 */
import { type AttachmentRow, attachmentView, type Db } from '@volley/core';
import type { SharedFile } from '@volley/shared';
import { likeContains } from '../like-prefix.js';
import { encodeCursor } from '../pagination.js';

type Row = AttachmentRow & { message_id: string; seq: number; author_id: string; username: string; message_at: Date | string };

export async function sharedFiles(db: Db, convId: string, { q, cursor, limit }: { q?: string | undefined; cursor?: string | undefined; limit: number }): Promise<{ items: SharedFile[]; nextCursor: string | null }> {
  const rows = (await db('attachments as a')
    .select('a.*', 'm.seq', 'm.author_id', 'm.created_at as message_at', 'u.username')
    .join('messages as m', 'm.id', 'a.message_id')
    .join('users as u', 'u.id', 'm.author_id')
    .where('a.conversation_id', convId)
    .whereNull('m.deleted_at')
    .modify((query) => {
      if (q) query.whereRaw('lower(a.name) like ?', [likeContains(q)]);
      if (cursor !== undefined) query.where('a.id', '<', cursor);
    })
    .orderBy('a.id', 'desc')
    .limit(limit + 1)) as Row[];
  const items = rows.slice(0, limit).map((row) => ({
    ...attachmentView(row),
    messageId: row.message_id,
    seq: row.seq,
    author: row.author_id,
    authorName: row.username,
    at: new Date(row.message_at).toISOString(),
  }));
  return { items, nextCursor: rows.length > limit && items.length > 0 ? encodeCursor(items.at(-1)!.id) : null };
}
