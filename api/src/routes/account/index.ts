import type { Router } from '@koa/router';
import { forCategory, User } from '@volley/core';
import type { RecoveryCodes, TwoFactorStatus } from '@volley/shared';
import type { ApiContext, AppState, AuthedContext, RouteDeps } from '../../context.js';
import { apiError } from '../../errors.js';
import { Mailer } from '../../mail/mailer.js';
import { auth } from '../../middleware/auth.js';
import { newRouter } from '../routes-declared.js';
import { touches } from '../../middleware/touches.js';
import { validate } from '../../middleware/validate.js';
import { deleteAccount } from '../../services/delete-account.js';
import { confirmEmailChange, requestEmailChange } from '../../services/email-change.js';
import { exportArchive } from '../../services/export-account.js';
import { confirmPasswordReset, requestPasswordReset } from '../../services/password-reset.js';
import { disableTwoFactor, enableTwoFactor, setUpTwoFactor } from '../../services/two-factor.js';
import { clearRefreshCookie } from '../auth/cookie.js';
import { DeleteAccountReq, EmailChangeReq, EmailConfirmReq, PasswordResetConfirmReq, PasswordResetReq, TwoFactorDisableReq, TwoFactorEnableReq } from './schema.js';

/**
 * The account's own life (docs/architecture.md §5, "Accounts"): forgotten password, email change,
 * two-factor authentication, export and deletion. The second step of a 2FA sign-in is with the
 * other sign-in routes (routes/auth).
 */
export function accountRoutes(deps: RouteDeps): Router<AppState> {
  const { db, config, logger, credentials, throttles, store } = deps;
  const secondFactor = { db, config, throttle: throttles.credential };
  const router = newRouter<AppState>();
  const authed = auth(credentials);
  const mailer = new Mailer(config, logger);
  const authLog = forCategory(logger, 'auth');

  /** Always 202, whether or not the login names an account. */
  router.post('/auth/password-reset', validate(PasswordResetReq), async (ctx: ApiContext<PasswordResetReq>) => {
    const { requestId } = ctx.state;
    // A mail per request: an address may not make the server mail anyone at will.
    await throttles.credential.charge(`reset:${ctx.ip}`);
    await requestPasswordReset({ ...deps, mailer }, ctx.state.input.body.login, (err) => authLog.error({ err, requestId }, 'mailing a password reset failed'));
    ctx.status = 202;
  });

  router.post('/auth/password-reset/confirm', validate(PasswordResetConfirmReq), async (ctx: ApiContext<PasswordResetConfirmReq>) => {
    const userId = await confirmPasswordReset({ ...deps, mailer }, ctx.state.input.body);
    authLog.info({ requestId: ctx.state.requestId, userId }, 'password reset; every session ended');
    ctx.status = 204;
  });

  router.post('/me/email', authed, touches.person, validate(EmailChangeReq), async (ctx: AuthedContext<EmailChangeReq>) => {
    await requestEmailChange(db, mailer, ctx.state.user.userId, ctx.state.input.body);
    ctx.status = 202;
  });

  /** The mailed token is the proof: the link may be opened where the account is not signed in. */
  router.post('/me/email/confirm', validate(EmailConfirmReq), async (ctx: ApiContext<EmailConfirmReq>) => {
    const user = await confirmEmailChange(db, ctx.state.input.body.token);
    ctx.body = { email: user.email };
  });

  router.get('/me/2fa', authed, touches.person, async (ctx: AuthedContext) => {
    const user = await User.query(db).findById(ctx.state.user.userId).select('totp_secret');
    if (!user) throw apiError('unauthenticated');
    ctx.body = { enabled: user.totpSecret !== null } satisfies TwoFactorStatus;
  });

  router.post('/me/2fa/setup', authed, touches.person, async (ctx: AuthedContext) => {
    ctx.body = await setUpTwoFactor(deps, ctx.state.user.userId);
  });

  router.post('/me/2fa/enable', authed, touches.person, validate(TwoFactorEnableReq), async (ctx: AuthedContext<TwoFactorEnableReq>) => {
    ctx.body = { recoveryCodes: await enableTwoFactor(deps, ctx.state.user.userId, ctx.state.input.body.code) } satisfies RecoveryCodes;
  });

  router.post('/me/2fa/disable', authed, touches.person, validate(TwoFactorDisableReq), async (ctx: AuthedContext<TwoFactorDisableReq>) => {
    await disableTwoFactor(secondFactor, ctx.state.user.userId, ctx.state.input.body);
    ctx.status = 204;
  });

  /** A zip archive: export.json and the bytes of the files my messages carry. */
  router.get('/me/export', authed, touches.person, async (ctx: AuthedContext) => {
    const archive = await exportArchive(db, store, ctx.state.user.userId);
    ctx.set('Content-Disposition', 'attachment; filename="volley-export.zip"');
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'application/zip';
    ctx.body = archive;
  });

  router.delete('/me', authed, touches.person, validate(DeleteAccountReq), async (ctx: AuthedContext<DeleteAccountReq>) => {
    await deleteAccount(deps, ctx.state.user.userId, ctx.state.input.body.password);
    authLog.info({ requestId: ctx.state.requestId, userId: ctx.state.user.userId }, 'account deleted');
    clearRefreshCookie(ctx);
    ctx.status = 204;
  });

  return router;
}
