/**
 * Bot tokens (docs/architecture.md §5): `vbt_<tokenId>_<secret>`, shown once at creation and
 * stored as the SHA-256 of the secret. The secret is 32 random bytes, so a fast hash is right: a
 * slow one (argon2) only protects guessable secrets, and would cost every bot request. A token is
 * looked up by its id and its hash compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { BOT_TOKEN_PREFIX, newId, type TokenScope } from '@volley/shared';
import type { Db } from './db/connect.js';
import { BotToken } from './db/models/bot-token.js';
import { TokenError, type AccessClaims } from './tokens.js';

/** A token's last use is written at most this often, not once per request. */
const LAST_USE_EVERY_MS = 60_000;

const digest = (secret: string): Buffer => createHash('sha256').update(secret).digest();

export const isBotToken = (token: string): boolean => token.startsWith(BOT_TOKEN_PREFIX);

export class BotTokens {
  /** Token id → when its last use was written by this process. */
  private readonly written = new Map<string, number>();

  constructor(private readonly db: Db) {}

  /** A new token for the bot; the returned `token` is the only copy of the secret there will ever be. */
  async mint(botId: string, name: string, scope: TokenScope): Promise<{ row: BotToken; token: string }> {
    const id = newId();
    const secret = randomBytes(32).toString('base64url');
    const row = await BotToken.query(this.db).insertAndFetch({
      id,
      botId,
      name,
      secretHash: digest(secret).toString('hex'),
      access: scope.access,
      conversations: scope.conversations,
    });
    return { row, token: `${BOT_TOKEN_PREFIX}${id}_${secret}` };
  }

  /** The bot and the token's scope; throws TokenError('invalid') for a malformed, unknown, wrong or revoked token, or one of a closed bot. */
  async verify(token: string, address: string | undefined): Promise<AccessClaims> {
    const rest = token.slice(BOT_TOKEN_PREFIX.length);
    const split = rest.indexOf('_');
    if (!isBotToken(token) || split <= 0) throw new TokenError('invalid');
    const id = rest.slice(0, split);
    const row: { secret_hash: string; access: TokenScope['access']; conversations: string[] | null; bot_id: string; username: string; created_at: Date } | undefined = await this.db('bot_tokens as t')
      .join('users as u', 'u.id', 't.bot_id')
      .where('t.id', id)
      .whereNull('t.revoked_at')
      // A closed bot's tokens are revoked as it closes; one that closing missed is refused all the same.
      .whereNull('u.deleted_at')
      .first('t.secret_hash', 't.access', 't.conversations', 't.bot_id', 'u.username', 't.created_at');
    const expected = row ? Buffer.from(row.secret_hash, 'hex') : digest('');
    const same = timingSafeEqual(expected, digest(rest.slice(split + 1)));
    if (!row || !same) throw new TokenError('invalid');
    this.touch(id, address);
    return {
      userId: row.bot_id,
      username: row.username,
      expiresAt: Number.POSITIVE_INFINITY,
      // A site kick of the bot refuses the tokens made before it.
      issuedAt: new Date(row.created_at).getTime(),
      scope: { tokenId: id, access: row.access, conversations: row.conversations },
    };
  }

  /** Marks the token revoked; true if it was live. Its sockets are closed by whoever publishes `token.revoked`. */
  async revoke(botId: string, tokenId: string): Promise<boolean> {
    const changed = await BotToken.query(this.db).where({ id: tokenId, bot_id: botId }).whereNull('revoked_at').patch({ revokedAt: new Date() });
    return changed > 0;
  }

  /** The tokens among `tokenIds` that can no longer be used: revoked, or gone with their bot. */
  async deadAmong(tokenIds: string[]): Promise<string[]> {
    if (tokenIds.length === 0) return [];
    const live = new Set((await BotToken.query(this.db).whereIn('id', tokenIds).whereNull('revoked_at').select('id')).map((row) => row.id));
    return tokenIds.filter((id) => !live.has(id));
  }

  private touch(id: string, address: string | undefined): void {
    const now = Date.now();
    if (now - (this.written.get(id) ?? 0) < LAST_USE_EVERY_MS) return;
    this.written.set(id, now);
    // A lost write of the last use is no reason to refuse the request.
    BotToken.query(this.db)
      .findById(id)
      .patch({ lastUsedAt: new Date(now), lastUsedAddress: address ?? null })
      .catch(() => this.written.delete(id));
  }
}
