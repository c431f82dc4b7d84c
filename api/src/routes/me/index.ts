import { Router } from '@koa/router';
import { User } from '@volley/core';
import { AVATAR_MAX_BYTES, AVATAR_TYPES, type MeResponse, type UserProfile } from '@volley/shared';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { apiError } from '../../errors.js';
import { auth, bearerRefused } from '../../middleware/auth.js';
import { readRawBody } from '../../middleware/json-body.js';
import { validate } from '../../middleware/validate.js';
import { replaceAvatarFile, setAvatar } from '../../services/avatars.js';
import { UpdateProfileReq } from './schema.js';

const ownProfile = (user: User): UserProfile => ({
  ...user.toPublic(),
  bio: user.bio,
  avatarUrl: user.avatarUrl,
  createdAt: new Date(user.createdAt).toISOString(),
  relation: 'self',
});

export function meRoutes({ db, tokens, config }: RouteDeps): Router<AppState> {
  const router = new Router<AppState>();
  const authed = auth(tokens);

  router.get('/me', authed, async (ctx: AuthedContext) => {
    const user = await User.query(db).findById(ctx.state.user.userId);
    // A valid token for an account that no longer exists.
    if (!user) throw bearerRefused('unauthenticated');
    const body: MeResponse = { user: { ...user.toPublic(), email: user.email } };
    ctx.body = body;
  });

  router.patch('/me', authed, validate(UpdateProfileReq), async (ctx: AuthedContext<UpdateProfileReq>) => {
    const change = ctx.state.input.body;
    // An empty change is no update at all (SQL has no empty SET).
    const query = User.query(db);
    const user = await (Object.keys(change).length > 0 ? query.patchAndFetchById(ctx.state.user.userId, change) : query.findById(ctx.state.user.userId));
    if (!user) throw bearerRefused('unauthenticated');
    ctx.body = ownProfile(user);
  });

  /** The raw image as the body; its bytes, not its Content-Type, decide whether it is one. */
  router.put('/me/avatar', authed, async (ctx: AuthedContext) => {
    if (!AVATAR_TYPES.some((type) => ctx.is(type) === type)) {
      throw apiError('unsupported_media_type', { message: `The avatar must be sent as ${AVATAR_TYPES.join(', ')}.` });
    }
    const bytes = await readRawBody(ctx, AVATAR_MAX_BYTES);
    if (bytes.length === 0) throw apiError('bad_request', { message: 'The request body is missing.' });
    ctx.body = ownProfile(await setAvatar(db, config.dataDir, ctx.state.user.userId, bytes));
  });

  router.delete('/me/avatar', authed, async (ctx: AuthedContext) => {
    ctx.body = ownProfile(await replaceAvatarFile(db, config.dataDir, ctx.state.user.userId, null));
  });

  return router;
}
