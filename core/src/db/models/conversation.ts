import type { Conversation as ConversationDto, ConversationKind } from '@volley/shared';
import { BaseModel } from './base.js';

export class Conversation extends BaseModel {
  static override tableName = 'conversations';

  id!: string;
  kind!: ConversationKind;
  name!: string;
  headSegment!: number;
  lastSeq!: number;
  createdAt!: Date;

  static override get relationMappings() {
    return {
      members: {
        relation: BaseModel.HasManyRelation,
        modelClass: ConversationMember,
        join: { from: 'conversations.id', to: 'conversation_members.conversation_id' },
      },
    };
  }

  toDto(): ConversationDto {
    return {
      id: this.id,
      kind: this.kind,
      name: this.name,
      headSegment: this.headSegment,
      lastSeq: this.lastSeq,
      createdAt: new Date(this.createdAt).toISOString(),
    };
  }
}

export type MemberRole = 'owner' | 'admin' | 'member';

export class ConversationMember extends BaseModel {
  static override tableName = 'conversation_members';
  static override get idColumn() {
    return ['conversation_id', 'user_id'];
  }

  conversationId!: string;
  userId!: string;
  role!: MemberRole;
  joinedAt!: Date;
}
