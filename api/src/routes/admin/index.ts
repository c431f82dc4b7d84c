import type { Router } from '@koa/router';
import { Id } from '@volley/shared';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { apiError } from '../../errors.js';
import { stickerAdminRoutes } from '../stickers/index.js';
import { newRouter } from '../routes-declared.js';
import { ADMIN_PREFIX } from '../../middleware/admin-guard.js';
import { validate } from '../../middleware/validate.js';
import { adminUsers, auditPage, siteBans } from '../../services/admin-views.js';
import { openReports, resolveReport } from '../../services/reports.js';
import { banSite, kickSite, liftSiteBan, OPERATOR, setSiteRole, siteActor, type SiteActor } from '../../services/site-admin.js';
import { AuditReq, BanReq, KickReq, RoleReq, UsersReq } from './schema.js';

/**
 * The admin page's api (`/api/v1/admin/*`): moderators and admins only, and only from the
 * allowed addresses when ADMIN_ALLOWED_ADDRESSES is set (the prefix's guard, admin-guard.ts). `operator`: the same routes on the
 * operator's socket (api/src/operator-socket.ts), where whoever can reach it acts with every
 * right, as the operator (`npm run admin`).
 */
export function adminRoutes(deps: RouteDeps, mode: 'signed-in' | 'operator' = 'signed-in'): Router<AppState> {
  const { db } = deps;
  const router = newRouter<AppState>({ prefix: ADMIN_PREFIX });
  // Signed in, the one guard of the prefix (middleware/admin-guard.ts) stands in front of every route here.
  if (mode === 'signed-in') router.use(stickerAdminRoutes(deps).routes());
  const actor = async ({ state }: { state: AppState }, needs?: 'administer'): Promise<SiteActor> =>
    mode === 'operator' ? OPERATOR : siteActor(db, state.user!.userId, state.address ?? null, needs);

  router.get('/users', validate(UsersReq), async (ctx: AuthedContext<UsersReq>) => {
    await actor(ctx);
    ctx.body = { users: await adminUsers(db, ctx.state.input.query.q) };
  });

  router.post('/roles', validate(RoleReq), async (ctx: AuthedContext<RoleReq>) => {
    const { username, role } = ctx.state.input.body;
    await setSiteRole(deps, await actor(ctx, 'administer'), username, role);
    ctx.status = 204;
  });

  router.get('/bans', async (ctx: AuthedContext) => {
    await actor(ctx);
    ctx.body = { bans: await siteBans(db) };
  });

  router.post('/bans', validate(BanReq), async (ctx: AuthedContext<BanReq>) => {
    const ban = await banSite(deps, await actor(ctx), ctx.state.input.body);
    ctx.status = 201;
    ctx.body = { id: ban.id };
  });

  router.delete('/bans/:banId', async (ctx: AuthedContext) => {
    const banId = Id.safeParse(ctx.params.banId);
    if (!banId.success) throw apiError('not_found', { message: 'No such ban.' });
    await liftSiteBan(deps, await actor(ctx), banId.data);
    ctx.status = 204;
  });

  router.post('/kick', validate(KickReq), async (ctx: AuthedContext<KickReq>) => {
    await kickSite(deps, await actor(ctx), ctx.state.input.body.username);
    ctx.status = 204;
  });

  router.get('/reports', async (ctx: AuthedContext) => {
    await actor(ctx);
    ctx.body = { reports: await openReports(db) };
  });

  router.post('/reports/:reportId/resolve', async (ctx: AuthedContext) => {
    const reportId = Id.safeParse(ctx.params.reportId);
    if (!reportId.success) throw apiError('not_found', { message: 'No such open report.' });
    await resolveReport(db, await actor(ctx), reportId.data);
    ctx.status = 204;
  });

  router.get('/audit', validate(AuditReq), async (ctx: AuthedContext<AuditReq>) => {
    await actor(ctx);
    ctx.body = await auditPage(db, ctx.state.input.query);
  });

  return router;
}
