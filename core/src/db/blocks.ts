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
