import type { Router } from '@koa/router';
import { isPushService, loadNotificationSettings, PushSubscriptions, saveNotificationSettings } from '@volley/core';
import type { PushKeyView } from '@volley/shared';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { apiError } from '../../errors.js';
import { auth } from '../../middleware/auth.js';
import { newRouter } from '../routes-declared.js';
import { touches } from '../../middleware/touches.js';
import { validate } from '../../middleware/validate.js';
import { SettingsReq, SubscribeReq, UnsubscribeReq } from './schema.js';

/** A device per subscription; an account keeps its newest this many. */
const DEVICES_KEPT = 20;

/**
 * Web Push (docs/architecture.md, "Notifications"): the server's public key, each device's
 * subscription (subscribed, listed, dropped) and the account's notification settings.
 */
export function pushRoutes({ db, credentials, config }: RouteDeps): Router<AppState> {
  const router = newRouter<AppState>();
  const authed = auth(credentials);
  const subscriptions = new PushSubscriptions(db);

  router.get('/push/key', (ctx) => {
    const body: PushKeyView = { publicKey: config.push.vapid.publicKey };
    ctx.body = body;
  });

  router.get('/me/push-subscriptions', authed, touches.account, async (ctx: AuthedContext) => {
    ctx.body = { items: await subscriptions.list(ctx.state.user.userId) };
  });

  /** Pushes reach this device from now on; a bot has no device. */
  router.post('/me/push-subscriptions', authed, touches.account, validate(SubscribeReq), async (ctx: AuthedContext<SubscribeReq>) => {
    const { user, input } = ctx.state;
    if (!user.sessionId) throw apiError('forbidden', { message: 'Only a signed-in session has a device to push to.' });
    if (!isPushService(input.body.endpoint, config.push.extraServiceOrigins)) throw apiError('validation_failed', { fields: { endpoint: ['not a known push service'] } });
    ctx.body = await subscriptions.save(user.userId, user.sessionId, input.body, DEVICES_KEPT);
    ctx.status = 201;
  });

  /** A device stops receiving pushes (from itself, or from the sessions page of another). */
  router.delete('/me/push-subscriptions/:id', authed, touches.account, validate(UnsubscribeReq), async (ctx: AuthedContext<UnsubscribeReq>) => {
    if (!(await subscriptions.remove(ctx.state.user.userId, ctx.state.input.params.id))) throw apiError('not_found', { message: 'No such push subscription.' });
    ctx.status = 204;
  });

  router.get('/me/notification-settings', authed, touches.account, async (ctx: AuthedContext) => {
    ctx.body = await loadNotificationSettings(db, ctx.state.user.userId);
  });

  router.put('/me/notification-settings', authed, touches.account, validate(SettingsReq), async (ctx: AuthedContext<SettingsReq>) => {
    await saveNotificationSettings(db, ctx.state.user.userId, ctx.state.input.body);
    ctx.body = ctx.state.input.body;
  });

  return router;
}
