/**
 * One door for every credential a request or socket offers: an access token (JWT) or a bot token.
 * Both resolve to the same claims; a bot token's carry its scope (core/src/policies/scope.ts).
 */
import { BotTokens, isBotToken } from './bot-tokens.js';
import type { Db } from './db/connect.js';
import type { AccessClaims, AccessTokens } from './tokens.js';

export class Credentials {
  readonly bots: BotTokens;

  constructor(
    readonly tokens: AccessTokens,
    /** Where the account a credential names is read (the api's actor, api/src/middleware/auth.ts). */
    readonly db: Db,
  ) {
    this.bots = new BotTokens(db);
  }

  /** Throws TokenError; `address` is recorded as a bot token's last use. */
  async verify(token: string, address?: string): Promise<AccessClaims> {
    return isBotToken(token) ? this.bots.verify(token, address) : this.tokens.verify(token);
  }
}
