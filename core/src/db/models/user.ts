import type { PublicUser, UserSummary } from '@volley/shared';
import { BaseModel } from './base.js';
import type { SiteRole } from '@volley/shared';

export class User extends BaseModel {
  static override tableName = 'users';

  id!: string;
  username!: string;
  email!: string;
  displayName!: string;
  passwordHash!: string;
  bio!: string;
  /** File name under the media directory's `avatars/`, or null. */
  avatarFile!: string | null;
  /** Elo rating (api/games.ts INITIAL_RATING to start). */
  rating!: number;
  /** Set on a bot account: the user who made it (and may manage it). */
  botOwnerId!: string | null;
  description!: string;
  /** A deleted bot: its tokens revoked, its memberships gone, its messages kept. */
  deletedAt!: Date | null;
  createdAt!: Date;
  role!: SiteRole;
  lastAddress!: string | null;
  lastSeenAt!: Date | null;
  /** Access tokens issued before this are refused (a site kick). */
  tokensValidAfter!: Date | null;
  /** The locale mails are written in (`en`, `fr`); null: English. */
  locale!: string | null;
  /** Two-factor authentication: the TOTP secret, sealed (api/src/services/secret-box.ts); null when off. */
  totpSecret!: string | null;
  totpPendingSecret!: string | null;
  totpLastStep!: number | null;

  get avatarUrl(): string | null {
    return this.avatarFile ? `/media/avatars/${this.avatarFile}` : null;
  }

  toPublic(): PublicUser {
    return { id: this.id, username: this.username, displayName: this.displayName, ...botMarks(this) };
  }

  toSummary(): UserSummary {
    return { ...this.toPublic(), avatarUrl: this.avatarUrl };
  }
}

/** `bot: true` and the owner, on a bot account's public objects only. */
export const botMarks = (user: { botOwnerId?: string | null }): { bot?: true; botOwnerId?: string } =>
  user.botOwnerId ? { bot: true, botOwnerId: user.botOwnerId } : {};
