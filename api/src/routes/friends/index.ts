import type { Router } from '@koa/router';
import { FriendRequest, type Db } from '@volley/core';
import type { FriendRequest as FriendRequestDto } from '@volley/shared';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { auth } from '../../middleware/auth.js';
import { newRouter } from '../routes-declared.js';
import { touches } from '../../middleware/touches.js';
import { validate } from '../../middleware/validate.js';
import { pageAfter, toPage } from '../../pagination.js';
import { decideFriendRequest, removeFriend, sendFriendRequest } from '../../services/friend-requests.js';
import { linkedUsers } from '../../services/linked-users.js';
import { summariesOf } from '../../services/views.js';
import { FriendReq, FriendRequestReq, ListFriendRequestsReq, ListFriendsReq, SendFriendRequestReq } from './schema.js';

async function requestViews(db: Db, requests: FriendRequest[]): Promise<FriendRequestDto[]> {
  const users = await summariesOf(db, requests.flatMap((r) => [r.fromUserId, r.toUserId]));
  return requests.map((r) => ({
    id: r.id,
    from: users.get(r.fromUserId)!,
    to: users.get(r.toUserId)!,
    status: r.status,
    createdAt: new Date(r.createdAt).toISOString(),
  }));
}

export function friendRoutes(deps: RouteDeps): Router<AppState> {
  const { db, credentials } = deps;
  const router = newRouter<AppState>();
  const authed = auth(credentials);

  /** Friends in user id order, with the time the friendship began. */
  router.get('/friends', authed, touches.account, validate(ListFriendsReq), async (ctx: AuthedContext<ListFriendsReq>) => {
    ctx.body = await linkedUsers(db, { table: 'friendships', from: 'user_id', to: 'friend_id' }, ctx.state.user.userId, ctx.state.input.query);
  });

  /** Pending requests only: decided ones are history. */
  router.get('/friends/requests', authed, touches.account, validate(ListFriendRequestsReq), async (ctx: AuthedContext<ListFriendRequestsReq>) => {
    const { direction, cursor, limit } = ctx.state.input.query;
    const rows = await FriendRequest.query(db)
      .where(direction === 'received' ? 'to_user_id' : 'from_user_id', ctx.state.user.userId)
      .where('status', 'pending')
      .modify(pageAfter('id', { cursor, limit }));
    const page = toPage(rows, limit);
    ctx.body = { items: await requestViews(db, page.items), nextCursor: page.nextCursor };
  });

  router.post('/friends/requests', authed, touches.account, validate(SendFriendRequestReq), async (ctx: AuthedContext<SendFriendRequestReq>) => {
    const { request, created } = await sendFriendRequest(deps, ctx.state.user.userId, ctx.state.input.body.userId);
    ctx.status = created ? 201 : 200;
    ctx.body = (await requestViews(db, [request]))[0];
  });

  for (const [action, status] of [['accept', 'accepted'], ['decline', 'declined']] as const) {
    router.post(`/friends/requests/:id/${action}`, authed, touches.account, validate(FriendRequestReq), async (ctx: AuthedContext<FriendRequestReq>) => {
      const request = await decideFriendRequest(deps, ctx.state.user.userId, ctx.state.input.params.id, status);
      ctx.body = (await requestViews(db, [request]))[0];
    });
  }

  router.delete('/friends/requests/:id', authed, touches.account, validate(FriendRequestReq), async (ctx: AuthedContext<FriendRequestReq>) => {
    await decideFriendRequest(deps, ctx.state.user.userId, ctx.state.input.params.id, 'cancelled');
    ctx.status = 204;
  });

  router.delete('/friends/:userId', authed, touches.account, validate(FriendReq), async (ctx: AuthedContext<FriendReq>) => {
    await removeFriend(deps, ctx.state.user.userId, ctx.state.input.params.userId);
    ctx.status = 204;
  });

  return router;
}
