import { BaseModel } from './base.js';

/** A refresh token, stored as its SHA-256; tokens rotated from one login share a family. */
export class RefreshToken extends BaseModel {
  static override tableName = 'refresh_tokens';

  id!: string;
  userId!: string;
  familyId!: string;
  tokenHash!: string;
  expiresAt!: Date;
  usedAt!: Date | null;
  /** SHA-256 of the client-binding cookie of the browser that rotated it first. */
  usedByClient!: string | null;
  revokedAt!: Date | null;
  /** Where the token was issued: the browser's User-Agent (cut to 256 characters) and address. */
  userAgent!: string;
  address!: string;
  createdAt!: Date;
}
