import jwt from 'jsonwebtoken';

export interface AccessClaims {
  userId: string;
  username: string;
}

export class TokenError extends Error {
  constructor(readonly reason: 'expired' | 'invalid') {
    super(reason === 'expired' ? 'access token expired' : 'access token invalid');
  }
}

/** Short-lived access tokens (HS256 JWT), signed by the api and verified by every socket. */
export class AccessTokens {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
  ) {}

  sign(claims: AccessClaims): string {
    return jwt.sign({ name: claims.username, typ: 'access' }, this.secret, {
      algorithm: 'HS256',
      subject: claims.userId,
      expiresIn: this.ttlSeconds,
    });
  }

  /** Throws TokenError. */
  verify(token: string): AccessClaims {
    try {
      const payload = jwt.verify(token, this.secret, { algorithms: ['HS256'] });
      if (typeof payload !== 'object' || payload.typ !== 'access' || typeof payload.sub !== 'string' || typeof payload.name !== 'string') {
        throw new TokenError('invalid');
      }
      return { userId: payload.sub, username: payload.name };
    } catch (err) {
      if (err instanceof TokenError) throw err;
      throw new TokenError(err instanceof jwt.TokenExpiredError ? 'expired' : 'invalid');
    }
  }
}
