import { Conversation, ConversationMember, type Db } from '@volley/core';
import { newId, type CreateChannelBody } from '@volley/shared';
import { hashPassword } from './passwords.js';

/** A new channel with its creator as the owner. */
export async function createChannel(db: Db, ownerId: string, input: CreateChannelBody): Promise<{ conversation: Conversation; member: ConversationMember }> {
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  return db.transaction(async (trx) => {
    const conversation = await Conversation.query(trx)
      .insert({ id: newId(), kind: 'channel', name: input.name, access: input.access, passwordHash, topic: input.topic ?? '', ownerId })
      .returning('*');
    const member = await ConversationMember.query(trx).insert({ conversationId: conversation.id, userId: ownerId, role: 'owner' }).returning('*');
    return { conversation, member };
  });
}
