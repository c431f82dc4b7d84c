/**
 * `delete`: the author deletes their own message; in a channel its admins and owner may delete
 * any. The element stays, with an empty body and `deletedAt`; replies stop quoting it. The row keeps its body: the table
 * is the moderation log, and what was said before a delete is what a moderator needs to see. Its files go:
 * the api processes are told to remove them (remove-attachments.ts).
 */
import { Message as MessageRow, MessageReaction } from '@volley/core';
import { changeMessage } from './message-change.js';
import type { OpHandler } from './op-context.js';

export const deleteMessage: OpHandler<'delete'> = async (ctx, author, id, op, writer) => {
  let carriedFiles = false;
  let deleted: MessageRow | undefined;
  const outcome = await changeMessage(ctx, author, writer, id, op, {
    async apply(trx, { row }, _op, at) {
      await MessageRow.query(trx).patch({ deletedAt: at }).where({ id: row.id });
      deleted = row;
      // Reactions go with the text they answered, as in the segment.
      await MessageReaction.query(trx).delete().where({ message_id: row.id });
      carriedFiles = (await trx('attachments').where({ message_id: row.id }).first('id')) !== undefined;
      const replies = await MessageRow.query(trx).where({ reply_to_id: row.id }).select('id');
      return { replacedBody: row.body, alsoShow: replies.map((reply) => reply.id) };
    },
  });
  // Once committed, so that the api processes' sweep finds the message deleted.
  if (outcome.kind === 'accepted' && carriedFiles) ctx.files?.released();
  // The conversation's last message gone: the lists that quote it are told.
  if (outcome.kind === 'accepted' && deleted) await ctx.inbox.deleted(deleted);
  return outcome;
};
