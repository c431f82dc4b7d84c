import { z } from 'zod';

/**
 * The OAuth / OpenID Connect provider, from the environment: an issuer to discover
 * (`OIDC_ISSUER`), or the three endpoints of a plain OAuth 2 provider (École 42's intra).
 */
export const OAuthEnv = {
  OIDC_ISSUER: z.string().url().optional(),
  OAUTH_AUTHORIZE_URL: z.string().url().optional(),
  OAUTH_TOKEN_URL: z.string().url().optional(),
  OAUTH_USERINFO_URL: z.string().url().optional(),
  OAUTH_CLIENT_ID: z.string().min(1).optional(),
  OAUTH_CLIENT_SECRET: z.string().min(1).optional(),
  OAUTH_NAME: z.string().min(1).max(40).default('OAuth'),
  OAUTH_SCOPES: z.string().optional(),
  // Stored with every link: changing it unlinks every account from the provider.
  OAUTH_ID: z.string().regex(/^[a-z0-9_-]{1,32}$/, 'lowercase letters, digits, - and _ only').default('default'),
};

type OAuthVars = z.infer<z.ZodObject<typeof OAuthEnv>>;

export interface OAuthProvider {
  /** Stored in `oauth_identities.provider`. */
  id: string;
  /** The label of the sign-in button. */
  name: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  server: { issuer: string } | { authorizeUrl: string; tokenUrl: string; userinfoUrl: string };
}

const ENDPOINTS = ['OAUTH_AUTHORIZE_URL', 'OAUTH_TOKEN_URL', 'OAUTH_USERINFO_URL'] as const;

/** A half-configured provider is an error at start, not a button that fails later. */
export function checkOAuthEnv(e: Partial<OAuthVars>, ctx: z.RefinementCtx): void {
  const endpoints = ENDPOINTS.filter((name) => e[name] !== undefined);
  const any = e.OAUTH_CLIENT_ID !== undefined || e.OAUTH_CLIENT_SECRET !== undefined || e.OIDC_ISSUER !== undefined || endpoints.length > 0;
  if (!any) return;
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (e.OAUTH_CLIENT_ID === undefined) issue('OAUTH_CLIENT_ID', 'required with an OAuth provider');
  if (e.OAUTH_CLIENT_SECRET === undefined) issue('OAUTH_CLIENT_SECRET', 'required with an OAuth provider');
  if (e.OIDC_ISSUER !== undefined && endpoints.length > 0) issue('OIDC_ISSUER', 'give an issuer or the three OAUTH_*_URL endpoints, not both');
  if (e.OIDC_ISSUER === undefined) for (const name of ENDPOINTS) if (e[name] === undefined) issue(name, 'required without OIDC_ISSUER');
}

export function oauthProvider(e: OAuthVars): OAuthProvider | undefined {
  if (!e.OAUTH_CLIENT_ID || !e.OAUTH_CLIENT_SECRET) return undefined;
  const server = e.OIDC_ISSUER
    ? { issuer: e.OIDC_ISSUER }
    : { authorizeUrl: e.OAUTH_AUTHORIZE_URL!, tokenUrl: e.OAUTH_TOKEN_URL!, userinfoUrl: e.OAUTH_USERINFO_URL! };
  const scopes = e.OAUTH_SCOPES ?? (e.OIDC_ISSUER ? 'openid email profile' : '');
  return { id: e.OAUTH_ID, name: e.OAUTH_NAME, clientId: e.OAUTH_CLIENT_ID, clientSecret: e.OAUTH_CLIENT_SECRET, scopes, server };
}
