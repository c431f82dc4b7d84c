/**
 * Sockets authenticate without putting the token in a URL or a cookie: the client offers
 * two subprotocols, `volley.v1` and `bearer.<accessToken>`, and the server answers `volley.v1`.
 */
export const SUBPROTOCOL = 'volley.v1';
export const BEARER_PREFIX = 'bearer.';

export function socketProtocols(accessToken: string | null | undefined): string[] {
  return accessToken ? [SUBPROTOCOL, BEARER_PREFIX + accessToken] : [SUBPROTOCOL];
}

/** Reads the bearer token from the offered subprotocols (`Sec-WebSocket-Protocol`), if any. */
export function tokenFromProtocols(offered: Iterable<string>): string | null {
  for (const protocol of offered) {
    const p = protocol.trim();
    if (p.startsWith(BEARER_PREFIX) && p.length > BEARER_PREFIX.length) return p.slice(BEARER_PREFIX.length);
  }
  return null;
}
