/**
 * The transaction every edit, delete and reaction goes through: the target is locked, a replayed
 * op id changes nothing, then the membership rules (refusals.ts), then the message's rule and
 * the change. After the commit the segment is made to show what is recorded, for a replay too.
 */
import { Message as MessageRow, messagePolicy, User, type Db } from '@volley/core';
import type { OutboxOp } from '@volley/shared';
import { conversationMembership, type Membership } from '../../rooms/membership.js';
import { notifyMentions } from '../mentions.js';
import { ACTIONS, refusal, type Refusal } from '../refusals.js';
import type { OpAuthor } from '../author.js';
import type { OpWriter } from '../op-writers.js';
import type { OpContext, Outcome } from './op-context.js';

export type MessageOp = Extract<OutboxOp, { op: 'edit' | 'delete' | 'react' | 'pin' }>;

export interface Target {
  row: MessageRow;
  membership: Membership;
}

export interface MessageChange<O extends MessageOp> {
  /**
   * Changes the rows in the transaction; returns the body it replaced (kept in `message_ops`),
   * members newly mentioned, and other messages whose elements change with this one; or why the
   * message refuses this change, having changed nothing.
   */
  apply(trx: Db, target: Target, op: O, at: Date): Promise<{ replacedBody?: string; mentioned?: string[]; alsoShow?: string[] } | { refused: Omit<Refusal, 'kind'> }>;
}

const rejected = (reason: Refusal['reason'], detail?: string): Refusal => ({ kind: 'rejected', reason, ...(detail && { detail }) });

export async function changeMessage<O extends MessageOp>(ctx: OpContext, author: OpAuthor, writer: OpWriter, id: string, op: O, change: MessageChange<O>): Promise<Outcome> {
  const decided = await ctx.db.transaction(async (trx): Promise<Refusal | { seq: number; mentioned: string[]; alsoShow: string[] }> => {
    const membership = await conversationMembership(trx, op.convId, author.id);
    if (!membership) return rejected('no_such_conversation');
    const found = await MessageRow.query(trx).findById(op.messageId).forUpdate();
    // A message of another conversation is not found here, whether it exists or not.
    const row = found?.conversationId === op.convId ? found : undefined;
    const applied: { user_id: string; message_id: string; op: string } | undefined = await trx('message_ops').where({ id }).first('user_id', 'message_id', 'op');
    if (applied) {
      const same = applied.user_id === author.id && applied.message_id === row?.id && applied.op === op.op;
      return same ? { seq: row.seq, mentioned: [], alsoShow: [] } : rejected('invalid_op', 'id already used');
    }
    // After the replay check: an op accepted before a mute or a kick stays accepted. Before
    // `not_found`: a non-member learns nothing about which messages exist.
    const refused = await refusal(trx, membership, { userId: author.id, scope: writer.scope }, ACTIONS[op.op]);
    if (refused) return refused;
    if (!row) return rejected('not_found');
    if (row.deletedAt) return rejected('deleted');
    // The message's own rule (core/src/policies/message.ts), once it is known to be in this conversation.
    // The site role counts for deleting another's message only (site moderators remove spam anywhere).
    const siteRole = op.op === 'delete' && row.authorId !== author.id ? (await User.query(trx).findById(author.id).select('role'))?.role : undefined;
    // Reacting and pinning take no rule of the message's own: whoever may do them there may on any message.
    const ruled = op.op === 'react' || op.op === 'pin' ? null : messagePolicy.refusal({ userId: author.id, role: membership.member?.role, ...(siteRole && { siteRole }) }, op.op, row, membership.conversation);
    if (ruled) return rejected(ruled.reason);
    const changed = await change.apply(trx, { row, membership }, op, new Date());
    if ('refused' in changed) return rejected(changed.refused.reason, changed.refused.detail);
    const { replacedBody, mentioned = [], alsoShow = [] } = changed;
    await trx('message_ops').insert({ id, message_id: row.id, user_id: author.id, op: op.op, replaced_body: replacedBody ?? null });
    return { seq: row.seq, mentioned, alsoShow };
  });
  if ('kind' in decided) return decided;
  for (const messageId of [op.messageId, ...decided.alsoShow]) await ctx.recorded.show(messageId);
  if (decided.mentioned.length > 0) {
    const row = await MessageRow.query(ctx.db).findById(op.messageId).select('id', 'seq', 'body');
    if (row) await notifyMentions(ctx, author, op.convId, decided.mentioned, row);
  }
  return { kind: 'accepted', seq: decided.seq };
}
