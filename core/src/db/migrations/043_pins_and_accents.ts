import type { Knex } from 'knex';

/**
 * Pinned messages (`pinned_at`, `pinned_by`: who pinned it, kept when their account goes) and a
 * conversation's accent colour (one of shared/src/accents.ts, null for the app's own).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('messages', (t) => {
    t.timestamp('pinned_at', { useTz: true });
    t.text('pinned_by').references('users.id').onDelete('SET NULL');
  });
  // The list of a conversation's pins, newest first, without reading its other messages.
  await db.raw('create index messages_pinned on messages (conversation_id, pinned_at desc) where pinned_at is not null');
  await db.schema.alterTable('conversations', (t) => {
    t.text('accent');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('conversations', (t) => t.dropColumn('accent'));
  await db.raw('drop index messages_pinned');
  await db.schema.alterTable('messages', (t) => {
    t.dropColumn('pinned_by');
    t.dropColumn('pinned_at');
  });
}
