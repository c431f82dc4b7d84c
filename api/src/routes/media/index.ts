import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Router } from '@koa/router';
import { newRouter } from '../routes-declared.js';
import type { AppState, RouteDeps } from '../../context.js';
import { apiError } from '../../errors.js';
import { AVATAR_FILE, avatarDir } from '../../services/avatars.js';

/** Uploaded media: public, and immutable since a file's name carries its content hash. */
export function mediaRoutes({ config }: RouteDeps): Router<AppState> {
  const router = newRouter<AppState>();

  router.get('/media/avatars/:file', async (ctx) => {
    const file = ctx.params.file!;
    if (!AVATAR_FILE.test(file)) throw apiError('not_found');
    const bytes = await readFile(join(avatarDir(config.dataDir), file)).catch(() => undefined);
    if (!bytes) throw apiError('not_found');
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.type = 'image/webp';
    ctx.body = bytes;
  });

  return router;
}
