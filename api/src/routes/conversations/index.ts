import type { Router } from '@koa/router';
import { Conversation, ConversationMember } from '@volley/core';
import { fieldProblem, type ConversationList } from '@volley/shared';
import { apiError } from '../../errors.js';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { auth } from '../../middleware/auth.js';
import { newRouter } from '../routes-declared.js';
import { conversationParam, input, touches } from '../../middleware/touches.js';
import { validate } from '../../middleware/validate.js';
import { pageAfter, toPage } from '../../pagination.js';
import { accessFor, memberFor } from '../../services/conversation-access.js';
import { channelNameTaken } from '../../services/create-channel.js';
import { openDm } from '../../services/open-dm.js';
import { hashPassword } from '../../services/passwords.js';
import { conversationView, conversationViews } from '../../services/views.js';
import { ChannelPasswordReq, ConversationReq, ListConversationsReq, OpenDmReq, UpdateChannelReq } from './schema.js';

type MemberColumns = { myRole: ConversationMember['role']; myMutedUntil: Date | null };

export function conversationRoutes(deps: RouteDeps): Router<AppState> {
  const { db, credentials } = deps;
  const router = newRouter<AppState>();
  const authed = auth(credentials);

  /** The conversations the user is a member of (the world, DMs, channels), in id order; those a bot token reaches. */
  router.get('/conversations', authed, touches.account, validate(ListConversationsReq), async (ctx: AuthedContext<ListConversationsReq>) => {
    const { cursor, limit } = ctx.state.input.query;
    const me = ctx.state.user.userId;
    const rows = (await Conversation.query(db)
      .select('conversations.*', 'm.role as my_role', 'm.muted_until as my_muted_until')
      .join('conversation_members as m', 'm.conversation_id', 'conversations.id')
      .where('m.user_id', me)
      .modify((query) => {
        const reach = ctx.state.user.scope?.conversations;
        if (reach) query.whereIn('conversations.id', reach);
      })
      .modify(pageAfter('conversations.id', { cursor, limit }))) as (Conversation & MemberColumns)[];
    const page = toPage(rows, limit);
    const items = await conversationViews(db, me, page.items.map((c) => ({ conversation: c, member: { role: c.myRole, mutedUntil: c.myMutedUntil } })));
    const body: ConversationList = { items, nextCursor: page.nextCursor };
    ctx.body = body;
  });

  /** Idempotent: 201 with a new DM, 200 with the pair's existing one. */
  /** The pair's DM if it exists; a new one is beyond a token limited to some conversations. */
  const openDmTouches = touches.conversation(async (ctx) => {
    const other = input(ctx).body?.userId;
    if (typeof other !== 'string') return null;
    return (await Conversation.query(db).findOne({ dm_key: Conversation.dmKeyOf(ctx.state.actor.userId, other) }))?.id ?? null;
  });
  router.post('/conversations/dm', authed, validate(OpenDmReq), openDmTouches, async (ctx: AuthedContext<OpenDmReq>) => {
    const me = ctx.state.user.userId;
    const { conversation, created } = await openDm(deps, me, ctx.state.input.body.userId, ctx.state.input.body.encrypted);
    ctx.status = created ? 201 : 200;
    ctx.body = await conversationView(db, me, conversation, await ConversationMember.query(db).findById([conversation.id, me]));
  });

  /** Members see the conversation; others only a listed channel's directory entry. */
  router.get('/conversations/:id', authed, conversationParam, validate(ConversationReq), async (ctx: AuthedContext<ConversationReq>) => {
    const me = ctx.state.user.userId;
    const { conversation, member } = await accessFor(db, ctx.state.input.params.id, ctx.state.actor, 'see');
    ctx.body = await conversationView(db, me, conversation, member);
  });

  /** The owner renames the channel or sets its topic. */
  router.patch('/conversations/:id', authed, conversationParam, validate(UpdateChannelReq), async (ctx: AuthedContext<UpdateChannelReq>) => {
    const me = ctx.state.user.userId;
    const { conversation: before, member } = await memberFor(db, ctx.state.input.params.id, ctx.state.actor, 'configure');
    const change = ctx.state.input.body;
    // An empty change is no update at all (SQL has no empty SET).
    const conversation =
      Object.keys(change).length > 0
        ? await before
            .$query(db)
            .patchAndFetch(change)
            .catch((err: unknown) => {
              throw channelNameTaken(err);
            })
        : before;
    ctx.body = await conversationView(db, me, conversation, member);
  });

  /** The owner sets or changes the password (the channel becomes 'password'), or removes it ('public'). */
  router.put('/conversations/:id/password', authed, conversationParam, validate(ChannelPasswordReq), async (ctx: AuthedContext<ChannelPasswordReq>) => {
    const me = ctx.state.user.userId;
    const { conversation: before, member } = await memberFor(db, ctx.state.input.params.id, ctx.state.actor, 'configure');
    const { password } = ctx.state.input.body;
    // A password or none opens the channel to whoever has it: an encrypted one's members are chosen.
    if (before.encrypted) throw apiError('validation_failed', { fields: { password: [fieldProblem('encrypted_private_only')] } });
    const change = password === null ? { access: 'public' as const, passwordHash: null } : { access: 'password' as const, passwordHash: await hashPassword(password) };
    const conversation = await before.$query(db).patchAndFetch(change);
    ctx.body = await conversationView(db, me, conversation, member);
  });

  return router;
}
