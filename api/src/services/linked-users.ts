import { User, type Db } from '@volley/core';
import type { UserSummary } from '@volley/shared';
import { pageAfter, toPage } from '../pagination.js';

/** A table of user pairs: friendships (user → friend), blocks (blocker → blocked). */
export type Link = { table: 'friendships'; from: 'user_id'; to: 'friend_id' } | { table: 'blocks'; from: 'blocker_id'; to: 'blocked_id' };

/** The users `userId` links to, with when each link was made, a page in user id order. */
export async function linkedUsers(db: Db, link: Link, userId: string, page: { cursor?: string | undefined; limit: number }) {
  const rows = (await User.query(db)
    .select('users.*', 'l.created_at as since')
    .join(`${link.table} as l`, `l.${link.to}`, 'users.id')
    .where(`l.${link.from}`, userId)
    .modify(pageAfter('users.id', page))) as (User & { since: Date })[];
  const { items, nextCursor } = toPage(rows, page.limit);
  return { items: items.map((u): { user: UserSummary; since: string } => ({ user: u.toSummary(), since: new Date(u.since).toISOString() })), nextCursor };
}
