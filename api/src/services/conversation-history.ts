import { Message, type Db } from '@volley/core';
import { PINS_LISTED, type HistoryPage, type PinList } from '@volley/shared';
import { MESSAGE_COLUMNS, messageView, type MessageRow } from './views.js';

/**
 * A page of a conversation's history, newest first, before a seq: every message (deleted ones
 * empty, blocked authors included: the document has them too). The caller decides who may read it.
 */
/** Newest first; `systemOnly`: the server's own lines only (pairings, results), as a tournament shows them to non-members. */
export async function historyPage(db: Db, convId: string, { before, limit }: { before?: number | undefined; limit: number }, systemOnly = false): Promise<HistoryPage> {
  const rows = (await Message.query(db)
    .from('messages as m')
    .select(MESSAGE_COLUMNS)
    .join('users as u', 'u.id', 'm.author_id')
    .where('m.conversation_id', convId)
    .modify((query) => {
      if (before !== undefined) query.where('m.seq', '<', before);
      if (systemOnly) query.where('m.kind', 'system');
    })
    .orderBy('m.seq', 'desc')
    .limit(limit + 1)) as MessageRow[];
  const items = rows.slice(0, limit);
  return { items: items.map(messageView), nextCursor: rows.length > limit ? String(items.at(-1)!.seq) : null };
}

/** The conversation's pinned messages, the most recently pinned first; a deleted message is no longer listed. */
export async function pinnedMessages(db: Db, convId: string): Promise<PinList> {
  const rows = (await Message.query(db)
    .from('messages as m')
    .select([...MESSAGE_COLUMNS, 'm.pinned_at', 'm.pinned_by'])
    .join('users as u', 'u.id', 'm.author_id')
    .where('m.conversation_id', convId)
    .whereNotNull('m.pinned_at')
    .whereNull('m.deleted_at')
    .orderBy('m.pinned_at', 'desc')
    .limit(PINS_LISTED)) as MessageRow[];
  return { items: rows.map((row) => ({ ...messageView(row), pinnedAt: new Date(row.pinnedAt!).toISOString(), pinnedBy: row.pinnedBy })) };
}
