/** WebSocket close codes shared by the sync socket (`/sync`) and the game socket (`/game`). */
export const CloseCode = {
  badRequest: 4400,
  unauthenticated: 4401,
  forbidden: 4403,
  notFound: 4404,
  /** The same player opened the game again elsewhere: this older socket is replaced. */
  replaced: 4409,
  tooLarge: 4413,
  rateLimited: 4429,
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
  4429: 'rate_limited',
};
