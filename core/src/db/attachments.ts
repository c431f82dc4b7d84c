/**
 * The `attachments` table as messages show it (docs/architecture.md, "Attachments"): the api
 * answers an upload with the same view a message's element carries.
 */
import type { MessageAttachment } from '@volley/shared';
import type { Db } from './connect.js';

export interface AttachmentRow {
  id: string;
  conversation_id: string;
  uploader_id: string;
  name: string;
  type: string;
  size: string | number;
  width: number | null;
  height: number | null;
  storage_key: string;
  thumbnail_key: string | null;
  thumbnail_size: string | number | null;
  message_id: string | null;
}

export function attachmentView(row: AttachmentRow): MessageAttachment {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    size: Number(row.size),
    ...(row.width !== null && row.height !== null ? { width: row.width, height: row.height } : {}),
    ...(row.thumbnail_key ? { thumbnail: `/api/v1/attachments/${row.id}/thumbnail` } : {}),
  };
}

/** The files each message carries, in the order its send named them. */
export async function attachmentsOfMessages(db: Db, messageIds: string[]): Promise<Map<string, MessageAttachment[]>> {
  const byMessage = new Map<string, MessageAttachment[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = (await db('attachments').whereIn('message_id', messageIds).orderBy(['message_id', 'position', 'id'])) as (AttachmentRow & { message_id: string })[];
  for (const row of rows) (byMessage.get(row.message_id) ?? byMessage.set(row.message_id, []).get(row.message_id)!).push(attachmentView(row));
  return byMessage;
}
