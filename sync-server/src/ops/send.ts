/** `send`: a new message, recorded once per op id, then appended to its segment. */
import type { Message } from '@volley/shared';
import { appendMessage, sealSegment } from '../conversation-segment.js';
import { mentionedMembers, notifyMentions } from '../mentions.js';
import type { Refusal } from '../refusals.js';
import { sendMessage, type SendResult } from '../send-message.js';
import type { OpContext, OpHandler } from './op-context.js';

/**
 * A replayed op whose message was recorded this long ago but is missing from its segment: the
 * process that recorded it stopped before writing the segment. Any live writer has long
 * finished by then, so writing it here cannot make a second copy.
 */
const REPAIR_AFTER_MS = 10_000;

export type RecordedSend = Exclude<SendResult, Refusal>;

/**
 * Writes a recorded message (`element()`) to its segment — only from the instance that recorded it,
 * or to repair a write lost with a crashed one: never two copies — and, once, signals the members' inboxes.
 */
export async function deliver(ctx: Pick<OpContext, 'rooms' | 'inbox'>, convId: string, result: RecordedSend, element: () => Promise<Message>): Promise<void> {
  const orphaned = result.kind === 'replayed' && Date.now() - result.at.getTime() > REPAIR_AFTER_MS;
  if (result.kind !== 'inserted' && !orphaned) return;
  const message = await element();
  // The previous segment points to its continuation before that has messages; a repair may repeat it.
  if (result.opensSegment) await sealSegment(ctx.rooms, convId, result.segment - 1);
  await appendMessage(ctx.rooms, convId, result.segment, message);
  if (result.kind === 'inserted') await ctx.inbox.accepted(convId, { seq: result.seq, segment: result.segment, body: message.body, at: result.at });
}

export const send: OpHandler<'send'> = async (ctx, actor, id, op) => {
  const kind = op.kind ?? 'text';
  const result = await sendMessage(ctx.db, { id, convId: op.convId, authorId: actor.id, body: op.body, kind, replyTo: op.replyTo, at: new Date(), segmentSize: ctx.segmentSize });
  if (result.kind === 'rejected') return result;
  let mentions: string[] = [];
  await deliver(ctx, op.convId, result, async () => {
    mentions = await mentionedMembers(ctx.db, op.convId, op.body);
    return {
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
  });
  if (result.kind === 'inserted') await notifyMentions(ctx, actor, op.convId, mentions, { id, seq: result.seq, body: op.body });
  return { kind: 'accepted', seq: result.seq };
};
