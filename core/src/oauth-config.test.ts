import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const base = { JWT_SECRET: 'x'.repeat(32), DATA_DIR: '/tmp/volley-config-test' };
const client = { OAUTH_CLIENT_ID: 'volley', OAUTH_CLIENT_SECRET: 'secret' };

describe('the OAuth provider from the environment', () => {
  it('is absent unless configured', () => {
    expect(loadConfig(base).oauth).toBeUndefined();
  });

  it('takes an OpenID Connect issuer, with OpenID scopes by default', () => {
    expect(loadConfig({ ...base, ...client, OIDC_ISSUER: 'https://id.example', OAUTH_NAME: 'École 42' }).oauth).toEqual({
      id: 'default', name: 'École 42', clientId: 'volley', clientSecret: 'secret', scopes: 'openid email profile', server: { issuer: 'https://id.example' },
    });
  });

  it('takes the three endpoints of a plain OAuth 2 provider', () => {
    const urls = { OAUTH_AUTHORIZE_URL: 'https://api.intra.42.fr/oauth/authorize', OAUTH_TOKEN_URL: 'https://api.intra.42.fr/oauth/token', OAUTH_USERINFO_URL: 'https://api.intra.42.fr/v2/me' };
    expect(loadConfig({ ...base, ...client, ...urls, OAUTH_SCOPES: 'public' }).oauth).toMatchObject({ scopes: 'public', server: { authorizeUrl: urls.OAUTH_AUTHORIZE_URL, userinfoUrl: urls.OAUTH_USERINFO_URL } });
  });

  it('refuses to start half configured, naming what is missing', () => {
    expect(() => loadConfig({ ...base, OIDC_ISSUER: 'https://id.example' })).toThrow(/OAUTH_CLIENT_ID.*\n.*OAUTH_CLIENT_SECRET/);
    expect(() => loadConfig({ ...base, ...client, OAUTH_AUTHORIZE_URL: 'https://a.example/authorize' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...client })).toThrow(/OAUTH_TOKEN_URL: required without OIDC_ISSUER/);
  });
});
