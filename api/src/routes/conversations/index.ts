import { Router } from '@koa/router';
import { Conversation } from '@volley/core';
import type { ConversationList } from '@volley/shared';
import type { ApiDeps, AppState, AuthedContext } from '../../context.js';
import { auth } from '../../middleware/auth.js';
import { validate } from '../../middleware/validate.js';
import { toPage } from '../../pagination.js';
import { ListConversationsReq } from './schema.js';

export function conversationRoutes({ db, tokens }: ApiDeps): Router<AppState> {
  const router = new Router<AppState>();

  /** The conversations the user is a member of, in id order. */
  router.get('/conversations', auth(tokens), validate(ListConversationsReq), async (ctx: AuthedContext<ListConversationsReq>) => {
    const { cursor, limit } = ctx.state.input.query;
    const rows = await Conversation.query(db)
      .select('conversations.*')
      .join('conversation_members as m', 'm.conversation_id', 'conversations.id')
      .where('m.user_id', ctx.state.user.userId)
      .modify((q) => {
        if (cursor !== undefined) q.where('conversations.id', '>', cursor);
      })
      .orderBy('conversations.id')
      .limit(limit + 1);
    const page = toPage(rows, limit);
    const body: ConversationList = { items: page.items.map((c) => c.toDto()), nextCursor: page.nextCursor };
    ctx.body = body;
  });

  return router;
}
