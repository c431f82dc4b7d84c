import type { Router } from '@koa/router';
import { ConversationMember, conversationPolicy, User } from '@volley/core';
import type { Member } from '@volley/shared';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { apiError, ApiError } from '../../errors.js';
import { auth } from '../../middleware/auth.js';
import { newRouter } from '../routes-declared.js';
import { conversationParam } from '../../middleware/touches.js';
import { validate } from '../../middleware/validate.js';
import { userNamePrefix } from '../../like-prefix.js';
import { pageAfter, toPage } from '../../pagination.js';
import { accessFor, authorize } from '../../services/conversation-access.js';
import { joinConversation } from '../../services/join-conversation.js';
import { transferOwnership } from '../../services/transfer-ownership.js';
import { conversationView } from '../../services/views.js';
import { JoinReq, LeaveReq, ListMembersReq, RoleReq, TransferReq } from './schema.js';

type MemberRow = User & { role: Member['role']; joinedAt: Date; mutedUntil: Date | null };

const memberView = (row: MemberRow, now: Date): Member => ({
  user: row.toSummary(),
  role: row.role,
  joinedAt: new Date(row.joinedAt).toISOString(),
  mutedUntil: conversationPolicy.mutedUntil(row, now)?.toISOString() ?? null,
});

/** Membership of a conversation: joining, leaving, the member list, roles and ownership. */
export function memberRoutes(deps: RouteDeps): Router<AppState> {
  const { db, credentials, effects } = deps;
  const router = newRouter<AppState>();
  const authed = auth(credentials);

  router.post('/conversations/:id/join', authed, conversationParam, validate(JoinReq), async (ctx: AuthedContext<JoinReq>) => {
    const me = ctx.state.user.userId;
    // Wrong passwords are counted per user, across channels: guessing one channel's password stays slow.
    const join = () => joinConversation(deps, ctx.state.input.params.id, ctx.state.actor, ctx.state.input.body.password);
    const { conversation, member } = await deps.throttles.channelPassword.guard(me, join, (err) => err instanceof ApiError && err.code === 'wrong_password');
    ctx.body = await conversationView(db, me, conversation, member);
  });

  /** The world and DMs cannot be left; an owner hands the channel over first. */
  router.post('/conversations/:id/leave', authed, conversationParam, validate(LeaveReq), async (ctx: AuthedContext<LeaveReq>) => {
    const me = ctx.state.user.userId;
    const { conversation } = await accessFor(db, ctx.state.input.params.id, ctx.state.actor, 'leave');
    await ConversationMember.query(db).deleteById([conversation.id, me]);
    await effects.publish({ type: 'membership.removed', convId: conversation.id, userId: me, reason: 'left' });
    ctx.status = 204;
  });

  router.get('/conversations/:id/members', authed, conversationParam, validate(ListMembersReq), async (ctx: AuthedContext<ListMembersReq>) => {
    const access = await accessFor(db, ctx.state.input.params.id, ctx.state.actor, 'read');
    const { q, cursor, limit } = ctx.state.input.query;
    const rows = (await User.query(db)
      .select('users.*', 'm.role', 'm.joined_at', 'm.muted_until')
      .join('conversation_members as m', 'm.user_id', 'users.id')
      .where('m.conversation_id', access.conversation.id)
      .modify((query) => {
        if (q) query.modify(userNamePrefix(q));
      })
      .modify(pageAfter('users.id', { cursor, limit }))) as MemberRow[];
    const page = toPage(rows, limit);
    const now = new Date();
    ctx.body = { items: page.items.map((row) => memberView(row, now)), nextCursor: page.nextCursor };
  });

  /** The owner makes a member an admin, or an admin a member again. */
  router.patch('/conversations/:id/members/:userId', authed, conversationParam, validate(RoleReq), async (ctx: AuthedContext<RoleReq>) => {
    const access = await accessFor(db, ctx.state.input.params.id, ctx.state.actor, 'configure');
    const target = await ConversationMember.query(db).findById([access.conversation.id, ctx.state.input.params.userId]);
    if (!target) throw apiError('not_found', { message: 'This user is not a member.' });
    authorize(access, ctx.state.actor, 'set_role', target);
    await target.$query(db).patch({ role: ctx.state.input.body.role });
    await effects.publish({ type: 'membership.changed', convId: access.conversation.id, userId: target.userId });
    ctx.status = 204;
  });

  router.post('/conversations/:id/transfer', authed, conversationParam, validate(TransferReq), async (ctx: AuthedContext<TransferReq>) => {
    const me = ctx.state.user.userId;
    const conversation = await transferOwnership(db, ctx.state.input.params.id, ctx.state.actor, ctx.state.input.body.userId);
    await effects.publish({ type: 'membership.changed', convId: conversation.id, userId: ctx.state.input.body.userId });
    ctx.body = await conversationView(db, me, conversation, await ConversationMember.query(db).findById([conversation.id, me]));
  });

  return router;
}
