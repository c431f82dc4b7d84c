import { blockedEitherWay, Conversation, ConversationMember, User } from '@volley/core';
import { newId, fieldProblem } from '@volley/shared';
import type { RouteDeps } from '../context.js';
import { apiError } from '../errors.js';
import { uniqueViolation } from './unique-violation.js';

type Deps = Pick<RouteDeps, 'db' | 'effects'>;

/**
 * The DM of two users: the existing one, or a new one with both as members. One per pair (`dm_key`).
 * `encrypted` makes a new one end-to-end encrypted, and turns encryption on in an existing one (never off).
 * Without it, a new DM is encrypted when the other person has a device to read it (`hasDevice`): a
 * DM with someone who has none starts plain, as they could read nothing yet.
 */
export async function openDm({ db, effects }: Deps, userId: string, otherId: string, encrypted = false): Promise<{ conversation: Conversation; created: boolean }> {
  if (userId === otherId) throw apiError('validation_failed', { fields: { userId: [fieldProblem('self')] } });
  if (!(await User.query(db).findById(otherId))) throw apiError('not_found', { message: 'No such user.' });
  if (await blockedEitherWay(db, userId, otherId)) throw apiError('blocked');
  const dmKey = Conversation.dmKeyOf(userId, otherId);
  const existing = await Conversation.query(db).findOne({ dm_key: dmKey });
  if (existing) {
    if (encrypted && !existing.encrypted) {
      await existing.$query(db).patch({ encrypted: true });
      existing.encrypted = true;
    }
    return { conversation: existing, created: false };
  }
  const encrypt = encrypted || (await hasDevice(db, otherId));
  try {
    const conversation = await db.transaction(async (trx) => {
      const created = await Conversation.query(trx).insert({ id: newId(), kind: 'dm', name: '', dmKey, encrypted: encrypt }).returning('*');
      await ConversationMember.query(trx).insert([userId, otherId].map((id) => ({ conversationId: created.id, userId: id, role: 'member' as const })));
      return created;
    });
    for (const id of [userId, otherId]) await effects.publish({ type: 'membership.added', convId: conversation.id, userId: id });
    return { conversation, created: true };
  } catch (err) {
    // Both opened it at once: the other request made it.
    if (!uniqueViolation(err)) throw err;
    return { conversation: await Conversation.query(db).findOne({ dm_key: dmKey }).throwIfNotFound(), created: false };
  }
}

/**
 * Whether the user has a device with keys: a new DM with them is end-to-end encrypted by default,
 * as in Signal or Element. (A bot's token cannot open a DM: a bot that holds no keys is never put
 * in an encrypted one it did not ask for.)
 */
async function hasDevice(db: Deps['db'], userId: string): Promise<boolean> {
  return (await db('e2ee_devices').where({ user_id: userId }).first('device_id')) !== undefined;
}
