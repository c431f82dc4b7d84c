/** The user an op acts for, and how they sign the notifications it sends. */
import { User, type Db } from '@volley/core';

/** The user whose outbox holds the op: what never changes about them (a username is for good). */
export type Actor = Pick<User, 'id' | 'username'> & { botOwnerId?: string | null };

/** Who a notification is from, with the display name as it is now (it can change at any time). */
export async function notificationSender(db: Db, actor: Actor): Promise<Pick<User, 'id' | 'username' | 'displayName'>> {
  const user = await User.query(db).findById(actor.id).select('display_name');
  return { id: actor.id, username: actor.username, displayName: user?.displayName ?? actor.username };
}
