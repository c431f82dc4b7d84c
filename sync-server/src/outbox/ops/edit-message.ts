/** `edit`: the author replaces the body of their own message; an encrypted message, with new ciphertext. */
import { Message as MessageRow } from '@volley/core';
import { mentionedMembers } from '../../rooms/membership.js';
import { changeMessage } from './message-change.js';
import type { OpHandler } from './op-context.js';

export const editMessage: OpHandler<'edit'> = async (ctx, author, id, op, writer) => {
  let edited: { row: MessageRow; at: Date } | undefined;
  const encrypted = op.encrypted !== undefined;
  const outcome = await changeMessage(ctx, author, writer, id, op, {
    async apply(trx, { row }, { body }, at) {
      if (encrypted !== (row.kind === 'encrypted')) return { refused: { reason: 'encryption_mismatch', detail: encrypted ? 'the message is not encrypted' : 'the message is encrypted' } };
      // An encrypted message's new text is ciphertext too: it names no one the server could read.
      if (op.encrypted) {
        await MessageRow.query(trx).patch({ body: JSON.stringify(op.encrypted), editedAt: at }).where({ id: row.id });
        edited = { row, at };
        return { replacedBody: row.body };
      }
      await MessageRow.query(trx).patch({ body, editedAt: at }).where({ id: row.id });
      edited = { row, at };
      // Only members the new text names and the old one did not are notified: an edit is no reason to repeat.
      const before = new Set(await mentionedMembers(trx, row.conversationId, row.body));
      const mentioned = (await mentionedMembers(trx, row.conversationId, body)).filter((userId) => !before.has(userId));
      return { replacedBody: row.body, mentioned };
    },
  });
  if (outcome.kind !== 'accepted' || !edited) return outcome;
  if (encrypted) {
    await ctx.inbox.edited(edited.row, '', edited.at);
    return outcome;
  }
  // A new first link gets its card; the old one's is no longer shown (recorded-message.ts).
  ctx.links?.recorded(op.messageId, op.body);
  // The conversation's last message edited: the lists that quote it quote its new text.
  await ctx.inbox.edited(edited.row, op.body, edited.at);
  return outcome;
};
