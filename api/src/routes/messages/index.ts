import { Router } from '@koa/router';
import { Message } from '@volley/core';
import type { HistoryPage } from '@volley/shared';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { auth } from '../../middleware/auth.js';
import { validate } from '../../middleware/validate.js';
import { accessFor } from '../../services/conversation-access.js';
import { searchMessages } from '../../services/search-messages.js';
import { MESSAGE_COLUMNS, messageView, type MessageRow } from '../../services/views.js';
import { HistoryReq, SearchReq } from './schema.js';

/** Reading messages over HTTP: a conversation's history, and search across conversations. */
export function messageRoutes({ db, credentials }: RouteDeps): Router<AppState> {
  const router = new Router<AppState>();
  const authed = auth(credentials);

  /** Members only; newest first, every message (deleted ones empty, blocked authors included: the document has them too). */
  router.get('/conversations/:id/messages', authed, validate(HistoryReq), async (ctx: AuthedContext<HistoryReq>) => {
    const access = await accessFor(db, ctx.state.input.params.id, ctx.state.user.userId, 'read');
    const { before, limit } = ctx.state.input.query;
    const rows = (await Message.query(db)
      .from('messages as m')
      .select(MESSAGE_COLUMNS)
      .join('users as u', 'u.id', 'm.author_id')
      .where('m.conversation_id', access.conversation.id)
      .modify((query) => {
        if (before !== undefined) query.where('m.seq', '<', before);
      })
      .orderBy('m.seq', 'desc')
      .limit(limit + 1)) as MessageRow[];
    const items = rows.slice(0, limit);
    const body: HistoryPage = { items: items.map(messageView), nextCursor: rows.length > limit ? String(items.at(-1)!.seq) : null };
    ctx.body = body;
  });

  router.get('/search', authed, validate(SearchReq), async (ctx: AuthedContext<SearchReq>) => {
    const me = ctx.state.user.userId;
    const { convId } = ctx.state.input.query;
    if (convId !== undefined) await accessFor(db, convId, me, 'read');
    ctx.body = await searchMessages(db, me, ctx.state.input.query);
  });

  return router;
}
