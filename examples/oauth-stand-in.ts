/**
 * Test support: a stand-in OAuth 2 / OpenID Connect provider, a real HTTP server on a port
 * (0: any free one) implementing discovery, authorize, token, userinfo and JWKS. Authorize
 * approves at once, as `person` (change it between sign-ins); token checks the client secret,
 * the redirect URI and the PKCE verifier against the S256 challenge, and keeps what it checked.
 * An ID token (RS256, with the nonce) is issued when the authorization asked with a nonce (OIDC).
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the user-info endpoint answers: OpenID's claims, or a plain provider's (École 42: `id`, `login`). */
export interface StandInPerson {
  sub?: string;
  id?: number;
  login?: string;
  email?: string;
  email_verified?: boolean;
  preferred_username?: string;
}

export interface OAuthStandIn {
  /** The issuer (`OIDC_ISSUER`), also the base of every endpoint. */
  url: string;
  /** Who the next authorization approves. */
  person: StandInPerson;
  /** Each token request: whether its PKCE verifier matched the challenge of its code. */
  tokenRequests: { pkceVerified: boolean }[];
  /** The environment that points Volley at this provider. */
  env(mode?: 'oidc' | 'oauth2'): Record<string, string>;
  close(): Promise<void>;
}

export const STAND_IN_CLIENT = { id: 'volley-test', secret: 'stand-in-secret' };

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

async function form(request: IncomingMessage): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return new URLSearchParams(text);
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

export async function startOAuthStandIn(port = 0): Promise<OAuthStandIn> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'stand-in', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { challenge: string; redirectUri: string; nonce: string | undefined; person: StandInPerson }>();
  const accessTokens = new Map<string, StandInPerson>();
  let issuer = '';

  const idToken = (person: StandInPerson, nonce: string | undefined) => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: issuer, aud: STAND_IN_CLIENT.id, sub: person.sub ?? String(person.id), iat: now, exp: now + 300, ...(nonce ? { nonce } : {}), email: person.email };
    const input = `${b64(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'stand-in' }))}.${b64(JSON.stringify(claims))}`;
    return `${input}.${b64(sign('sha256', Buffer.from(input), privateKey))}`;
  };

  const handlers: Record<string, (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<void> | void> = {
    'GET /.well-known/openid-configuration': (_, response) =>
      json(response, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/userinfo`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_post'],
      }),
    'GET /jwks': (_, response) => json(response, 200, { keys: [jwk] }),
    'GET /authorize': (_, response, url) => {
      const q = url.searchParams;
      const redirectUri = q.get('redirect_uri') ?? '';
      if (q.get('client_id') !== STAND_IN_CLIENT.id || q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge') || !redirectUri) {
        return json(response, 400, { error: 'invalid_request' });
      }
      const code = b64(randomBytes(16));
      codes.set(code, { challenge: q.get('code_challenge')!, redirectUri, nonce: q.get('nonce') ?? undefined, person: { ...standIn.person } });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      if (q.get('state') !== null) back.searchParams.set('state', q.get('state')!);
      response.writeHead(302, { location: back.href }).end();
    },
    'POST /token': async (request, response) => {
      const body = await form(request);
      const grant = codes.get(body.get('code') ?? '');
      codes.delete(body.get('code') ?? '');
      if (body.get('client_id') !== STAND_IN_CLIENT.id || body.get('client_secret') !== STAND_IN_CLIENT.secret) return json(response, 401, { error: 'invalid_client' });
      const pkceVerified = grant !== undefined && b64(createHash('sha256').update(body.get('code_verifier') ?? '').digest()) === grant.challenge;
      standIn.tokenRequests.push({ pkceVerified });
      if (!grant || !pkceVerified || body.get('grant_type') !== 'authorization_code' || body.get('redirect_uri') !== grant.redirectUri) {
        return json(response, 400, { error: 'invalid_grant' });
      }
      const accessToken = b64(randomBytes(16));
      accessTokens.set(accessToken, grant.person);
      json(response, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: 300, ...(grant.nonce !== undefined ? { id_token: idToken(grant.person, grant.nonce) } : {}) });
    },
    'GET /userinfo': (request, response) => {
      const person = accessTokens.get(/^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '');
      if (!person) return json(response, 401, { error: 'invalid_token' });
      json(response, 200, person);
    },
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', issuer);
    const handler = handlers[`${request.method} ${url.pathname}`];
    if (!handler) return void response.writeHead(404).end();
    void (async () => handler(request, response, url))().catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const standIn: OAuthStandIn = {
    url: issuer,
    person: { sub: 'stand-in-1', email: 'ada@school.example', email_verified: true, preferred_username: 'ada' },
    tokenRequests: [],
    env(mode = 'oidc') {
      const client = { OAUTH_CLIENT_ID: STAND_IN_CLIENT.id, OAUTH_CLIENT_SECRET: STAND_IN_CLIENT.secret, OAUTH_NAME: 'Stand-in School' };
      return mode === 'oidc'
        ? { ...client, OIDC_ISSUER: issuer }
        : { ...client, OAUTH_AUTHORIZE_URL: `${issuer}/authorize`, OAUTH_TOKEN_URL: `${issuer}/token`, OAUTH_USERINFO_URL: `${issuer}/userinfo` };
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return standIn;
}
