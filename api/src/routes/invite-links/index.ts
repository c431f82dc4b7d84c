import type { Router } from '@koa/router';
import type { InviteLink, InviteLinkPreview } from '@volley/shared';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { auth } from '../../middleware/auth.js';
import { newRouter } from '../routes-declared.js';
import { conversationOfRow, conversationParam } from '../../middleware/touches.js';
import { validate } from '../../middleware/validate.js';
import { inviteLinkOf, inviteLinkPreview, joinByInviteLink, revokeInviteLink } from '../../services/invite-links.js';
import { conversationView } from '../../services/views.js';
import { ChannelLinkReq, UseLinkReq } from './schema.js';

/** A private channel's invite link: its members copy it, its admins revoke it, whoever holds it joins. */
export function inviteLinkRoutes(deps: RouteDeps): Router<AppState> {
  const { db, credentials } = deps;
  const router = newRouter<AppState>();
  const authed = auth(credentials);

  router.get('/conversations/:id/invite-link', authed, conversationParam, validate(ChannelLinkReq), async (ctx: AuthedContext<ChannelLinkReq>) => {
    const link = await inviteLinkOf(deps, ctx.state.input.params.id, ctx.state.actor);
    ctx.body = { token: link.token, createdAt: new Date(link.createdAt).toISOString() } satisfies InviteLink;
  });

  router.delete('/conversations/:id/invite-link', authed, conversationParam, validate(ChannelLinkReq), async (ctx: AuthedContext<ChannelLinkReq>) => {
    await revokeInviteLink(deps, ctx.state.input.params.id, ctx.state.actor);
    ctx.status = 204;
  });

  router.post('/invite-links/preview', authed, validate(UseLinkReq), conversationOfRow(db, 'channel_invite_links', { body: 'token', column: 'token' }, 'read'), async (ctx: AuthedContext<UseLinkReq>) => {
    const conversation = await inviteLinkPreview(deps, ctx.state.input.body.token);
    ctx.body = { conversationId: conversation.id, name: conversation.name, topic: conversation.topic } satisfies InviteLinkPreview;
  });

  router.post('/invite-links/join', authed, validate(UseLinkReq), conversationOfRow(db, 'channel_invite_links', { body: 'token', column: 'token' }), async (ctx: AuthedContext<UseLinkReq>) => {
    const me = ctx.state.user.userId;
    const { conversation, member } = await joinByInviteLink(deps, ctx.state.input.body.token, ctx.state.actor);
    ctx.body = await conversationView(db, me, conversation, member);
  });

  return router;
}
