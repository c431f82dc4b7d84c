import type { Knex } from 'knex';

/**
 * The segments that got messages lately, by time: a starting sync server reconciles them
 * (sync-server/src/rooms/segment-reconcile.ts, reconcileRecent). Without it, each start read the whole
 * `messages` table (100,000 rows: ~40 ms of PGlite's one connection, while the first clients wait).
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('create index messages_created_at on messages (created_at)');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index if exists messages_created_at');
}
