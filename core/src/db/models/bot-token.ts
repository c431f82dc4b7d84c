import type { BotToken as BotTokenView, TokenAccess } from '@volley/shared';
import { BaseModel } from './base.js';

/** A bot's long-lived token, stored as the SHA-256 of its secret (core/src/bot-tokens.ts). */
export class BotToken extends BaseModel {
  static override tableName = 'bot_tokens';

  id!: string;
  botId!: string;
  name!: string;
  secretHash!: string;
  access!: TokenAccess;
  /** Null: every conversation the bot is in. */
  conversations!: string[] | null;
  createdAt!: Date;
  lastUsedAt!: Date | null;
  lastUsedAddress!: string | null;
  revokedAt!: Date | null;

  // jsonb: knex would write a JS array as a PostgreSQL array literal.
  static override get jsonAttributes() {
    return ['conversations'];
  }

  toView(): BotTokenView {
    const iso = (at: Date | null) => (at ? new Date(at).toISOString() : null);
    return {
      id: this.id,
      name: this.name,
      scope: { access: this.access, conversations: this.conversations },
      createdAt: new Date(this.createdAt).toISOString(),
      lastUsedAt: iso(this.lastUsedAt),
      lastUsedAddress: this.lastUsedAddress,
    };
  }
}
