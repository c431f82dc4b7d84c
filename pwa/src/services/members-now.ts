/**
 * A conversation's members as the server has them now: whom an encrypted message is encrypted
 * for. Apart from members.ts, which the first load carries: only the encrypted conversations' code
 * asks this.
 */
import { ApiError, type ApiClient } from '@volley/client';
import type { Member } from '@volley/shared';
import type { VolleyDB } from '../db/db.js';
import { PEOPLE_LIMIT, storedMember } from './members.js';

/**
 * Every member's id, every page, the device's cached list replaced with them (who left is gone
 * from it). Offline, the members last seen; refused (no longer a member), it throws.
 */
export async function everyMember(api: ApiClient, db: VolleyDB, convId: string): Promise<string[]> {
  const all: Member[] = [];
  try {
    let cursor: string | null = null;
    do {
      const page: { items: Member[]; nextCursor: string | null } = await api.page(`/conversations/${convId}/members`, (s) => s.Member, cursor, PEOPLE_LIMIT);
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 'network') throw err;
    return (await db.members.where('convId').equals(convId).toArray()).map((m) => m.userId);
  }
  await db.transaction('rw', db.members, async () => {
    await db.members.where('convId').equals(convId).delete();
    await db.members.bulkPut(all.map(({ user }) => storedMember(convId, user)));
  });
  return all.map(({ user }) => user.id);
}
