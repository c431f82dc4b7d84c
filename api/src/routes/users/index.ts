import type { Router } from '@koa/router';
import { Block, User } from '@volley/core';
import type { UserProfile } from '@volley/shared';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { apiError } from '../../errors.js';
import { auth } from '../../middleware/auth.js';
import { newRouter } from '../routes-declared.js';
import { touches } from '../../middleware/touches.js';
import { validate } from '../../middleware/validate.js';
import { userNamePrefix } from '../../like-prefix.js';
import { pageAfter, toPage } from '../../pagination.js';
import { blockWith, relationOf } from '../../services/relation.js';
import { SearchUsersReq, UserReq } from './schema.js';

export function userRoutes({ db, credentials }: RouteDeps): Router<AppState> {
  const router = newRouter<AppState>();

  /** Prefix of username or display name; neither the viewer nor anyone blocked either way. */
  router.get('/users', auth(credentials), touches.account, validate(SearchUsersReq), async (ctx: AuthedContext<SearchUsersReq>) => {
    const { q, cursor, limit } = ctx.state.input.query;
    const me = ctx.state.user.userId;
    const rows = await User.query(db)
      .modify(userNamePrefix(q))
      .whereNot('users.id', me)
      .whereNull('users.deleted_at')
      .whereNotExists(blockWith(db, me, 'users.id'))
      .modify(pageAfter('users.id', { cursor, limit }));
    ctx.body = toPage(rows.map((u) => u.toSummary()), limit);
  });

  /** A profile; one who blocked the viewer does not exist for them. */
  router.get('/users/:id', auth(credentials), touches.account, validate(UserReq), async (ctx: AuthedContext<UserReq>) => {
    const me = ctx.state.user.userId;
    const user = await User.query(db).findById(ctx.state.input.params.id);
    if (!user || (await Block.query(db).findById([user.id, me]))) throw apiError('not_found');
    const body: UserProfile = {
      ...user.toPublic(),
      bio: user.bio,
      avatarUrl: user.avatarUrl,
      createdAt: new Date(user.createdAt).toISOString(),
      relation: await relationOf(db, me, user.id),
    };
    ctx.body = body;
  });

  return router;
}
