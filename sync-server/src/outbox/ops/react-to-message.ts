/** `react`: sets (`on`) or clears the user's reaction; the emoji is checked by the op's schema (shared `isSingleEmoji`). */
import { changeMessage } from './message-change.js';
import type { OpHandler } from './op-context.js';

export const reactToMessage: OpHandler<'react'> = (ctx, author, id, op, writer) =>
  changeMessage(ctx, author, writer, id, op, {
    async apply(trx, { row }, { emoji, on }) {
      const key = { message_id: row.id, user_id: author.id, emoji };
      const reactions = trx('message_reactions');
      await (on ? reactions.insert(key).onConflict(['message_id', 'user_id', 'emoji']).ignore() : reactions.where(key).delete());
      return {};
    },
  });
