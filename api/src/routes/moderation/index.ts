import type { Router } from '@koa/router';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { auth } from '../../middleware/auth.js';
import { newRouter } from '../routes-declared.js';
import { conversationParam } from '../../middleware/touches.js';
import { validate } from '../../middleware/validate.js';
import { lift, moderate } from '../../services/moderate-member.js';
import { BanReq, KickReq, LiftReq, MuteReq } from './schema.js';

/** Kick, timed or permanent ban, timed mute, and lifting them (admins and the owner, core/src/policies/conversation.ts). */
export function moderationRoutes(deps: RouteDeps): Router<AppState> {
  const { db, credentials } = deps;
  const router = newRouter<AppState>();
  const authed = auth(credentials);

  router.post('/conversations/:id/kick', authed, conversationParam, validate(KickReq), async (ctx: AuthedContext<KickReq>) => {
    await moderate(deps, ctx.state.input.params.id, ctx.state.actor, ctx.state.input.body.userId, { kind: 'kick' });
    ctx.status = 204;
  });

  router.post('/conversations/:id/ban', authed, conversationParam, validate(BanReq), async (ctx: AuthedContext<BanReq>) => {
    const { userId, minutes, reason } = ctx.state.input.body;
    await moderate(deps, ctx.state.input.params.id, ctx.state.actor, userId, { kind: 'ban', minutes: minutes ?? null, reason: reason ?? '' });
    ctx.status = 204;
  });

  router.post('/conversations/:id/mute', authed, conversationParam, validate(MuteReq), async (ctx: AuthedContext<MuteReq>) => {
    const { userId, minutes } = ctx.state.input.body;
    await moderate(deps, ctx.state.input.params.id, ctx.state.actor, userId, { kind: 'mute', minutes });
    await deps.effects.publish({ type: 'membership.changed', convId: ctx.state.input.params.id, userId });
    ctx.status = 204;
  });

  for (const [path, what] of [['bans', 'ban'], ['mutes', 'mute']] as const) {
    router.delete(`/conversations/:id/${path}/:userId`, authed, conversationParam, validate(LiftReq), async (ctx: AuthedContext<LiftReq>) => {
      const { id, userId } = ctx.state.input.params;
      await lift(db, id, ctx.state.actor, userId, what);
      if (what === 'mute') await deps.effects.publish({ type: 'membership.changed', convId: id, userId });
      ctx.status = 204;
    });
  }

  return router;
}
