/**
 * A fresh access token handed over on an open socket (docs/protocol.md, "Renewing the token"): the
 * socket then lives on past its first token's expiry. It must be ours, unexpired, and the same
 * user's; anything else ends the socket, like at the upgrade.
 */
import { CloseCode, RENEWAL_TOKEN_MAX_LENGTH, type CloseCodeValue } from '@volley/shared';
import { TokenError, type AccessClaims, type AccessTokens } from '../tokens.js';

export type Renewal = { ok: true; expiresAt: number } | { ok: false; code: CloseCodeValue };

/** 4401 for a forged token or another user's, 4501 (retryable) for an expired one. */
export function verifyRenewal(tokens: AccessTokens, token: string, user: AccessClaims): Renewal {
  // A bot token never expires, so its socket has nothing to renew; a JWT would also drop its scope.
  if (user.scope) return { ok: false, code: CloseCode.unauthenticated };
  if (token.length === 0 || token.length > RENEWAL_TOKEN_MAX_LENGTH) return { ok: false, code: CloseCode.unauthenticated };
  try {
    const claims = tokens.verify(token);
    if (claims.userId !== user.userId) return { ok: false, code: CloseCode.unauthenticated };
    return { ok: true, expiresAt: claims.expiresAt };
  } catch (err) {
    if (err instanceof TokenError) return { ok: false, code: err.reason === 'expired' ? CloseCode.tokenExpired : CloseCode.unauthenticated };
    throw err;
  }
}
