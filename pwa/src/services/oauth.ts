/** Sign-in with the configured OAuth provider (docs/architecture.md §5): online only, nothing cached. */
import { OAuthErrorCodes, type AuthProviders, type MyOAuthLinks, type OAuthErrorCode } from '@volley/shared';
import type { ApiClient } from '@volley/client';
import type { MessageKey } from '../i18n/i18n.js';

/** Starting a sign-in is a full-page visit: the server sends the browser on to the provider. */
export const OAUTH_START = '/api/v1/auth/oauth/start';

export const authProviders = async (api: ApiClient): Promise<AuthProviders['providers']> =>
  (await api.request('GET', '/auth/providers', { auth: false, schema: (s) => s.AuthProviders })).providers;

export const myOAuthLinks = (api: ApiClient): Promise<MyOAuthLinks> => api.request('GET', '/me/oauth', { schema: (s) => s.MyOAuthLinks });

/** The provider's page, where the browser goes to link it to my account. */
export const linkUrl = async (api: ApiClient): Promise<string> => (await api.request('POST', '/me/oauth/link', { schema: (s) => s.OAuthRedirect })).url;

export const unlink = (api: ApiClient): Promise<void> => api.request('DELETE', '/me/oauth/link');

/** Why the provider's callback sent the browser back here (`?oauth_error=`), if it did. */
export function oauthErrorIn(search: string): OAuthErrorCode | undefined {
  const code = new URLSearchParams(search).get('oauth_error');
  return OAuthErrorCodes.find((known) => known === code);
}

/** The catalogue's words for each reason. */
export const OAUTH_ERROR_MESSAGES: Record<OAuthErrorCode, MessageKey> = {
  oauth_state: 'oauth.error.state',
  oauth_unavailable: 'oauth.error.unavailable',
  oauth_provider: 'oauth.error.provider',
  oauth_no_email: 'oauth.error.noEmail',
  oauth_email_taken: 'oauth.error.emailTaken',
  oauth_linked_elsewhere: 'oauth.error.linkedElsewhere',
  site_banned: 'error.site_banned',
  rate_limited: 'error.rate_limited',
};
