import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { TokenScope } from '@volley/shared';

export interface TokenSubject {
  userId: string;
  username: string;
  /** The sign-in (refresh-token family) the token was issued for, so a request can name its own session. */
  sessionId?: string;
}

/** A bot token's id and scope (core/src/bot-tokens.ts); an access token (JWT) has none and may do all its user may. */
export interface ScopedToken extends TokenScope {
  tokenId: string;
}

export interface AccessClaims extends TokenSubject {
  /** Epoch milliseconds; a socket opened with the token closes (token_expired, 4501) then. Infinity for a bot token. */
  expiresAt: number;
  /** Epoch milliseconds (whole seconds for a JWT). A kick refuses by it only a token without a session (a bot's); a JWT is refused by its `sessionId` (site-gate.ts). */
  issuedAt: number;
  scope?: ScopedToken;
}

export class TokenError extends Error {
  constructor(readonly reason: 'expired' | 'invalid') {
    super(reason === 'expired' ? 'access token expired' : 'access token invalid');
  }
}

/** Short-lived access tokens (HS256 JWT), signed by the api and verified by every socket. */
export class AccessTokens {
  // Built once: given a string, jsonwebtoken builds a key object on every call (measured: 1.2 s
  // of CPU while 1,000 clients connected).
  private readonly key: KeyObject;
  private readonly previousKey: KeyObject | undefined;

  /** `previousSecret`: while JWT_SECRET is rotated, tokens it signed stay valid until they expire. */
  constructor(
    secret: string,
    private readonly ttlSeconds: number,
    previousSecret?: string,
  ) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
    this.previousKey = previousSecret === undefined ? undefined : createSecretKey(Buffer.from(previousSecret, 'utf8'));
  }

  sign(claims: TokenSubject): string {
    return jwt.sign({ name: claims.username, typ: 'access', ...(claims.sessionId ? { sid: claims.sessionId } : {}) }, this.key, {
      algorithm: 'HS256',
      subject: claims.userId,
      expiresIn: this.ttlSeconds,
    });
  }

  /** Throws TokenError. */
  verify(token: string): AccessClaims {
    try {
      const payload = this.verifiedPayload(token);
      if (
        typeof payload !== 'object' ||
        payload.typ !== 'access' ||
        typeof payload.sub !== 'string' ||
        typeof payload.name !== 'string' ||
        typeof payload.exp !== 'number' ||
        typeof payload.iat !== 'number'
      ) {
        throw new TokenError('invalid');
      }
      const sessionId = typeof payload.sid === 'string' ? { sessionId: payload.sid } : {};
      return { userId: payload.sub, username: payload.name, ...sessionId, expiresAt: payload.exp * 1000, issuedAt: payload.iat * 1000 };
    } catch (err) {
      if (err instanceof TokenError) throw err;
      throw new TokenError(err instanceof jwt.TokenExpiredError ? 'expired' : 'invalid');
    }
  }

  private verifiedPayload(token: string): string | jwt.JwtPayload {
    try {
      return jwt.verify(token, this.key, { algorithms: ['HS256'] });
    } catch (err) {
      if (!this.previousKey || !(err instanceof jwt.JsonWebTokenError) || err.message !== 'invalid signature') throw err;
      return jwt.verify(token, this.previousKey, { algorithms: ['HS256'] });
    }
  }
}
