import type { Router } from '@koa/router';
import { User } from '@volley/core';
import type { MeResponse, UserProfile } from '@volley/shared';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { auth, bearerRefused } from '../../middleware/auth.js';
import { readAvatarBody } from '../../middleware/avatar-body.js';
import { newRouter } from '../routes-declared.js';
import { touches } from '../../middleware/touches.js';
import { validate } from '../../middleware/validate.js';
import { replaceAvatarFile, setAvatar } from '../../services/avatars.js';
import { changePassword } from '../../services/change-password.js';
import { ChangePasswordReq, UpdateProfileReq } from './schema.js';

const ownProfile = (user: User): UserProfile => ({
  ...user.toPublic(),
  bio: user.bio,
  avatarUrl: user.avatarUrl,
  createdAt: new Date(user.createdAt).toISOString(),
  relation: 'self',
});

export function meRoutes(deps: RouteDeps): Router<AppState> {
  const { db, credentials, config } = deps;
  const router = newRouter<AppState>();
  const authed = auth(credentials);

  router.get('/me', authed, touches.account, async (ctx: AuthedContext) => {
    const user = await User.query(db).findById(ctx.state.user.userId);
    // A valid token for an account that no longer exists.
    if (!user) throw bearerRefused('unauthenticated');
    const body: MeResponse = { user: { ...user.toPublic(), email: user.email, role: user.role } };
    ctx.body = body;
  });

  /** Every other session ends; this one goes on. */
  router.post('/me/password', authed, touches.person, validate(ChangePasswordReq), async (ctx: AuthedContext<ChangePasswordReq>) => {
    await changePassword(deps, ctx.state.user, ctx.state.input.body);
    ctx.status = 204;
  });

  router.patch('/me', authed, touches.account, validate(UpdateProfileReq), async (ctx: AuthedContext<UpdateProfileReq>) => {
    const change = ctx.state.input.body;
    // An empty change is no update at all (SQL has no empty SET).
    const query = User.query(db);
    const user = await (Object.keys(change).length > 0 ? query.patchAndFetchById(ctx.state.user.userId, change) : query.findById(ctx.state.user.userId));
    if (!user) throw bearerRefused('unauthenticated');
    ctx.body = ownProfile(user);
  });

  /** The raw image as the body; its bytes, not its Content-Type, decide whether it is one. */
  router.put('/me/avatar', authed, touches.account, async (ctx: AuthedContext) => {
    ctx.body = ownProfile(await setAvatar(db, config.dataDir, ctx.state.user.userId, await readAvatarBody(ctx)));
  });

  router.delete('/me/avatar', authed, touches.account, async (ctx: AuthedContext) => {
    ctx.body = ownProfile(await replaceAvatarFile(db, config.dataDir, ctx.state.user.userId, null));
  });

  return router;
}
