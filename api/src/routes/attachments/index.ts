import type { Router } from '@koa/router';
import { z } from 'zod';
import { IdParams, SharedFilesQuery } from '@volley/shared';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { ApiError } from '../../errors.js';
import { auth } from '../../middleware/auth.js';
import { newRouter } from '../routes-declared.js';
import { conversationOfRow, conversationParam } from '../../middleware/touches.js';
import { validate } from '../../middleware/validate.js';
import { cursorField } from '../../pagination.js';
import { putSealedThumbnail, readAttachment, uploadAttachment } from '../../services/attachments.js';
import { accessFor } from '../../services/conversation-access.js';
import { sharedFiles } from '../../services/shared-files.js';

const UploadReq = {
  params: IdParams,
  /** The file's name, kept (sanitised) for Content-Disposition; the body is the file's bytes. */
  query: z.strictObject({ name: z.string().max(4096).optional() }),
  upload: true,
} as const;
type UploadReq = { params: IdParams; query: { name?: string } };

const ListReq = { params: IdParams, query: SharedFilesQuery.extend({ cursor: cursorField(z.string().min(1).max(64)).optional() }) };
type ListReq = { params: IdParams; query: { q?: string; cursor?: string; limit: number } };

const ThumbnailReq = { params: IdParams, upload: true } as const;
type ThumbnailReq = { params: IdParams };

const DownloadReq = { params: IdParams };
type DownloadReq = { params: IdParams };

/** A private cache only: the answer depends on who asks, and a member may lose the right to read. */
const CACHE = 'private, max-age=300';

export function attachmentRoutes({ db, config, credentials, store }: RouteDeps): Router<AppState> {
  const router = newRouter<AppState>();
  const authed = auth(credentials);

  /** The body is the file itself, streamed (any Content-Type: the bytes decide the type). */
  router.post('/conversations/:id/attachments', authed, conversationParam, validate(UploadReq), async (ctx: AuthedContext<UploadReq>) => {
    const length = ctx.get('Content-Length');
    try {
      ctx.body = await uploadAttachment(db, store, config.attachments, {
        convId: ctx.state.input.params.id,
        uploader: ctx.state.actor,
        name: ctx.state.input.query.name,
        declaredSize: /^\d+$/.test(length) ? Number(length) : undefined,
        body: ctx.req,
        exchange: { req: ctx.req, res: ctx.res },
      });
      ctx.status = 201;
    } catch (err) {
      // The rest of a refused body is not read: the connection is closed after the answer.
      if (err instanceof ApiError && !ctx.req.readableEnded) err.headers.Connection = 'close';
      throw err;
    }
  });

  /** Those who may read the conversation: the files its messages carry, newest first, by name when `q` is given. */
  router.get('/conversations/:id/attachments', authed, conversationParam, validate(ListReq), async (ctx: AuthedContext<ListReq>) => {
    const access = await accessFor(db, ctx.state.input.params.id, ctx.state.actor, 'read');
    ctx.body = await sharedFiles(db, access.conversation.id, ctx.state.input.query);
  });

  const download = (which: 'file' | 'thumbnail') => async (ctx: AuthedContext<DownloadReq>) => {
    const file = await readAttachment(db, store, ctx.state.input.params.id, ctx.state.actor, which);
    const inline = file.type.startsWith('image/');
    ctx.attachment(file.name, { type: inline ? 'inline' : 'attachment' });
    ctx.type = file.type === 'text/plain' ? 'text/plain; charset=utf-8' : file.type;
    ctx.length = file.size;
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Content-Security-Policy', "default-src 'none'; sandbox");
    ctx.set('Cache-Control', CACHE);
    ctx.body = file.body;
  };
  router.get('/attachments/:id', authed, validate(DownloadReq), conversationOfRow(db, 'attachments', { param: 'id' }), download('file'));
  router.get('/attachments/:id/thumbnail', authed, validate(DownloadReq), conversationOfRow(db, 'attachments', { param: 'id' }), download('thumbnail'));

  /** An encrypted picture's thumbnail, made and encrypted on its uploader's device: the body is its ciphertext. */
  router.put('/attachments/:id/thumbnail', authed, validate(ThumbnailReq), conversationOfRow(db, 'attachments', { param: 'id' }), async (ctx: AuthedContext<ThumbnailReq>) => {
    try {
      await putSealedThumbnail(db, store, config.attachments, ctx.state.input.params.id, ctx.state.actor, ctx.req);
      ctx.status = 204;
    } catch (err) {
      if (err instanceof ApiError && !ctx.req.readableEnded) err.headers.Connection = 'close';
      throw err;
    }
  });

  return router;
}
