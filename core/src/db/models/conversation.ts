import type { Accent, ChannelAccess, Conversation as ConversationDto, ConversationKind, Role } from '@volley/shared';
import { BaseModel } from './base.js';

export class Conversation extends BaseModel {
  static override tableName = 'conversations';

  id!: string;
  kind!: ConversationKind;
  name!: string;
  headSegment!: number;
  lastSeq!: number;
  access!: ChannelAccess | null;
  passwordHash!: string | null;
  topic!: string;
  /** Its accent colour (shared/src/accents.ts); null: the app's own. */
  accent!: Accent | null;
  ownerId!: string | null;
  dmKey!: string | null;
  /** A tournament's room: its name repeats the tournament's, outside the one-name-in-any-case rule and the directory. */
  tournament!: boolean;
  /** End-to-end encrypted: its messages are ciphertext the server cannot read (docs/architecture.md §11). Never turned off. */
  encrypted!: boolean;
  createdAt!: Date;

  /** The key that makes a pair of users have one DM. */
  static dmKeyOf(a: string, b: string): string {
    return a < b ? `${a}:${b}` : `${b}:${a}`;
  }

  static override get relationMappings() {
    return {
      members: {
        relation: BaseModel.HasManyRelation,
        modelClass: ConversationMember,
        join: { from: 'conversations.id', to: 'conversation_members.conversation_id' },
      },
    };
  }

  /** The record as the viewer sees it; `viewer` adds what depends on who asks. */
  toDto(viewer: Partial<Pick<ConversationDto, 'myRole' | 'mutedUntil' | 'peer' | 'lastMessage' | 'systemSeqs'>> = {}): ConversationDto {
    return {
      id: this.id,
      kind: this.kind,
      name: this.name,
      headSegment: this.headSegment,
      lastSeq: this.lastSeq,
      lastMessage: viewer.lastMessage ?? null,
      systemSeqs: viewer.systemSeqs ?? [],
      createdAt: new Date(this.createdAt).toISOString(),
      access: this.access,
      topic: this.topic,
      accent: this.accent ?? null,
      encrypted: this.encrypted === true,
      myRole: viewer.myRole ?? null,
      mutedUntil: viewer.mutedUntil ?? null,
      peer: viewer.peer ?? null,
    };
  }
}

export type MemberRole = Role;

export class ConversationMember extends BaseModel {
  static override tableName = 'conversation_members';
  static override get idColumn() {
    return ['conversation_id', 'user_id'];
  }

  conversationId!: string;
  userId!: string;
  role!: MemberRole;
  joinedAt!: Date;
  mutedUntil!: Date | null;
}
