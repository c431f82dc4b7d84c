/**
 * The refusals of op frames, kept in `op_refusals` (migration 034): a client whose answer was lost
 * with its socket sends the op again, maybe to another sync server, and gets the first answer
 * rather than a second decision. What was accepted needs no such record: a message is recorded
 * under its op id, an edit, a deletion or a reaction in `message_ops`, and a re-sent op finds it.
 */
import type { Db } from '@volley/core';
import type { RejectReason } from '@volley/shared';
import type { Refusal } from './refusals.js';

/** Kept: a second instance deciding the same op meanwhile keeps its own answer, as its client got it. */
export async function keepRefusal(db: Db, userId: string, opId: string, { reason, detail }: { reason: RejectReason; detail?: string | undefined }): Promise<void> {
  await db('op_refusals')
    .insert({ user_id: userId, op_id: opId, reason, detail: detail ?? null })
    .onConflict(['user_id', 'op_id'])
    .ignore();
}

/** The refusal the author's op got before, if it got one. */
export async function earlierRefusal(db: Db, userId: string, opId: string): Promise<Refusal | undefined> {
  const row: { reason: RejectReason; detail: string | null } | undefined = await db('op_refusals').where({ user_id: userId, op_id: opId }).first('reason', 'detail');
  return row && { kind: 'rejected', reason: row.reason, ...(row.detail !== null && { detail: row.detail }) };
}
