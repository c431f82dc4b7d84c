import type { PublicUser } from '@volley/shared';
import { BaseModel } from './base.js';

export class User extends BaseModel {
  static override tableName = 'users';

  id!: string;
  username!: string;
  email!: string;
  displayName!: string;
  passwordHash!: string;
  createdAt!: Date;

  toPublic(): PublicUser {
    return { id: this.id, username: this.username, displayName: this.displayName };
  }
}
