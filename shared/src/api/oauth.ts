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

