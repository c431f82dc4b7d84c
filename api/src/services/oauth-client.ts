import * as client from 'openid-client';
import { z } from 'zod';
import type { OAuthProvider } from '@volley/core';

/** What the browser carries between the start of a sign-in and the provider's callback. */
export interface PendingSignIn {
  state: string;
  codeVerifier: string;
  /** OpenID Connect only: bound into the ID token. */
  nonce?: string;
}

/** Who the provider says the person is. */
export interface ProviderProfile {
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
  /** A username to start from: `preferred_username`, `login` (École 42), `name` or the email's local part. */
  username: string | undefined;
}

// OIDC userinfo, or a plain OAuth 2 "me" endpoint such as 42's (`id`, `login`, `email`).
const UserInfo = z.looseObject({
  sub: z.union([z.string(), z.number()]).optional(),
  id: z.union([z.string(), z.number()]).optional(),
  email: z.string().optional(),
  email_verified: z.union([z.boolean(), z.literal('true'), z.literal('false')]).optional(),
  preferred_username: z.string().optional(),
  login: z.string().optional(),
  name: z.string().optional(),
});

export class OAuthError extends Error {}

/**
 * The provider seen through openid-client: the authorization URL (state, PKCE S256, and a nonce
 * with OpenID Connect), then the code exchanged with the verifier and the user read.
 */
export class OAuthClient {
  private configuration: Promise<client.Configuration> | undefined;

  constructor(readonly provider: OAuthProvider) {}

  async authorizationUrl(redirectUri: string): Promise<{ url: string; pending: PendingSignIn }> {
    const config = await this.config();
    const codeVerifier = client.randomPKCECodeVerifier();
    const pending: PendingSignIn = { state: client.randomState(), codeVerifier, ...(this.isOidc ? { nonce: client.randomNonce() } : {}) };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: this.provider.scopes,
      state: pending.state,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      ...(pending.nonce ? { nonce: pending.nonce } : {}),
    });
    return { url: url.href, pending };
  }

  /** `callbackUrl`: the redirect URI with the provider's query. Throws OAuthError when anything does not verify. */
  async complete(callbackUrl: URL, pending: PendingSignIn): Promise<ProviderProfile> {
    const config = await this.config();
    try {
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        ...(pending.nonce ? { expectedNonce: pending.nonce, idTokenExpected: true } : {}),
      });
      const claims = tokens.claims();
      const userinfoUrl = config.serverMetadata().userinfo_endpoint;
      const response = userinfoUrl ? await client.fetchProtectedResource(config, tokens.access_token, new URL(userinfoUrl), 'GET') : undefined;
      if (response && !response.ok) throw new OAuthError(`the user info answered ${response.status}`);
      const info = UserInfo.parse(response ? await response.json() : {});
      const subject = String(claims?.sub ?? info.sub ?? info.id ?? '');
      if (!subject) throw new OAuthError('the provider named no subject');
      // The ID token is verified; a userinfo answer about someone else is refused.
      if (claims && info.sub !== undefined && String(info.sub) !== claims.sub) throw new OAuthError('userinfo subject differs from the ID token');
      const email = info.email ?? (typeof claims?.email === 'string' ? claims.email : undefined);
      const verified = info.email_verified ?? claims?.email_verified;
      return {
        subject,
        email: email?.trim().toLowerCase(),
        // A plain OAuth provider that says nothing vouches for the email it hands out (42's intra does).
        emailVerified: verified === undefined || verified === true || verified === 'true',
        username: info.preferred_username ?? info.login ?? info.name ?? email?.split('@')[0],
      };
    } catch (err) {
      throw err instanceof OAuthError ? err : new OAuthError('the provider did not verify', { cause: err });
    }
  }

  private get isOidc(): boolean {
    return 'issuer' in this.provider.server;
  }

  /** Discovered once, lazily; a failed discovery is tried again on the next sign-in. */
  private config(): Promise<client.Configuration> {
    this.configuration ??= this.load().catch((err: unknown) => {
      this.configuration = undefined;
      throw new OAuthError('the provider could not be reached', { cause: err });
    });
    return this.configuration;
  }

  private async load(): Promise<client.Configuration> {
    const { server, clientId, clientSecret } = this.provider;
    const auth = client.ClientSecretPost(clientSecret);
    // An operator who configures an http:// provider (a test, a provider on the same host) means it.
    const url = new URL('issuer' in server ? server.issuer : server.tokenUrl);
    const execute = url.protocol === 'http:' ? [client.allowInsecureRequests] : [];
    if ('issuer' in server) return client.discovery(new URL(server.issuer), clientId, undefined, auth, { execute });
    const metadata = { issuer: new URL(server.authorizeUrl).origin, authorization_endpoint: server.authorizeUrl, token_endpoint: server.tokenUrl, userinfo_endpoint: server.userinfoUrl };
    const config = new client.Configuration(metadata, clientId, undefined, auth);
    for (const extension of execute) extension(config);
    return config;
  }
}
