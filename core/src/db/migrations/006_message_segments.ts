import type { Knex } from 'knex';

/**
 * A segment's messages in one index range, and an invitation card's game by its message: a segment
 * room compares its document with them each time it loads (sync-server/src/rooms/segment-reconcile.ts),
 * without reading the whole conversation or the games table.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('create index messages_conversation_segment on messages (conversation_id, segment, seq)');
  await db.raw('create index games_message on games (message_id) where message_id is not null');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index if exists games_message');
  await db.raw('drop index if exists messages_conversation_segment');
}
