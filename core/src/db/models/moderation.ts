import { BaseModel } from './base.js';

export class ConversationBan extends BaseModel {
  static override tableName = 'conversation_bans';
  static override get idColumn() {
    return ['conversation_id', 'user_id'];
  }

  conversationId!: string;
  userId!: string;
  byUserId!: string | null;
  /** Null: permanent. */
  until!: Date | null;
  reason!: string;
  createdAt!: Date;
}

/** A mute, the person's in the conversation whether or not they are a member now (migration 052). */
export class ConversationMute extends BaseModel {
  static override tableName = 'conversation_mutes';
  static override get idColumn() {
    return ['conversation_id', 'user_id'];
  }

  conversationId!: string;
  userId!: string;
  until!: Date;
  byUserId!: string | null;
  createdAt!: Date;
}

export type JoinRequestStatus = 'pending' | 'accepted' | 'rejected';

export class JoinRequest extends BaseModel {
  static override tableName = 'join_requests';

  id!: string;
  conversationId!: string;
  userId!: string;
  status!: JoinRequestStatus;
  /** The requester's words to the admins. */
  message!: string | null;
  decidedBy!: string | null;
  createdAt!: Date;
  decidedAt!: Date | null;
}

export class ChannelInvitation extends BaseModel {
  static override tableName = 'channel_invitations';
  static override get idColumn() {
    return ['conversation_id', 'user_id'];
  }

  conversationId!: string;
  userId!: string;
  invitedBy!: string | null;
  createdAt!: Date;
}

/** A channel's invite link (migration 039): its token joins whoever holds it, until revoked. */
export class ChannelInviteLink extends BaseModel {
  static override tableName = 'channel_invite_links';
  static override get idColumn() {
    return 'token';
  }

  token!: string;
  conversationId!: string;
  createdBy!: string;
  createdAt!: Date;
  revokedAt!: Date | null;
}
