import type { Knex } from 'knex';

/**
 * A conversation's tournaments found by the conversation: the conversation list reads each
 * channel's system lines (its tournaments' posts) to leave them out of the unread counts, and
 * without an index that read scanned every tournament for every list.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('tournaments', (t) => t.index(['conversation_id']));
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('tournaments', (t) => t.dropIndex(['conversation_id']));
}
