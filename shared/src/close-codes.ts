/**
 * WebSocket close codes shared by the sync socket (`/sync`) and the game socket (`/game`), in the
 * two classes a stock y-websocket 3.x client already understands: it stops reconnecting after
 * 4400–4499 and retries after anything else. So 44xx is only for refusals that retrying cannot
 * fix, and 45xx for those a later attempt (after a back-off or a fresh token) gets past.
 */
export const CloseCode = {
  // Final: a client stops and explains.
  badRequest: 4400,
  /** No token, or one that is not Volley's (forged, garbled). An expired one is `tokenExpired`. */
  unauthenticated: 4401,
  forbidden: 4403,
  notFound: 4404,
  /** The same player opened the game again elsewhere: this older socket is replaced. */
  replaced: 4409,
  tooLarge: 4413,
  /** The account or the address is banned from the whole server (a site ban). */
  banned: 4451,
  // Retryable: a client backs off and connects again.
  /** A well-signed token that has expired (at the upgrade, or while the socket was open): refresh it and reconnect. */
  tokenExpired: 4501,
  /** The server is shutting down; another instance, or this one restarted, will answer. */
  goingAway: 4502,
  /** The socket's unsent data passed its bound: the client reads too slowly, or the server is busy. */
  overloaded: 4503,
  /** A frame budget (docs/protocol.md) was exceeded. */
  rateLimited: 4529,
} as const;

export type CloseCodeName = keyof typeof CloseCode;
export type CloseCodeValue = (typeof CloseCode)[CloseCodeName];

export const CloseReason: Record<CloseCodeValue, string> = {
  4400: 'bad_request',
  4401: 'unauthenticated',
  4403: 'forbidden',
  4404: 'no_such_room',
  4409: 'replaced',
  4413: 'too_large',
  4451: 'banned',
  4501: 'token_expired',
  4502: 'going_away',
  4503: 'overloaded',
  4529: 'rate_limited',
};

/** True for Volley's final refusals (44xx): reconnecting would be refused again. */
export const isFinal = (code: number): boolean => code >= 4400 && code < 4500;

/** True for Volley's retryable closes (45xx), as for network drops: back off and reconnect. */
export const isRetryable = (code: number): boolean => !isFinal(code);
