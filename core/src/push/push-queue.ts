/**
 * The pushes waiting to be decided (`push_queue`): any process adds to it (the notifier, a sync
 * server after a direct message is recorded), only for an account with a device subscribed, and
 * the sync servers, which know who has a socket open, take rows from it (PushDispatcher). A burst
 * waits in the table, not in a process's memory.
 */
import type { Db } from '../db/connect.js';
import { pushTraits, type Pushable } from './pushable.js';

export interface QueuedPush {
  id: string;
  userId: string;
  push: Pushable;
}

/** Queues `push` for `userId` if it is of a kind ever pushed and they have a device subscribed. One statement; true when queued. */
export async function queuePush(db: Db, userId: string, push: Pushable): Promise<boolean> {
  return (await queuePushes(db, [[userId, push]])).length > 0;
}

/**
 * Queues each push of a kind ever pushed whose user has a device subscribed, in the order given, in
 * one statement (`db` may be a transaction: the pushes then come with what it commits). The users
 * whose push was queued.
 */
export async function queuePushes(db: Db, pushes: readonly (readonly [userId: string, push: Pushable])[]): Promise<string[]> {
  const pushed = pushes.filter(([, push]) => pushTraits(push)).map(([u, p]) => ({ u, p }));
  if (pushed.length === 0) return [];
  const result: { rows: { user_id: string }[] } = await db.raw(
    `insert into push_queue (user_id, push)
     select t.e->>'u', t.e->'p' from jsonb_array_elements(?::jsonb) with ordinality as t(e, n)
     where exists (select 1 from push_subscriptions s where s.user_id = t.e->>'u') order by t.n
     returning user_id`,
    [JSON.stringify(pushed)],
  );
  return result.rows.map((row) => row.user_id);
}

/** Takes (removes) up to `limit` queued pushes, oldest first; two processes never take the same row. */
export async function takePushes(db: Db, limit: number): Promise<QueuedPush[]> {
  const result: { rows: { id: string | number; user_id: string; push: unknown }[] } = await db.raw(
    'delete from push_queue where id in (select id from push_queue order by id limit ? for update skip locked) returning id, user_id, push',
    [limit],
  );
  return result.rows
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map((row) => ({ id: String(row.id), userId: row.user_id, push: (typeof row.push === 'string' ? JSON.parse(row.push) : row.push) as Pushable }));
}
