/** The user an op acts for, and how they sign the notifications it sends. */
import { User, type Db } from '@volley/core';

/** The user whose outbox holds the op: what never changes about them (a username is for good). */
export type OpAuthor = Pick<User, 'id' | 'username'> & { botOwnerId?: string | null };

/** Who a notification is from, with the display name as it is now (it can change at any time). */
export async function notificationSender(db: Db, author: OpAuthor): Promise<Pick<User, 'id' | 'username' | 'displayName'>> {
  const user = await User.query(db).findById(author.id).select('display_name');
  return { id: author.id, username: author.username, displayName: user?.displayName ?? author.username };
}
