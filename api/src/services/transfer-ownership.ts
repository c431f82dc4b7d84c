import { fieldProblem } from '@volley/shared';
import { type Actor, Conversation, ConversationMember, type Db } from '@volley/core';
import { apiError } from '../errors.js';
import { accessFor } from './conversation-access.js';

/** The owner hands the channel to another member and stays on as an admin. */
export async function transferOwnership(db: Db, convId: string, owner: Actor, targetId: string): Promise<Conversation> {
  const ownerId = owner.userId;
  return db.transaction(async (trx) => {
    await accessFor(trx, convId, owner, 'configure', true);
    if (targetId === ownerId) throw apiError('validation_failed', { fields: { userId: [fieldProblem('self')] } });
    const target = await ConversationMember.query(trx).findById([convId, targetId]).forUpdate();
    if (!target) throw apiError('not_found', { message: 'This user is not a member.' });
    await ConversationMember.query(trx).findById([convId, targetId]).patch({ role: 'owner' });
    await ConversationMember.query(trx).findById([convId, ownerId]).patch({ role: 'admin' });
    return Conversation.query(trx).patchAndFetchById(convId, { ownerId: targetId });
  });
}
