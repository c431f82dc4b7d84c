import { z } from 'zod';

/** `GET /api/v1/auth/providers`: the providers people may sign in with (none when unconfigured). */
export const AuthProviders = z.object({ providers: z.array(z.object({ id: z.string(), name: z.string() })) });
export type AuthProviders = z.infer<typeof AuthProviders>;

/** `GET /api/v1/me/oauth`: which providers the account is linked to; `emailLocked`: its email belongs to one. */
export const MyOAuthLinks = z.object({
  providers: z.array(z.object({ id: z.string(), name: z.string(), linked: z.boolean() })),
  emailLocked: z.boolean(),
  hasPassword: z.boolean(),
});
export type MyOAuthLinks = z.infer<typeof MyOAuthLinks>;

/** `POST /api/v1/me/oauth/link`: the provider's page to send the browser to. */
export const OAuthRedirect = z.object({ url: z.string() });
export type OAuthRedirect = z.infer<typeof OAuthRedirect>;

/**
 * Why a provider's callback did not sign in or link: `?oauth_error=<code>` on the page the
 * browser is sent back to (a redirect has no body); the PWA shows the translated reason.
 */
export const OAuthErrorCodes = [
  /** The state was missing, expired or not the one this browser started with. */
  'oauth_state',
  /** The provider could not be reached to start. */
  'oauth_unavailable',
  /** The provider refused, or its answer did not verify. */
  'oauth_provider',
  /** The provider gave no verified email. */
  'oauth_no_email',
  /** A Volley account already has this email: sign in to it and link the provider from the settings. */
  'oauth_email_taken',
  /** This provider account is linked to another Volley account. */
  'oauth_linked_elsewhere',
  'site_banned',
  /** Too many sign-ins started, or accounts made, from this address: try again later. */
  'rate_limited',
] as const;
export type OAuthErrorCode = (typeof OAuthErrorCodes)[number];
