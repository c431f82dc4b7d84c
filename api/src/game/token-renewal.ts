/**
 * A token renewal (`{t: 'token'}`) on a game or queue socket: the socket's expiry moves to the new
 * token's, or the socket is closed with the code the token deserves (docs/protocol.md, "Renewing
 * the token"). Renewals have a budget of their own, apart from the inputs.
 */
import type { AccessClaims, AccessTokens, SocketLiveness } from '@volley/core';
import { CloseCode, GAME_RENEWAL_BUDGET, TokenBucket, type CloseCodeValue, type RenewedFrame } from '@volley/shared';

export class GameTokenRenewal {
  private readonly rate = new TokenBucket(GAME_RENEWAL_BUDGET);

  constructor(
    private readonly liveness: SocketLiveness,
    private readonly tokens: AccessTokens,
    private readonly user: AccessClaims,
  ) {}

  /** The frame that answers the renewal, or the code to close the socket with. */
  renew(token: string): RenewedFrame | CloseCodeValue {
    if (!this.rate.take()) return CloseCode.rateLimited;
    const renewal = this.liveness.renew(this.tokens, token, this.user);
    return renewal.ok ? { t: 'token', expiresAt: Math.floor(renewal.expiresAt / 1000) } : renewal.code;
  }
}
