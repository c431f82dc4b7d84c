import type { Router } from '@koa/router';
import { newRouter } from '../routes-declared.js';
import { touches } from '../../middleware/touches.js';
import type { Context } from 'koa';
import { forCategory, OAuthIdentity, User } from '@volley/core';
import { ACCOUNT_SETTINGS_PATH, type AuthProviders, type MyOAuthLinks, type OAuthErrorCode, type OAuthRedirect } from '@volley/shared';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { ApiError, apiError } from '../../errors.js';
import { auth } from '../../middleware/auth.js';
import { accountFromProvider, emailLocked, linkProvider, OAuthRefusal } from '../../services/oauth-accounts.js';
import { OAuthClient, OAuthError } from '../../services/oauth-client.js';
import { PendingCookie, type Pending } from './pending-cookie.js';

/** Signs the user in on this response exactly as a password login does (routes/auth), or throws its refusal. */
export type SignIn = (ctx: Context, user: User) => Promise<void>;

const CALLBACK = '/api/v1/auth/oauth/callback';

/**
 * Sign-in with the configured OAuth / OpenID Connect provider (docs/architecture.md §5): start,
 * the provider's callback, and linking from a signed-in account. Mounted by routes/auth.
 */
export function oauthRoutes({ db, config, logger, credentials, throttles }: RouteDeps, signIn: SignIn): Router<AppState> {
  const router = newRouter<AppState>();
  const log = forCategory(logger, 'auth');
  const provider = config.oauth;
  const client = provider && new OAuthClient(provider);
  const pendingCookie = new PendingCookie(config.jwtSecret);
  const redirectUri = (ctx: Context) => `${config.publicUrl ?? `${ctx.protocol}://${ctx.host}`}${CALLBACK}`;

  router.get('/auth/providers', (ctx) => {
    const body: AuthProviders = { providers: provider ? [{ id: provider.id, name: provider.name }] : [] };
    ctx.body = body;
  });

  /** The provider's page, with the state and PKCE challenge kept in this browser's cookie. */
  async function begin(ctx: Context, userId?: string): Promise<string> {
    if (!client) throw apiError('not_found', { message: 'No sign-in provider is configured.' });
    await throttles.oauthStart.charge(ctx.ip);
    const { url, pending } = await client.authorizationUrl(redirectUri(ctx)).catch((err: unknown) => {
      log.error({ err }, 'the OAuth provider could not be reached');
      throw apiError('unavailable', { message: 'The sign-in provider cannot be reached; try again later.' });
    });
    pendingCookie.set(ctx, { ...pending, ...(userId ? { userId } : {}) });
    return url;
  }

  // A page the browser navigates to: a provider that is down is said on the login page, not in JSON.
  router.get('/auth/oauth/start', async (ctx) => {
    const url = await begin(ctx).catch((err: unknown) => {
      if (err instanceof ApiError && err.code === 'unavailable') return '/login?oauth_error=oauth_unavailable';
      if (err instanceof ApiError && err.code === 'rate_limited') return '/login?oauth_error=rate_limited';
      throw err;
    });
    ctx.redirect(url);
  });

  router.get('/auth/oauth/callback', async (ctx) => {
    const pending = pendingCookie.take(ctx);
    const back = (code?: OAuthErrorCode) => {
      // Linking starts from my account settings and comes back there. A sign-in comes back to the
      // app marked as one (`?signed_in`): it then makes this browser's encryption device, as after
      // a sign-in with a password (docs/architecture.md §11).
      const page = pending?.userId ? ACCOUNT_SETTINGS_PATH : code ? '/login' : '/?signed_in';
      ctx.redirect(code ? `${page}?oauth_error=${code}` : page);
    };
    if (!client || !pending || ctx.query.state !== pending.state) return back('oauth_state');
    try {
      const profile = await client.complete(new URL(ctx.search, redirectUri(ctx)), pending);
      if (pending.userId) {
        await linkProvider(db, client.provider.id, pending.userId, profile);
        log.info({ requestId: ctx.state.requestId, userId: pending.userId }, 'OAuth provider linked');
        return back();
      }
      // A first sign-in makes an account: it counts against the address's registrations.
      const user = await accountFromProvider(db, client.provider.id, profile, () => throttles.register.charge(ctx.ip));
      await signIn(ctx, user);
      log.info({ requestId: ctx.state.requestId, userId: user.id }, 'signed in with the OAuth provider');
      back();
    } catch (err) {
      back(refusalCode(err, pending, log));
    }
  });

  const authed = auth(credentials);

  router.get('/me/oauth', authed, touches.person, async (ctx: AuthedContext) => {
    const { userId } = ctx.state.user;
    const [links, user, locked] = await Promise.all([OAuthIdentity.query(db).where({ user_id: userId }), User.query(db).findById(userId), emailLocked(db, userId)]);
    const body: MyOAuthLinks = {
      providers: provider ? [{ id: provider.id, name: provider.name, linked: links.some((link) => link.provider === provider.id) }] : [],
      emailLocked: locked,
      hasPassword: Boolean(user?.passwordHash),
    };
    ctx.body = body;
  });

  router.post('/me/oauth/link', authed, touches.person, async (ctx: AuthedContext) => {
    const body: OAuthRedirect = { url: await begin(ctx, ctx.state.user.userId) };
    ctx.body = body;
  });

  router.delete('/me/oauth/link', authed, touches.person, async (ctx: AuthedContext) => {
    const { userId } = ctx.state.user;
    if (!provider) throw apiError('not_found', { message: 'No sign-in provider is configured.' });
    const user = await User.query(db).findById(userId);
    // Without a password the provider is the only way in: unlinking would lock the person out.
    if (!user?.passwordHash) throw apiError('forbidden', { message: 'This account has no password: the provider is its only way to sign in.' });
    await OAuthIdentity.query(db).delete().where({ provider: provider.id, user_id: userId });
    ctx.status = 204;
  });

  return router;
}

function refusalCode(err: unknown, pending: Pending, log: ReturnType<typeof forCategory>): OAuthErrorCode {
  if (err instanceof OAuthRefusal) return err.code;
  if (err instanceof ApiError && (err.code === 'site_banned' || err.code === 'rate_limited')) return err.code;
  if (err instanceof OAuthError) {
    log.warn({ err, userId: pending.userId }, 'OAuth sign-in did not verify');
    return 'oauth_provider';
  }
  throw err;
}
