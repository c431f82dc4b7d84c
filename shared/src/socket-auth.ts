/**
 * Sockets authenticate without putting the token in a URL or a cookie: the client offers
 * two subprotocols, `volley.v1` and `bearer.<accessToken>`, and the server answers `volley.v1`.
 */
export const SUBPROTOCOL = 'volley.v1';
export const BEARER_PREFIX = 'bearer.';

/** `features`: subprotocols to offer before `volley.v1` (shared/src/op-frames.ts); the server answers the first it speaks. */
export function socketProtocols(accessToken: string | null | undefined, features: readonly string[] = []): string[] {
  return accessToken ? [...features, SUBPROTOCOL, BEARER_PREFIX + accessToken] : [...features, SUBPROTOCOL];
}

/** Reads the bearer token from the offered subprotocols (`Sec-WebSocket-Protocol`), if any. */
export function tokenFromProtocols(offered: Iterable<string>): string | null {
  for (const protocol of offered) {
    const p = protocol.trim();
    if (p.startsWith(BEARER_PREFIX) && p.length > BEARER_PREFIX.length) return p.slice(BEARER_PREFIX.length);
  }
  return null;
}

/** An access token offered for renewal: at most this many characters (a JWT here is some 250). */
export const RENEWAL_TOKEN_MAX_LENGTH = 2048;
