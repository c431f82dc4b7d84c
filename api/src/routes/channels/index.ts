import type { Router } from '@koa/router';
import { Conversation } from '@volley/core';
import type { ChannelSummary, JoinRequestStatus } from '@volley/shared';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { auth } from '../../middleware/auth.js';
import { newRouter } from '../routes-declared.js';
import { touches } from '../../middleware/touches.js';
import { validate } from '../../middleware/validate.js';
import { likePrefix } from '../../like-prefix.js';
import { pageAfter, toPage } from '../../pagination.js';
import { createChannel } from '../../services/create-channel.js';
import { conversationView } from '../../services/views.js';
import { ChannelDirectoryReq, CreateChannelReq } from './schema.js';

type DirectoryRow = Conversation & { memberCount: number | string; joined: boolean; myRequest: JoinRequestStatus | null };

export function channelRoutes({ db, credentials }: RouteDeps): Router<AppState> {
  const router = newRouter<AppState>();
  const authed = auth(credentials);

  router.post('/channels', authed, touches.account, validate(CreateChannelReq), async (ctx: AuthedContext<CreateChannelReq>) => {
    const me = ctx.state.user.userId;
    const { conversation, member } = await createChannel(db, me, ctx.state.input.body);
    ctx.status = 201;
    ctx.body = await conversationView(db, me, conversation, member);
  });

  /**
   * The directory, by name prefix: every channel people made (not a tournament's room); of a
   * private one I am not in, its name and topic only, and my latest request to join it.
   */
  router.get('/channels', authed, touches.account, validate(ChannelDirectoryReq), async (ctx: AuthedContext<ChannelDirectoryReq>) => {
    const { q, cursor, limit } = ctx.state.input.query;
    const rows = (await Conversation.query(db)
      .select('conversations.*')
      .select(db.raw('(select count(*) from conversation_members m where m.conversation_id = conversations.id) as member_count'))
      .select(db.raw('exists(select 1 from conversation_members m where m.conversation_id = conversations.id and m.user_id = ?) as joined', [ctx.state.user.userId]))
      .select(db.raw('(select r.status from join_requests r where r.conversation_id = conversations.id and r.user_id = ? order by r.id desc limit 1) as my_request', [ctx.state.user.userId]))
      .where({ kind: 'channel', tournament: false })
      .modify((query) => {
        if (q) query.whereRaw('lower(name) like ?', [likePrefix(q)]);
      })
      .modify(pageAfter('conversations.id', { cursor, limit }))) as DirectoryRow[];
    const page = toPage(rows, limit);
    const items = page.items.map((c): ChannelSummary => {
      const joined = Boolean(c.joined);
      const memberCount = c.access === 'private' && !joined ? null : Number(c.memberCount);
      return { id: c.id, name: c.name, topic: c.topic, access: c.access!, memberCount, joined, myRequest: c.myRequest ?? null };
    });
    ctx.body = { items, nextCursor: page.nextCursor };
  });

  return router;
}
