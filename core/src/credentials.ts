/**
 * One door for every credential a request or socket offers: an access token (JWT) or a bot token.
 * Both resolve to the same claims; a bot token's carry its scope (core/src/policies/scope.ts).
 * Neither opens for a closed account (docs/architecture.md §5, "Closing an account"): a bot token
 * is looked up with its bot, which must be open; an access token, which is checked without the
 * database, is refused by the site gate's memory of the accounts closed within its lifetime. The
 * ways in that issue credentials (password, provider, refresh) ask `isOpenAccount` of the row.
 */
import { BotTokens, isBotToken } from './bot-tokens.js';
import type { Db } from './db/connect.js';
import type { SiteGate } from './site-gate.js';
import { TokenError, type AccessClaims, type AccessTokens } from './tokens.js';

/** Whether an account may be signed in to or act: not closed (deleted). The one test every way in asks of a loaded row. */
export const isOpenAccount = (user: { deletedAt?: Date | string | null } | undefined): boolean => user !== undefined && !user.deletedAt;

export class Credentials {
  readonly bots: BotTokens;

  constructor(
    readonly tokens: AccessTokens,
    /** Where the account a credential names is read (the api's actor, api/src/middleware/auth.ts). */
    readonly db: Db,
    /** Without one (a tool's bare deps), an access token of an account closed in its lifetime is refused only by its ended session. */
    private readonly gate?: SiteGate,
  ) {
    this.bots = new BotTokens(db);
  }

  /** Throws TokenError; `address` is recorded as a bot token's last use. */
  async verify(token: string, address?: string): Promise<AccessClaims> {
    const claims = isBotToken(token) ? await this.bots.verify(token, address) : this.tokens.verify(token);
    if (this.gate?.isClosed(claims.userId)) throw new TokenError('invalid');
    return claims;
  }
}
