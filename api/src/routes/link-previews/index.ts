import type { Router } from '@koa/router';
import { IdParams } from '@volley/shared';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { previewImage, removePreview } from '../../link-previews/previews-access.js';
import { auth } from '../../middleware/auth.js';
import { newRouter } from '../routes-declared.js';
import { conversationOfRow, touches } from '../../middleware/touches.js';
import { validate } from '../../middleware/validate.js';
import { sendStoredImage } from '../stored-image.js';

const ById = { params: IdParams };
type ById = { params: IdParams };

/** Link previews' images, and the author removing their message's card (docs/architecture.md, "Link previews"). */
export function linkPreviewRoutes({ db, credentials, store, effects }: RouteDeps): Router<AppState> {
  const router = newRouter<AppState>();
  const authed = auth(credentials);

  router.get('/link-previews/:id/image', authed, touches.account, validate(ById), async (ctx: AuthedContext<ById>) => {
    // An image never changes under its id.
    sendStoredImage(ctx, await previewImage(db, store, ctx.state.input.params.id), 'private, max-age=86400, immutable');
  });

  router.delete('/messages/:id/preview', authed, validate(ById), conversationOfRow(db, 'messages', { param: 'id' }), async (ctx: AuthedContext<ById>) => {
    await removePreview(db, ctx.state.input.params.id, ctx.state.actor);
    await effects.publish({ type: 'message.changed', messageId: ctx.state.input.params.id });
    ctx.status = 204;
  });

  return router;
}
