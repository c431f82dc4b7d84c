import type { Knex } from 'knex';

/**
 * Attachments carried by messages: a send names them in its order (`position`), and a message's
 * files are found by its id (rendering a segment, deleting a message, exporting an account).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('attachments', (t) => {
    t.smallint('position');
    t.index(['message_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('attachments', (t) => {
    t.dropIndex(['message_id']);
    t.dropColumn('position');
  });
}
