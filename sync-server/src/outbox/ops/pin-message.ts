/**
 * `pin`: pins (`on`) or unpins a message in its conversation's list, which everyone there sees
 * (the element's `pinned`, and `GET /conversations/:id/pins` for the whole list). Explicit rather
 * than a toggle, so a replay changes nothing; pinning a pinned message keeps its first pin.
 */
import { Message as MessageRow } from '@volley/core';
import { changeMessage } from './message-change.js';
import type { OpHandler } from './op-context.js';

export const pinMessage: OpHandler<'pin'> = (ctx, author, id, op, writer) =>
  changeMessage(ctx, author, writer, id, op, {
    async apply(trx, { row }, { on }, at) {
      if (on && row.pinnedAt) return {};
      await MessageRow.query(trx)
        .patch(on ? { pinnedAt: at, pinnedBy: author.id } : { pinnedAt: null, pinnedBy: null })
        .where({ id: row.id });
      return {};
    },
  });
