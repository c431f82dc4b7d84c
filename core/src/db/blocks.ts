/** Whether two people blocked each other: a fact the policies (core/src/policies/) are fed. `db` may be a transaction. */
import type { Db } from './connect.js';
import { Block } from './models/social.js';

/** True when either user blocked the other. */
export async function blockedEitherWay(db: Db, a: string, b: string): Promise<boolean> {
  const row = await Block.query(db)
    .where((q) => q.where({ blocker_id: a, blocked_id: b }).orWhere({ blocker_id: b, blocked_id: a }))
    .first();
  return row !== undefined;
}

/**
 * The pairs among `pairs` where either blocked the other, as `a b` keys in the order given: one
 * statement for a whole batch (the push dispatcher's).
 */
export async function blockedPairs(db: Db, pairs: readonly (readonly [string, string])[]): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const ids = [...new Set(pairs.flat())];
  const rows: { blocker_id: string; blocked_id: string }[] = await db('blocks').whereIn('blocker_id', ids).whereIn('blocked_id', ids).select('blocker_id', 'blocked_id');
  const either = new Set(rows.flatMap((row) => [`${row.blocker_id} ${row.blocked_id}`, `${row.blocked_id} ${row.blocker_id}`]));
  return new Set(pairs.map(([a, b]) => `${a} ${b}`).filter((key) => either.has(key)));
}
