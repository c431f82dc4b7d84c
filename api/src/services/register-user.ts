import { User, type Db } from '@volley/core';
import { newId, type RegisterBody, fieldProblem } from '@volley/shared';
import { apiError, type FieldErrors } from '../errors.js';
import { requireStrongPassword } from './password-strength.js';
import { hashPassword } from './passwords.js';
import { uniqueViolation } from './unique-violation.js';

const TAKEN = fieldProblem('taken');

/** Creates an account and makes it a member of the world conversation (#general), in one transaction. */
export async function registerUser(db: Db, input: RegisterBody): Promise<User> {
  await requireStrongPassword(input.password, input);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (trx) => {
      const existing = await User.query(trx)
        .select('username', 'email')
        .whereRaw('lower(username) = lower(?)', [input.username])
        .orWhereRaw('lower(email) = lower(?)', [input.email]);
      const fields: FieldErrors = {};
      for (const user of existing) {
        if (user.username.toLowerCase() === input.username.toLowerCase()) fields.username = [TAKEN];
        if (user.email.toLowerCase() === input.email.toLowerCase()) fields.email = [TAKEN];
      }
      if (Object.keys(fields).length > 0) throw apiError('conflict', { fields });
      const user = await User.query(trx)
        .insert({ id: newId(), username: input.username, email: input.email, displayName: input.username, passwordHash })
        .returning('*');
      await joinWorld(trx, user.id);
      return user;
    });
  } catch (err) {
    throw takenByRace(err) ?? err;
  }
}

/** Every account, a person's or a bot's, is a member of the world conversation (#general). */
export async function joinWorld(trx: Db, userId: string): Promise<void> {
  await trx.raw("insert into conversation_members (conversation_id, user_id) select id, ? from conversations where kind = 'world'", [userId]);
}

// The check above can lose a race with a concurrent registration; the unique indexes decide then.
const UNIQUE_INDEX_FIELD: Record<string, string> = { users_username_lower: 'username', users_email_lower: 'email' };

function takenByRace(err: unknown) {
  const index = uniqueViolation(err);
  const field = index ? UNIQUE_INDEX_FIELD[index] : undefined;
  return field ? apiError('conflict', { fields: { [field]: [TAKEN] } }) : undefined;
}
