import type { PublicUser, UserSummary } from '@volley/shared';
import { BaseModel } from './base.js';

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
  createdAt!: Date;

  get avatarUrl(): string | null {
    return this.avatarFile ? `/media/avatars/${this.avatarFile}` : null;
  }

  toPublic(): PublicUser {
    return { id: this.id, username: this.username, displayName: this.displayName };
  }

  toSummary(): UserSummary {
    return { ...this.toPublic(), avatarUrl: this.avatarUrl };
  }
}
