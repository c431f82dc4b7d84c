import { BaseModel } from './base.js';
import type { MessageKind } from '@volley/shared';

/** The server-side index of every accepted message (search, audit, rebuilding documents). */
export class Message extends BaseModel {
  static override tableName = 'messages';

  id!: string;
  conversationId!: string;
  seq!: number;
  segment!: number;
  authorId!: string;
  body!: string;
  kind!: MessageKind;
  replyToId!: string | null;
  createdAt!: Date;
  editedAt!: Date | null;
  deletedAt!: Date | null;
  /** A streamed message recorded as it stood when its author went quiet. */
  incomplete!: boolean;
  /** Pinned to its conversation's list, by whom (null once their account is gone). */
  pinnedAt!: Date | null;
  pinnedBy!: string | null;
  /** A sticker message's sticker (it may be gone since: its pack deleted). */
  stickerId!: string | null;
}

export class MessageReaction extends BaseModel {
  static override tableName = 'message_reactions';
  static override get idColumn() {
    return ['message_id', 'user_id', 'emoji'];
  }

  messageId!: string;
  userId!: string;
  emoji!: string;
  createdAt!: Date;
}
