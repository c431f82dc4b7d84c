/** `send`: a new message, recorded once per op id, then appended to its segment. */
import type { Message } from '@volley/shared';
import { appendMessage, sealSegment } from '../conversation-segment.js';
import { mentionedMembers, notifyMentions } from '../mentions.js';
import { sendMessage } from '../send-message.js';
import type { OpHandler } from './op-context.js';

/**
 * A replayed op whose message was recorded this long ago but is missing from its segment: the
 * process that recorded it stopped before writing the segment. Any live writer has long
 * finished by then, so writing it here cannot make a second copy.
 */
const REPAIR_AFTER_MS = 10_000;

export const send: OpHandler<'send'> = async (ctx, actor, id, op) => {
  const kind = op.kind ?? 'text';
  const result = await sendMessage(ctx.db, { id, convId: op.convId, authorId: actor.id, body: op.body, kind, replyTo: op.replyTo, at: new Date(), segmentSize: ctx.segmentSize });
  if (result.kind === 'rejected') return result;
  // Only the instance that recorded the message writes it to the segment: never two copies.
  const orphaned = result.kind === 'replayed' && Date.now() - result.at.getTime() > REPAIR_AFTER_MS;
  if (result.kind === 'inserted' || orphaned) {
    const mentions = await mentionedMembers(ctx.db, op.convId, op.body);
    const message: Message = {
      id,
      seq: result.seq,
      author: actor.id,
      authorName: actor.username,
      body: op.body,
      at: result.at.toISOString(),
      ...(kind === 'me' && { kind }),
      ...(result.replyTo && { replyTo: result.replyTo }),
      ...(mentions.length > 0 && { mentions }),
    };
    // The previous segment points to its continuation before that has messages; a repair may repeat it.
    if (result.opensSegment) await sealSegment(ctx.rooms, op.convId, result.segment - 1);
    await appendMessage(ctx.rooms, op.convId, result.segment, message);
    if (result.kind === 'inserted') {
      await ctx.inbox.accepted(op.convId, { seq: result.seq, body: op.body, at: result.at });
      await notifyMentions(ctx, actor, op.convId, mentions, message);
    }
  }
  return { kind: 'accepted', seq: result.seq };
};
