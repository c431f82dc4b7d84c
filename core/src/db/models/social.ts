import { BaseModel } from './base.js';

export type FriendRequestStatus = 'pending' | 'accepted' | 'declined' | 'cancelled';

export class FriendRequest extends BaseModel {
  static override tableName = 'friend_requests';

  id!: string;
  fromUserId!: string;
  toUserId!: string;
  status!: FriendRequestStatus;
  createdAt!: Date;
  decidedAt!: Date | null;
}

/** Stored in both directions: (a, b) and (b, a). */
export class Friendship extends BaseModel {
  static override tableName = 'friendships';
  static override get idColumn() {
    return ['user_id', 'friend_id'];
  }

  userId!: string;
  friendId!: string;
  createdAt!: Date;
}

export class Block extends BaseModel {
  static override tableName = 'blocks';
  static override get idColumn() {
    return ['blocker_id', 'blocked_id'];
  }

  blockerId!: string;
  blockedId!: string;
  createdAt!: Date;
}
