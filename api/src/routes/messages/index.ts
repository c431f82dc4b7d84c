import type { Router } from '@koa/router';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { auth } from '../../middleware/auth.js';
import { newRouter } from '../routes-declared.js';
import { conversationOfRow, conversationParam, input, touches } from '../../middleware/touches.js';
import { validate } from '../../middleware/validate.js';
import { accessFor } from '../../services/conversation-access.js';
import { searchMessages } from '../../services/search-messages.js';
import { historyPage, pinnedMessages } from '../../services/conversation-history.js';
import { reportMessage } from '../../services/reports.js';
import { HistoryReq, PinsReq, ReportReq, SearchReq } from './schema.js';

/** Reading messages over HTTP: a conversation's history and pins, search across conversations; and reporting one to the site's moderators. */
export function messageRoutes({ db, credentials }: RouteDeps): Router<AppState> {
  const router = newRouter<AppState>();
  const authed = auth(credentials);

  /** Members only; newest first, every message (deleted ones empty, blocked authors included: the document has them too). */
  router.get('/conversations/:id/messages', authed, conversationParam, validate(HistoryReq), async (ctx: AuthedContext<HistoryReq>) => {
    const access = await accessFor(db, ctx.state.input.params.id, ctx.state.actor, 'read');
    ctx.body = await historyPage(db, access.conversation.id, ctx.state.input.query);
  });

  /** Members only: what its moderators pinned (a DM's members pin too). */
  router.get('/conversations/:id/pins', authed, conversationParam, validate(PinsReq), async (ctx: AuthedContext<PinsReq>) => {
    const access = await accessFor(db, ctx.state.input.params.id, ctx.state.actor, 'read');
    ctx.body = await pinnedMessages(db, access.conversation.id);
  });

  /** One conversation's words, or every conversation the user reads. */
  const searchTouches = touches.conversation((ctx) => (input(ctx).query?.convId as string | undefined) ?? null);
  router.get('/search', authed, validate(SearchReq), searchTouches, async (ctx: AuthedContext<SearchReq>) => {
    const me = ctx.state.user.userId;
    const { convId } = ctx.state.input.query;
    if (convId !== undefined) await accessFor(db, convId, ctx.state.actor, 'read');
    ctx.body = await searchMessages(db, me, ctx.state.input.query);
  });

  /** A member reports a message they can read, not their own; once per message (docs/protocol.md, "Reports"). */
  router.post('/messages/:id/report', authed, validate(ReportReq), conversationOfRow(db, 'messages', { param: 'id' }), async (ctx: AuthedContext<ReportReq>) => {
    await reportMessage(db, ctx.state.actor, ctx.state.address ?? null, ctx.state.input.params.id, ctx.state.input.body);
    ctx.status = 204;
  });

  return router;
}
