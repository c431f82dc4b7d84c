/**
 * Reports of messages to the site's moderators (docs/architecture.md §5, "Reports"): a member
 * reports what they can read, the moderators read the open reports on the admin page and resolve
 * them. The audit log records who reported what, when and from where, never the text: for a plain
 * message the moderators read the message itself; for an encrypted one, only what the reporter
 * chose to disclose, which the server cannot check against the ciphertext.
 */
import { Message as MessageRow, type Actor, type Db } from '@volley/core';
import { newId, type ReportBody, type ReportView } from '@volley/shared';
import { apiError } from '../errors.js';
import { accessFor } from './conversation-access.js';
import { audit, type SiteActor } from './site-admin.js';

const iso = (value: Date | string): string => new Date(value).toISOString();

/** Reports the message for the actor, once: a second report of the same message by the same person changes nothing. */
export async function reportMessage(db: Db, actor: Actor, address: string | null, messageId: string, body: ReportBody): Promise<void> {
  const message = await MessageRow.query(db).findById(messageId).select('id', 'conversation_id', 'author_id', 'kind', 'deleted_at');
  if (!message) throw apiError('not_found');
  const access = await accessFor(db, message.conversationId, actor, 'read');
  if (message.authorId === actor.userId) throw apiError('forbidden', { message: 'You cannot report your own message.' });
  if (message.kind === 'system') throw apiError('forbidden', { message: 'The server’s own lines are no one’s to report.' });
  // Only an encrypted message's text is worth disclosing: a plain one is read where it is stored.
  const disclosed = access.conversation.encrypted ? (body.disclosed ?? null) : null;
  await db.transaction(async (trx) => {
    const inserted = await trx('message_reports')
      .insert({ id: newId(), message_id: messageId, conversation_id: message.conversationId, reporter_id: actor.userId, reason: body.reason, note: body.note ?? '', disclosed })
      .onConflict(['message_id', 'reporter_id'])
      .ignore()
      .returning('id');
    if (inserted.length === 0) return;
    await audit(trx, { userId: actor.userId, address }, {
      action: 'message.reported',
      targetUserId: message.authorId,
      conversationId: message.conversationId,
      detail: { messageId, reason: body.reason, disclosed: disclosed !== null },
    });
  });
}

type ReportRow = {
  id: string;
  created_at: Date;
  reason: ReportView['reason'];
  note: string;
  disclosed: string | null;
  reporter_id: string | null;
  reporter: string | null;
  author_id: string;
  author: string;
  conversation_id: string;
  conversation_kind: ReportView['conversation']['kind'];
  conversation_name: string | null;
  encrypted: boolean;
  message_id: string;
  seq: number;
  kind: string;
  body: string;
  sent_at: Date;
  deleted_at: Date | null;
};

/** The open reports, oldest first: what has waited longest comes first. */
export async function openReports(db: Db): Promise<ReportView[]> {
  const rows: ReportRow[] = await db('message_reports as r')
    .join('messages as m', 'm.id', 'r.message_id')
    .join('conversations as c', 'c.id', 'r.conversation_id')
    .join('users as a', 'a.id', 'm.author_id')
    .leftJoin('users as u', 'u.id', 'r.reporter_id')
    .whereNull('r.resolved_at')
    .select('r.id', 'r.created_at', 'r.reason', 'r.note', 'r.disclosed', 'r.reporter_id', 'u.username as reporter', 'm.author_id', 'a.username as author')
    .select('r.conversation_id', 'c.kind as conversation_kind', 'c.name as conversation_name', 'c.encrypted', 'm.id as message_id', 'm.seq', 'm.kind', 'm.body', 'm.created_at as sent_at', 'm.deleted_at')
    .orderBy('r.created_at')
    .limit(200);
  return rows.map((r) => {
    const encrypted = r.kind === 'encrypted' || r.encrypted;
    return {
      id: r.id,
      at: iso(r.created_at),
      reason: r.reason,
      note: r.note,
      reporter: r.reporter_id && r.reporter ? { id: r.reporter_id, username: r.reporter } : null,
      author: { id: r.author_id, username: r.author },
      conversation: { id: r.conversation_id, kind: r.conversation_kind, name: r.conversation_name ?? '' },
      message: { id: r.message_id, seq: r.seq, at: iso(r.sent_at), encrypted, deleted: r.deleted_at !== null, stored: encrypted || r.deleted_at !== null ? null : r.body },
      disclosed: r.disclosed,
    };
  });
}

/** The report handled: it leaves the open list, and the audit log says who closed it. */
export async function resolveReport(db: Db, actor: SiteActor, reportId: string): Promise<void> {
  await db.transaction(async (trx) => {
    const report: { conversation_id: string; message_id: string } | undefined = await trx('message_reports').where({ id: reportId }).whereNull('resolved_at').first('conversation_id', 'message_id');
    if (!report) throw apiError('not_found', { message: 'No such open report.' });
    await trx('message_reports').where({ id: reportId }).update({ resolved_at: trx.fn.now(), resolved_by: actor.userId });
    await audit(trx, actor, { action: 'report.resolved', conversationId: report.conversation_id, detail: { reportId, messageId: report.message_id } });
  });
}
