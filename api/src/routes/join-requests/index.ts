import type { Router } from '@koa/router';
import { JoinRequest, type Db } from '@volley/core';
import type { JoinRequest as JoinRequestDto } from '@volley/shared';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { auth } from '../../middleware/auth.js';
import { newRouter } from '../routes-declared.js';
import { conversationOfRow, conversationParam } from '../../middleware/touches.js';
import { validate } from '../../middleware/validate.js';
import { pageAfter, toPage } from '../../pagination.js';
import { accessFor } from '../../services/conversation-access.js';
import { decideJoinRequest, inviteToChannel, myJoinRequest, requestToJoin } from '../../services/join-requests.js';
import { summariesOf } from '../../services/views.js';
import { AskToJoinReq, InviteReq, JoinRequestReq, ListJoinRequestsReq } from './schema.js';

async function requestViews(db: Db, requests: JoinRequest[]): Promise<JoinRequestDto[]> {
  const users = await summariesOf(db, requests.map((r) => r.userId));
  return requests.map((r) => ({
    id: r.id,
    conversationId: r.conversationId,
    user: users.get(r.userId)!,
    status: r.status,
    message: r.message,
    createdAt: new Date(r.createdAt).toISOString(),
    decidedAt: r.decidedAt ? new Date(r.decidedAt).toISOString() : null,
  }));
}

/** The ways into a private channel: asking (join requests) and being asked (invitations). */
export function joinRequestRoutes(deps: RouteDeps): Router<AppState> {
  const { db, credentials } = deps;
  const router = newRouter<AppState>();
  const authed = auth(credentials);

  router.post('/conversations/:id/join-requests', authed, conversationParam, validate(AskToJoinReq), async (ctx: AuthedContext<AskToJoinReq>) => {
    const request = await requestToJoin(deps, ctx.state.input.params.id, ctx.state.actor, ctx.state.input.body.message);
    ctx.status = 201;
    ctx.body = (await requestViews(db, [request]))[0];
  });

  /** My latest request to join, pending or decided: `{request: null}` when I never asked. */
  router.get('/conversations/:id/join-requests/mine', authed, conversationParam, validate(JoinRequestReq), async (ctx: AuthedContext<JoinRequestReq>) => {
    const me = ctx.state.user.userId;
    const access = await accessFor(db, ctx.state.input.params.id, ctx.state.actor, 'see');
    const request = await myJoinRequest(deps, access.conversation.id, me);
    ctx.body = { request: request ? (await requestViews(db, [request]))[0] : null };
  });

  /** Pending requests, for the admins to decide; with `status=all`, the decided ones too. */
  router.get('/conversations/:id/join-requests', authed, conversationParam, validate(ListJoinRequestsReq), async (ctx: AuthedContext<ListJoinRequestsReq>) => {
    const access = await accessFor(db, ctx.state.input.params.id, ctx.state.actor, 'admit');
    const { cursor, limit, status } = ctx.state.input.query;
    const rows = await JoinRequest.query(db)
      .where({ conversation_id: access.conversation.id })
      .modify((query) => {
        if (status === 'pending') query.where({ status: 'pending' });
      })
      .modify(pageAfter('id', { cursor, limit }));
    const page = toPage(rows, limit);
    ctx.body = { items: await requestViews(db, page.items), nextCursor: page.nextCursor };
  });

  for (const [action, accept] of [['accept', true], ['reject', false]] as const) {
    router.post(`/join-requests/:id/${action}`, authed, validate(JoinRequestReq), conversationOfRow(db, 'join_requests', { param: 'id' }), async (ctx: AuthedContext<JoinRequestReq>) => {
      const request = await decideJoinRequest(deps, ctx.state.input.params.id, ctx.state.actor, accept);
      ctx.body = (await requestViews(db, [request]))[0];
    });
  }

  router.post('/conversations/:id/invitations', authed, conversationParam, validate(InviteReq), async (ctx: AuthedContext<InviteReq>) => {
    await inviteToChannel(deps, ctx.state.input.params.id, ctx.state.actor, ctx.state.input.body.userId);
    ctx.status = 204;
  });

  return router;
}
