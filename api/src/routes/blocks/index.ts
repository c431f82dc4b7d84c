import type { Router } from '@koa/router';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { auth } from '../../middleware/auth.js';
import { newRouter } from '../routes-declared.js';
import { touches } from '../../middleware/touches.js';
import { validate } from '../../middleware/validate.js';
import { blockUser, unblockUser } from '../../services/block-user.js';
import { linkedUsers } from '../../services/linked-users.js';
import { BlockReq, ListBlocksReq } from './schema.js';

export function blockRoutes(deps: RouteDeps): Router<AppState> {
  const { db, credentials } = deps;
  const router = newRouter<AppState>();
  const authed = auth(credentials);

  /** The users the viewer blocked, in user id order. */
  router.get('/blocks', authed, touches.account, validate(ListBlocksReq), async (ctx: AuthedContext<ListBlocksReq>) => {
    ctx.body = await linkedUsers(db, { table: 'blocks', from: 'blocker_id', to: 'blocked_id' }, ctx.state.user.userId, ctx.state.input.query);
  });

  router.put('/blocks/:userId', authed, touches.account, validate(BlockReq), async (ctx: AuthedContext<BlockReq>) => {
    await blockUser(deps, ctx.state.user.userId, ctx.state.input.params.userId);
    ctx.status = 204;
  });

  router.delete('/blocks/:userId', authed, touches.account, validate(BlockReq), async (ctx: AuthedContext<BlockReq>) => {
    await unblockUser(deps, ctx.state.user.userId, ctx.state.input.params.userId);
    ctx.status = 204;
  });

  return router;
}
