import type { Router } from '@koa/router';
import { z } from 'zod';
import { CreateStickerPackBody, IdParams, UpdateStickerPackBody } from '@volley/shared';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { ApiError } from '../../errors.js';
import { auth } from '../../middleware/auth.js';
import { newRouter } from '../routes-declared.js';
import { touches } from '../../middleware/touches.js';
import { validate } from '../../middleware/validate.js';
import { siteActor } from '../../services/site-admin.js';
import { addSticker, allPacks, createPack, deletePack, listPacks, readSticker, setPackEnabled } from '../../services/stickers.js';
import { sendStoredImage } from '../stored-image.js';

const CreateReq = { body: CreateStickerPackBody };
type CreateReq = { body: CreateStickerPackBody };
const AddReq = { params: IdParams, query: z.strictObject({ name: z.string().max(4096).optional() }), upload: true } as const;
type AddReq = { params: IdParams; query: { name?: string } };
const UpdateReq = { params: IdParams, body: UpdateStickerPackBody };
type UpdateReq = { params: IdParams; body: UpdateStickerPackBody };
const ByIdReq = { params: IdParams };
type ByIdReq = { params: IdParams };

/** A sticker's image never changes under its id: cached for good, offline too once seen. */
const CACHE = 'private, max-age=31536000, immutable';

/** Every signed-in user lists the enabled packs and reads their stickers' images. */
export function stickerRoutes({ db, credentials, store }: RouteDeps): Router<AppState> {
  const router = newRouter<AppState>();
  const authed = auth(credentials);

  router.get('/sticker-packs', authed, touches.account, async (ctx: AuthedContext) => {
    ctx.body = { packs: await listPacks(db) };
  });

  router.get('/stickers/:id', authed, touches.account, validate(ByIdReq), async (ctx: AuthedContext<ByIdReq>) => {
    sendStoredImage(ctx, await readSticker(db, store, ctx.state.input.params.id), CACHE);
  });

  return router;
}

/**
 * The sticker bank's administration, mounted in the admin router (`/admin/sticker-packs`), behind
 * its one guard: site admins list every pack (turned off ones too), make, fill, turn off or on and delete them.
 */
export function stickerAdminRoutes({ db, store }: RouteDeps): Router<AppState> {
  const router = newRouter<AppState>();
  const admin = ({ state }: { state: AuthedContext['state'] }) => siteActor(db, state.actor.userId, state.address ?? null, 'administer');

  router.get('/sticker-packs', async (ctx: AuthedContext) => {
    await admin(ctx);
    ctx.body = { packs: await allPacks(db) };
  });

  router.post('/sticker-packs', validate(CreateReq), async (ctx: AuthedContext<CreateReq>) => {
    ctx.body = await createPack(db, await admin(ctx), ctx.state.input.body.name);
    ctx.status = 201;
  });

  /** The body is the image itself, streamed, as an attachment's; `name` is the sticker's (its alt text). */
  router.post('/sticker-packs/:id/stickers', validate(AddReq), async (ctx: AuthedContext<AddReq>) => {
    const length = ctx.get('Content-Length');
    try {
      await admin(ctx);
      ctx.body = await addSticker(db, store, {
        packId: ctx.state.input.params.id,
        name: ctx.state.input.query.name,
        declaredSize: /^\d+$/.test(length) ? Number(length) : undefined,
        body: ctx.req,
      });
      ctx.status = 201;
    } catch (err) {
      // The rest of a refused body is not read: the connection is closed after the answer.
      if (err instanceof ApiError && !ctx.req.readableEnded) err.headers.Connection = 'close';
      throw err;
    }
  });

  router.patch('/sticker-packs/:id', validate(UpdateReq), async (ctx: AuthedContext<UpdateReq>) => {
    await setPackEnabled(db, await admin(ctx), ctx.state.input.params.id, ctx.state.input.body.enabled);
    ctx.status = 204;
  });

  router.delete('/sticker-packs/:id', validate(ByIdReq), async (ctx: AuthedContext<ByIdReq>) => {
    await deletePack(db, store, await admin(ctx), ctx.state.input.params.id);
    ctx.status = 204;
  });

  return router;
}
