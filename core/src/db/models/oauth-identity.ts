import { BaseModel } from './base.js';

/** An account's identity at an OAuth provider: the provider's subject (`sub`) signs in as `userId`. */
export class OAuthIdentity extends BaseModel {
  static override tableName = 'oauth_identities';
  static override idColumn = ['provider', 'subject'];

  provider!: string;
  subject!: string;
  userId!: string;
  /** The account was created from the provider and took its email, which is then locked. */
  ownsEmail!: boolean;
  createdAt!: Date;
}
