import type { Knex } from 'knex';

/**
 * A segment's messages in one index range: a segment room compares its document with them each
 * time it loads (sync-server/src/segment-reconcile.ts), without reading the whole conversation.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('create index messages_conversation_segment on messages (conversation_id, segment, seq)');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index if exists messages_conversation_segment');
}
