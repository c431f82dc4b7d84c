/** `send`: a new message, recorded once per op id, then appended to its segment. */
import type { Message, OutboxOp } from '@volley/shared';
import { appendMessage, sealSegment } from '../../rooms/conversation-segment.js';
import { mentionedUsernames } from '@volley/shared/markdown';
import { mentionedMembers } from '../../rooms/membership.js';
import { notifyMentions } from '../mentions.js';
import { recordedElement } from '../../rooms/recorded-message.js';
import type { Refusal } from '../refusals.js';
import { sendMessage, type SendResult } from '../send-message.js';
import type { OpAuthor } from '../author.js';
import type { OpWriter } from '../op-writers.js';
import type { OpContext, OpHandler, Outcome } from './op-context.js';

export type RecordedSend = Exclude<SendResult, Refusal>;

/**
 * Makes sure recorded message `id` is in its segment: the call that recorded it appends `element()`;
 * a replay of its op appends it, as the tables show it, when this copy of the segment lacks it
 * (the write was lost with a crashed instance). The call that recorded it also signals the members' inboxes;
 * the server's own line (`system`) is signalled as such: it moves the list, but is no one's new message.
 */
export async function deliver(ctx: Pick<OpContext, 'db' | 'rooms' | 'inbox'>, convId: string, id: string, result: RecordedSend, element: () => Promise<Message>): Promise<void> {
  // The previous segment points to its continuation before that has messages; a replay may repeat it.
  if (result.opensSegment) await sealSegment(ctx.rooms, convId, result.segment - 1);
  if (result.kind === 'replayed') return appendMessage(ctx.rooms, convId, result.segment, id, () => recordedElement(ctx.db, id));
  const message = await element();
  // Built ahead and stored with the message: it is in its segment already.
  if (!result.stored) await appendMessage(ctx.rooms, convId, result.segment, id, async () => message);
  // An encrypted message's preview is for the members' devices to make: the signal carries none.
  const preview = message.kind === 'encrypted' ? '' : message.body;
  await ctx.inbox.accepted(convId, { id, seq: result.seq, segment: result.segment, body: preview, at: result.at, author: message.author, authorName: message.authorName, system: message.kind === 'system' });
}

/** Records a send and shows it (the `send` op, and a stream recorded as it stood: streams.ts). */
export async function recordSend(ctx: OpContext, author: OpAuthor, id: string, op: Extract<OutboxOp, { op: 'send' }>, writer: OpWriter, options: { incomplete?: boolean } = {}): Promise<Outcome> {
  // An encrypted message is ciphertext to the server: it names no one, links nowhere, and its push says only who wrote.
  const kind = op.encrypted ? 'encrypted' : (op.kind ?? 'text');
  const body = op.encrypted ? JSON.stringify(op.encrypted) : op.body;
  const incomplete = options.incomplete === true;
  const at = new Date();
  const elementOf = (seq: number, more: Pick<Message, 'replyTo' | 'mentions' | 'attachments' | 'sticker'>): Message => ({
    id,
    seq,
    author: author.id,
    authorName: author.username,
    ...(author.botOwnerId && { authorBot: true as const }),
    body: more.sticker?.name ?? body,
    at: at.toISOString(),
    ...((kind === 'me' || kind === 'encrypted') && { kind }),
    ...(incomplete && { incomplete: true as const }),
    ...(more.replyTo && { replyTo: more.replyTo }),
    ...(more.mentions && more.mentions.length > 0 && { mentions: more.mentions }),
    ...(more.attachments && { attachments: more.attachments }),
    ...(more.sticker && { sticker: more.sticker }),
  });
  // Built ahead only when the element is known before the database answers: no quote, files, sticker or mentions to look up.
  const plain = op.replyTo === undefined && !incomplete && op.attachments === undefined && op.sticker === undefined && mentionedUsernames(op.body).length === 0;
  const ticket = ctx.heads?.begin(op.convId, plain ? (seq) => elementOf(seq, {}) : undefined);
  let result: SendResult;
  let mentions: string[] = [];
  try {
    result = await sendMessage(ctx, { id, convId: op.convId, authorId: author.id, scope: writer.scope, body, kind, replyTo: op.replyTo, attachments: op.attachments, sticker: op.sticker, at, segmentSize: ctx.segmentSize, incomplete, sentFrom: writer.address, ...(ticket && { ticket }) });
    if (result.kind === 'rejected') return result;
    ctx.heads?.recorded(op.convId, result.segment);
    const recorded = result;
    await deliver(ctx, op.convId, id, recorded, async () => {
      // A sticker's name is no text of the author's: it mentions no one and links nowhere.
      mentions = recorded.sticker || op.encrypted ? [] : await mentionedMembers(ctx.db, op.convId, op.body);
      return elementOf(recorded.seq, { replyTo: recorded.replyTo, mentions, attachments: recorded.attachments, sticker: recorded.sticker });
    });
  } finally {
    ticket?.end();
  }
  if (result.kind === 'inserted') {
    const shown = result.sticker?.name ?? op.body;
    // An encrypted message's push says who wrote; its ciphertext goes with it, for the recipient's device to read.
    ctx.pushes?.sent(op.convId, author, { id, seq: result.seq, body: shown, ...(op.encrypted && { sealed: { body, at: at.toISOString() } }) }, mentions);
    if (!result.sticker && !op.encrypted) ctx.links?.recorded(id, op.body);
    await notifyMentions(ctx, author, op.convId, mentions, { id, seq: result.seq, body: shown });
  }
  return { kind: 'accepted', seq: result.seq };
}

export const send: OpHandler<'send'> = async (ctx, author, id, op, writer) => {
  const outcome = await recordSend(ctx, author, id, op, writer);
  // The message a stream grew into is recorded: its chunks are done with.
  if (outcome.kind === 'accepted') ctx.streams?.ended(id);
  return outcome;
};
