import { Conversation, ConversationMember, type Db } from '@volley/core';
import { fieldProblem, newId, type CreateChannelBody } from '@volley/shared';
import { apiError } from '../errors.js';
import { hashPassword } from './passwords.js';
import { uniqueViolation } from './unique-violation.js';

/** A channel name another channel has in any case (migration 037): a 409 that says so on the name. */
export function channelNameTaken(err: unknown): unknown {
  return uniqueViolation(err) === 'conversations_channel_name_lower' ? apiError('conflict', { fields: { name: [fieldProblem('channel_name_taken')] } }) : err;
}

/** A new channel with its creator as the owner. */
export async function createChannel(db: Db, ownerId: string, input: CreateChannelBody): Promise<{ conversation: Conversation; member: ConversationMember }> {
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const created = db.transaction(async (trx) => {
    const conversation = await Conversation.query(trx)
      .insert({ id: newId(), kind: 'channel', name: input.name, access: input.access, passwordHash, topic: input.topic ?? '', ownerId, encrypted: input.encrypted === true })
      .returning('*');
    const member = await ConversationMember.query(trx).insert({ conversationId: conversation.id, userId: ownerId, role: 'owner' }).returning('*');
    return { conversation, member };
  });
  return created.catch((err: unknown) => {
    throw channelNameTaken(err);
  });
}
