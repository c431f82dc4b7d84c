/**
 * `accent`: the conversation's accent colour, chosen by a DM's members or a channel's owner and
 * admins (core/src/policies/conversation.ts, `curate`). Recorded on the conversation (its API
 * record carries it, cached by clients, so it shows offline), then shown in its head segment's
 * `meta` for whoever has it open. The outcome's seq is the conversation's last at the time. A
 * replay sets the same colour again.
 */
import { Conversation } from '@volley/core';
import { conversationMembership } from '../../rooms/membership.js';
import { showAccent } from '../../rooms/conversation-segment.js';
import { refusal } from '../refusals.js';
import type { OpHandler } from './op-context.js';

export const setAccent: OpHandler<'accent'> = async (ctx, author, _id, op, writer) => {
  const membership = await conversationMembership(ctx.db, op.convId, author.id);
  if (!membership) return { kind: 'rejected', reason: 'no_such_conversation' };
  const refused = await refusal(ctx.db, membership, { userId: author.id, scope: writer.scope }, 'curate');
  if (refused) return refused;
  const conversation = await Conversation.query(ctx.db).patchAndFetchById(op.convId, { accent: op.accent });
  await showAccent(ctx.rooms, op.convId, conversation.headSegment, op.accent);
  return { kind: 'accepted', seq: conversation.lastSeq };
};
